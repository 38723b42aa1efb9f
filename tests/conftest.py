"""Test actors: two clinics, each with a manager, a therapist, a patient and a second patient."""

from dataclasses import dataclass

import pytest

from clinic.models import Clinic, Role, User
from patients.models import Patient
from tests.factories import ClinicFactory, MembershipFactory, PatientFactory

PASSWORD = "pw-for-tests-1"


@dataclass
class ClinicActors:
    clinic: Clinic
    manager: User
    therapist: User
    patient: Patient
    other_patient: Patient


def make_clinic_actors(slug: str) -> ClinicActors:
    clinic = ClinicFactory(slug=slug, name=slug.title())
    manager = MembershipFactory(clinic=clinic, role=Role.MANAGER).user
    therapist = MembershipFactory(clinic=clinic, role=Role.THERAPIST).user
    return ClinicActors(
        clinic=clinic,
        manager=manager,
        therapist=therapist,
        patient=PatientFactory(clinic=clinic, primary_therapist=therapist),
        other_patient=PatientFactory(clinic=clinic, primary_therapist=therapist),
    )


@pytest.fixture
def north(db) -> ClinicActors:
    return make_clinic_actors("north")


@pytest.fixture
def south(db) -> ClinicActors:
    return make_clinic_actors("south")

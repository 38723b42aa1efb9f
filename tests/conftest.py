"""Test actors: two clinics, each with a manager, a therapist, a patient and a second patient."""

import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from clinic.bookkeeping import bookkeeping_cache
from clinic.models import Clinic, Role, User
from patients import selectors, services
from patients.models import Patient
from tests.factories import (
    AssessmentFactory,
    ClinicFactory,
    ExerciseFactory,
    MembershipFactory,
    PatientFactory,
    PhaseExerciseFactory,
    PhaseFactory,
)

pytest_plugins = ["tests.api_fixtures", "tests.browser"]

PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True, scope="session")
def live_server_one_request_at_a_time_on_sqlite():
    """On SQLite the live server's threads share the test database's one in-memory
    connection, and two requests at once (a page's figure and its stills) break it ("bad
    parameter or other API misuse", then "database table is locked" for the tests after).
    Serve one request at a time there; PostgreSQL keeps the threaded server."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return

    class OneRequestAtATime(WSGIServer):
        # The live server thread already uses the test's connection (its run() installs
        # the override), and here every request is served in that thread.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(autouse=True, scope="session")
def test_code_runs_as_the_system():
    """Test setup and assertions read and write any clinic's rows, as a command would.

    Requests through the test client (and the live server's threads) still pass through
    clinic.middleware.ViewerMiddleware, which opens the viewer's clinic scope again, so the
    code under test runs scoped exactly as in production.
    """
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no API request counted and no marker left (the bookkeeping
    cache lives in memory, not in the database each test rolls back)."""
    bookkeeping_cache().clear()


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


@dataclass
class Program:
    prescription: object
    stretch: object
    strengthen: object


def consented_assessment(patient, **fields):
    """An assessment with consent recorded and no red flag: the prescribing gate is open."""
    return AssessmentFactory(
        patient=patient,
        consent_given=True,
        consent_given_by=patient.name,
        consent_given_at=timezone.now(),
        **fields,
    )


def prescribe_small_program(
    actors: ClinicActors, patient=None, start_date=None, assess=True
) -> Program:
    """A two-phase protocol (a daily stretch, a strengthening every other day) prescribed.

    ``assess``: record a clean assessment with consent first (the prescribing gate's opening).
    """
    patient = patient or actors.patient
    if assess:
        consented_assessment(patient)
    first = PhaseFactory(protocol__clinic=actors.clinic, order=1, week_start=1, week_end=2)
    second = PhaseFactory(protocol=first.protocol, order=2, week_start=3, week_end=None)
    stretch = ExerciseFactory(kind="stretch", name="Rhomboid stretch", hold_seconds=20)
    strong = ExerciseFactory(kind="strengthen", name="Wall push-up", frequency="every_other_day")
    PhaseExerciseFactory(phase=first, exercise=stretch, order=1, hold_seconds=20)
    PhaseExerciseFactory(phase=first, exercise=strong, order=2, frequency="every_other_day")
    PhaseExerciseFactory(phase=second, exercise=strong, order=1, frequency="every_other_day")
    prescription = services.prescribe(
        patient=patient,
        protocol=first.protocol,
        therapist=actors.therapist,
        start_date=start_date or selectors.clinic_today(actors.clinic),
        by=actors.therapist,
    )
    items = {
        pe.exercise.kind: pe
        for pe in prescription.phases.get(order=1).exercises.select_related("exercise")
    }
    return Program(prescription, items["stretch"], items["strengthen"])


def log_stretch(patient, program: Program, day=None, pain=(4, 3), **details):
    """Log a session in which the patient did the program's stretch; returns the session.

    ``day`` defaults to the clinic's today; ``details`` are other SessionReport fields
    (symptoms, note, effort).
    """
    return services.log_session(
        patient=patient,
        report=services.SessionReport(
            prescription_id=program.prescription.pk,
            performed_on=day or selectors.clinic_today(patient.clinic),
            pain_before=pain[0],
            pain_after=pain[1],
            entries=(services.ExerciseEntry(program.stretch.pk, done=True),),
            **details,
        ),
        idempotency_key=uuid.uuid4(),
    )[0]


@pytest.fixture
def north_program(north) -> Program:
    return prescribe_small_program(north)

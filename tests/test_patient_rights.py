"""Patient rights: download all my data; after closing, the manager anonymises."""

import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied

from patients import rights, selectors, services
from patients.models import Assessment, SessionLog


@pytest.fixture
def history(north, north_program):
    services.log_session(
        patient=north.patient,
        report=services.SessionReport(
            prescription_id=north_program.prescription.pk,
            performed_on=selectors.clinic_today(north.clinic),
            pain_before=5,
            pain_after=3,
            note="Felt it in my left shoulder",
            entries=(services.ExerciseEntry(north_program.stretch.pk, done=True),),
        ),
        idempotency_key=uuid.uuid4(),
    )
    Assessment.objects.create(
        clinic=north.clinic,
        patient=north.patient,
        therapist=north.therapist,
        assessed_on=selectors.clinic_today(north.clinic),
        mode="virtual",
        problem_areas="Upper back after a fall at home",
        red_flag_numbness=False,
        red_flag_sharp_pain=False,
        red_flag_trauma=False,
        red_flag_persistent=False,
    )
    return north


def test_the_export_holds_everything_about_the_patient_as_json(history):
    data = rights.export_patient_data(history.patient)
    json.dumps(data)  # plain JSON
    assert data["patient"]["email"] == history.patient.user.email
    assert data["sessions"][0]["note"] == "Felt it in my left shoulder"
    assert data["assessments"][0]["problem_areas"].startswith("Upper back")
    assert data["prescribed_exercises"] and data["exercise_logs"] and data["phases"]


def test_the_export_holds_nobody_elses_data(history):
    data = json.dumps(rights.export_patient_data(history.other_patient))
    assert "left shoulder" not in data and history.patient.user.email not in data


def test_anonymising_removes_identity_and_text_but_keeps_the_numbers(history):
    patient = rights.anonymise_patient(patient=history.patient, by=history.manager)
    patient.user.refresh_from_db()
    assert patient.user.email.endswith("@anonymised.invalid")
    assert (patient.user.first_name, patient.user.last_name, patient.user.is_active) == (
        "",
        "",
        False,
    )
    session = SessionLog.objects.get(patient=patient)
    assert (session.pain_before, session.pain_after, session.note) == (5, 3, "[removed]")
    assert Assessment.objects.get(patient=patient).problem_areas == "[removed]"
    assert session.exercise_logs.count() == 1


def test_only_the_clinics_manager_may_anonymise(history, south):
    for user in (history.therapist, south.manager, history.patient.user):
        with pytest.raises(PermissionDenied):
            rights.anonymise_patient(patient=history.patient, by=user)

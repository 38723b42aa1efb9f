"""Every write that changes what a patient's portal pages show raises their portal version
in the same transaction (the portal reuses a rendered part only for the same version)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from patients import services
from patients.engagement import checkins, notifications
from patients.models import Patient, PrescriptionChange, PrescriptionStatus, ProgramNotice
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program


def version(patient) -> int:
    return Patient.objects.get(pk=patient.pk).portal_version


def test_prescribing_a_program_raises_the_version(north):
    before = version(north.patient)
    prescribe_small_program(north)
    assert version(north.patient) > before


def test_logging_a_session_raises_the_version(north, north_program):
    before = version(north.patient)
    log_stretch(north.patient, north_program)
    assert version(north.patient) == before + 1


def test_dose_status_and_phase_changes_each_raise_the_version(north, north_program):
    prescription = north_program.prescription
    steps = [
        lambda: services.change_dose(
            prescribed_exercise=north_program.stretch,
            changes={"hold_seconds": 45},
            by=north.therapist,
        ),
        lambda: services.set_status(
            prescription=prescription, status=PrescriptionStatus.PAUSED, by=north.therapist
        ),
        lambda: services.set_status(
            prescription=prescription, status=PrescriptionStatus.ACTIVE, by=north.therapist
        ),
        lambda: services.advance_phase(
            prescription=prescription,
            by=north.therapist,
            from_phase_id=prescription.current_phase_id,
            override_reason="Early review",
        ),
    ]
    for step in steps:
        before = version(north.patient)
        step()
        assert version(north.patient) > before


def test_a_refused_change_leaves_the_version_as_it_was(north, north_program):
    before = version(north.patient)
    with pytest.raises(ValidationError):
        services.change_dose(
            prescribed_exercise=north_program.stretch,
            changes={"reps": 12, "reps_max": 8},
            by=north.therapist,
        )
    assert version(north.patient) == before


def test_a_notice_and_its_dismissal_each_raise_the_version(client, north, north_program):
    change = PrescriptionChange.objects.create(
        prescription=north_program.prescription, changed_by=north.therapist, summary="Note"
    )
    before = version(north.patient)
    notifications.record_notice(
        prescription=north_program.prescription, change=change, title="Changed", lines=[]
    )
    assert version(north.patient) == before + 1
    notice = ProgramNotice.objects.get(patient=north.patient)
    client.force_login(north.patient.user)
    client.post(reverse("patients:dismiss_notice", args=[notice.pk]))
    assert version(north.patient) == before + 2


def test_a_check_in_raises_the_version(north, north_program):
    before = version(north.patient)
    checkins.submit_checkin(
        patient=north.patient,
        answers=checkins.CheckInAnswers(
            pain_average=4, adherence_rating=8, scores=(5, 5, 5), activities=("A", "B", "C")
        ),
    )
    assert version(north.patient) == before + 1


def test_an_assessment_recorded_through_the_api_raises_the_version(north):
    before = version(north.patient)
    body = {"patient": north.patient.pk, "assessed_on": "2026-01-10", "mode": "virtual"}
    body |= {"problem_areas": "Neck", "baseline_pain": 6}
    assert api_client(north.therapist).post("/api/v1/assessments/", body).status_code == 201
    assert version(north.patient) == before + 1


def test_raising_one_patients_version_leaves_the_others(north, north_program):
    other = version(north.other_patient)
    log_stretch(north.patient, north_program)
    services.portal_changed(patient_id=north.patient.pk)
    assert version(north.other_patient) == other

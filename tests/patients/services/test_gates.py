"""Assessment gates: a positive red-flag screen or missing consent blocks prescribing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clinic.errors import StateConflict
from patients import services
from patients.models import Alert, AlertKind, Clearance, PrescriptionChange
from patients.rules.codes import AlertCode
from tests.conftest import consented_assessment, prescribe_small_program
from tests.factories import AssessmentFactory


def refusal(actors) -> str:
    with pytest.raises(StateConflict) as refused:
        prescribe_small_program(actors, patient=actors.other_patient, assess=False)
    assert not actors.other_patient.prescriptions.exists()
    return " ".join(refused.value.messages)


def test_a_patient_never_assessed_cannot_be_prescribed(north):
    with pytest.raises(StateConflict) as refused:
        services.check_prescribable(
            patient=north.other_patient,
            protocol=prescribe_small_program(north).prescription.protocol,
            therapist=north.therapist,
            by=north.therapist,
        )
    assert "Record an assessment" in " ".join(refused.value.messages)


def test_a_positive_screen_blocks_prescribing_until_a_clearance_is_recorded(north):
    patient = north.other_patient
    assessment = consented_assessment(patient, red_flag_numbness=True, red_flag_trauma=True)

    message = refusal(north)
    assert "screened positive" in message and "numbness" in message and "trauma" in message

    clearance = services.record_clearance(
        assessment=assessment,
        reason="Neurological exam normal; trauma was minor",
        by=north.therapist,
    )
    assert (clearance.cleared_by, clearance.patient) == (north.therapist, patient)
    assert clearance.cleared_at is not None

    program = prescribe_small_program(north, patient=patient, assess=False)
    prescribed = PrescriptionChange.objects.get(prescription=program.prescription)
    assert "Neurological exam normal" in prescribed.summary
    assert prescribed.details["clearance"] == clearance.pk


def test_missing_consent_blocks_prescribing(north):
    AssessmentFactory(patient=north.other_patient, consent_given=False)
    assert "records no consent" in refusal(north)


def test_a_newer_assessment_closes_the_gate_again(north):
    first = AssessmentFactory(patient=north.other_patient, red_flag_persistent=True)
    services.record_clearance(assessment=first, reason="Improving since", by=north.therapist)
    AssessmentFactory(patient=north.other_patient, red_flag_sharp_pain=True, consent_given=False)
    assert "sharp, shooting pain" in refusal(north)


def test_a_clearance_needs_a_reason_a_closed_gate_and_the_latest_assessment(north, south):
    old = AssessmentFactory(patient=north.other_patient, red_flag_trauma=True)
    latest = AssessmentFactory(patient=north.other_patient, red_flag_trauma=True)
    clean = consented_assessment(north.patient)
    with pytest.raises(ValidationError):
        services.record_clearance(assessment=latest, reason="  ", by=north.therapist)
    with pytest.raises(StateConflict):
        services.record_clearance(assessment=old, reason="Fine", by=north.therapist)
    with pytest.raises(StateConflict):
        services.record_clearance(assessment=clean, reason="Fine", by=north.therapist)
    with pytest.raises(PermissionDenied):
        services.record_clearance(assessment=latest, reason="Fine", by=south.therapist)
    services.record_clearance(assessment=latest, reason="Fine", by=north.therapist)
    with pytest.raises(StateConflict):
        services.record_clearance(assessment=latest, reason="Again", by=north.therapist)
    assert Clearance.objects.count() == 1


def test_a_positive_screen_raises_one_alert(north):
    assessment = AssessmentFactory(patient=north.patient, red_flag_numbness=True)
    alert = services.assessment_recorded(assessment)
    assert (alert.kind, alert.code) == (AlertKind.RED_FLAG_SCREEN, AlertCode.RED_FLAG_SCREEN)
    assert alert.params["flags"] == ["numbness"]
    assert services.assessment_recorded(assessment) is None
    assert services.assessment_recorded(consented_assessment(north.patient)) is None
    assert Alert.objects.count() == 1

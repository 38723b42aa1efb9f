"""Advancing: a reason against a blocker, shown everywhere; an unreviewed red flag refuses."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.errors import StateConflict
from patients import services
from patients.models import Alert, Prescription, PrescriptionChange
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program


def first_phase(program):
    return program.prescription.phases.get(order=1).pk


def advance(program, by, reason=""):
    return services.advance_phase(
        prescription=program.prescription,
        by=by,
        from_phase_id=first_phase(program),
        override_reason=reason,
    )


def test_advancing_a_patient_not_ready_needs_a_reason_shown_in_history_page_admin_and_api(
    client, north
):
    program = prescribe_small_program(north)  # just started: the phase's weeks still run
    with pytest.raises(ValidationError) as refused:
        advance(program, north.therapist, reason="   ")
    assert "give a reason" in " ".join(refused.value.messages)

    advance(program, north.therapist, reason="Strong at review, wall work too easy")

    change = PrescriptionChange.objects.filter(prescription=program.prescription).first()
    assert "not ready, because: Strong at review, wall work too easy" in change.summary
    assert change.details["override_reason"] == "Strong at review, wall work too easy"
    assert "weeks_left" in change.details["blockers"]
    client.force_login(north.therapist)
    page = client.get(reverse("staff:patient", args=[north.patient.pk])).content.decode()
    assert "Strong at review, wall work too easy" in page
    admin = client.get(
        reverse("admin:patients_prescription_change", args=[program.prescription.pk])
    ).content.decode()
    assert "Strong at review, wall work too easy" in admin
    data = api_client(north.therapist).get(f"/api/v1/prescriptions/{program.prescription.pk}/")
    (advanced,) = [e for e in data.json()["history"] if e["details"].get("phase")]
    assert advanced["details"]["override_reason"] == "Strong at review, wall work too easy"


def test_an_unreviewed_red_flag_refuses_an_advance_whatever_the_reason(north):
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, symptoms=("numbness_tingling",))
    # A program left running with its red flag (as before red flags paused programs).
    Prescription.objects.filter(pk=program.prescription.pk).update(status="active", hold_reason="")
    with pytest.raises(StateConflict) as refused:
        advance(program, north.therapist, reason="Patient says it is fine")
    assert "not been reviewed" in " ".join(refused.value.messages)
    program.prescription.refresh_from_db()
    assert program.prescription.current_phase.order == 1

    services.acknowledge_alert(alert=Alert.objects.get(), by=north.therapist)
    assert advance(program, north.therapist, reason="Reviewed by phone").order == 2


def test_a_red_flag_reviewed_by_resuming_no_longer_refuses_an_advance(north):
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, symptoms=("sharp_shooting",))
    services.resume_after_review(
        prescription=program.prescription, reason="Seen in clinic", by=north.therapist
    )
    assert advance(program, north.therapist, reason="Ready in person").order == 2


def test_a_mangled_phase_id_on_the_advance_form_is_a_message_not_a_server_error(client, north):
    program = prescribe_small_program(north)
    client.force_login(north.therapist)
    response = client.post(
        reverse("staff:advance", args=[program.prescription.pk]),
        {"from_phase": "1.5abc"},
        follow=True,
    )
    assert response.status_code == 200
    assert "reload" in response.content.decode()
    program.prescription.refresh_from_db()
    assert program.prescription.current_phase.order == 1

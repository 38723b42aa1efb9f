"""The quick pain check before the first exercise: stopping there records why, and the day
is neither done nor missed."""

import uuid
from datetime import timedelta

from django.urls import reverse

from patients import selectors
from patients.models import Alert, AlertKind, SessionLog
from patients.rules.codes import AlertCode
from tests.conftest import log_stretch, prescribe_small_program


def stop(client, program, reason="pain_worse", pain="6", key=None):
    return client.post(
        reverse("patients:pain_check"),
        {
            "idempotency_key": str(key or uuid.uuid4()),
            "prescription": str(program.prescription.pk),
            "reason": reason,
            "pain": pain,
        },
    )


def test_today_offers_the_pain_check_before_the_first_exercise(client, north, north_program):
    client.force_login(north.patient.user)
    today = client.get(reverse("patients:today")).content.decode()
    assert reverse("patients:pain_check") in today
    page = client.get(reverse("patients:pain_check"))
    assert page.status_code == 200
    assert "roll your shoulders" in page.content.decode()


def test_stopping_at_the_pain_check_records_the_session_as_stopped_with_its_reason(
    client, north, django_capture_on_commit_callbacks
):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=1))
    log_stretch(north.patient, program, today - timedelta(days=1))
    client.force_login(north.patient.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = stop(client, program)
    session = SessionLog.objects.get(performed_on=today)
    assert response.status_code == 302
    assert response.url == reverse("patients:session_detail", args=[session.pk])
    assert (session.stopped_at_check, session.pain_before, session.red_flag) == (
        "pain_worse",
        6,
        False,
    )
    assert not session.exercise_logs.exists()
    assert "stopped at the pain check" in client.get(response.url).content.decode()
    # Nothing more is due today, and Today says why.
    page = client.get(reverse("patients:today"))
    assert "pain check (the pain got worse)" in page.content.decode()
    assert "Rest days help your muscles recover" not in page.content.decode()
    assert selectors.today_page(north.patient, today).due == []
    # Neither done nor missed: tomorrow's figures count yesterday only.
    progress = selectors.patient_progress(north.patient, today + timedelta(days=1))
    program_window = progress.adherence["program"]
    assert (program_window.scheduled, program_window.completed) == (1, 1)
    # The therapist sees it: an alert with the reason, and the session on the patient page.
    alert = Alert.objects.get(kind=AlertKind.PAIN_CHECK_STOP)
    assert (alert.code, alert.params["reason"]) == (AlertCode.PAIN_CHECK_STOPPED, "pain_worse")
    client.force_login(north.therapist)
    staff_page = client.get(reverse("staff:patient", args=[north.patient.pk])).content.decode()
    assert "stopped at the pain check" in staff_page


def test_pain_spreading_into_the_arm_at_the_check_is_a_red_flag(client, north, north_program):
    client.force_login(north.patient.user)
    stop(client, north_program, reason="pain_radiates")
    session = SessionLog.objects.get()
    assert session.red_flag
    assert session.symptoms == ["radiating_arm"]
    assert Alert.objects.filter(kind=AlertKind.RED_FLAG, session=session).exists()


def test_a_stop_without_a_reason_is_refused_and_nothing_is_saved(client, north, north_program):
    client.force_login(north.patient.user)
    response = stop(client, north_program, reason="")
    assert response.status_code == 400
    assert not SessionLog.objects.exists()


def test_a_double_tap_on_stop_records_one_session(client, north, north_program):
    client.force_login(north.patient.user)
    key = uuid.uuid4()
    stop(client, north_program, key=key)
    stop(client, north_program, key=key)
    assert SessionLog.objects.count() == 1


def test_another_patients_program_cannot_be_stopped(client, north, north_program):
    prescribe_small_program(north, patient=north.other_patient)
    client.force_login(north.other_patient.user)
    response = stop(client, north_program)
    assert response.status_code == 404
    assert not SessionLog.objects.exists()

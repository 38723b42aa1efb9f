"""Program-change notices for patients; red-flag emails and daily digests for therapists."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.urls import reverse

from clinic.models import Role
from patients import selectors, services, texts
from patients.engagement import notifications, tasks
from patients.models import Alert, AlertDigest, AlertKind, ProgramNotice
from tests.conftest import log_stretch, prescribe_small_program
from tests.factories import MembershipFactory, PatientFactory
from tests.patients.portal.test_progress_pages import add_sessions

TORONTO = ZoneInfo("America/Toronto")


def red_flag(patient, program, day):
    return log_stretch(patient, program, day, pain=(3, 4), symptoms=("numbness_tingling",))


def test_a_dose_change_is_shown_on_today_and_emailed_after_commit(
    client, north, north_program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_dose(
            prescribed_exercise=north_program.strengthen,
            changes={"reps": 12, "sets": 2},
            by=north.therapist,
        )
    notice = ProgramNotice.objects.get()
    assert notice.title == "Your therapist adjusted Wall push-up"
    assert notice.lines == [
        "Before: 1 × 10 reps, every other day",
        "Now: 2 × 12 reps, every other day",
    ]
    [email] = mail.outbox
    assert email.to == [north.patient.user.email]
    assert email.subject == "Your exercise program has changed"
    assert "Now: 2 × 12 reps, every other day" in email.body
    client.force_login(north.patient.user)
    html = client.get(reverse("patients:today")).content.decode()
    assert "Your therapist adjusted Wall push-up" in html and "Got it" in html


def test_the_notice_email_goes_once_even_if_its_task_runs_twice(north, north_program):
    services.set_status(
        prescription=north_program.prescription, status="paused", by=north.therapist
    )
    notice = ProgramNotice.objects.get()
    assert tasks.send_program_notice.enqueue(notice_id=notice.pk).return_value is True
    assert tasks.send_program_notice.enqueue(notice_id=notice.pk).return_value is False
    [email] = mail.outbox
    assert "Your program is paused" in email.body
    assert "you will not get reminders" in email.body


def test_no_notice_for_a_change_that_changes_nothing(north, north_program):
    services.change_dose(
        prescribed_exercise=north_program.strengthen, changes={"reps": 10}, by=north.therapist
    )
    assert not ProgramNotice.objects.exists()


def test_advancing_tells_the_patient_their_new_exercises(client, north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=14))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(1, 15)])
    client.force_login(north.therapist)
    client.post(
        reverse("staff:advance", args=[program.prescription.pk]),
        {"from_phase": program.prescription.current_phase_id},
    )
    notice = ProgramNotice.objects.get()
    assert notice.title == "Your therapist moved you on to Phase"
    assert notice.lines == [
        "Your exercises from today:",
        "Wall push-up: 1 × 10 reps, every other day",
    ]


def test_the_patient_dismisses_a_notice_and_nobody_else_can(client, north, north_program):
    services.set_status(
        prescription=north_program.prescription, status="paused", by=north.therapist
    )
    notice = ProgramNotice.objects.get()
    url = reverse("patients:dismiss_notice", args=[notice.pk])
    client.force_login(north.other_patient.user)
    assert client.post(url).status_code == 404
    client.force_login(north.patient.user)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    notice.refresh_from_db()
    assert notice.dismissed_at is not None
    assert "Your program is paused" not in client.get(reverse("patients:today")).content.decode()


def test_a_red_flag_is_emailed_to_the_therapist_at_once_and_only_once(
    north, north_program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        red_flag(north.patient, north_program, selectors.clinic_today(north.clinic))
    alert = Alert.objects.get(kind="red_flag")
    [email] = mail.outbox
    assert email.to == [north.therapist.email]
    assert email.subject == f"Red flag reported by {north.patient.name}"
    assert texts.alert_text(alert) in email.body
    assert alert.params["symptoms"] == ["numbness_tingling"]
    assert reverse("staff:patient", args=[north.patient.pk]) in email.body
    assert notifications.deliver_red_flag(alert.pk) is False  # a retried task sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.refresh_alerts(patient=north.patient)  # the same cause: no new alert
    assert len(mail.outbox) == 1


def at(day: date, hour: int):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=TORONTO), tick=False
    )


def test_the_daily_digest_lists_new_alerts_of_the_therapists_own_patients(north):
    monday, tuesday = date(2026, 3, 2), date(2026, 3, 3)
    other = MembershipFactory(clinic=north.clinic, role=Role.THERAPIST).user
    colleague_patient = PatientFactory(clinic=north.clinic, primary_therapist=other)
    with at(monday, 6):
        program = prescribe_small_program(north, start_date=monday - timedelta(days=7))
        colleague = prescribe_small_program(  # by their own therapist, who writes for them
            replace(north, therapist=other),
            patient=colleague_patient,
            start_date=monday - timedelta(days=7),
        )
        red_flag(north.patient, program, monday - timedelta(days=4))  # then nothing since
        services.resume_after_review(  # reviewed: the program runs again, and is not followed
            prescription=program.prescription, reason="Reviewed by phone", by=north.therapist
        )
        red_flag(colleague_patient, colleague, monday)
        assert tasks.enqueue_due_digests() == 0  # before 07:00
    with at(monday, 7):
        assert tasks.enqueue_due_digests() == 2  # each therapist's own digest
        assert tasks.enqueue_due_digests() == 0
    mine = [m for m in mail.outbox if m.to == [north.therapist.email]]
    assert len(mine) == 1
    body = mine[0].body
    assert north.patient.name in body
    mine_alerts = Alert.objects.filter(patient=north.patient)
    # Inactivity was refreshed before the digest; each alert is shown by its sentence.
    assert {alert.kind for alert in mine_alerts} >= {AlertKind.RED_FLAG, AlertKind.INACTIVE}
    for alert in mine_alerts:
        assert texts.alert_text(alert) in body
    assert colleague_patient.name not in body
    assert AlertDigest.objects.get(therapist=north.therapist).alert_count >= 2
    mail.outbox.clear()
    with at(tuesday, 7):
        tasks.enqueue_due_digests()
    assert [m for m in mail.outbox if m.to == [north.therapist.email]] == []  # nothing new
    assert AlertDigest.objects.get(therapist=north.therapist, day=tuesday).alert_count == 0


def test_a_digest_claimed_by_one_worker_is_not_sent_by_another(north, north_program):
    day = selectors.clinic_today(north.clinic)
    red_flag(north.patient, north_program, day)
    first = notifications.deliver_digest(therapist_id=north.therapist.pk, day=day)
    second = notifications.deliver_digest(therapist_id=north.therapist.pk, day=day)
    assert first >= 1 and second is None
    assert len(mail.outbox) == 1

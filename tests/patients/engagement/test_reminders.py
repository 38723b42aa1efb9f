"""Reminders respect the schedule and the log, run through the task queue, and go out once."""

import threading
import time
import uuid
from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from patients import selectors, services
from patients.engagement import reminders, tasks
from patients.models import Reminder, ReminderOutcome
from tests.conftest import (
    consented_assessment,
    log_stretch,
    make_clinic_actors,
    prescribe_small_program,
)
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory

TORONTO = ZoneInfo("America/Toronto")
MONDAY = date(2026, 3, 2)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(day: date, hour: int, minute: int = 0):
    """Travel to a clinic-local (Toronto) moment; the clock stands still."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, minute, tzinfo=TORONTO), tick=False
    )


def sweep() -> int:
    """What cron runs every few minutes (the test settings' tasks run at once)."""
    return tasks.enqueue_due_reminders()


def log_everything(patient, program, day):
    entries = tuple(
        services.ExerciseEntry(item.pk, done=True) for item in (program.stretch, program.strengthen)
    )
    services.log_session(
        patient=patient,
        report=services.SessionReport(
            prescription_id=program.prescription.pk,
            performed_on=day,
            pain_before=3,
            pain_after=3,
            entries=entries,
        ),
        idempotency_key=uuid.uuid4(),
    )


def every_other_day_program(actors):
    """A protocol whose only exercise is strengthening every other day: rest days between."""
    phase = PhaseFactory(protocol__clinic=actors.clinic, order=1, week_start=1, week_end=None)
    exercise = ExerciseFactory(kind="strengthen", name="Prone Y raise", frequency="every_other_day")
    PhaseExerciseFactory(phase=phase, exercise=exercise, frequency="every_other_day")
    consented_assessment(actors.patient)
    return services.prescribe(
        patient=actors.patient,
        protocol=phase.protocol,
        therapist=actors.therapist,
        start_date=MONDAY,
        by=actors.therapist,
    )


def test_the_reminder_waits_for_the_patients_time_then_lists_what_is_due(north):
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)
    with at(MONDAY, 7, 59):
        assert sweep() == 0
    with at(MONDAY, 8, 0):
        assert sweep() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [north.patient.user.email]
    assert email.subject == "Time for today's exercises"
    assert "Rhomboid stretch" in email.body and "Wall push-up" in email.body
    assert email.body.index("Rhomboid stretch") < email.body.index("Wall push-up")
    assert "/today/" in email.body and "/settings/" in email.body
    assert "Rhomboid stretch" in email.alternatives[0][0]
    with at(MONDAY, 8, 5):
        assert sweep() == 0  # decided: the next sweeps leave it alone
    assert len(mail.outbox) == 1


def test_the_patients_chosen_time_is_clinic_local(north):
    north.patient.reminder_time = clock(6, 30)
    north.patient.save()
    with at(MONDAY, 6, 0):
        prescribe_small_program(north, start_date=MONDAY)
        assert sweep() == 0
    # 06:30 in Toronto is 11:30 UTC.
    with time_machine.travel(datetime(2026, 3, 2, 11, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert sweep() == 1
    assert len(mail.outbox) == 1


def test_a_second_nudge_goes_only_while_the_session_is_not_logged(north, south):
    with at(MONDAY, 7, 0):
        north_program = prescribe_small_program(north, start_date=MONDAY)
        prescribe_small_program(south, start_date=MONDAY)
    with at(MONDAY, 8, 0):
        sweep()
    assert len(mail.outbox) == 2
    with at(MONDAY, 12, 0):
        log_everything(north.patient, north_program, MONDAY)
    with at(MONDAY, 18, 0):
        sweep()
    nudges = [m for m in mail.outbox if m.subject == "Still time for today's exercises"]
    assert [m.to for m in nudges] == [[south.patient.user.email]]
    assert "not logged today's session" in nudges[0].body
    outcome = Reminder.objects.get(patient=north.patient, kind="nudge").outcome
    assert outcome == ReminderOutcome.ALREADY_DONE


def test_a_nudge_lists_only_what_is_left(north):
    with at(MONDAY, 7, 0):
        program = prescribe_small_program(north, start_date=MONDAY)
        services.log_session(
            patient=north.patient,
            report=services.SessionReport(
                prescription_id=program.prescription.pk,
                performed_on=MONDAY,
                pain_before=3,
                pain_after=3,
                entries=(
                    services.ExerciseEntry(program.stretch.pk, done=True),
                    services.ExerciseEntry(program.strengthen.pk, done=False),
                ),
            ),
            idempotency_key=uuid.uuid4(),
        )
    with at(MONDAY, 18, 30):
        sweep()
    [nudge] = mail.outbox
    assert "Wall push-up" in nudge.body and "Rhomboid stretch" not in nudge.body


def test_a_late_queue_sends_one_email_not_a_reminder_and_a_nudge(north):
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)
    with at(MONDAY, 19, 0):
        sweep()
        sweep()
    assert [m.subject for m in mail.outbox] == ["Still time for today's exercises"]


def test_no_reminder_on_a_rest_day(north):
    with at(MONDAY, 7, 0):
        every_other_day_program(north)
    with at(MONDAY, 8, 0):
        sweep()
    assert len(mail.outbox) == 1  # Monday: the exercise is due
    with at(date(2026, 3, 3), 8, 0):
        sweep()
    with at(date(2026, 3, 3), 18, 0):
        sweep()
    assert len(mail.outbox) == 1  # Tuesday is a rest day
    assert set(Reminder.objects.filter(day=date(2026, 3, 3)).values_list("outcome", flat=True)) == {
        ReminderOutcome.NOTHING_DUE
    }
    with at(date(2026, 3, 4), 8, 0):
        sweep()
    assert len(mail.outbox) == 2  # Wednesday it is due again


def test_no_reminder_the_day_after_pain_rose(north):
    with at(MONDAY, 7, 0):
        program = prescribe_small_program(north, start_date=MONDAY)
    with at(MONDAY, 9, 0):
        log_stretch(north.patient, program, MONDAY, pain=(2, 5))
    with at(date(2026, 3, 3), 8, 0):
        sweep()
    assert mail.outbox == []


def test_no_reminder_while_the_program_is_paused(north):
    with at(MONDAY, 7, 0):
        program = prescribe_small_program(north, start_date=MONDAY)
        services.set_status(prescription=program.prescription, status="paused", by=north.therapist)
    mail.outbox.clear()  # the pause notice
    with at(MONDAY, 8, 0):
        assert sweep() == 0
        outcome = reminders.deliver_reminder(
            patient_id=north.patient.pk, day=MONDAY, kind="reminder"
        )
    assert outcome == reminders.SKIPPED_NO_PROGRAM
    assert mail.outbox == []


def test_no_reminder_once_the_patient_turns_them_off(client, north):
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)
        client.force_login(north.patient.user)
        response = client.post(
            reverse("patients:settings"), {"reminder_time": "08:00", "nudge_time": "18:00"}
        )
        assert response.status_code == 302
    north.patient.refresh_from_db()
    assert north.patient.reminders_enabled is False
    with at(MONDAY, 8, 0):
        assert sweep() == 0
        # A reminder queued before the patient turned them off is dropped by the worker.
        outcome = reminders.deliver_reminder(
            patient_id=north.patient.pk, day=MONDAY, kind="reminder"
        )
    assert outcome == reminders.SKIPPED_OFF
    assert mail.outbox == []


def test_yesterdays_reminder_is_not_sent_today(north):
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)
    with at(date(2026, 3, 3), 9, 0):
        outcome = reminders.deliver_reminder(
            patient_id=north.patient.pk, day=MONDAY, kind="reminder"
        )
    assert outcome == reminders.SKIPPED_STALE
    assert mail.outbox == []


def test_a_failed_send_leaves_the_reminder_undecided_for_the_next_sweep(north, monkeypatch):
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    with at(MONDAY, 8, 0):
        monkeypatch.setattr(reminders, "send_templated_email", broken)
        with pytest.raises(OSError):
            reminders.deliver_reminder(patient_id=north.patient.pk, day=MONDAY, kind="reminder")
        assert not Reminder.objects.exists()
        monkeypatch.undo()
        assert sweep() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_reminders_wait_in_the_database_queue_until_a_worker_runs():
    # A transaction test: the worker manages its own connection and transactions.
    north = make_clinic_actors("worker")
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)
    with override_settings(TASKS=DATABASE_TASKS), at(MONDAY, 8, 0):
        call_command("send_due_reminders", verbosity=0)
        queued = {r.task_path: r.args_kwargs["kwargs"] for r in DBTaskResult.objects.all()}
        assert queued == {
            "patients.engagement.tasks.send_reminder": {
                "patient_id": north.patient.pk,
                "day": "2026-03-02",
                "kind": "reminder",
            },
            # The therapist's daily digest (07:00) is due too; no alerts, so no email.
            "patients.engagement.tasks.send_alert_digest": {
                "therapist_id": north.therapist.pk,
                "day": "2026-03-02",
            },
        }
        assert mail.outbox == []  # nothing is sent by the sweep itself
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [[north.patient.user.email]]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def slow_email(monkeypatch, seconds=0.3):
    """Sending takes a while, so the second worker arrives while the first one sends."""
    original = reminders.send_templated_email

    def slow(*args, **kwargs):
        time.sleep(seconds)
        original(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_templated_email", slow)


def run_in_threads(*targets):
    errors = []

    def wrap(target):
        def run():
            try:
                with scopes_disabled():  # a worker thread starts outside the test's context
                    target()
            except BaseException as error:  # reported by the test below
                errors.append(error)
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=wrap(target)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_the_same_reminder_send_one_email(monkeypatch):
    north = make_clinic_actors("race")
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)
    slow_email(monkeypatch)
    barrier = threading.Barrier(2)
    outcomes = []

    def worker():
        barrier.wait(timeout=10)
        outcomes.append(
            reminders.deliver_reminder(patient_id=north.patient.pk, day=MONDAY, kind="reminder")
        )

    with at(MONDAY, 8, 0):
        run_in_threads(worker, worker)
    assert len(mail.outbox) == 1
    assert outcomes.count(ReminderOutcome.SENT) == 1
    assert len(outcomes) == 2
    assert set(outcomes) - {ReminderOutcome.SENT} <= {
        reminders.SKIPPED_CLAIMED,  # PostgreSQL: the second insert waited, then failed
        reminders.SKIPPED_BUSY,  # SQLite: the second writer was refused at once
    }
    assert Reminder.objects.filter(patient=north.patient).count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "SQLite's in-memory test database (shared cache) fails a second writer at once "
        "instead of waiting, inside django-tasks-db's own bookkeeping; the claim itself is "
        "raced on SQLite by the test above."
    ),
)
@pytest.mark.django_db(transaction=True)
def test_two_db_workers_running_duplicate_queued_reminders_send_one_email(monkeypatch):
    north = make_clinic_actors("queue")
    with at(MONDAY, 7, 0):
        prescribe_small_program(north, start_date=MONDAY)
    slow_email(monkeypatch)
    with override_settings(TASKS=DATABASE_TASKS), at(MONDAY, 8, 0):
        # Two overlapping sweeps (two cron hosts, or a slow worker) queue the same reminder.
        assert sweep() == 1
        assert sweep() == 1
        assert DBTaskResult.objects.count() == 2

        def worker(name):
            def run():
                Worker(
                    queue_names=["default"],
                    interval=0.05,
                    batch=True,
                    backend_name="default",
                    startup_delay=False,
                    max_tasks=None,
                    worker_id=name,
                    excluded_queue_names=[],
                ).run()

            return run

        run_in_threads(worker("worker-a"), worker("worker-b"))
        results = list(DBTaskResult.objects.all())
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert [r.return_value for r in results].count("sent") == 1
    assert len(mail.outbox) == 1


def test_the_settings_page_saves_times_and_refuses_a_nudge_before_the_reminder(client, north):
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:settings"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "America/Toronto" in html and str(north.patient.calendar_token) in html
    response = client.post(
        reverse("patients:settings"),
        {"reminders_enabled": "on", "reminder_time": "19:00", "nudge_time": "09:00"},
    )
    assert response.status_code == 400
    assert "later than the first reminder" in response.content.decode()
    response = client.post(
        reverse("patients:settings"),
        {"reminders_enabled": "on", "reminder_time": "07:15", "nudge_time": ""},
    )
    assert response.status_code == 302
    north.patient.refresh_from_db()
    assert north.patient.reminder_time == clock(7, 15) and north.patient.nudge_time is None


def test_settings_are_for_patients_only(client, north):
    assert client.get(reverse("patients:settings")).status_code == 302
    client.force_login(north.therapist)
    assert client.get(reverse("patients:settings")).status_code == 403


def test_the_sweep_command_can_keep_running(north):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_due_reminders", every=5)


def test_a_clinic_in_auckland_keeps_its_own_day_for_the_program_and_its_reminders(north):
    north.clinic.time_zone = "Pacific/Auckland"
    north.clinic.save()
    auckland = ZoneInfo("Pacific/Auckland")
    # 07:00 on Monday in Auckland is still Sunday in UTC and in Toronto.
    with time_machine.travel(datetime(2026, 3, 2, 7, 0, tzinfo=auckland), tick=False):
        assert datetime.now(TORONTO).date() == date(2026, 3, 1)
        assert selectors.clinic_today(north.clinic) == MONDAY
        prescribe_small_program(north, start_date=MONDAY)
        assert sweep() == 0
    with time_machine.travel(datetime(2026, 3, 2, 8, 0, tzinfo=auckland), tick=False):
        assert sweep() == 1
    assert Reminder.objects.get().day == MONDAY
    assert "Rhomboid stretch" in mail.outbox[0].body

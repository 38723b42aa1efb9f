"""Exercise reminders that respect the log.

A patient with reminders on gets an email at their reminder time on a day with something
due, and a second one at their nudge time only if the day's exercises are still not all
logged. Nothing on rest days (the schedule's, via ``selectors.today_page``), while the
program is paused or finished, or once reminders are off.

Two steps, so that nothing is sent inside a request:
1. ``due_reminders`` (run every few minutes by ``manage.py send_due_reminders``, from cron
   or its ``--every`` loop) lists the reminders whose time has come and that nobody has
   decided yet; each becomes a ``send_reminder`` task on the queue.
2. ``deliver_reminder`` (the task, in a worker) decides and sends. It inserts the
   ``Reminder`` row for (patient, day, kind) and sends the email in one transaction: the
   unique constraint lets exactly one worker claim a reminder, however many run, and a
   failed send rolls the claim back so the next sweep tries again.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from clinic.models import Clinic
from patients import selectors
from patients.engagement.emails import send_templated_email, site_url
from patients.models import (
    Patient,
    PrescriptionStatus,
    Reminder,
    ReminderKind,
    ReminderOutcome,
)

logger = logging.getLogger(__name__)

#: What ``deliver_reminder`` returns when it records nothing.
SKIPPED_OFF = "off"
SKIPPED_NO_PROGRAM = "no_program"
SKIPPED_STALE = "stale"
SKIPPED_CLAIMED = "claimed_elsewhere"
SKIPPED_BUSY = "busy"


@dataclass(frozen=True)
class DueReminder:
    patient_id: int
    day: date
    kind: str


def kind_due(reminder_time, nudge_time, clock) -> str | None:
    """Which reminder a patient's settings call for at a clinic-local clock time.

    The nudge once its time has passed (so a late worker sends one email, not two),
    else the reminder once its time has passed, else none.
    """
    if nudge_time is not None and clock >= nudge_time:
        return ReminderKind.NUDGE
    if clock >= reminder_time:
        return ReminderKind.REMINDER
    return None


def outcome_for(page: selectors.TodayPage) -> str:
    """Send while something due today is not yet done as often as prescribed."""
    if not page.due:
        return ReminderOutcome.NOTHING_DUE
    if all(item.done_today >= item.times_per_day for item in page.due):
        return ReminderOutcome.ALREADY_DONE
    return ReminderOutcome.SENT


def due_reminders(now: datetime | None = None) -> list[DueReminder]:
    """Reminders whose time has come today, clinic by clinic, not yet decided.

    Three queries per clinic: its patients with reminders on and an active program, and
    the reminders already decided today.
    """
    now = now or timezone.now()
    found = []
    for clinic in Clinic.objects.all():
        local = now.astimezone(clinic.tzinfo)
        day, clock = local.date(), local.time()
        candidates = (
            Patient.objects.filter(
                clinic=clinic,
                is_active=True,
                user__is_active=True,
                reminders_enabled=True,
                reminder_time__lte=clock,
                prescriptions__status=PrescriptionStatus.ACTIVE,
            )
            .values_list("pk", "reminder_time", "nudge_time")
            .distinct()
        )
        decided = set(
            Reminder.objects.filter(clinic=clinic, day=day).values_list("patient_id", "kind")
        )
        for patient_id, reminder_time, nudge_time in candidates:
            kind = kind_due(reminder_time, nudge_time, clock)
            if kind is not None and (patient_id, kind) not in decided:
                found.append(DueReminder(patient_id, day, kind))
    return found


def deliver_reminder(*, patient_id: int, day: date, kind: str) -> str:
    """Decide one reminder and send it if the day still calls for it; returns the outcome.

    Safe to run any number of times, in any number of workers: one of them records the
    decision (and sends), the others find it taken.
    """
    patient = Patient.objects.select_related("clinic", "user").filter(pk=patient_id).first()
    if (
        patient is None
        or not patient.is_active
        or not patient.user.is_active
        or not patient.reminders_enabled
    ):
        return SKIPPED_OFF
    if day != selectors.clinic_today(patient.clinic):
        return SKIPPED_STALE  # a queue that was down all day does not send yesterday's
    page = selectors.today_page(patient, day)
    if page.prescription is None:
        return SKIPPED_NO_PROGRAM  # paused, finished or never prescribed
    outcome = outcome_for(page)
    try:
        with transaction.atomic():
            Reminder.objects.create(
                clinic_id=patient.clinic_id, patient=patient, day=day, kind=kind, outcome=outcome
            )
            if outcome == ReminderOutcome.SENT:
                _send(patient, page, kind)
    except IntegrityError:
        return SKIPPED_CLAIMED
    except OperationalError as error:
        # SQLite answers a concurrent writer "database is locked": the other worker holds
        # the claim; if it fails, the next sweep finds the reminder undecided again.
        if "locked" not in str(error).lower():
            raise
        return SKIPPED_BUSY
    return outcome


def _send(patient: Patient, page: selectors.TodayPage, kind: str) -> None:
    remaining = [item for item in page.due if item.done_today < item.times_per_day]
    send_templated_email(
        "reminder",
        {
            "patient": patient,
            "page": page,
            "remaining": remaining,
            "is_nudge": kind == ReminderKind.NUDGE,
            "today_url": site_url("patients:today"),
            "log_url": site_url("patients:log_session"),
            "settings_url": site_url("patients:settings"),
        },
        [patient.user.email],
        clinic=patient.clinic,
    )

"""Background tasks (Django's tasks framework; the database queue by default).

A worker runs them: ``manage.py db_worker`` (``make run`` starts one beside the server).
Arguments are plain JSON values (ids, ISO dates). Each task is safe to run twice: the
work it delegates claims its email once (see the reminders and notifications modules).
The periodic sweeps (``enqueue_due_reminders``, ``enqueue_due_digests``) are what
``manage.py send_due_reminders`` runs every few minutes from cron.
"""

from datetime import date

from clinic.tenancy import system_task
from patients.engagement import notifications, reminders


@system_task
def send_reminder(patient_id: int, day: str, kind: str) -> str:
    return reminders.deliver_reminder(patient_id=patient_id, day=date.fromisoformat(day), kind=kind)


@system_task
def send_program_notice(notice_id: int) -> bool:
    return notifications.deliver_notice(notice_id)


@system_task
def send_red_flag_alert(alert_id: int) -> bool:
    return notifications.deliver_red_flag(alert_id)


@system_task
def send_alert_digest(therapist_id: int, day: str) -> int | None:
    return notifications.deliver_digest(therapist_id=therapist_id, day=date.fromisoformat(day))


def enqueue_due_reminders() -> int:
    """Queue a ``send_reminder`` task for each reminder whose time has come."""
    due = reminders.due_reminders()
    for item in due:
        send_reminder.enqueue(
            patient_id=item.patient_id, day=item.day.isoformat(), kind=str(item.kind)
        )
    return len(due)


def enqueue_due_digests() -> int:
    """Queue a ``send_alert_digest`` task for each therapist whose digest time has come."""
    due = notifications.due_digests()
    for item in due:
        send_alert_digest.enqueue(therapist_id=item.therapist_id, day=item.day.isoformat())
    return len(due)

"""Engagement's answers to the core's events: notices for the patient, emails queued.

Each email is a task queued after commit, so a rolled-back change never emails anyone.
"""

from django.db import transaction
from django.dispatch import receiver

from patients.engagement import notifications, tasks
from patients.models import AlertKind
from patients.services import events


def _email_after_commit(notice) -> None:
    transaction.on_commit(lambda: tasks.send_program_notice.enqueue(notice_id=notice.pk))


def _invited(prescription) -> bool:
    """Changes made while the intake is still tailoring the program tell no one: the patient
    has neither been sent it nor an account to open it with."""
    patient = prescription.patient
    return patient.invited_at is not None or patient.user.has_usable_password()


@receiver(events.dose_changed)
def _dose_changed(sender, *, prescription, change, exercise_name, before, after, **kwargs):
    if not _invited(prescription):
        return
    _email_after_commit(
        notifications.dose_change_notice(prescription, change, exercise_name, before, after)
    )


@receiver(events.program_tailored)
def _program_tailored(sender, *, prescription, change, action, details, **kwargs):
    if not _invited(prescription):
        return
    _email_after_commit(notifications.tailored_notice(prescription, change, action, details))


@receiver(events.status_changed)
def _status_changed(sender, *, prescription, change, status, **kwargs):
    _email_after_commit(notifications.status_change_notice(prescription, change, status))


@receiver(events.phase_advanced)
def _phase_advanced(sender, *, prescription, change, phase, **kwargs):
    _email_after_commit(notifications.phase_change_notice(prescription, change, phase))


@receiver(events.alert_raised)
def _alert_raised(sender, *, alert, **kwargs):
    """Red flags are emailed to the therapist at once; the rest wait for the digest."""
    if alert.kind == AlertKind.RED_FLAG:
        transaction.on_commit(lambda: tasks.send_red_flag_alert.enqueue(alert_id=alert.pk))

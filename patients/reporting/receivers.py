"""Reporting's answer to the core's events: keep the adherence ledger in step."""

from django.db import transaction
from django.dispatch import receiver

from patients.reporting import tasks
from patients.services import events


@receiver(events.program_changed)
def _program_changed(sender, *, prescription, **kwargs):
    # Queued after commit, robust: a failed enqueue is logged and never loses the change,
    # and the nightly refresh_progress rebuilds what a lost task did not.
    transaction.on_commit(
        lambda: tasks.sync_program_ledger.enqueue(prescription_id=prescription.pk), robust=True
    )

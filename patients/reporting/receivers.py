"""Reporting's answer to the core's events: keep the adherence ledger in step."""

from django.db import transaction
from django.dispatch import receiver

from patients.reporting import ledger
from patients.services import events


@receiver(events.program_changed)
def _program_changed(sender, *, prescription, **kwargs):
    # After commit and robust: a failed rebuild is logged and never loses the change.
    transaction.on_commit(lambda: ledger.sync_ledger(prescription), robust=True)

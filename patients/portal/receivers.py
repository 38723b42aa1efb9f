"""The portal's answer to the core's events: drop cached pages that must not outlive data."""

from django.db import transaction
from django.dispatch import receiver

from patients.portal import cache
from patients.services import events


@receiver(events.patient_anonymised)
def _patient_anonymised(sender, *, patient_id, **kwargs):
    # After commit and robust: a cache outage is logged, never turned into an error page.
    transaction.on_commit(lambda: cache.forget(patient_id), robust=True)

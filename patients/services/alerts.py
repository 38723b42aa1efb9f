"""Raising the alerts the data calls for, and acknowledging them."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from clinic.models import User
from patients import selectors
from patients.models import (
    Alert,
    Patient,
    Prescription,
)
from patients.rules import progress
from patients.services import events


@transaction.atomic
def acknowledge_alert(*, alert: Alert, by: User) -> Alert:
    """Record that a therapist has seen an alert (once; the first acknowledgement stands)."""
    locked = Alert.objects.editable_by(by).select_for_update().filter(pk=alert.pk).first()
    if locked is None:
        raise PermissionDenied
    if locked.acknowledged_at is None:
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = by
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return locked


def refresh_alerts(*, patient: Patient, day: date | None = None) -> list[Alert]:
    """Raise the alerts the data calls for (each cause once); returns the new ones."""
    prescription = selectors.current_prescription(patient)
    if prescription is None:
        return []
    day = day or selectors.clinic_today(patient.clinic)
    plan, logged = selectors.plain_program_state(prescription)
    baseline = selectors.latest_baselines([patient.pk]).get(patient.pk)
    raised = []
    for candidate in progress.alerts_for(
        plan, logged, day, progress.baseline_pain(logged, baseline)
    ):
        alert, created = Alert.objects.get_or_create(
            patient=patient,
            kind=candidate.kind,
            cause_key=candidate.cause_key,
            defaults={
                "clinic_id": patient.clinic_id,
                "code": candidate.code,
                "params": candidate.params,
            },
        )
        if created:
            raised.append(alert)
            events.alert_raised.send(sender=Alert, alert=alert)
    return raised


def refresh_after_change(prescription, *, alerts: bool = False) -> None:
    """Rebuild derived data (adherence ledger, then alerts) once the change is committed.

    A failure there must never lose the change itself, so it runs after commit and only
    logs errors (``robust``). The ledger belongs to reporting, which listens for
    ``events.program_changed``.
    """
    events.program_changed.send(sender=Prescription, prescription=prescription)
    if alerts:
        transaction.on_commit(lambda: refresh_alerts(patient=prescription.patient), robust=True)

"""Raising the alerts the data calls for, and acknowledging them."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from clinic.models import User
from clinic.tenancy import system_task
from patients import selectors
from patients.models import (
    Alert,
    AlertKind,
    Assessment,
    Patient,
    Prescription,
)
from patients.rules import progress
from patients.rules.codes import AlertCode
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


def assessment_recorded(assessment: Assessment) -> Alert | None:
    """After an assessment is saved: a positive red-flag screen raises an alert (once).

    Runs inside the caller's transaction; returns the alert when one was raised now.
    """
    screen = selectors.screen_of(assessment)
    if not screen.flags:
        return None
    alert, created = Alert.objects.get_or_create(
        patient_id=assessment.patient_id,
        kind=AlertKind.RED_FLAG_SCREEN,
        cause_key=f"assessment:{assessment.pk}",
        defaults={
            "clinic_id": assessment.clinic_id,
            "code": AlertCode.RED_FLAG_SCREEN,
            "params": {"day": assessment.assessed_on, "flags": list(screen.flags)},
        },
    )
    if not created:
        return None
    events.alert_raised.send(sender=Alert, alert=alert)
    return alert


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


@system_task
def refresh_patient_alerts(patient_id: int) -> int:
    """Queued work: raise the alerts one patient's data calls for; returns how many are new."""
    patient = Patient.objects.select_related("clinic").filter(pk=patient_id).first()
    return 0 if patient is None else len(refresh_alerts(patient=patient))


def refresh_after_change(prescription, *, alerts: bool = False) -> None:
    """Queue the rebuild of derived data (adherence ledger, then alerts) once the change is
    committed.

    A failure there must never lose the change itself, so it is queued after commit and a
    failed enqueue only logs (``robust``); the nightly ``refresh_progress`` redoes any work
    that was lost. The ledger belongs to reporting, which listens for
    ``events.program_changed``.
    """
    events.program_changed.send(sender=Prescription, prescription=prescription)
    if alerts:
        patient_id = prescription.patient_id
        transaction.on_commit(
            lambda: refresh_patient_alerts.enqueue(patient_id=patient_id), robust=True
        )

"""The adherence ledger: each prescription's scheduled days and whether each was completed.

The rows are derived from the same schedule and "a session counts" rule as the
per-patient figures (patients.rules.progress), so SQL sums over them give exactly the same
adherence. They are rebuilt for one prescription whenever its sessions or plan change,
and nightly to carry the horizon forward.
"""

from datetime import date, timedelta

from django.db import transaction

from patients import selectors
from patients.models import AdherenceDay, Prescription, ProgramStanding
from patients.rules.progress import LoggedSession
from patients.rules.schedule import ProgramPlan, schedule

#: Days ahead of today written to the ledger, so a missed nightly run loses nothing.
HORIZON_DAYS = 14


def ledger_days(plan: ProgramPlan, sessions: list[LoggedSession], until: date):
    """(day, completed) for every scheduled day from the start to ``until``."""
    completed = {session.performed_on for session in sessions if session.counts}
    return [(day, day in completed) for day, due in schedule(plan, until).items() if due]


def ledger_rows(prescription: Prescription, plan, logged, today: date) -> list[AdherenceDay]:
    return [
        AdherenceDay(
            clinic_id=prescription.clinic_id,
            patient_id=prescription.patient_id,
            prescription_id=prescription.pk,
            day=day,
            completed=completed,
        )
        for day, completed in ledger_days(plan, logged, today + timedelta(days=HORIZON_DAYS))
    ]


@transaction.atomic
def sync_ledger(prescription: Prescription, today: date | None = None) -> int:
    """Rebuild one prescription's ledger; returns the number of scheduled days written.

    The prescription's row is locked first, so two rebuilds for one program (two sessions
    logged at once) run one after the other and the second reads every session: without
    it both delete, both insert, and one fails on the one-row-per-day constraint.
    """
    Prescription.objects.select_for_update().filter(pk=prescription.pk).values_list(
        "pk", flat=True
    ).first()
    prescription = (
        selectors.prescriptions_with_plan(Prescription.objects.filter(pk=prescription.pk))
        .select_related("clinic")
        .get()
    )
    today = today or selectors.clinic_today(prescription.clinic)
    plan, logged = selectors.plain_program_state(prescription)
    rows = ledger_rows(prescription, plan, logged, today)
    AdherenceDay.objects.filter(prescription=prescription).delete()
    AdherenceDay.objects.bulk_create(rows, batch_size=1000)
    Prescription.objects.filter(pk=prescription.pk).update(**pain_summary(logged))
    save_standings([standing(prescription, plan, logged, today)])
    return len(rows)


def standing(prescription: Prescription, plan, logged, today: date) -> ProgramStanding:
    """Whether the prescription's current phase is ready to advance today (its plan
    prefetched; ``logged`` oldest first)."""
    phase = next(
        (p for p in prescription.phases.all() if p.pk == prescription.current_phase_id), None
    )
    readiness = selectors.current_readiness(phase, plan, logged, today)
    return ProgramStanding(
        prescription_id=prescription.pk,
        clinic_id=prescription.clinic_id,
        patient_id=prescription.patient_id,
        phase_id=prescription.current_phase_id,
        as_of=today,
        ready=bool(readiness and readiness.ready),
    )


def save_standings(standings: list[ProgramStanding]) -> None:
    """Write these standings, replacing each prescription's previous one (one query)."""
    ProgramStanding.objects.bulk_create(
        standings,
        update_conflicts=True,
        unique_fields=["prescription"],
        update_fields=["phase", "as_of", "ready"],
    )


def pain_summary(logged: list[LoggedSession]) -> dict:
    """First and latest pain and the last session day, as stored on the prescription.

    ``logged`` is oldest first; session logs serve as well as logged sessions.
    """
    return {
        "first_pain": logged[0].pain_before if logged else None,
        "latest_pain": logged[-1].pain_before if logged else None,
        "last_session_on": logged[-1].performed_on if logged else None,
    }

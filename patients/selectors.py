"""Reads for pages and the API: each fetches what it needs in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Prefetch
from django.utils import timezone

from patients.models import (
    ExerciseLog,
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
    SessionLog,
)
from patients.schedule import PlannedExercise, PlannedPhase, ProgramPlan, due_on, week_of_program


def clinic_today(clinic) -> date:
    """Today's date where the clinic is (a 23:30 session in Toronto belongs to that day)."""
    return timezone.localdate(timezone=clinic.tzinfo)


def prescriptions_with_plan(queryset):
    """Prescriptions with phases, exercises and library entries: three extra queries."""
    return queryset.prefetch_related(
        Prefetch(
            "phases",
            queryset=PrescribedPhase.objects.order_by("order").prefetch_related(
                Prefetch(
                    "exercises",
                    queryset=PrescribedExercise.objects.select_related("exercise").order_by(
                        "order"
                    ),
                )
            ),
        )
    )


def current_prescription(patient: Patient) -> Prescription | None:
    """The patient's active prescription (the most recent if several), with its plan."""
    queryset = prescriptions_with_plan(
        Prescription.objects.filter(patient=patient, status=PrescriptionStatus.ACTIVE)
    ).select_related("current_phase")
    return queryset.order_by("-start_date", "-id").first()


def pain_rose_days(prescription: Prescription) -> frozenset[date]:
    return frozenset(
        SessionLog.objects.filter(
            prescription=prescription, pain_after__gt=F("pain_before")
        ).values_list("performed_on", flat=True)
    )


def stopped_periods(prescription: Prescription, changes=None) -> tuple:
    """Pauses and completion from the prescription's history, as (from, until) day pairs.

    ``changes`` may be given already fetched (status changes, oldest first).
    """
    if changes is None:
        changes = PrescriptionChange.objects.filter(
            prescription=prescription, details__has_key="status"
        ).order_by("changed_at", "id")
    tz = prescription.clinic.tzinfo
    periods, stopped_since = [], None
    for change in changes:
        old, new = change.details["status"]
        day = timezone.localdate(change.changed_at, timezone=tz)
        if new != PrescriptionStatus.ACTIVE and stopped_since is None:
            stopped_since = day
        elif new == PrescriptionStatus.ACTIVE and stopped_since is not None:
            periods.append((stopped_since, day))
            stopped_since = None
    if prescription.status != PrescriptionStatus.ACTIVE:
        periods.append((stopped_since or timezone.localdate(timezone=tz), None))
    return tuple(periods)


def plan_for(prescription: Prescription, pain_rose_on: frozenset[date] = frozenset(), stopped=()):
    """The schedule's view of a prescription (uses the prefetched phases)."""
    phases = []
    for phase in prescription.phases.all():
        if phase.started_on is None:
            continue
        phases.append(
            PlannedPhase(
                phase_id=phase.pk,
                started_on=phase.started_on,
                exercises=tuple(
                    PlannedExercise(
                        prescribed_exercise_id=item.pk,
                        kind=item.exercise.kind,
                        order=item.order,
                        frequency=item.frequency,
                        days_per_week=item.days_per_week,
                        times_per_day=item.times_per_day,
                    )
                    for item in phase.exercises.all()
                ),
            )
        )
    phases.sort(key=lambda p: p.started_on)
    return ProgramPlan(
        start_date=prescription.start_date,
        phases=tuple(phases),
        pain_rose_on=pain_rose_on,
        stopped=stopped,
    )


@dataclass
class DueExercise:
    item: PrescribedExercise
    times_per_day: int
    done_today: int


@dataclass
class TodayPage:
    prescription: Prescription | None
    phase: PrescribedPhase | None
    week: int | None
    day: date
    due: list[DueExercise]
    sessions_today: list[SessionLog]
    rest_day_after_pain: bool


def today_page(patient: Patient, day: date | None = None) -> TodayPage:
    """Everything the Today page shows: a constant number of queries whatever the history."""
    day = day or clinic_today(patient.clinic)
    prescription = current_prescription(patient)
    if prescription is None:
        return TodayPage(None, None, None, day, [], [], False)
    rose = pain_rose_days(prescription)
    plan = plan_for(prescription, rose)
    items = {item.pk: item for phase in prescription.phases.all() for item in phase.exercises.all()}
    sessions = list(
        SessionLog.objects.filter(patient=patient, performed_on=day).order_by("logged_at")
    )
    done_counts: dict[int, int] = {}
    for log in ExerciseLog.objects.filter(session__in=sessions, done=True).values(
        "prescribed_exercise_id"
    ):
        key = log["prescribed_exercise_id"]
        done_counts[key] = done_counts.get(key, 0) + 1
    due = [
        DueExercise(
            items[p.prescribed_exercise_id],
            p.times_per_day,
            done_counts.get(p.prescribed_exercise_id, 0),
        )
        for p in due_on(plan, day)
    ]
    phase = next(
        (ph for ph in prescription.phases.all() if ph.pk == prescription.current_phase_id), None
    )
    return TodayPage(
        prescription=prescription,
        phase=phase,
        week=week_of_program(prescription.start_date, day)
        if day >= prescription.start_date
        else None,
        day=day,
        due=due,
        sessions_today=sessions,
        rest_day_after_pain=(day - timedelta(days=1)) in rose,
    )

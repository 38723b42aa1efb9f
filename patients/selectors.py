"""Reads for pages and the API: each fetches what it needs in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from patients.models import (
    Alert,
    AlertKind,
    Assessment,
    ExerciseLog,
    MicroBreakLog,
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
    SessionLog,
    StopReason,
)
from patients.rules import gates, progress, safety
from patients.rules.schedule import (
    PlannedExercise,
    PlannedPhase,
    ProgramPlan,
    due_on,
    micro_breaks_on,
    week_of_program,
)
from programs.models import Exercise, Protocol

#: Alerts that put a patient at the top of the caseload: reported in a session or at assessment.
RED_FLAG_ALERTS = frozenset({AlertKind.RED_FLAG, AlertKind.RED_FLAG_SCREEN})


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
    ).select_related("current_phase", "clinic")
    return queryset.order_by("-start_date", "-id").first()


def _held_for_review(patient: Patient):
    """The patient's programs paused for review after a red flag, the latest first."""
    return Prescription.objects.filter(
        patient=patient, status=PrescriptionStatus.PAUSED, hold_reason=StopReason.RED_FLAG
    ).order_by("-updated_at", "-id")


def held_prescription(patient: Patient) -> Prescription | None:
    """The patient's program paused for review after a red flag, if any (the latest)."""
    return _held_for_review(patient).select_related("clinic").first()


def red_flag_unreviewed(prescription: Prescription) -> bool:
    """Whether a red flag logged in this program came after the therapist last reviewed one.

    A review is a resume after review (in the program's history) or the acknowledgement of a
    red-flag alert of the patient's. Three queries.
    """
    resumed = (
        PrescriptionChange.objects.filter(
            prescription=prescription, details__has_key="review_reason"
        )
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    acknowledged = (
        Alert.objects.filter(
            patient_id=prescription.patient_id,
            kind=AlertKind.RED_FLAG,
            acknowledged_at__isnull=False,
        )
        .order_by("-acknowledged_at")
        .values_list("acknowledged_at", flat=True)
        .first()
    )
    reviewed = max((t for t in (resumed, acknowledged) if t is not None), default=None)
    flagged = SessionLog.objects.filter(prescription=prescription, red_flag=True)
    return gates.red_flag_unreviewed(flagged.values_list("logged_at", flat=True), reviewed)


def latest_assessment(patient: Patient) -> Assessment | None:
    """The patient's latest assessment with its clearance, if one was recorded: one query."""
    return (
        Assessment.objects.filter(patient=patient)
        .select_related("clearance__cleared_by")
        .order_by("-assessed_on", "-id")
        .first()
    )


def screen_of(assessment: Assessment | None) -> gates.Screen | None:
    """An assessment as the gates' plain data."""
    if assessment is None:
        return None
    ticked = (
        assessment.red_flag_numbness,
        assessment.red_flag_sharp_pain,
        assessment.red_flag_trauma,
        assessment.red_flag_persistent,
    )
    return gates.Screen(
        assessed_on=assessment.assessed_on,
        flags=tuple(item for item, on in zip(gates.SCREEN_ITEMS, ticked, strict=True) if on),
        consent=assessment.consent_given,
        cleared=hasattr(assessment, "clearance"),
    )


def rest_and_checked_out_days(prescription: Prescription) -> tuple[frozenset, frozenset]:
    """Days whose session left pain worse (a rest day follows) and days a session stopped at
    the pain check (nothing more due): one query."""
    rest, checked_out = set(), set()
    for day, before, after, symptoms, stopped in SessionLog.objects.filter(
        prescription=prescription
    ).values_list("performed_on", "pain_before", "pain_after", "symptoms", "stopped_at_check"):
        if safety.pain_worse_after(before, after, symptoms):
            rest.add(day)
        if stopped:
            checked_out.add(day)
    return frozenset(rest), frozenset(checked_out)


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


def planned_phase(phase: PrescribedPhase, items) -> PlannedPhase:
    """A started phase as the schedule sees it; ``items`` are its prescribed exercises.

    Micro-breaks are kept apart: they are offered through the day, never part of a session.
    """
    planned = [
        (
            item.exercise.micro_break,
            PlannedExercise(
                prescribed_exercise_id=item.pk,
                kind=item.exercise.kind,
                order=item.order,
                frequency=item.frequency,
                days_per_week=item.days_per_week,
                times_per_day=item.times_per_day,
                resistance=item.exercise.resistance,
            ),
        )
        for item in items
    ]
    return PlannedPhase(
        phase_id=phase.pk,
        started_on=phase.started_on,
        exercises=tuple(p for micro_break, p in planned if not micro_break),
        micro_breaks=tuple(p for micro_break, p in planned if micro_break),
    )


def held_periods(prescription: Prescription) -> tuple:
    """Exercises held after a sharp-pain mark, as (id, from, until or None): no queries."""
    periods = []
    for phase in prescription.phases.all():
        for item in phase.exercises.all():
            periods.extend(
                (item.pk, date.fromisoformat(start), date.fromisoformat(end))
                for start, end in item.held_periods
            )
            if item.held_since is not None:
                periods.append((item.pk, item.held_since, None))
    return tuple(periods)


def plan_for(
    prescription: Prescription,
    pain_rose_on: frozenset[date] = frozenset(),
    stopped=(),
    checked_out_on: frozenset[date] = frozenset(),
):
    """The schedule's view of a prescription (uses the prefetched phases)."""
    phases = sorted(
        (
            planned_phase(phase, phase.exercises.all())
            for phase in prescription.phases.all()
            if phase.started_on is not None
        ),
        key=lambda p: p.started_on,
    )
    return ProgramPlan(
        start_date=prescription.start_date,
        phases=tuple(phases),
        pain_rose_on=pain_rose_on,
        stopped=stopped,
        checked_out_on=checked_out_on,
        held=held_periods(prescription),
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
    #: Micro-breaks due today: logged with one tap each, not in the session form.
    micro_breaks: list[DueExercise] = field(default_factory=list)
    #: No active program because a red flag paused it for review: show the stop message.
    paused_for_review: bool = False
    #: Exercises of the current phase held after a sharp-pain mark, until reviewed.
    held: list[PrescribedExercise] = field(default_factory=list)
    #: Today's session stopped at the pain check (nothing more is due today).
    stopped_at_check: SessionLog | None = None


def today_page(patient: Patient, day: date | None = None) -> TodayPage:
    """Everything the Today page shows: a constant number of queries whatever the history."""
    day = day or clinic_today(patient.clinic)
    prescription = current_prescription(patient)
    if prescription is None:
        held = held_prescription(patient) is not None
        return TodayPage(None, None, None, day, [], [], False, paused_for_review=held)
    rose, checked_out = rest_and_checked_out_days(prescription)
    plan = plan_for(prescription, rose, checked_out_on=checked_out)
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
    micro_breaks = [
        DueExercise(items[p.prescribed_exercise_id], p.times_per_day, 0)
        for p in micro_breaks_on(plan, day)
    ]
    if micro_breaks:
        taken: dict[int, int] = {}
        for item_id in MicroBreakLog.objects.filter(patient=patient, performed_on=day).values_list(
            "prescribed_exercise_id", flat=True
        ):
            taken[item_id] = taken.get(item_id, 0) + 1
        for entry in micro_breaks:
            entry.done_today = taken.get(entry.item.pk, 0)
    phase = next(
        (ph for ph in prescription.phases.all() if ph.pk == prescription.current_phase_id), None
    )
    held = [item for item in phase.exercises.all() if item.held_since] if phase else []
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
        micro_breaks=micro_breaks,
        held=held,
        stopped_at_check=next((s for s in sessions if s.stopped_at_check), None),
    )


class PainAndAlerts:
    """What a progress view derives from ``baseline_pain``, ``latest_pain`` and ``open_alerts``
    (the patient's progress and the caseload's row show the same figures)."""

    @property
    def pain_change(self) -> int | None:
        if self.baseline_pain is None or self.latest_pain is None:
            return None
        return self.latest_pain - self.baseline_pain

    @property
    def has_red_flag(self) -> bool:
        return any(alert.kind in RED_FLAG_ALERTS for alert in self.open_alerts)


@dataclass
class Progress(PainAndAlerts):
    """A patient's progress on their current program, for the dashboards and the API."""

    patient: Patient
    prescription: Prescription | None
    phase: PrescribedPhase | None = None
    next_phase: PrescribedPhase | None = None
    week: int | None = None
    adherence: dict | None = None
    exercise_adherence: list = field(default_factory=list)
    streak: int = 0
    baseline_pain: int | None = None
    latest_pain: int | None = None
    pain_series: list = field(default_factory=list)
    weekly_pain: list = field(default_factory=list)
    readiness: progress.Readiness | None = None
    open_alerts: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    last_session_on: date | None = None

    @property
    def pain_change_size(self) -> int | None:
        return None if self.pain_change is None else abs(self.pain_change)


def logged_sessions(sessions) -> list[progress.LoggedSession]:
    """Session logs (with their prefetched exercise logs) as the progress rules' plain data."""
    return [
        progress.LoggedSession(
            performed_on=s.performed_on,
            pain_before=s.pain_before,
            pain_after=s.pain_after,
            red_flag=s.red_flag,
            phase_id=s.phase_id,
            exercises=tuple(
                progress.LoggedExercise(
                    prescribed_exercise_id=log.prescribed_exercise_id,
                    done=log.done,
                    good_form=log.good_form,
                    painful=log.painful,
                )
                for log in s.exercise_logs.all()
            ),
            symptoms=frozenset(s.symptoms),
            stopped_at_check=s.stopped_at_check,
        )
        for s in sessions
    ]


def program_state(prescription: Prescription, sessions=None, status_changes=None):
    """The plan and logged sessions of one prescription.

    Sessions (with prefetched exercise logs, oldest first) and status changes may be given
    already fetched in bulk; otherwise they cost three queries.
    """
    if sessions is None:
        sessions = list(
            SessionLog.objects.filter(prescription=prescription)
            .prefetch_related("exercise_logs")
            .order_by("performed_on", "logged_at")
        )
    logged = logged_sessions(sessions)
    plan = plan_for(
        prescription,
        progress.rest_days(logged),
        stopped_periods(prescription, status_changes),
        progress.checked_out_days(logged),
    )
    return plan, sessions, logged


def plain_program_state(prescription: Prescription, logged=None, status_changes=None):
    """The plan and logged sessions (plain values, oldest first) of one prescription.

    Lighter than ``program_state``: no session models. ``logged`` and status changes may be
    given already fetched; otherwise the sessions cost two queries and the changes one.
    """
    if logged is None:
        logged = logged_by_prescription([prescription.pk]).get(prescription.pk, [])
    plan = plan_for(
        prescription,
        progress.rest_days(logged),
        stopped_periods(prescription, status_changes),
        progress.checked_out_days(logged),
    )
    return plan, logged


def latest_baselines(patient_ids) -> dict[int, int]:
    """Each patient's pain at their latest assessment that recorded one."""
    baselines = {}
    for patient_id, pain in (
        Assessment.objects.filter(patient_id__in=patient_ids, baseline_pain__isnull=False)
        .order_by("assessed_on", "id")
        .values_list("patient_id", "baseline_pain")
    ):
        baselines[patient_id] = pain  # the latest assessment wins
    return baselines


def logged_from_rows(session_rows, log_rows) -> dict[int, list[progress.LoggedSession]]:
    """LoggedSessions per prescription from plain value rows (no model instances).

    ``session_rows``: (id, prescription_id, performed_on, pain_before, pain_after,
    red_flag, phase_id, symptoms, stopped_at_check), oldest first; ``log_rows``:
    (session_id, prescribed_exercise_id, done, good_form, painful).
    """
    logs: dict[int, list] = {}
    for session_id, item, done, good_form, painful in log_rows:
        logs.setdefault(session_id, []).append(
            progress.LoggedExercise(item, done, good_form, painful)
        )
    logged: dict[int, list] = {}
    for pk, prescription_id, day, before, after, red_flag, phase_id, symptoms, stop in session_rows:
        logged.setdefault(prescription_id, []).append(
            progress.LoggedSession(
                day,
                before,
                after,
                red_flag,
                phase_id,
                tuple(logs.get(pk, ())),
                frozenset(symptoms),
                stop,
            )
        )
    return logged


def logged_by_prescription(prescription_ids) -> dict[int, list[progress.LoggedSession]]:
    """The logged sessions of these prescriptions as plain data, oldest first: two queries."""
    return logged_from_rows(
        SessionLog.objects.filter(prescription_id__in=prescription_ids)
        .order_by("performed_on", "logged_at")
        .values_list(
            "pk",
            "prescription_id",
            "performed_on",
            "pain_before",
            "pain_after",
            "red_flag",
            "phase_id",
            "symptoms",
            "stopped_at_check",
        ),
        ExerciseLog.objects.filter(session__prescription_id__in=prescription_ids).values_list(
            "session_id", "prescribed_exercise_id", "done", "good_form", "painful"
        ),
    )


def current_readiness(phase, plan, logged, day) -> progress.Readiness | None:
    """Whether the program's current ``phase`` (None: no phase) is ready to advance on ``day``."""
    if phase is None:
        return None
    weeks = None if phase.week_end is None else phase.week_end - phase.week_start + 1
    return progress.phase_readiness(plan, logged, phase.pk, weeks, day)


def build_progress(
    patient,
    prescription,
    sessions,
    status_changes,
    assessment_baseline,
    open_alerts,
    day,
    logged=None,
) -> Progress:
    """Progress of one patient from rows already fetched (no queries of its own).

    Give either the session models (``sessions``, with prefetched exercise logs) or the
    plain ``logged`` sessions (oldest first), which is faster.
    """
    if prescription is None:
        return Progress(patient=patient, prescription=None, open_alerts=open_alerts)
    if logged is None:
        plan, sessions, logged = program_state(prescription, sessions, status_changes)
    else:
        plan, logged = plain_program_state(prescription, logged, status_changes)
        sessions = []
    phases = list(prescription.phases.all())
    phase = next((p for p in phases if p.pk == prescription.current_phase_id), None)
    next_phase = next((p for p in phases if phase and p.order > phase.order), None)
    baseline = progress.baseline_pain(logged, assessment_baseline)
    closed = progress.last_closed_day(plan, logged, day)
    items = {item.pk: item for p in phases for item in p.exercises.all()}
    per_exercise = progress.exercise_adherence(plan, logged, plan.start_date, closed)
    readiness = current_readiness(phase, plan, logged, day)
    return Progress(
        patient=patient,
        prescription=prescription,
        phase=phase,
        next_phase=next_phase,
        week=week_of_program(prescription.start_date, day) if day >= plan.start_date else None,
        adherence=progress.adherence_windows(plan, logged, day),
        exercise_adherence=[
            {"item": items[pk], "adherence": value}
            for pk, value in per_exercise.items()
            if pk in items
        ],
        streak=progress.current_streak(plan, logged, day),
        baseline_pain=baseline,
        latest_pain=logged[-1].pain_before if logged else None,
        pain_series=progress.pain_series(logged, prescription.start_date),
        weekly_pain=progress.weekly_pain(logged, prescription.start_date),
        readiness=readiness,
        open_alerts=open_alerts,
        sessions=sessions,
        last_session_on=logged[-1].performed_on if logged else None,
    )


def patient_progress(
    patient: Patient, day: date | None = None, *, with_sessions: bool = True
) -> Progress:
    """Adherence, streak, pain, phase readiness and open alerts, in constant queries.

    ``with_sessions=False`` is for pages that show only the figures: sessions are read as
    plain values (faster) and ``Progress.sessions`` stays empty.
    """
    return _progress_of(patient, current_prescription(patient), day, with_sessions)


def review_progress(patient: Patient, day: date | None = None) -> Progress | None:
    """The program a red flag paused for review, with its figures and sessions: what the
    therapist looks at before resuming it. None when no program waits for review."""
    held = (
        prescriptions_with_plan(_held_for_review(patient))
        .select_related("current_phase", "clinic")
        .first()
    )
    return None if held is None else _progress_of(patient, held, day, with_sessions=True)


def _progress_of(patient, prescription, day, with_sessions) -> Progress:
    day = day or clinic_today(patient.clinic)
    open_alerts = list(Alert.objects.filter(patient=patient).open().order_by("-raised_at"))
    baseline = latest_baselines([patient.pk]).get(patient.pk)
    logged = None
    if prescription is not None and not with_sessions:
        logged = logged_by_prescription([prescription.pk]).get(prescription.pk, [])
    return build_progress(
        patient, prescription, None, None, baseline, open_alerts, day, logged=logged
    )


#: How many library exercises the program builder lists for one search.
BUILDER_RESULTS = 24


@dataclass
class BuilderPage:
    """What the program builder shows: the program, each exercise's variants, the library."""

    prescription: Prescription
    phases: list  # each exercise carries ``harder_variant`` and ``easier_variants``
    results: list
    more_results: bool
    protocols: list
    changes: list


def program_builder(prescription: Prescription, user, search: dict) -> BuilderPage:
    """The program builder's reads, in a fixed number of queries whatever the program's size.

    ``search`` filters the library: ``q`` (name), ``kind``, ``region``, ``equipment``.
    """
    phases = list(
        PrescribedPhase.objects.filter(prescription=prescription)
        .order_by("order")
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=PrescribedExercise.objects.select_related("exercise__harder").order_by(
                    "order", "id"
                ),
            )
        )
    )
    visible = Exercise.objects.visible_to(user)
    items = [item for phase in phases for item in phase.exercises.all()]
    visible_ids = set(
        visible.filter(
            pk__in={item.exercise.harder_id for item in items if item.exercise.harder_id}
        ).values_list("pk", flat=True)
    )
    easier: dict[int, list] = {}
    for variant in visible.filter(harder_id__in={item.exercise_id for item in items}):
        easier.setdefault(variant.harder_id, []).append(variant)
    for item in items:
        item.harder_variant = (
            item.exercise.harder if item.exercise.harder_id in visible_ids else None
        )
        item.easier_variants = sorted(easier.get(item.exercise_id, []), key=lambda e: e.name)
    library = visible
    if search.get("q"):
        library = library.filter(name__icontains=search["q"])
    if search.get("kind"):
        library = library.filter(kind=search["kind"])
    if search.get("region"):
        library = library.filter(region=search["region"])
    if search.get("equipment"):
        # Quoted, so "wall" matches the item, never a longer code holding it; JSON lists
        # hold no other quotes. SQLite has no JSON containment lookup.
        library = library.filter(equipment__icontains=f'"{search["equipment"]}"')
    results = list(library.order_by("name")[: BUILDER_RESULTS + 1])
    protocols = list(Protocol.objects.visible_to(user).order_by("name").prefetch_related("phases"))
    changes = list(
        PrescriptionChange.objects.filter(prescription=prescription)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")[:15]
    )
    return BuilderPage(
        prescription=prescription,
        phases=phases,
        results=results[:BUILDER_RESULTS],
        more_results=len(results) > BUILDER_RESULTS,
        protocols=protocols,
        changes=changes,
    )

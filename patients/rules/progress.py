"""Progress over a prescription: adherence, streak, pain trend, phase readiness and alerts.

Pure functions over plain data (design, section 3). The caller — a selector — builds a
``ProgramPlan`` with ``patients.rules.schedule`` and turns the session logs into the plain
``LoggedSession`` values below; nothing here touches the database.

Shared rules:
- a session *counts* (the day is completed) when at least one of its exercises is done;
- a day is *scheduled* when the schedule has anything due on it; rest days (every-other-day
  gaps, the rest day after pain rose, pauses and completion) are not scheduled;
- adherence only counts scheduled days, so a session on a rest day never raises it;
- each function computes ``schedule(plan, ...)`` once: it walks every day from the start.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from zoneinfo import ZoneInfo

from patients.rules import safety
from patients.rules.codes import AlertCode, AlertKind, Finding, Params, ReadinessCode
from patients.rules.limits import PAIN_RISE_POINTS
from patients.rules.schedule import PlannedExercise, ProgramPlan, schedule, week_of_program

#: Sessions looked at for form, pain with the exercise and the pain trend in a phase.
RECENT_SESSIONS = 3
#: Days without a counting session before the therapist hears about it.
INACTIVE_DAYS = 3
#: "No improvement after two weeks of consistent exercise".
NO_IMPROVEMENT_DAYS = 14
NO_IMPROVEMENT_MIN_SCHEDULED = 6
NO_IMPROVEMENT_MIN_ADHERENCE = 0.8

# Rates such as 12/15 are compared with thresholds such as 0.8 in floating point.
_EPSILON = 1e-9

Days = dict[date, list[PlannedExercise]]


@dataclass(frozen=True, slots=True)
class LoggedExercise:
    """What the patient reported of one prescribed exercise in a session."""

    prescribed_exercise_id: int
    done: bool
    good_form: bool | None
    painful: bool


@dataclass(frozen=True, slots=True)
class LoggedSession:
    """One logged session; ``performed_on`` is the clinic-local day (see ``local_day``)."""

    performed_on: date
    pain_before: int
    pain_after: int
    red_flag: bool
    phase_id: int | None
    exercises: tuple[LoggedExercise, ...]
    symptoms: frozenset[str] = frozenset()
    #: Why the session stopped at the pain check ('' when it did not).
    stopped_at_check: str = ""

    @property
    def worse_after(self) -> bool:
        """Pain was worse after the session (numbers or the patient's word): a rest day."""
        return safety.pain_worse_after(self.pain_before, self.pain_after, self.symptoms)

    @property
    def counts(self) -> bool:
        """The session completes its day: at least one exercise was done."""
        return any(item.done for item in self.exercises)

    @property
    def complete(self) -> bool:
        """Every exercise on the log was done (the log form lists each one due that day)."""
        return bool(self.exercises) and all(item.done for item in self.exercises)

    @property
    def poor_form(self) -> bool:
        """An exercise was reported with poor form (not answering is not poor form)."""
        return any(item.good_form is False for item in self.exercises)

    @property
    def painful(self) -> bool:
        return any(item.painful for item in self.exercises)


@dataclass(frozen=True)
class Adherence:
    """Scheduled days in a window, and how many of them had a counting session."""

    scheduled: int
    completed: int

    @property
    def rate(self) -> float | None:
        """Completed over scheduled, from 0 to 1; None when nothing was scheduled."""
        if self.scheduled == 0:
            return None
        return self.completed / self.scheduled


@dataclass(frozen=True)
class Readiness:
    """Whether a phase is ready to advance, with the criteria that hold and those that do not.

    The therapist confirms the advance; this only says whether the criteria are met. Each
    reason and blocker is a coded ``Finding``; ``patients.texts`` puts it in words.
    """

    ready: bool
    reasons: tuple[Finding, ...]
    blockers: tuple[Finding, ...]


@dataclass(frozen=True)
class AlertCandidate:
    """An alert to raise unless one with the same kind and cause key already exists.

    ``code`` and ``params`` say what to tell the therapist; ``patients.texts`` words it.
    """

    kind: AlertKind
    cause_key: str
    code: AlertCode
    params: Params


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """The clinic-local day of an aware moment (a 23:30 session belongs to that evening)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_day needs an aware datetime.")
    return moment.astimezone(tz).date()


def rest_days(sessions: Iterable[LoggedSession]) -> frozenset[date]:
    """Days with a session after which pain was worse: each earns a rest day the next day."""
    return frozenset(session.performed_on for session in sessions if session.worse_after)


def checked_out_days(sessions: Iterable[LoggedSession]) -> frozenset[date]:
    """Days a session stopped at the pain check: nothing more is due those days."""
    return frozenset(session.performed_on for session in sessions if session.stopped_at_check)


# Helpers over plain data.


def _in_order(sessions: Iterable[LoggedSession]) -> list[LoggedSession]:
    """Sessions by day; sessions of one day keep the order they were given in."""
    return sorted(sessions, key=lambda session: session.performed_on)


def _completed_days(sessions: Iterable[LoggedSession]) -> set[date]:
    return {session.performed_on for session in sessions if session.counts}


def _count(days: Days, completed: set[date], start: date, end: date) -> Adherence:
    scheduled = done = 0
    for day, due in days.items():
        if due and start <= day <= end:
            scheduled += 1
            done += day in completed
    return Adherence(scheduled=scheduled, completed=done)


def _last_closed_day(days: Days, completed: set[date], today: date) -> date:
    """Today while it is settled (done, or nothing due), else yesterday."""
    if days.get(today) and today not in completed:
        return today - timedelta(days=1)
    return today


def whole_percent(rate: float) -> int:
    """The one percentage rule: whole percent, rounded down, so that 79.6% never reads as
    meeting an 80% bar (pages, readiness texts and exports all show this figure)."""
    return int(rate * 100 + _EPSILON)


# Adherence and streak.


def adherence(
    plan: ProgramPlan, sessions: Sequence[LoggedSession], start: date, end: date
) -> Adherence:
    """Scheduled and completed days from ``start`` to ``end`` inclusive.

    The window is clamped to the plan's start date. A day is completed when a session that
    day counts; sessions on unscheduled days are ignored, so the rate stays within 0..1.
    """
    start = max(start, plan.start_date)
    if end < start:
        return Adherence(0, 0)
    return _count(schedule(plan, end), _completed_days(sessions), start, end)


def last_closed_day(plan: ProgramPlan, sessions: Sequence[LoggedSession], today: date) -> date:
    """The last day a window should include: today once it is done or rest, else yesterday.

    Today is still open while something is due and no session was logged: the patient is
    not penalised before the day is over.
    """
    if today < plan.start_date:
        return today
    return _last_closed_day(schedule(plan, today), _completed_days(sessions), today)


def adherence_windows(
    plan: ProgramPlan, sessions: Sequence[LoggedSession], today: date
) -> dict[str, Adherence]:
    """Adherence over the last 7 days, the last 28 days and the whole program.

    Each window ends on the last closed day (``last_closed_day``): today if a counting
    session was logged today (or nothing is due today), otherwise yesterday. The 7- and
    28-day windows keep their length, so when today is open they cover the seven (or
    twenty-eight) days up to yesterday. "program" runs from the plan's start date.
    """
    days = schedule(plan, today)
    completed = _completed_days(sessions)
    end = _last_closed_day(days, completed, today)
    return {
        "last_7_days": _count(days, completed, end - timedelta(days=6), end),
        "last_28_days": _count(days, completed, end - timedelta(days=27), end),
        "program": _count(days, completed, plan.start_date, end),
    }


def exercise_adherence(
    plan: ProgramPlan, sessions: Sequence[LoggedSession], start: date, end: date
) -> dict[int, Adherence]:
    """Per prescribed exercise: days it was due in the window and days it was logged done.

    ``times_per_day`` is ignored: a day counts once. Only due days count, so logging an
    exercise on a day it was not due does not raise its figure. Exercises never due in the
    window are left out; the order is the order they first fell due (session order). For
    the "today is open" rule, pass ``end=last_closed_day(...)``.
    """
    start = max(start, plan.start_date)
    if end < start:
        return {}
    done = {
        (session.performed_on, item.prescribed_exercise_id)
        for session in sessions
        for item in session.exercises
        if item.done
    }
    scheduled: dict[int, int] = {}
    completed: dict[int, int] = {}
    for day, due in schedule(plan, end).items():
        if day < start:
            continue
        for item in due:
            key = item.prescribed_exercise_id
            scheduled[key] = scheduled.get(key, 0) + 1
            completed[key] = completed.get(key, 0) + ((day, key) in done)
    return {key: Adherence(scheduled[key], completed[key]) for key in scheduled}


def current_streak(plan: ProgramPlan, sessions: Sequence[LoggedSession], today: date) -> int:
    """Consecutive completed scheduled days, counting back from the last closed day.

    Starts from today, or from yesterday while today is due and not yet done; rest days
    (nothing due) are skipped: they neither break nor extend the streak.
    """
    if today < plan.start_date:
        return 0
    days = schedule(plan, today)
    completed = _completed_days(sessions)
    day = _last_closed_day(days, completed, today)
    streak = 0
    while day >= plan.start_date:
        if days[day]:
            if day not in completed:
                break
            streak += 1
        day -= timedelta(days=1)
    return streak


# Pain.


def baseline_pain(sessions: Sequence[LoggedSession], assessment_baseline: int | None) -> int | None:
    """The assessment's pain score if recorded, else the first session's pain before."""
    if assessment_baseline is not None:
        return assessment_baseline
    ordered = _in_order(sessions)
    return ordered[0].pain_before if ordered else None


def pain_series(sessions: Sequence[LoggedSession], start_date: date) -> list[dict]:
    """Pain before and after, one point per session, in date order (for a chart).

    Each point carries its program week, counted from ``start_date`` as ``weekly_pain``
    counts it, so the chart never counts weeks on its own.
    """
    return [
        {
            "date": session.performed_on,
            "week": week_of_program(start_date, session.performed_on),
            "before": session.pain_before,
            "after": session.pain_after,
        }
        for session in _in_order(sessions)
    ]


def weekly_pain(sessions: Sequence[LoggedSession], start_date: date) -> list[dict]:
    """Mean pain before and after per program week (week 1 starts on ``start_date``).

    Only weeks with sessions are listed; sessions before the start date are left out.
    """
    weeks: dict[int, list[LoggedSession]] = {}
    for session in sessions:
        if session.performed_on >= start_date:
            weeks.setdefault(week_of_program(start_date, session.performed_on), []).append(session)
    return [
        {
            "week": week,
            "mean_before": round(fmean([s.pain_before for s in group]), 1),
            "mean_after": round(fmean([s.pain_after for s in group]), 1),
            "sessions": len(group),
        }
        for week, group in sorted(weeks.items())
    ]


# Phase readiness.


def phase_readiness(
    plan: ProgramPlan,
    sessions: Sequence[LoggedSession],
    phase_id: int,
    phase_weeks: int | None,
    today: date,
    min_adherence: float = 0.8,
) -> Readiness:
    """Whether a phase is ready to advance (design, section 3: never advance through pain).

    Ready only when all hold:
    (a) the phase's weeks have passed: today >= started_on + 7 * phase_weeks days (an
        open-ended last phase, ``phase_weeks`` None, is never ready);
    (b) adherence in the phase, from its start to yesterday, is at least ``min_adherence``;
    (c) pain did not rise: mean pain before of the phase's last three sessions is not above
        that of its first three;
    (d) the last three sessions were complete (every exercise done) with no poor form;
    (e) no red flag in the phase, and no exercise painful in the last three sessions.

    The phase's sessions are those logged with its ``phase_id`` up to today, plus sessions
    without a phase logged while it was in effect. Fewer than three sessions is a blocker.
    Every criterion is reported, so the therapist sees everything still missing.
    """
    phase = next((p for p in plan.phases if p.phase_id == phase_id), None)
    if phase is None:
        return Readiness(False, (), (Finding(ReadinessCode.PHASE_NOT_STARTED),))
    started = phase.started_on
    later = [p.started_on for p in plan.phases if p.started_on > started]
    phase_end = min(later) - timedelta(days=1) if later else None
    reasons: list[Finding] = []
    blockers: list[Finding] = []

    # (a) Weeks.
    if phase_weeks is None:
        blockers.append(Finding(ReadinessCode.LAST_PHASE))
    else:
        due = started + timedelta(days=7 * phase_weeks)
        if today >= due:
            reasons.append(
                Finding(ReadinessCode.WEEKS_DONE, {"weeks": phase_weeks, "since": started})
            )
        else:
            blockers.append(
                Finding(
                    ReadinessCode.WEEKS_LEFT,
                    {"weeks": phase_weeks, "days_left": (due - today).days, "until": due},
                )
            )

    # (b) Adherence.
    end = today - timedelta(days=1)
    if phase_end is not None:
        end = min(end, phase_end)
    figure = adherence(plan, sessions, started, end)
    bar = round(min_adherence * 100)
    if figure.rate is None:
        blockers.append(Finding(ReadinessCode.NOTHING_DUE))
    else:
        shown = {"percent": whole_percent(figure.rate), "bar": bar}
        if figure.rate + _EPSILON >= min_adherence:
            reasons.append(Finding(ReadinessCode.ADHERENCE_MET, shown))
        else:
            blockers.append(Finding(ReadinessCode.ADHERENCE_LOW, shown))

    # The phase's sessions.
    def in_phase(session: LoggedSession) -> bool:
        if session.performed_on > today:
            return False
        if session.phase_id is not None:
            return session.phase_id == phase_id
        return started <= session.performed_on and (
            phase_end is None or session.performed_on <= phase_end
        )

    logged = [session for session in _in_order(sessions) if in_phase(session)]
    recent = logged[-RECENT_SESSIONS:]

    # (e) Red flags anywhere in the phase.
    if any(session.red_flag for session in logged):
        blockers.append(Finding(ReadinessCode.RED_FLAG))
    else:
        reasons.append(Finding(ReadinessCode.NO_RED_FLAG))

    if len(logged) < RECENT_SESSIONS:
        blockers.append(
            Finding(
                ReadinessCode.TOO_FEW_SESSIONS, {"logged": len(logged), "needed": RECENT_SESSIONS}
            )
        )
        return Readiness(False, tuple(reasons), tuple(blockers))

    # (c) Pain trend, compared unrounded; shown to one decimal.
    first = fmean([s.pain_before for s in logged[:RECENT_SESSIONS]])
    last = fmean([s.pain_before for s in recent])
    trend = {"first": round(first, 1), "last": round(last, 1), "sessions": RECENT_SESSIONS}
    if last <= first + _EPSILON:
        reasons.append(Finding(ReadinessCode.PAIN_STEADY, trend))
    else:
        blockers.append(Finding(ReadinessCode.PAIN_ROSE, trend))

    # (d) Complete, with good form.
    window = {"sessions": RECENT_SESSIONS}
    if all(session.complete for session in recent):
        reasons.append(Finding(ReadinessCode.ALL_DONE, window))
    else:
        blockers.append(Finding(ReadinessCode.NOT_ALL_DONE, window))
    if any(session.poor_form for session in recent):
        blockers.append(Finding(ReadinessCode.POOR_FORM, window))
    else:
        reasons.append(Finding(ReadinessCode.GOOD_FORM, window))

    # (e) Pain with an exercise.
    if any(session.painful for session in recent):
        blockers.append(Finding(ReadinessCode.PAINFUL_EXERCISE, window))
    else:
        reasons.append(Finding(ReadinessCode.NO_PAINFUL_EXERCISE, window))

    return Readiness(not blockers, tuple(reasons), tuple(blockers))


# Alerts.


def alerts_for(
    plan: ProgramPlan, sessions: Sequence[LoggedSession], today: date, baseline: int | None
) -> list[AlertCandidate]:
    """Alerts the sessions up to today call for, each with a key that names its cause.

    The caller creates those whose (kind, cause_key) it has not raised before, so running
    this after every log or every night raises each alert once.

    - red_flag: one per day with a red-flag session;
    - pain_rise: the latest session's pain (before or after, the higher) is at least
      2 points above ``baseline`` (no baseline, no alert);
    - pain_after_worse: two sessions in a row with pain worse after them (pain after above
      pain before, or the patient said so), keyed by the second one's day;
    - pain_interferes: one per day a session said pain keeps the patient awake or stops
      daily tasks (a review trigger);
    - pain_check_stop: one per day a session stopped at the pain check;
    - inactive: no counting session on the three days before today while something was
      due on one of them; not raised once a counting session is logged today, nor before the
      program has run three days; keyed by the last counting session's day (or the start
      date), so one gap gives one alert;
    - no_improvement: over the fourteen days before today, at least 6 scheduled days and 80%
      adherence, and the mean pain before in the second week is not lower than in the first
      (both weeks need a session; a patient at 0 both weeks has nothing to improve); one per
      ISO week of the window's first day.
    """
    ordered = [session for session in _in_order(sessions) if session.performed_on <= today]
    found: list[AlertCandidate] = []

    for day in sorted({session.performed_on for session in ordered if session.red_flag}):
        found.append(
            AlertCandidate(
                AlertKind.RED_FLAG,
                f"session-red-flag:{day.isoformat()}",
                AlertCode.RED_FLAG,
                {"day": day},
            )
        )

    if ordered and baseline is not None:
        latest = ordered[-1]
        worst = max(latest.pain_before, latest.pain_after)
        if worst >= baseline + PAIN_RISE_POINTS:
            found.append(
                AlertCandidate(
                    AlertKind.PAIN_RISE,
                    f"pain-rise:{latest.performed_on.isoformat()}",
                    AlertCode.PAIN_RISE,
                    {
                        "pain": worst,
                        "day": latest.performed_on,
                        "rise": worst - baseline,
                        "baseline": baseline,
                    },
                )
            )

    for day in sorted(
        {s.performed_on for s in ordered if safety.interferes_with_daily_life(s.symptoms)}
    ):
        found.append(
            AlertCandidate(
                AlertKind.PAIN_INTERFERES,
                f"pain-interferes:{day.isoformat()}",
                AlertCode.PAIN_INTERFERES,
                {"day": day},
            )
        )

    for session in ordered:
        if session.stopped_at_check:
            found.append(
                AlertCandidate(
                    AlertKind.PAIN_CHECK_STOP,
                    f"pain-check-stop:{session.performed_on.isoformat()}",
                    AlertCode.PAIN_CHECK_STOPPED,
                    {"day": session.performed_on, "reason": session.stopped_at_check},
                )
            )

    for previous, session in zip(ordered, ordered[1:], strict=False):
        if previous.worse_after and session.worse_after:
            found.append(
                AlertCandidate(
                    AlertKind.PAIN_AFTER_WORSE,
                    f"pain-after-worse:{session.performed_on.isoformat()}",
                    AlertCode.PAIN_AFTER_WORSE,
                    {"day": session.performed_on, "sessions": 2},
                )
            )

    days = schedule(plan, today)
    completed = _completed_days(ordered)
    gap_start = today - timedelta(days=INACTIVE_DAYS)
    gap = [gap_start + timedelta(days=n) for n in range(INACTIVE_DAYS)]
    if (
        gap_start >= plan.start_date
        and today not in completed
        and not any(day in completed for day in gap)
        and any(days.get(day) for day in gap)
    ):
        last = max((day for day in completed if day < today), default=None)
        if last is None:
            code, params = AlertCode.INACTIVE_SINCE_START, {"start": plan.start_date}
        else:
            code, params = AlertCode.INACTIVE, {"days": (today - last).days - 1, "last": last}
        found.append(
            AlertCandidate(
                AlertKind.INACTIVE,
                f"inactive:{(last or plan.start_date).isoformat()}",
                code,
                params,
            )
        )

    window_start = today - timedelta(days=NO_IMPROVEMENT_DAYS)
    halfway = window_start + timedelta(days=NO_IMPROVEMENT_DAYS // 2)
    figure = _count(days, completed, window_start, today - timedelta(days=1))
    first_week = [s.pain_before for s in ordered if window_start <= s.performed_on < halfway]
    second_week = [s.pain_before for s in ordered if halfway <= s.performed_on < today]
    if (
        figure.scheduled >= NO_IMPROVEMENT_MIN_SCHEDULED
        and figure.rate is not None
        and figure.rate + _EPSILON >= NO_IMPROVEMENT_MIN_ADHERENCE
        and first_week
        and second_week
    ):
        before, after = fmean(first_week), fmean(second_week)
        if after >= before - _EPSILON and (before > 0 or after > 0):
            year, week, _weekday = window_start.isocalendar()
            found.append(
                AlertCandidate(
                    AlertKind.NO_IMPROVEMENT,
                    f"no-improvement:{year}-W{week:02d}",
                    AlertCode.NO_IMPROVEMENT,
                    {
                        "weeks": NO_IMPROVEMENT_DAYS // 7,
                        "percent": whole_percent(figure.rate),
                        "first": round(before, 1),
                        "last": round(after, 1),
                    },
                )
            )

    unique: dict[tuple[str, str], AlertCandidate] = {}
    for candidate in found:
        unique.setdefault((candidate.kind, candidate.cause_key), candidate)
    return list(unique.values())

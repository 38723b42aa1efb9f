"""Which exercises are due on a day: a plain function over a prescription's plan.

Rules (design, section 3):
- session order: release, then stretch and mobility, then strengthening and activation;
- each dose's frequency: daily, every other day, or N days a week (spread over the
  week, counted from the day the phase started), and times per day;
- nothing done against resistance (body weight against gravity, a band, weights) is
  scheduled on two consecutive days (48 hours to recover), whatever the exercise's kind;
- a session with pain worse after it (``safety.pain_worse_after``) earns a rest day the
  next day;
- a day whose session stopped at the quick pain check has nothing more due: neither done
  nor missed;
- an exercise held after a sharp-pain mark is not due until a therapist reviews it;
- micro-breaks (desk breaks logged with one tap) are offered on the days a session could be
  due but are not part of the session: they never make a day scheduled, done or missed;
- nothing is due before the start date, while paused, or after the program was completed
  (both given as ``stopped`` periods).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from programs.vocabulary import LOADED, SESSION_ORDER, Frequency, Resistance


@dataclass(frozen=True)
class PlannedExercise:
    """One exercise of a phase with the parts of its dose that decide when it is due."""

    prescribed_exercise_id: int
    kind: str
    order: int
    frequency: str
    days_per_week: int | None = None
    times_per_day: int = 1
    resistance: str = Resistance.NONE

    @property
    def session_rank(self) -> tuple[int, int]:
        return (SESSION_ORDER[self.kind], self.order)

    @property
    def is_loaded(self) -> bool:
        """Done against resistance: never due on two consecutive days."""
        return self.resistance in LOADED


@dataclass(frozen=True)
class PlannedPhase:
    phase_id: int
    started_on: date
    exercises: tuple[PlannedExercise, ...]
    #: Micro-breaks of the phase: offered through the day, outside the session's schedule.
    micro_breaks: tuple[PlannedExercise, ...] = ()


@dataclass(frozen=True)
class ProgramPlan:
    """A prescription reduced to what the schedule needs; phases in the order they started."""

    start_date: date
    phases: tuple[PlannedPhase, ...]
    pain_rose_on: frozenset[date] = field(default_factory=frozenset)
    #: Pauses and completion as (first day stopped, day it resumed or None if still stopped).
    stopped: tuple[tuple[date, date | None], ...] = ()
    #: Days a session stopped at the pain check before its first exercise.
    checked_out_on: frozenset[date] = field(default_factory=frozenset)
    #: Held exercises as (prescribed exercise id, first day held, day reviewed or None).
    held: tuple[tuple[int, date, date | None], ...] = ()

    def is_stopped_on(self, day: date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.stopped)

    def is_held_on(self, prescribed_exercise_id: int, day: date) -> bool:
        return any(
            key == prescribed_exercise_id and start <= day and (end is None or day < end)
            for key, start, end in self.held
        )


def week_of_program(start_date: date, day: date) -> int:
    """Week 1 is the first seven days from the start date."""
    return (day - start_date).days // 7 + 1


@lru_cache(maxsize=8)
def weekly_offsets(days_per_week: int) -> frozenset[int]:
    """Days of a 7-day cycle for an N-days-a-week dose, spread as evenly as possible."""
    return frozenset((i * 7) // days_per_week for i in range(days_per_week))


def phase_on(plan: ProgramPlan, day: date) -> PlannedPhase | None:
    """The phase in effect on a day: the last one started on or before it."""
    current = None
    for phase in plan.phases:
        if phase.started_on <= day:
            current = phase
    return current


def _frequency_allows(item: PlannedExercise, phase: PlannedPhase, day: date) -> bool:
    offset = (day - phase.started_on).days
    if item.frequency == Frequency.DAILY:
        return True
    if item.frequency == Frequency.EVERY_OTHER_DAY:
        return offset % 2 == 0
    return offset % 7 in weekly_offsets(item.days_per_week or 1)


@lru_cache(maxsize=1024)
def schedule(plan: ProgramPlan, until: date) -> dict[date, list[PlannedExercise]]:
    """Every day from the start date to ``until`` with the exercises due, in session order.

    Plans are immutable, so results are cached: the progress rules ask for the same
    schedule several times per patient. Callers must not modify the returned mapping.
    """
    days: dict[date, list[PlannedExercise]] = {}
    if not plan.phases:
        return days
    in_order = {
        id(phase): sorted(phase.exercises, key=lambda e: e.session_rank) for phase in plan.phases
    }
    loaded_yesterday = False
    day = plan.start_date
    while day <= until:
        due: list[PlannedExercise] = []
        phase = _open_phase_on(plan, day)
        if phase is not None:
            for item in in_order[id(phase)]:
                if not _offered(plan, item, phase, day):
                    continue
                if item.is_loaded and loaded_yesterday:
                    continue
                due.append(item)
        days[day] = due
        loaded_yesterday = any(item.is_loaded for item in due)
        day += timedelta(days=1)
    return days


def _open_phase_on(plan: ProgramPlan, day: date) -> PlannedPhase | None:
    """The phase of a day on which anything may be done: not a rest day, not stopped."""
    phase = phase_on(plan, day)
    resting = (day - timedelta(days=1)) in plan.pain_rose_on or day in plan.checked_out_on
    if phase is None or resting or plan.is_stopped_on(day):
        return None
    return phase


def _offered(plan: ProgramPlan, item: PlannedExercise, phase: PlannedPhase, day: date) -> bool:
    """The item's frequency allows the day and it is not held after a sharp-pain mark."""
    if not _frequency_allows(item, phase, day):
        return False
    return not (plan.held and plan.is_held_on(item.prescribed_exercise_id, day))


def micro_breaks_on(plan: ProgramPlan, day: date) -> list[PlannedExercise]:
    """The micro-breaks offered on a day: on the days a session could be due, held ones left out."""
    if day < plan.start_date:
        return []
    phase = _open_phase_on(plan, day)
    if phase is None:
        return []
    return [item for item in phase.micro_breaks if _offered(plan, item, phase, day)]


def due_on(plan: ProgramPlan, day: date) -> list[PlannedExercise]:
    """The exercises due on one day, in session order (empty on rest days)."""
    if day < plan.start_date:
        return []
    return schedule(plan, day)[day]


def scheduled_days(plan: ProgramPlan, start: date, end: date) -> Iterable[date]:
    """The days between start and end (inclusive) on which anything is due."""
    return [day for day, due in schedule(plan, end).items() if due and day >= start]

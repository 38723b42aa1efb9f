"""The schedule: which exercises are due on a day, in session order, by each dose's frequency."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from patients.rules.schedule import (
    PlannedExercise,
    PlannedPhase,
    ProgramPlan,
    due_on,
    micro_breaks_on,
    schedule,
    week_of_program,
    weekly_offsets,
)
from programs.vocabulary import LOADED, SESSION_ORDER, Kind, Resistance

START = date(2026, 1, 5)  # a Monday


def item(
    pk, kind="stretch", frequency="daily", days_per_week=None, order=None, times=1, resistance=None
):
    """A planned exercise; a strengthening one is done against body weight unless told."""
    if resistance is None:
        resistance = Resistance.BODY_WEIGHT if kind == Kind.STRENGTHEN else Resistance.NONE
    return PlannedExercise(
        prescribed_exercise_id=pk,
        kind=kind,
        order=pk if order is None else order,
        frequency=frequency,
        days_per_week=days_per_week,
        times_per_day=times,
        resistance=resistance,
    )


def plan(*items, active=True, pain_rose_on=(), phases=None):
    phases = phases or (PlannedPhase(phase_id=1, started_on=START, exercises=tuple(items)),)
    return ProgramPlan(
        start_date=START,
        phases=phases,
        pain_rose_on=frozenset(pain_rose_on),
        stopped=() if active else ((START, None),),
    )


def ids(items):
    return [i.prescribed_exercise_id for i in items]


def test_daily_stretch_is_due_every_day():
    p = plan(item(1))
    assert all(ids(due_on(p, START + timedelta(days=n))) == [1] for n in range(14))


def test_every_other_day_counts_from_the_phase_start():
    p = plan(item(1, kind="strengthen", frequency="every_other_day"))
    due_days = [n for n in range(10) if due_on(p, START + timedelta(days=n))]
    assert due_days == [0, 2, 4, 6, 8]


def test_three_days_a_week_is_spread_over_the_week():
    p = plan(item(1, kind="strengthen", frequency="days_per_week", days_per_week=3))
    due_days = [n for n in range(14) if due_on(p, START + timedelta(days=n))]
    assert due_days == [0, 2, 4, 7, 9, 11]


def test_weekly_offsets_give_exactly_n_days():
    for n in range(1, 8):
        assert len(weekly_offsets(n)) == n


def test_session_order_is_release_then_stretch_and_mobility_then_strengthening():
    p = plan(
        item(1, kind="strengthen", frequency="every_other_day"),
        item(2, kind="stretch"),
        item(3, kind="release"),
        item(4, kind="activation"),
        item(5, kind="mobility"),
    )
    kinds = [i.kind for i in due_on(p, START)]
    assert kinds == ["release", "stretch", "mobility", "strengthen", "activation"]


def test_strengthening_never_lands_on_consecutive_days_even_when_doses_collide():
    p = plan(
        item(1, kind="strengthen", frequency="every_other_day"),
        item(2, kind="strengthen", frequency="days_per_week", days_per_week=3),
    )
    days = schedule(p, START + timedelta(days=27))
    strong = [d for d, due in days.items() if any(i.kind == "strengthen" for i in due)]
    assert all((b - a).days > 1 for a, b in zip(strong, strong[1:], strict=False))


def test_an_activation_with_weights_is_never_due_two_days_running():
    # The one-arm ball cobra: kind "activation", 3-5 lb dumbbells, prescribed daily.
    p = plan(item(1, kind="activation", resistance=Resistance.WEIGHTS))
    due_days = [n for n in range(6) if due_on(p, START + timedelta(days=n))]
    assert due_days == [0, 2, 4]


def test_banded_mobility_waits_a_day_with_the_strengthening_while_stretching_stays_daily():
    p = plan(
        item(1, kind="mobility", resistance=Resistance.BAND),
        item(2, kind="strengthen", resistance=Resistance.BODY_WEIGHT),
        item(3, kind="stretch"),
    )
    assert ids(due_on(p, START)) == [1, 3, 2]
    assert ids(due_on(p, START + timedelta(days=1))) == [3]


def test_a_strengthening_exercise_without_resistance_is_not_held_back():
    p = plan(item(1, kind="strengthen", resistance=Resistance.NONE))
    assert all(due_on(p, START + timedelta(days=n)) for n in range(4))


def test_a_session_whose_pain_rose_earns_a_rest_day_the_next_day():
    rose = START + timedelta(days=3)
    p = plan(item(1), pain_rose_on=[rose])
    assert due_on(p, rose + timedelta(days=1)) == []
    assert ids(due_on(p, rose + timedelta(days=2))) == [1]


def test_nothing_is_due_before_the_start_or_while_paused():
    assert due_on(plan(item(1)), START - timedelta(days=1)) == []
    assert due_on(plan(item(1), active=False), START) == []


def test_the_phase_in_effect_is_the_last_one_started():
    first = PlannedPhase(1, START, (item(1),))
    second = PlannedPhase(2, START + timedelta(days=14), (item(2),))
    p = plan(phases=(first, second))
    assert ids(due_on(p, START + timedelta(days=13))) == [1]
    assert ids(due_on(p, START + timedelta(days=14))) == [2]


def test_times_per_day_is_carried_to_the_page():
    assert due_on(plan(item(1, times=3)), START)[0].times_per_day == 3


def test_week_of_program_starts_at_one():
    assert week_of_program(START, START) == 1
    assert week_of_program(START, START + timedelta(days=6)) == 1
    assert week_of_program(START, START + timedelta(days=7)) == 2


KINDS = list(SESSION_ORDER)
planned = st.builds(
    lambda pk, kind, freq, n, order, times, resistance: item(
        pk,
        kind=kind,
        frequency=freq,
        days_per_week=n if freq == "days_per_week" else None,
        order=order,
        times=times,
        resistance=resistance,
    ),
    pk=st.integers(1, 10_000),
    kind=st.sampled_from(KINDS),
    resistance=st.sampled_from(list(Resistance)),
    freq=st.sampled_from(["daily", "every_other_day", "days_per_week"]),
    n=st.integers(1, 7),
    order=st.integers(0, 20),
    times=st.integers(1, 3),
)
programs = st.builds(
    lambda items, phase_gaps, rose, active: plan(
        active=active,
        pain_rose_on=[START + timedelta(days=d) for d in rose],
        phases=tuple(
            PlannedPhase(
                phase_id=index + 1,
                started_on=START + timedelta(days=sum(phase_gaps[: index + 1])),
                exercises=tuple(
                    {i.prescribed_exercise_id: i for i in items[index :: len(phase_gaps)]}.values()
                ),
            )
            for index in range(len(phase_gaps))
        ),
    ),
    items=st.lists(planned, min_size=1, max_size=12),
    phase_gaps=st.lists(st.integers(0, 20), min_size=1, max_size=4).map(
        lambda gaps: [0, *gaps[1:]]
    ),
    rose=st.lists(st.integers(0, 60), max_size=6),
    active=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(program=programs)
def test_property_nothing_done_against_resistance_is_due_on_two_consecutive_days(program):
    """Whatever the kinds, frequencies, phases and rest days: load follows load by 48 hours."""
    days = schedule(program, START + timedelta(days=70))
    previous = False
    for _day, due in sorted(days.items()):
        today = any(i.resistance in LOADED for i in due)
        assert not (previous and today)
        previous = today


@settings(max_examples=100, deadline=None)
@given(program=programs)
def test_property_work_without_resistance_is_never_held_back_by_load(program):
    """The 48-hour rule drops only loaded exercises: the unloaded ones due by their dose stay."""
    for day, due in schedule(program, START + timedelta(days=70)).items():
        phase = next((p for p in reversed(program.phases) if p.started_on <= day), None)
        if not due or phase is None:
            continue
        due_ids = {i.prescribed_exercise_id for i in due}
        for planned_item in phase.exercises:
            if planned_item.resistance not in LOADED and planned_item.frequency == "daily":
                assert planned_item.prescribed_exercise_id in due_ids


@settings(max_examples=200, deadline=None)
@given(program=programs)
def test_property_every_day_is_in_session_order(program):
    for due in schedule(program, START + timedelta(days=70)).values():
        ranks = [SESSION_ORDER[i.kind] for i in due]
        assert ranks == sorted(ranks)


@settings(max_examples=100, deadline=None)
@given(program=programs, offset=st.integers(0, 70))
def test_property_due_on_matches_the_full_schedule(program, offset):
    day = START + timedelta(days=offset)
    assert due_on(program, day) == schedule(program, day)[day]


def test_nothing_is_due_during_a_past_pause():
    pause = (START + timedelta(days=3), START + timedelta(days=6))
    p = ProgramPlan(
        start_date=START, phases=(PlannedPhase(1, START, (item(1),)),), stopped=(pause,)
    )
    due_days = [n for n in range(9) if due_on(p, START + timedelta(days=n))]
    assert due_days == [0, 1, 2, 6, 7, 8]


def test_micro_breaks_are_offered_on_session_days_but_never_make_a_day_scheduled():
    desk_break = item(9, kind="mobility", times=8)
    phase = PlannedPhase(phase_id=1, started_on=START, exercises=(), micro_breaks=(desk_break,))
    p = ProgramPlan(start_date=START, phases=(phase,), pain_rose_on=frozenset({START}))
    days = schedule(p, START + timedelta(days=6))
    assert all(due == [] for due in days.values())  # nothing scheduled, so nothing missed
    assert ids(micro_breaks_on(p, START)) == [9]
    assert micro_breaks_on(p, START + timedelta(days=1)) == []  # the rest day after pain
    assert ids(micro_breaks_on(p, START + timedelta(days=2))) == [9]
    assert micro_breaks_on(p, START - timedelta(days=1)) == []


def test_no_micro_break_is_offered_while_the_program_is_stopped():
    phase = PlannedPhase(
        phase_id=1, started_on=START, exercises=(item(1),), micro_breaks=(item(9),)
    )
    p = ProgramPlan(start_date=START, phases=(phase,), stopped=((START, None),))
    assert micro_breaks_on(p, START + timedelta(days=3)) == []

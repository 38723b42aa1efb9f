"""Progress: adherence, streak, pain trend, phase readiness and alerts, over plain data."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from patients.rules.codes import AlertCode, AlertKind, Finding, ReadinessCode
from patients.rules.progress import (
    Adherence,
    LoggedExercise,
    LoggedSession,
    adherence,
    adherence_windows,
    alerts_for,
    baseline_pain,
    current_streak,
    exercise_adherence,
    last_closed_day,
    local_day,
    pain_series,
    phase_readiness,
    weekly_pain,
)
from patients.rules.schedule import PlannedExercise, PlannedPhase, ProgramPlan, schedule
from programs.vocabulary import SESSION_ORDER

START = date(2026, 1, 5)  # a Monday


def day(n: int) -> date:
    return START + timedelta(days=n)


def item(pk, kind="stretch", frequency="daily", days_per_week=None):
    return PlannedExercise(
        prescribed_exercise_id=pk,
        kind=kind,
        order=pk,
        frequency=frequency,
        days_per_week=days_per_week,
    )


def plan(*items, phases=None, stopped=(), pain_rose_on=(), start=START):
    phases = phases or (PlannedPhase(phase_id=1, started_on=start, exercises=tuple(items)),)
    return ProgramPlan(
        start_date=start,
        phases=phases,
        pain_rose_on=frozenset(pain_rose_on),
        stopped=stopped,
    )


def session(
    on,
    *ids,
    before=3,
    after=3,
    red_flag=False,
    phase_id=1,
    done=True,
    good_form=True,
    painful=(),
):
    """A session on day ``on`` (an offset from START, or a date) logging exercises ``ids``."""
    performed_on = on if isinstance(on, date) else day(on)
    return LoggedSession(
        performed_on=performed_on,
        pain_before=before,
        pain_after=after,
        red_flag=red_flag,
        phase_id=phase_id,
        exercises=tuple(
            LoggedExercise(
                prescribed_exercise_id=pk,
                done=done,
                good_form=good_form,
                painful=pk in painful,
            )
            for pk in (ids or (1,))
        ),
    )


def kinds(alerts, kind):
    return [a for a in alerts if a.kind == kind]


# Adherence.


def test_full_adherence_over_a_week_of_daily_stretching():
    p = plan(item(1))
    figure = adherence(p, [session(n) for n in range(7)], day(0), day(6))
    assert figure == Adherence(scheduled=7, completed=7)
    assert figure.rate == 1.0


def test_a_missed_day_lowers_adherence_by_exactly_one_over_scheduled():
    p = plan(item(1))
    every_day = adherence(p, [session(n) for n in range(7)], day(0), day(6))
    missed = adherence(p, [session(n) for n in range(7) if n != 3], day(0), day(6))
    assert missed == Adherence(scheduled=7, completed=6)
    assert every_day.rate - missed.rate == pytest.approx(1 / 7)


def test_every_other_day_strengthening_rest_days_are_not_scheduled():
    p = plan(item(1, kind="strengthen", frequency="every_other_day"))
    figure = adherence(p, [session(n) for n in (0, 2, 4, 6)], day(0), day(6))
    assert figure == Adherence(scheduled=4, completed=4)
    assert figure.rate == 1.0


def test_a_session_on_a_rest_day_does_not_count():
    p = plan(item(1, kind="strengthen", frequency="every_other_day"))
    figure = adherence(p, [session(1), session(2)], day(0), day(3))
    assert figure == Adherence(scheduled=2, completed=1)


def test_a_session_with_nothing_done_does_not_count():
    p = plan(item(1))
    assert adherence(p, [session(0, done=False)], day(0), day(0)) == Adherence(1, 0)


def test_a_paused_period_is_not_scheduled():
    p = plan(item(1), stopped=((day(3), day(6)),))
    logged = [session(n) for n in (0, 1, 2, 6, 7, 8)]
    assert adherence(p, logged, day(0), day(8)) == Adherence(scheduled=6, completed=6)


def test_the_rest_day_after_pain_rose_is_not_scheduled():
    p = plan(item(1), pain_rose_on=[day(2)])
    logged = [session(0), session(1), session(2, before=2, after=5), session(4)]
    assert adherence(p, logged, day(0), day(4)) == Adherence(scheduled=4, completed=4)


def test_the_window_is_clamped_to_the_start_and_nothing_scheduled_has_no_rate():
    p = plan(item(1))
    assert adherence(p, [session(0)], day(-10), day(0)) == Adherence(1, 1)
    assert adherence(p, [], day(-10), day(-1)).rate is None
    assert adherence(plan(item(1), stopped=((START, None),)), [], day(0), day(6)).rate is None


def test_local_day_puts_a_late_evening_session_on_the_evening_it_was_done():
    toronto = ZoneInfo("America/Toronto")
    # 23:30 on 9 March in Toronto (daylight time began on 8 March 2026: UTC-4).
    late = datetime(2026, 3, 10, 3, 30, tzinfo=UTC)
    assert local_day(late, toronto) == date(2026, 3, 9)
    # 04:30Z is already 00:30 on 10 March in Toronto once daylight time has begun.
    assert local_day(datetime(2026, 3, 10, 4, 30, tzinfo=UTC), toronto) == date(2026, 3, 10)
    # Before daylight time (UTC-5) 04:30Z is still the evening before.
    assert local_day(datetime(2026, 3, 3, 4, 30, tzinfo=UTC), toronto) == date(2026, 3, 2)

    p = plan(item(1), start=date(2026, 3, 2))
    logged = [session(local_day(late, toronto))]
    assert adherence(p, logged, date(2026, 3, 9), date(2026, 3, 9)) == Adherence(1, 1)
    assert adherence(p, logged, date(2026, 3, 10), date(2026, 3, 10)) == Adherence(1, 0)


def test_local_day_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        local_day(datetime(2026, 3, 10, 4, 30), ZoneInfo("America/Toronto"))


def test_windows_end_yesterday_while_today_is_due_and_not_done():
    p = plan(item(1))
    logged = [session(n) for n in range(10)]  # days 0..9; today is day 10
    windows = adherence_windows(p, logged, day(10))
    assert last_closed_day(p, logged, day(10)) == day(9)
    assert windows["last_7_days"] == Adherence(7, 7)
    assert windows["last_28_days"] == Adherence(10, 10)
    assert windows["program"] == Adherence(10, 10)


def test_windows_include_today_once_a_session_is_logged_today():
    p = plan(item(1))
    logged = [session(n) for n in range(11) if n != 3]
    windows = adherence_windows(p, logged, day(10))
    assert last_closed_day(p, logged, day(10)) == day(10)
    assert windows["last_7_days"] == Adherence(7, 7)  # days 4..10
    assert windows["program"] == Adherence(11, 10)


def test_windows_before_the_program_starts_are_empty():
    windows = adherence_windows(plan(item(1)), [], day(-3))
    assert all(figure == Adherence(0, 0) for figure in windows.values())


def test_exercise_adherence_counts_due_days_per_exercise():
    p = plan(item(1), item(2, kind="strengthen", frequency="every_other_day"))
    logged = [session(0, 1, 2), session(1, 1), session(2, 1), session(3, 1, 2), session(4, 2)]
    figures = exercise_adherence(p, logged, day(0), day(4))
    # Exercise 1 daily: due 5 days, done on 0..3. Exercise 2: due on 0, 2, 4; done on 0 and 4
    # (its log on day 3, a rest day, does not count).
    assert figures == {1: Adherence(5, 4), 2: Adherence(3, 2)}


def test_exercise_adherence_ignores_times_per_day():
    p = plan(
        PlannedExercise(1, "stretch", 1, "daily", times_per_day=3),
    )
    figures = exercise_adherence(p, [session(0), session(0)], day(0), day(1))
    assert figures == {1: Adherence(2, 1)}


# Streak.


def test_streak_counts_back_over_rest_days():
    p = plan(item(1, kind="strengthen", frequency="every_other_day"))
    logged = [session(n) for n in (0, 2, 4)]
    assert current_streak(p, logged, day(5)) == 3  # day 5 is a rest day


def test_streak_waits_for_today_then_includes_it():
    p = plan(item(1))
    logged = [session(n) for n in range(4)]
    assert current_streak(p, logged, day(4)) == 4  # today is still open
    assert current_streak(p, [*logged, session(4)], day(4)) == 5


def test_streak_breaks_at_a_missed_due_day():
    p = plan(item(1))
    logged = [session(n) for n in (0, 2, 3)]
    assert current_streak(p, logged, day(4)) == 2
    assert current_streak(p, [], day(4)) == 0
    assert current_streak(p, logged, day(-1)) == 0


def test_streak_skips_a_pause_and_the_rest_day_after_pain_rose():
    p = plan(item(1), stopped=((day(2), day(4)),), pain_rose_on=[day(5)])
    logged = [session(0), session(1), session(4), session(5, after=5), session(7)]
    assert current_streak(p, logged, day(7)) == 5


# Pain.


def test_baseline_is_the_assessment_else_the_first_session():
    logged = [session(3, before=6), session(1, before=4)]
    assert baseline_pain(logged, 5) == 5
    assert baseline_pain(logged, 0) == 0
    assert baseline_pain(logged, None) == 4
    assert baseline_pain([], None) is None


def test_pain_series_is_in_date_order():
    logged = [session(2, before=5, after=4), session(0, before=6, after=6)]
    assert pain_series(logged, START) == [
        {"date": day(0), "week": 1, "before": 6, "after": 6},
        {"date": day(2), "week": 1, "before": 5, "after": 4},
    ]


def test_pain_series_counts_weeks_from_the_program_start_not_the_first_session():
    logged = [session(10, before=5, after=4), session(15, before=4, after=3)]
    weeks = [point["week"] for point in pain_series(logged, START)]
    assert weeks == [2, 3]
    assert weeks == [row["week"] for row in weekly_pain(logged, START)]


def test_weekly_pain_means_by_program_week():
    logged = [
        session(0, before=6, after=5),
        session(3, before=5, after=5),
        session(6, before=5, after=4),
        session(14, before=2, after=1),
        session(-1, before=9, after=9),  # before the start: left out
    ]
    assert weekly_pain(logged, START) == [
        {"week": 1, "mean_before": 5.3, "mean_after": 4.7, "sessions": 3},
        {"week": 3, "mean_before": 2.0, "mean_after": 1.0, "sessions": 1},
    ]


# Phase readiness: two weeks of a stretch (daily) and a strengthening (every other day).

LADDER = plan(item(1), item(2, kind="strengthen", frequency="every_other_day"))


def ladder_sessions(days=range(14), overrides=None):
    """A session on each day with the exercises due that day, pain easing from 4 to 3."""
    due = schedule(LADDER, day(30))
    logged = []
    for n in days:
        ids = tuple(e.prescribed_exercise_id for e in due[day(n)])
        logged.append(
            session(n, *ids, before=4 if n < 7 else 3, after=3, **(overrides or {}).get(n, {}))
        )
    return logged


def test_ready_when_every_criterion_holds():
    readiness = phase_readiness(LADDER, ladder_sessions(), 1, 2, day(14))
    assert readiness.ready
    assert readiness.blockers == ()
    assert readiness.reasons == (
        Finding(ReadinessCode.WEEKS_DONE, {"weeks": 2, "since": START}),
        Finding(ReadinessCode.ADHERENCE_MET, {"percent": 100, "bar": 80}),
        Finding(ReadinessCode.NO_RED_FLAG),
        Finding(ReadinessCode.PAIN_STEADY, {"first": 4.0, "last": 3.0, "sessions": 3}),
        Finding(ReadinessCode.ALL_DONE, {"sessions": 3}),
        Finding(ReadinessCode.GOOD_FORM, {"sessions": 3}),
        Finding(ReadinessCode.NO_PAINFUL_EXERCISE, {"sessions": 3}),
    )


def test_not_ready_before_the_phase_weeks_have_passed():
    readiness = phase_readiness(LADDER, ladder_sessions(range(13)), 1, 2, day(13))
    assert not readiness.ready
    assert readiness.blockers == (
        Finding(ReadinessCode.WEEKS_LEFT, {"weeks": 2, "days_left": 1, "until": day(14)}),
    )


def test_the_last_phase_is_never_ready():
    readiness = phase_readiness(LADDER, ladder_sessions(), 1, None, day(14))
    assert not readiness.ready
    assert readiness.blockers == (Finding(ReadinessCode.LAST_PHASE),)


def test_not_ready_with_adherence_at_70_percent():
    p = plan(item(1))
    logged = [session(n, before=3) for n in (0, 1, 2, 3, 7, 8, 9)]  # 7 of days 0..9
    readiness = phase_readiness(p, logged, 1, 1, day(10))
    assert not readiness.ready
    assert readiness.blockers == (Finding(ReadinessCode.ADHERENCE_LOW, {"percent": 70, "bar": 80}),)


def test_adherence_exactly_at_the_bar_is_enough():
    p = plan(item(1))
    logged = [session(n) for n in range(15) if n not in (1, 5, 9)]  # 12 of 15
    readiness = phase_readiness(p, logged, 1, 2, day(15))
    assert readiness.ready
    assert Finding(ReadinessCode.ADHERENCE_MET, {"percent": 80, "bar": 80}) in readiness.reasons


def test_not_ready_when_pain_rose_in_the_phase():
    logged = [
        session(n, *(s.prescribed_exercise_id for s in x.exercises), before=2 if n < 3 else 4)
        for n, x in enumerate(ladder_sessions())
    ]
    readiness = phase_readiness(LADDER, logged, 1, 2, day(14))
    assert not readiness.ready
    assert readiness.blockers == (
        Finding(ReadinessCode.PAIN_ROSE, {"first": 2.0, "last": 4.0, "sessions": 3}),
    )


def test_not_ready_with_poor_form_in_the_last_three_sessions():
    logged = ladder_sessions(overrides={12: {"good_form": False}})
    readiness = phase_readiness(LADDER, logged, 1, 2, day(14))
    assert readiness.blockers == (Finding(ReadinessCode.POOR_FORM, {"sessions": 3}),)


def test_not_ready_when_an_exercise_was_not_done_in_the_last_three_sessions():
    logged = ladder_sessions(range(13))
    logged.append(session(13, 1, done=False, before=3))
    readiness = phase_readiness(LADDER, logged, 1, 2, day(14))
    assert readiness.blockers == (Finding(ReadinessCode.NOT_ALL_DONE, {"sessions": 3}),)


def test_not_ready_when_an_exercise_was_painful():
    logged = ladder_sessions(overrides={12: {"painful": (2,)}})
    readiness = phase_readiness(LADDER, logged, 1, 2, day(14))
    assert readiness.blockers == (Finding(ReadinessCode.PAINFUL_EXERCISE, {"sessions": 3}),)


def test_not_ready_after_a_red_flag_anywhere_in_the_phase():
    logged = ladder_sessions(overrides={1: {"red_flag": True}})
    readiness = phase_readiness(LADDER, logged, 1, 2, day(14))
    assert readiness.blockers == (Finding(ReadinessCode.RED_FLAG),)


def test_not_ready_with_fewer_than_three_sessions():
    readiness = phase_readiness(LADDER, ladder_sessions(range(2)), 1, 2, day(14))
    assert not readiness.ready
    assert Finding(ReadinessCode.TOO_FEW_SESSIONS, {"logged": 2, "needed": 3}) in (
        readiness.blockers
    )


def test_readiness_looks_only_at_the_phase_in_question():
    first = PlannedPhase(1, START, (item(1),))
    second = PlannedPhase(2, day(14), (item(2),))
    p = plan(phases=(first, second))
    logged = [session(n, 1, red_flag=n == 2, phase_id=1) for n in range(14)]
    logged += [session(n, 2, phase_id=2) for n in range(14, 28)]
    assert phase_readiness(p, logged, 2, 2, day(28)).ready
    assert phase_readiness(p, logged, 1, 2, day(28)).blockers == (Finding(ReadinessCode.RED_FLAG),)
    assert phase_readiness(p, logged, 3, 2, day(28)).blockers == (
        Finding(ReadinessCode.PHASE_NOT_STARTED),
    )


# Alerts.


def test_a_red_flag_gives_one_alert_per_day():
    logged = [session(0), session(1, red_flag=True), session(1, red_flag=True)]
    alerts = kinds(alerts_for(plan(item(1)), logged, day(2), None), "red_flag")
    assert [a.cause_key for a in alerts] == ["session-red-flag:2026-01-06"]
    assert (alerts[0].code, alerts[0].params) == (AlertCode.RED_FLAG, {"day": day(1)})


def test_no_red_flag_alert_without_a_red_flag():
    alerts = alerts_for(plan(item(1)), [session(0), session(1)], day(2), 3)
    assert kinds(alerts, "red_flag") == []


def test_pain_two_points_above_baseline_is_a_pain_rise():
    logged = [session(0, before=3, after=3), session(1, before=4, after=5)]
    alerts = kinds(alerts_for(plan(item(1)), logged, day(1), 3), "pain_rise")
    assert [a.cause_key for a in alerts] == ["pain-rise:2026-01-06"]
    assert alerts[0].code == AlertCode.PAIN_RISE
    assert alerts[0].params == {"pain": 5, "day": day(1), "rise": 2, "baseline": 3}


def test_pain_one_point_above_baseline_or_an_earlier_rise_is_not_a_pain_rise():
    logged = [session(0, before=6, after=6), session(1, before=4, after=4)]
    assert kinds(alerts_for(plan(item(1)), logged, day(1), 3), "pain_rise") == []
    assert kinds(alerts_for(plan(item(1)), logged, day(1), None), "pain_rise") == []


def test_pain_worse_after_two_sessions_in_a_row():
    logged = [
        session(0, before=3, after=4),
        session(1, before=3, after=4),
        session(3, before=3, after=5),
    ]
    alerts = kinds(alerts_for(plan(item(1)), logged, day(3), None), "pain_after_worse")
    assert [a.cause_key for a in alerts] == [
        "pain-after-worse:2026-01-06",
        "pain-after-worse:2026-01-08",
    ]
    assert [(a.code, a.params) for a in alerts] == [
        (AlertCode.PAIN_AFTER_WORSE, {"day": day(1), "sessions": 2}),
        (AlertCode.PAIN_AFTER_WORSE, {"day": day(3), "sessions": 2}),
    ]


def test_pain_worse_after_in_sessions_that_are_not_in_a_row_is_no_alert():
    logged = [
        session(0, before=3, after=4),
        session(1, before=3, after=3),
        session(2, before=3, after=4),
    ]
    assert kinds(alerts_for(plan(item(1)), logged, day(3), None), "pain_after_worse") == []


def test_three_days_without_a_session_is_inactive():
    logged = [session(n) for n in range(3)]  # last on day 2
    alerts = kinds(alerts_for(plan(item(1)), logged, day(6), None), "inactive")
    assert [a.cause_key for a in alerts] == ["inactive:2026-01-07"]
    assert (alerts[0].code, alerts[0].params) == (AlertCode.INACTIVE, {"days": 3, "last": day(2)})
    # The same gap a day later has the same cause.
    later = kinds(alerts_for(plan(item(1)), logged, day(7), None), "inactive")
    assert [a.cause_key for a in later] == ["inactive:2026-01-07"]


def test_no_session_since_the_start_is_keyed_by_the_start_date():
    alerts = kinds(alerts_for(plan(item(1)), [], day(3), None), "inactive")
    assert [a.cause_key for a in alerts] == ["inactive:2026-01-05"]
    assert (alerts[0].code, alerts[0].params) == (AlertCode.INACTIVE_SINCE_START, {"start": START})
    assert kinds(alerts_for(plan(item(1)), [], day(2), None), "inactive") == []


def test_not_inactive_after_a_recent_session_or_while_paused():
    p = plan(item(1))
    assert kinds(alerts_for(p, [session(4)], day(6), None), "inactive") == []
    assert kinds(alerts_for(p, [session(2), session(6)], day(6), None), "inactive") == []
    paused = plan(item(1), stopped=((day(3), None),))
    assert kinds(alerts_for(paused, [session(2)], day(6), None), "inactive") == []


def test_two_weeks_of_steady_exercise_without_less_pain_is_no_improvement():
    logged = [session(n, before=5) for n in range(14)]
    alerts = kinds(alerts_for(plan(item(1)), logged, day(14), None), "no_improvement")
    assert [a.cause_key for a in alerts] == ["no-improvement:2026-W02"]
    assert (alerts[0].code, alerts[0].params) == (
        AlertCode.NO_IMPROVEMENT,
        {"weeks": 2, "percent": 100, "first": 5.0, "last": 5.0},
    )


def test_pain_easing_or_low_adherence_is_not_no_improvement():
    p = plan(item(1))
    easing = [session(n, before=5 if n < 7 else 4) for n in range(14)]
    assert kinds(alerts_for(p, easing, day(14), None), "no_improvement") == []
    sparse = [session(n, before=5) for n in range(0, 14, 2)]  # 7 of 14
    assert kinds(alerts_for(p, sparse, day(14), None), "no_improvement") == []
    pain_free = [session(n, before=0, after=0) for n in range(14)]
    assert kinds(alerts_for(p, pain_free, day(14), None), "no_improvement") == []


def test_a_quiet_steady_patient_has_no_alerts():
    logged = [session(n, before=5 if n < 7 else 3, after=2) for n in range(14)]
    assert alerts_for(plan(item(1)), logged, day(14), 5) == []


# Properties.

planned = st.builds(
    lambda pk, kind, freq, n: item(
        pk, kind=kind, frequency=freq, days_per_week=n if freq == "days_per_week" else None
    ),
    pk=st.integers(1, 8),
    kind=st.sampled_from(list(SESSION_ORDER)),
    freq=st.sampled_from(["daily", "every_other_day", "days_per_week"]),
    n=st.integers(1, 7),
)
programs = st.builds(
    lambda items, second_phase, rose, pause: plan(
        phases=(
            PlannedPhase(1, START, tuple({i.prescribed_exercise_id: i for i in items}.values())),
            *(
                (PlannedPhase(2, day(second_phase), tuple(items[::-1][:2])),)
                if second_phase
                else ()
            ),
        ),
        pain_rose_on=[day(d) for d in rose],
        stopped=((day(pause[0]), day(pause[0] + pause[1])),) if pause else (),
    ),
    items=st.lists(planned, min_size=1, max_size=5),
    second_phase=st.one_of(st.none(), st.integers(1, 30)),
    rose=st.lists(st.integers(0, 40), max_size=4),
    pause=st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(1, 10))),
)
logged_sessions = st.lists(
    st.builds(
        lambda n, ids, done, before, after: session(n, *ids, done=done, before=before, after=after),
        n=st.integers(-3, 40),
        ids=st.lists(st.integers(1, 8), min_size=1, max_size=3, unique=True),
        done=st.booleans(),
        before=st.integers(0, 10),
        after=st.integers(0, 10),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(program=programs, logged=logged_sessions, a=st.integers(-5, 40), b=st.integers(-5, 40))
def test_property_adherence_rates_stay_between_zero_and_one(program, logged, a, b):
    start, end = day(min(a, b)), day(max(a, b))
    figures = [adherence(program, logged, start, end)]
    figures += adherence_windows(program, logged, end).values()
    figures += exercise_adherence(program, logged, start, end).values()
    for figure in figures:
        assert 0 <= figure.completed <= figure.scheduled
        assert figure.rate is None or 0 <= figure.rate <= 1
    assert current_streak(program, logged, end) <= adherence(program, logged, START, end).scheduled


@settings(max_examples=150, deadline=None)
@given(
    program=programs,
    logged=logged_sessions,
    a=st.integers(0, 40),
    b=st.integers(0, 40),
    pick=st.integers(0, 1000),
)
def test_property_logging_a_session_on_a_due_day_never_lowers_adherence(
    program, logged, a, b, pick
):
    start, end = day(min(a, b)), day(max(a, b))
    done_days = {s.performed_on for s in logged if s.counts}
    open_days = [
        d for d, due in schedule(program, end).items() if due and d >= start and d not in done_days
    ]
    assume(open_days)
    extra = session(open_days[pick % len(open_days)])
    before = adherence(program, logged, start, end)
    after = adherence(program, [*logged, extra], start, end)
    assert after.scheduled == before.scheduled
    assert after.completed == before.completed + 1
    assert after.rate >= before.rate


@settings(max_examples=100, deadline=None)
@given(program=programs, logged=logged_sessions, today=st.integers(0, 45), base=st.integers(0, 10))
def test_property_alerts_have_one_per_cause_and_readiness_matches_blockers(
    program, logged, today, base
):
    alerts = alerts_for(program, logged, day(today), base)
    keys = [(a.kind, a.cause_key) for a in alerts]
    assert len(keys) == len(set(keys))
    assert all(len(a.cause_key) <= 64 for a in alerts)
    assert all(a.kind in AlertKind and a.code in AlertCode for a in alerts)
    readiness = phase_readiness(program, logged, 1, 2, day(today))
    assert readiness.ready == (not readiness.blockers)
    findings = (*readiness.reasons, *readiness.blockers)
    assert all(isinstance(finding.code, ReadinessCode) for finding in findings)
    # Codes and plain values only: no sentence is ever built by a rule.
    for value in [v for f in findings for v in f.params.values()] + [
        v for a in alerts for v in a.params.values()
    ]:
        assert isinstance(value, int | float | date)

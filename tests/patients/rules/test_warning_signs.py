"""Warning signs act: the rules over plain data (review alerts, rest days, held exercises,
a stop at the pain check)."""

from dataclasses import replace
from datetime import timedelta

from patients.rules import progress
from patients.rules.codes import AlertCode, AlertKind
from patients.rules.progress import adherence, alerts_for, exercise_adherence
from patients.rules.safety import PainCheckStop, SymptomCode
from patients.rules.schedule import ProgramPlan, due_on
from tests.patients.rules.test_progress import START, day, item, plan, session


def with_symptoms(logged, *codes):
    return replace(logged, symptoms=frozenset(codes))


def candidates(found, kind):
    return [(c.code, c.params) for c in found if c.kind == kind]


def test_pain_that_disturbs_sleep_or_daily_life_raises_a_review_alert_once_per_day():
    p = plan(item(1))
    sessions = [
        with_symptoms(session(0, 1), SymptomCode.SLEEP_DISTURBED),
        with_symptoms(session(0, 1), SymptomCode.SLEEP_DISTURBED),
        session(1, 1),
    ]
    found = alerts_for(p, sessions, day(2), baseline=None)
    assert candidates(found, AlertKind.PAIN_INTERFERES) == [
        (AlertCode.PAIN_INTERFERES, {"day": day(0)})
    ]


def test_no_review_alert_without_sleep_or_daily_life_trouble():
    p = plan(item(1))
    sessions = [with_symptoms(session(0, 1), SymptomCode.WORSE_AFTER)]
    assert not candidates(alerts_for(p, sessions, day(1), None), AlertKind.PAIN_INTERFERES)


def test_saying_pain_got_worse_after_exercising_earns_the_rest_day_like_rising_numbers():
    sessions = [with_symptoms(session(2, 1, before=3, after=3), SymptomCode.WORSE_AFTER)]
    p = replace(plan(item(1)), pain_rose_on=progress.rest_days(sessions))
    assert due_on(p, day(3)) == []
    assert due_on(p, day(4))


def test_pain_worse_after_two_sessions_running_alerts_even_when_the_numbers_stay_flat():
    p = plan(item(1))
    sessions = [
        with_symptoms(session(0, 1, before=3, after=3), SymptomCode.WORSE_AFTER),
        with_symptoms(session(2, 1, before=3, after=3), SymptomCode.WORSE_AFTER),
    ]
    found = alerts_for(p, sessions, day(3), None)
    assert candidates(found, AlertKind.PAIN_AFTER_WORSE) == [
        (AlertCode.PAIN_AFTER_WORSE, {"day": day(2), "sessions": 2})
    ]


def test_one_session_with_pain_worse_after_is_a_rest_day_not_an_alert():
    p = plan(item(1))
    sessions = [with_symptoms(session(0, 1), SymptomCode.WORSE_AFTER), session(2, 1)]
    assert not candidates(alerts_for(p, sessions, day(3), None), AlertKind.PAIN_AFTER_WORSE)


def test_a_held_exercise_is_not_due_until_reviewed_and_the_others_stay():
    held = ProgramPlan(
        start_date=START,
        phases=plan(item(1), item(2)).phases,
        held=((1, day(2), day(5)),),
    )
    assert [i.prescribed_exercise_id for i in due_on(held, day(1))] == [1, 2]
    assert [i.prescribed_exercise_id for i in due_on(held, day(2))] == [2]
    assert [i.prescribed_exercise_id for i in due_on(held, day(4))] == [2]
    assert [i.prescribed_exercise_id for i in due_on(held, day(5))] == [1, 2]


def test_a_held_exercise_is_not_counted_as_missed():
    held = replace(plan(item(1), item(2)), held=((1, day(0), None),))
    sessions = [session(n, 2) for n in range(4)]
    figures = exercise_adherence(held, sessions, START, day(3))
    assert 1 not in figures
    assert figures[2].rate == 1


def test_a_day_stopped_at_the_pain_check_is_neither_done_nor_missed():
    stopped = replace(
        session(1, before=6, after=6), stopped_at_check=PainCheckStop.PAIN_WORSE, exercises=()
    )
    sessions = [session(0, 1), stopped, session(2, 1)]
    p = replace(plan(item(1)), checked_out_on=progress.checked_out_days(sessions))
    assert due_on(p, day(1)) == []
    figure = adherence(p, sessions, START, day(2))
    assert (figure.scheduled, figure.completed) == (2, 2)


def test_a_stop_at_the_pain_check_alerts_the_therapist_with_its_reason():
    stopped = replace(session(1), stopped_at_check=PainCheckStop.PAIN_WORSE, exercises=())
    found = alerts_for(plan(item(1)), [stopped], day(1) + timedelta(days=1), None)
    assert candidates(found, AlertKind.PAIN_CHECK_STOP) == [
        (AlertCode.PAIN_CHECK_STOPPED, {"day": day(1), "reason": "pain_worse"})
    ]

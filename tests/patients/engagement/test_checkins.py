"""The weekly check-in: clinically meaningful change, the same PSFS activities each week,
trends on both dashboards, and each patient's answers kept to themselves."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients.engagement import checkins
from patients.engagement.checkins import (
    BETTER,
    SAME,
    WORSE,
    CheckInAnswers,
    pain_change,
    psfs_change,
)
from patients.models import WeeklyCheckIn
from tests.conftest import prescribe_small_program

TORONTO = ZoneInfo("America/Toronto")
MONDAY = date(2026, 3, 2)
ACTIVITIES = ("Carry groceries", "Sit at my desk for an hour", "Sleep through the night")


def in_week(weeks_later: int):
    moment = datetime(2026, 3, 4, 10, tzinfo=TORONTO) + timedelta(weeks=weeks_later)
    return time_machine.travel(moment, tick=False)


def answer(patient, pain, scores, adherence=8, activities=ACTIVITIES):
    return checkins.submit_checkin(
        patient=patient,
        answers=CheckInAnswers(
            pain_average=pain,
            adherence_rating=adherence,
            scores=tuple(scores),
            activities=activities,
        ),
    )[0]


# The clinical rule, as a pure function.


@pytest.mark.parametrize(
    ("first", "now", "direction", "meaningful"),
    [
        (6, 4, BETTER, True),  # 2 points
        (6, 5, BETTER, False),  # 1 point, 17%
        (3, 2, BETTER, True),  # 1 point but 33%
        (10, 8, BETTER, True),
        (10, 8.5, BETTER, False),  # 1.5 points, 15%
        (0, 1, WORSE, False),  # no percentage of zero; 1 point
        (0, 2, WORSE, True),
        (4, 6, WORSE, True),
        (5, 5, SAME, False),
    ],
)
def test_pain_change_is_meaningful_at_2_points_or_30_percent(first, now, direction, meaningful):
    change = pain_change(first, now)
    assert change.direction == direction
    assert change.meaningful is meaningful


@pytest.mark.parametrize(
    ("first", "now", "direction", "meaningful"),
    [
        (3.0, 5.0, BETTER, True),
        (3.0, 4.9, BETTER, False),
        (3.3, 5.3, BETTER, True),  # floating point: still 2 points
        (6.0, 4.0, WORSE, True),
        (6.0, 6.0, SAME, False),
    ],
)
def test_psfs_change_is_meaningful_at_2_points_of_the_mean(first, now, direction, meaningful):
    change = psfs_change(first, now)
    assert change.direction == direction
    assert change.meaningful is meaningful


# The service.


def test_the_first_check_in_fixes_the_activities_and_later_weeks_rate_the_same(north):
    with in_week(0):
        first = answer(north.patient, 6, (2, 3, 4))
    north.patient.refresh_from_db()
    assert north.patient.psfs_activities == list(ACTIVITIES)
    assert first.week == "2026-W10" and first.psfs_mean == 3.0
    with in_week(1):
        # Other activities sent later are ignored: the first ones stay.
        second = answer(north.patient, 3, (5, 6, 7), activities=("Golf", "Swim", "Run"))
    assert [item["activity"] for item in second.psfs] == list(ACTIVITIES)
    trend = checkins.patient_trend(north.patient)
    assert trend.activities == ACTIVITIES
    latest = trend.latest
    assert latest.scores == (5, 6, 7)
    assert latest.pain.meaningful and latest.pain.direction == BETTER
    assert latest.psfs.meaningful and latest.psfs.delta == 3.0
    assert trend.rows[0].pain is None  # the first check-in is the reference


def test_answering_again_the_same_week_corrects_the_check_in(north):
    with in_week(0):
        answer(north.patient, 6, (2, 3, 4))
        answer(north.patient, 5, (2, 3, 4))
    assert WeeklyCheckIn.objects.get().pain_average == 5


@pytest.mark.parametrize(
    ("activities", "scores", "pain", "field"),
    [
        (("Golf", "Swim"), (1, 2), 5, "activities"),
        (("Golf", "golf", "Swim"), (1, 2, 3), 5, "activities"),
        (("Golf", "Swim", "x" * 81), (1, 2, 3), 5, "activities"),
        (ACTIVITIES, (1, 2), 5, "scores"),
        (ACTIVITIES, (1, 2, 11), 5, "scores"),
        (ACTIVITIES, (1, 2, 3), -1, "pain_average"),
    ],
)
def test_bad_answers_are_refused(north, activities, scores, pain, field):
    with pytest.raises(ValidationError) as raised:
        answer(north.patient, pain, scores, activities=activities)
    assert field in raised.value.message_dict
    assert not WeeklyCheckIn.objects.exists()


# The pages.


def post_first_check_in(client, pain="6"):
    return client.post(
        reverse("patients:checkin"),
        {
            "pain_average": pain,
            "adherence_rating": "7",
            "activity_1": ACTIVITIES[0],
            "score_1": "2",
            "activity_2": ACTIVITIES[1],
            "score_2": "3",
            "activity_3": ACTIVITIES[2],
            "score_3": "4",
            "easier": "Reaching the top shelf.",
            "work_minutes": "30",
        },
    )


def test_check_in_pages_from_first_week_to_a_meaningful_change(client, north):
    with in_week(0):
        prescribe_small_program(north, start_date=MONDAY)
        client.force_login(north.patient.user)
        assert "weekly check-in" in client.get(reverse("patients:today")).content.decode()
        page = client.get(reverse("patients:checkin")).content.decode()
        assert "Name 3 to 5 everyday activities" in page
        response = post_first_check_in(client)
        assert response.status_code == 302
        assert "Answer this week" not in client.get(reverse("patients:today")).content.decode()
    with in_week(1):
        page = client.get(reverse("patients:checkin")).content.decode()
        assert "Carry groceries: how well can you do it now?" in page
        response = client.post(
            reverse("patients:checkin"),
            {
                "pain_average": "3",
                "adherence_rating": "9",
                "score_1": "5",
                "score_2": "6",
                "score_3": "7",
                "work_minutes": "75",
            },
        )
        assert response.status_code == 302
        html = client.get(reverse("patients:progress")).content.decode()
    assert 'id="checkin-trend"' in html
    assert html.count("meaningful improvement") == 2  # pain 6 → 3 and PSFS 3 → 6
    assert "Sit at my desk for an hour" in html
    client.force_login(north.therapist)
    staff = client.get(reverse("staff:patient", args=[north.patient.pk])).content.decode()
    assert 'id="checkin-trend"' in staff and "meaningful improvement" in staff
    assert [c.work_minutes for c in WeeklyCheckIn.objects.order_by("week")] == [30, 75]
    assert "<td>75</td>" in staff  # how long the patient can work without discomfort


def test_a_check_in_with_missing_answers_is_refused_with_a_400(client, north):
    client.force_login(north.patient.user)
    response = client.post(
        reverse("patients:checkin"),
        {"pain_average": "12", "adherence_rating": "7", "activity_1": "Golf", "score_1": "3"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved yet" in html
    assert not WeeklyCheckIn.objects.exists()


def test_another_patients_check_in_is_not_found(client, north, south):
    with in_week(0):
        mine = answer(north.patient, 6, (2, 3, 4))
    url = reverse("patients:checkin_detail", args=[mine.pk])
    for intruder in (north.other_patient, south.patient):
        client.force_login(intruder.user)
        response = client.get(url)
        assert response.status_code == 404
        assert "Carry groceries" not in response.content.decode()
    client.force_login(north.patient.user)
    assert "Carry groceries" in client.get(url).content.decode()


def test_the_progress_page_runs_the_same_queries_for_1_and_20_check_ins(client, north):
    prescribe_small_program(north)
    with in_week(-20):
        answer(north.patient, 6, (2, 3, 4))
    client.force_login(north.patient.user)
    client.get(reverse("patients:progress"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("patients:progress"))
    for week in range(-19, 0):
        with in_week(week):
            answer(north.patient, 5, (3, 3, 4))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("patients:progress"))
    assert len(response.context["checkins"].rows) == 20
    assert len(many) == len(few)


@pytest.mark.parametrize("minutes", ["", "-1", "721", "an hour"])
def test_the_check_in_asks_how_long_the_patient_can_work_without_discomfort(client, north, minutes):
    client.force_login(north.patient.user)
    page = client.get(reverse("patients:checkin")).content.decode()
    assert "How long can you work" in page and 'max="720"' in page
    body = {
        "pain_average": "5",
        "adherence_rating": "7",
        "activity_1": "Golf",
        "score_1": "3",
        "activity_2": "Desk work",
        "score_2": "4",
        "activity_3": "Stairs",
        "score_3": "6",
        "work_minutes": minutes,
    }
    response = client.post(reverse("patients:checkin"), body)
    assert response.status_code == 400
    assert not WeeklyCheckIn.objects.exists()
    response = client.post(reverse("patients:checkin"), {**body, "work_minutes": "40"})
    assert response.status_code == 302
    assert WeeklyCheckIn.objects.get().work_minutes == 40


def test_the_service_refuses_minutes_outside_a_working_day(north):
    with pytest.raises(ValidationError) as raised:
        checkins.submit_checkin(
            patient=north.patient,
            answers=CheckInAnswers(
                pain_average=4,
                adherence_rating=5,
                scores=(1, 2, 3),
                activities=ACTIVITIES,
                work_minutes=721,
            ),
        )
    assert "work_minutes" in raised.value.message_dict

"""The private calendar feed: valid iCalendar, scheduled days only, revocable address."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from patients import services
from patients.engagement import calendar
from patients.engagement.calendar import Event, escape, fold, render_ics
from tests.conftest import consented_assessment, prescribe_small_program
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory

TORONTO = ZoneInfo("America/Toronto")
MONDAY = date(2026, 3, 2)


def monday_morning():
    return time_machine.travel(datetime(2026, 3, 2, 7, tzinfo=TORONTO), tick=False)


def feed_url(patient):
    return reverse("patients:calendar_feed", args=[patient.calendar_token])


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def every_other_day(actors):
    phase = PhaseFactory(protocol__clinic=actors.clinic, order=1, week_start=1, week_end=None)
    exercise = ExerciseFactory(kind="strengthen", name="Prone Y raise", frequency="every_other_day")
    PhaseExerciseFactory(phase=phase, exercise=exercise, frequency="every_other_day")
    consented_assessment(actors.patient)
    return services.prescribe(
        patient=actors.patient,
        protocol=phase.protocol,
        therapist=actors.therapist,
        start_date=MONDAY,
        by=actors.therapist,
    )


def test_text_values_are_escaped_and_long_lines_folded_without_splitting_characters():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert unfold(folded) == line


def test_a_calendar_document_has_crlf_lines_and_utc_times():
    start = datetime(2026, 3, 2, 8, tzinfo=TORONTO)
    text = render_ics(
        "Exercises",
        [Event("1@x", start, start + timedelta(minutes=30), "Home exercises", "1. Stretch", "u")],
        start,
    )
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART:20260302T130000Z" in text and "DTEND:20260302T133000Z" in text


def test_a_bare_carriage_return_in_a_name_cannot_start_a_calendar_line():
    start = datetime(2026, 3, 2, 8, tzinfo=TORONTO)
    name = "Stretch\rBEGIN:VALARM\rTRIGGER:-PT1M\x00\x1b"
    text = render_ics("Exercises", [Event("1@x", start, start, name, name, "u")], start)
    lines = text.split("\r\n")
    assert "\r" not in "".join(lines) and "\x00" not in text and "\x1b" not in text
    assert not any(line.startswith(("BEGIN:VALARM", "TRIGGER")) for line in lines)
    assert "SUMMARY:Stretch\\nBEGIN:VALARM\\nTRIGGER:-PT1M" in text


def test_the_feed_lists_scheduled_days_at_the_reminder_time_and_skips_rest_days(client, north):
    with monday_morning():
        every_other_day(north)
        response = client.get(feed_url(north.patient))  # no sign-in: the token is the key
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    text = unfold(response.content.decode())
    starts = [line for line in text.split("\r\n") if line.startswith("DTSTART:")]
    assert starts[:3] == [
        "DTSTART:20260302T130000Z",  # Monday 08:00 in Toronto
        "DTSTART:20260304T130000Z",  # Wednesday: Tuesday is a rest day
        "DTSTART:20260306T130000Z",
    ]
    assert len(starts) == 22  # every other day for 42 days ahead
    assert "SUMMARY:Home exercises (1)" in text
    assert "Prone Y raise" in text


def test_the_feed_follows_daylight_saving_time(client, north):
    with monday_morning():
        every_other_day(north)
        text = unfold(client.get(feed_url(north.patient)).content.decode())
    # Clocks go forward on 8 March 2026: 08:00 in Toronto is then 12:00 UTC.
    assert "DTSTART:20260310T120000Z" in text


def test_a_paused_program_has_no_sessions_in_the_feed(client, north):
    with monday_morning():
        program = prescribe_small_program(north, start_date=MONDAY)
        services.set_status(prescription=program.prescription, status="paused", by=north.therapist)
        text = client.get(feed_url(north.patient)).content.decode()
    assert "BEGIN:VCALENDAR" in text and "BEGIN:VEVENT" not in text


def test_a_new_link_revokes_the_old_address(client, north, north_program):
    old = feed_url(north.patient)
    assert client.get(old).status_code == 200
    client.force_login(north.patient.user)
    assert client.get(reverse("patients:new_calendar_link")).status_code == 405
    response = client.post(reverse("patients:new_calendar_link"))
    assert response.status_code == 302
    north.patient.refresh_from_db()
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(north.patient)).status_code == 200


def test_each_feed_shows_only_its_own_patients_program(client, north, north_program):
    other = north.other_patient
    prescribe_small_program(north, patient=other)
    client.force_login(other.user)  # signing in as someone else gives no access either
    mine = client.get(feed_url(north.patient)).content.decode()
    theirs = client.get(feed_url(other)).content.decode()
    assert mine != theirs
    assert north.patient.calendar_token.hex not in theirs


def test_unknown_tokens_and_closed_accounts_are_not_found(client, north, north_program):
    assert client.get(reverse("patients:calendar_feed", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    north.patient.is_active = False
    north.patient.save()
    assert client.get(feed_url(north.patient)).status_code == 404


def test_the_feed_runs_a_fixed_number_of_queries(
    north, north_program, django_assert_max_num_queries
):
    # patient, prescription, phases, exercises, pain-rose days, status changes.
    with django_assert_max_num_queries(6):
        calendar.feed(north.patient)

"""The patient portal: Today, an exercise, history; each patient sees only their own."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients import selectors, services
from programs.models import Kind, Resistance
from tests.conftest import consented_assessment, log_stretch, prescribe_small_program
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory


def test_today_shows_phase_week_and_exercises_in_session_order(client, north, north_program):
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:today"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Week 1 of your program" in html
    assert north_program.prescription.current_phase.name in html
    assert html.index("Rhomboid stretch") < html.index("Wall push-up")


def test_today_counts_what_is_done_so_far(client, north, north_program):
    log_stretch(north.patient, north_program, selectors.clinic_today(north.clinic))
    client.force_login(north.patient.user)
    page = client.get(reverse("patients:today")).context["page"]
    done = {due.item.pk: due.done_today for due in page.due}
    assert done[north_program.stretch.pk] == 1
    assert done[north_program.strengthen.pk] == 0


def test_today_offers_a_rest_day_after_pain_rose(client, north):
    start = selectors.clinic_today(north.clinic) - timedelta(days=3)
    program = prescribe_small_program(north, start_date=start)
    log_stretch(
        north.patient,
        program,
        selectors.clinic_today(north.clinic) - timedelta(days=1),
        pain=(3, 5),
    )
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:today"))
    assert response.context["page"].due == []
    assert "extra rest day" in response.content.decode()


def test_today_leaves_a_weighted_activation_out_the_day_after_it_was_due(north):
    """The one-arm ball cobra (activation, 3-5 lb) prescribed daily is loaded: 48 hours."""
    phase = PhaseFactory(protocol__clinic=north.clinic, order=1, week_start=1, week_end=None)
    cobra = ExerciseFactory(kind=Kind.ACTIVATION, resistance=Resistance.WEIGHTS)
    PhaseExerciseFactory(phase=phase, exercise=cobra, order=1, frequency="daily")
    start = selectors.clinic_today(north.clinic) - timedelta(days=1)
    consented_assessment(north.patient)
    services.prescribe(
        patient=north.patient,
        protocol=phase.protocol,
        therapist=north.therapist,
        start_date=start,
        by=north.therapist,
    )
    assert [due.item.exercise for due in selectors.today_page(north.patient, start).due] == [cobra]
    assert selectors.today_page(north.patient, start + timedelta(days=1)).due == []


def test_exercise_page_shows_steps_dose_and_a_timer(client, north, north_program):
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:exercise", args=[north_program.stretch.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sit tall." in html
    assert "data-timer" in html and 'data-seconds="20"' in html
    assert "js/timer.js" in html


@pytest.mark.parametrize("name", ["patients:exercise", "patients:session_detail"])
def test_another_patients_records_are_not_found(client, north, south, north_program, name):
    session = log_stretch(north.patient, north_program, selectors.clinic_today(north.clinic))
    pk = north_program.stretch.pk if name == "patients:exercise" else session.pk
    prescribe_small_program(south)
    for intruder in (north.other_patient, south.patient):
        client.force_login(intruder.user)
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 404
        assert "Rhomboid" not in response.content.decode()


def test_history_lists_only_the_patients_own_sessions(client, north, north_program):
    other = prescribe_small_program(north, patient=north.other_patient)
    today = selectors.clinic_today(north.clinic)
    log_stretch(north.patient, north_program, today, pain=(7, 6))
    log_stretch(north.other_patient, other, today, pain=(2, 1))
    client.force_login(north.patient.user)
    html = client.get(reverse("patients:history")).content.decode()
    assert "7 → 6" in html
    assert "2 → 1" not in html


@pytest.mark.parametrize("name", ["patients:today", "patients:log_session", "patients:history"])
def test_portal_pages_are_for_patients_only(client, north, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(north.therapist)
    assert client.get(reverse(name)).status_code == 403


def test_home_sends_each_role_to_its_start_page(client, north):
    client.force_login(north.patient.user)
    assert client.get("/")["Location"] == reverse("patients:today")
    client.force_login(north.therapist)
    assert client.get("/")["Location"] == reverse("staff:caseload")


def test_today_runs_the_same_number_of_queries_for_a_long_history(
    client, north, django_assert_num_queries
):
    today = selectors.clinic_today(north.clinic)
    short = prescribe_small_program(north, start_date=today - timedelta(days=60))
    log_stretch(north.patient, short, today - timedelta(days=2))
    client.force_login(north.patient.user)
    client.get(reverse("patients:today"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("patients:today"))
    for days_ago in range(3, 60):
        log_stretch(north.patient, short, today - timedelta(days=days_ago))
    # With part reuse off (as in these settings): session, user with profile and clinic,
    # prescription, phases, exercises, pain-rose days, today's sessions, today's exercise
    # logs, this week's check-in, unread notices.
    assert len(few) <= 10
    with django_assert_num_queries(len(few)):
        client.get(reverse("patients:today"))

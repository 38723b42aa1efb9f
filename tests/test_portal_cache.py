"""Reused portal parts: Today and the dashboard are served from the cache while nothing they
show changed, and every change a patient or therapist makes shows on the next visit."""

import os
import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from patients import checkins, notifications, portal_cache, rights, selectors, services
from patients.models import PrescriptionChange, PrescriptionStatus
from tests.conftest import prescribe_small_program
from tests.factories import AssessmentFactory
from tests.test_progress_pages import add_sessions

TODAY = reverse("patients:today")
PROGRESS = reverse("patients:progress")


@pytest.fixture
def reuse(settings):
    """Turn part reuse on (the test settings keep it off) with an empty cache."""
    settings.PORTAL_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def log(patient, program, day, pain=(4, 3)):
    return services.log_session(
        patient=patient,
        report=services.SessionReport(
            prescription_id=program.prescription.pk,
            performed_on=day,
            pain_before=pain[0],
            pain_after=pain[1],
            entries=(services.ExerciseEntry(program.stretch.pk, done=True),),
        ),
        idempotency_key=uuid.uuid4(),
    )[0]


def page(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def without_csrf(html):
    """The page's text without the sign-out form's CSRF token, which is masked anew each time."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_second_visit_reuses_the_parts_with_fewer_queries_and_the_same_page(
    client, north, north_program, reuse
):
    client.force_login(north.patient.user)
    for url in (TODAY, PROGRESS):
        first, built = page(client, url)
        second, reused = page(client, url)
        assert without_csrf(second) == without_csrf(first)
        assert north_program.prescription.name in second
        assert reused < built, url


def test_reused_parts_cost_the_same_queries_for_a_long_history(
    client, north, reuse, django_assert_num_queries
):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=400))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(1, 6)])
    client.force_login(north.patient.user)
    counts = {}
    for url in (TODAY, PROGRESS):
        page(client, url)
        counts[url] = page(client, url)[1]
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(6, 400)])
    for url in (TODAY, PROGRESS):
        page(client, url)  # the history changed: built once more
        with django_assert_num_queries(counts[url]):
            client.get(url)


def test_a_logged_session_shows_on_the_next_visit(client, north, north_program, reuse):
    client.force_login(north.patient.user)
    before, _ = page(client, TODAY)
    assert "Logged today" not in before
    log(north.patient, north_program, selectors.clinic_today(north.clinic), pain=(5, 2))
    after, _ = page(client, TODAY)
    assert "Logged today" in after and "pain 5 → 2" in after
    dashboard, _ = page(client, PROGRESS)
    assert "Latest: 5/10." in dashboard


def test_a_dose_change_shows_on_the_next_visit(client, north, north_program, reuse):
    client.force_login(north.patient.user)
    assert "hold 20 s" in page(client, TODAY)[0]
    services.change_dose(
        prescribed_exercise=north_program.stretch, changes={"hold_seconds": 45}, by=north.therapist
    )
    exercises = page(client, TODAY)[0].split('id="program-heading"')[1]
    assert "hold 45 s" in exercises and "hold 20 s" not in exercises


def test_an_advance_shows_the_next_phase_on_the_next_visit(client, north, north_program, reuse):
    prescription = north_program.prescription
    client.force_login(north.patient.user)
    assert "Rhomboid stretch" in page(client, TODAY)[0]
    services.advance_phase(
        prescription=prescription,
        by=north.therapist,
        from_phase_id=prescription.current_phase_id,
        override_reason="Early review: doing well",
    )
    today_html, _ = page(client, TODAY)
    assert "Rhomboid stretch" not in today_html
    assert "You are in the last phase" in page(client, PROGRESS)[0]


def test_a_pause_and_a_resume_show_on_the_next_visit(client, north, north_program, reuse):
    prescription = north_program.prescription
    client.force_login(north.patient.user)
    assert "Rhomboid stretch" in page(client, TODAY)[0]
    services.set_status(
        prescription=prescription, status=PrescriptionStatus.PAUSED, by=north.therapist
    )
    paused, _ = page(client, TODAY)
    assert "has not set up a program" in paused and "Rhomboid stretch" not in paused
    services.set_status(
        prescription=prescription, status=PrescriptionStatus.ACTIVE, by=north.therapist
    )
    assert "Rhomboid stretch" in page(client, TODAY)[0]


def test_a_new_assessment_changes_the_baseline_on_the_next_visit(
    client, north, north_program, reuse
):
    client.force_login(north.patient.user)
    assert "At the start" not in page(client, PROGRESS)[0]
    AssessmentFactory(patient=north.patient, therapist=north.therapist, baseline_pain=7)
    assert "At the start: 7/10." in page(client, PROGRESS)[0]


def test_a_new_day_builds_the_parts_again(client, north, north_program, reuse):
    client.force_login(north.patient.user)
    first, _ = page(client, TODAY)
    assert "Week 1 of your program" in first
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        later, _ = page(client, TODAY)
    assert "Week 2 of your program" in later


def test_notices_and_the_check_in_card_are_never_taken_from_the_cache(
    client, north, north_program, reuse
):
    client.force_login(north.patient.user)
    first, _ = page(client, TODAY)
    assert "Your weekly check-in" in first
    change = PrescriptionChange.objects.create(
        prescription=north_program.prescription, changed_by=north.therapist, summary="Note"
    )
    notifications.record_notice(
        prescription=north_program.prescription,
        change=change,
        title="Your program changed",
        lines=["Wall push-up: now 3 sets"],
    )
    checkins.submit_checkin(
        patient=north.patient,
        answers=checkins.CheckInAnswers(
            pain_average=4,
            adherence_rating=8,
            scores=(5, 5, 5),
            activities=("Carrying shopping", "Gardening", "Reading"),
        ),
    )
    html, _ = page(client, TODAY)
    assert "Your program changed" in html
    assert "Your weekly check-in" not in html


def test_each_patient_gets_only_their_own_parts(client, north, north_program, reuse):
    other = prescribe_small_program(north, patient=north.other_patient)
    other.prescription.name = "Shoulder program for Sam"
    other.prescription.save(update_fields=["name"])
    client.force_login(north.patient.user)
    mine, _ = page(client, TODAY)
    client.force_login(north.other_patient.user)
    theirs, _ = page(client, TODAY)
    assert "Shoulder program for Sam" in theirs
    assert "Shoulder program for Sam" not in mine
    assert north_program.prescription.name not in theirs


def test_anonymising_a_patient_drops_their_cached_parts(
    client, north, north_program, reuse, django_capture_on_commit_callbacks
):
    client.force_login(north.patient.user)
    page(client, TODAY)
    page(client, PROGRESS)
    assert cache.get(f"portal:today:{north.patient.pk}") is not None
    with django_capture_on_commit_callbacks(execute=True):
        rights.anonymise_patient(patient=north.patient, by=north.manager)
    assert cache.get_many([f"portal:{n}:{north.patient.pk}" for n in portal_cache.PARTS]) == {}


def test_a_part_is_built_again_for_another_stamp_day_or_language(north, north_program, reuse):
    built = []

    def build():
        built.append(1)
        return f"part {len(built)}"

    day = selectors.clinic_today(north.clinic)
    visit = portal_cache.visit(north.patient, checkins.iso_week(day))
    assert portal_cache.part("today", north.patient, visit, day, build) == "part 1"
    assert portal_cache.part("today", north.patient, visit, day, build) == "part 1"
    assert portal_cache.part("today", north.patient, visit, day + timedelta(days=1), build) == (
        "part 2"
    )
    with translation.override("fr-ca"):
        portal_cache.part("today", north.patient, visit, day + timedelta(days=1), build)
    assert len(built) == 3
    log(north.patient, north_program, day)
    newer = portal_cache.visit(north.patient, checkins.iso_week(day))
    assert newer.stamp != visit.stamp
    portal_cache.part("today", north.patient, newer, day, build)
    assert len(built) == 4


def test_no_reuse_when_the_setting_is_zero(north, north_program, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    day = selectors.clinic_today(north.clinic)
    visit = portal_cache.visit(north.patient, checkins.iso_week(day))
    built = []
    for _ in range(2):
        portal_cache.part("today", north.patient, visit, day, lambda: built.append(1) or "x")
    assert len(built) == 2


def test_with_redis_parts_and_sessions_are_shared_and_sign_out_ends_the_session(
    client, north, north_program, settings
):
    """The several-server setup (REDIS_URL): parts and sessions in Redis, sessions kept in the
    database too."""
    from django.contrib.sessions.models import Session

    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {redis_url} (set TEST_REDIS_URL)")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PORTAL_CACHE_SECONDS = 600
    client.force_login(north.patient.user)
    key = client.session.session_key
    built, _ = page(client, TODAY)
    reused, _ = page(client, TODAY)
    assert without_csrf(reused) == without_csrf(built)
    assert cache.get(f"portal:today:{north.patient.pk}") is not None
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(TODAY).status_code == 302  # back to sign-in
    cache.clear()

"""Reused portal parts: Today and the dashboard are served from the cache while nothing they
show changed, and every change a patient or therapist makes shows on the next visit."""

import os
import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from patients import selectors, services
from patients.engagement import checkins, notifications
from patients.models import PrescriptionChange, PrescriptionStatus, ProgramNotice
from patients.portal import cache as portal_cache
from patients.services import rights
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program
from tests.patients.portal.test_progress_pages import add_sessions

TODAY = reverse("patients:today")
PROGRESS = reverse("patients:progress")


@pytest.fixture
def reuse(settings):
    """Turn part reuse on (the test settings keep it off) with an empty cache."""
    settings.PORTAL_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


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
    built, reused = {}, {}
    for url in (TODAY, PROGRESS):
        built[url] = page(client, url)[1]
        reused[url] = page(client, url)[1]
        assert reused[url] < built[url], url
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(6, 400)])
    for url in (TODAY, PROGRESS):
        with django_assert_num_queries(built[url]):  # the history changed: built again
            client.get(url)
        with django_assert_num_queries(reused[url]):
            client.get(url)


def test_a_logged_session_shows_on_both_pages_on_the_next_visit(
    client, north, north_program, reuse
):
    client.force_login(north.patient.user)
    assert "Logged today" not in page(client, TODAY)[0]
    assert "Latest:" not in page(client, PROGRESS)[0]
    log_stretch(north.patient, north_program, selectors.clinic_today(north.clinic), pain=(5, 2))
    after, _ = page(client, TODAY)
    assert "Logged today" in after and "pain 5 → 2" in after
    assert "Latest: 5/10." in page(client, PROGRESS)[0]


def test_a_dose_change_shows_on_the_next_visit(client, north, north_program, reuse):
    client.force_login(north.patient.user)
    assert "hold 20 s" in page(client, TODAY)[0]
    services.change_dose(
        prescribed_exercise=north_program.stretch, changes={"hold_seconds": 45}, by=north.therapist
    )
    exercises = page(client, TODAY)[0].split('id="program-heading"')[1]
    assert "hold 45 s" in exercises and "hold 20 s" not in exercises


def test_an_advance_shows_the_next_phase_on_both_pages_on_the_next_visit(
    client, north, north_program, reuse
):
    prescription = north_program.prescription
    client.force_login(north.patient.user)
    assert "Rhomboid stretch" in page(client, TODAY)[0]
    assert "Next phase" in page(client, PROGRESS)[0]
    services.advance_phase(
        prescription=prescription,
        by=north.therapist,
        from_phase_id=prescription.current_phase_id,
        override_reason="Early review: doing well",
    )
    assert "Rhomboid stretch" not in page(client, TODAY)[0]
    dashboard, _ = page(client, PROGRESS)
    assert "Next phase" not in dashboard and "You are in the last phase" in dashboard


def test_a_pause_and_a_resume_show_on_the_next_visit(client, north, north_program, reuse):
    prescription = north_program.prescription
    client.force_login(north.patient.user)
    assert "Rhomboid stretch" in page(client, TODAY)[0]
    before = portal_cache.stamp(north.patient, selectors.clinic_today(north.clinic))
    services.set_status(
        prescription=prescription, status=PrescriptionStatus.PAUSED, by=north.therapist
    )
    paused, _ = page(client, TODAY)
    assert "has not set up a program" in paused and "Rhomboid stretch" not in paused
    services.set_status(
        prescription=prescription, status=PrescriptionStatus.ACTIVE, by=north.therapist
    )
    assert "Rhomboid stretch" in page(client, TODAY)[0]
    # The part kept before the pause is not the one shown: the program changed in between.
    north.patient.refresh_from_db()
    assert portal_cache.stamp(north.patient, selectors.clinic_today(north.clinic)) != before


def test_a_new_assessment_changes_the_baseline_on_the_next_visit(
    client, north, north_program, reuse
):
    client.force_login(north.patient.user)
    assert "At the start" not in page(client, PROGRESS)[0]
    body = {"patient": north.patient.pk, "assessed_on": "2026-01-10", "mode": "virtual"}
    body |= {"problem_areas": "Upper back", "baseline_pain": 7}
    assert api_client(north.therapist).post("/api/v1/assessments/", body).status_code == 201
    assert "At the start: 7/10." in page(client, PROGRESS)[0]


def test_a_new_day_builds_the_parts_again_minutes_after_midnight(client, north, reuse):
    clinic_zone = north.clinic.tzinfo
    start = timezone.localdate(timezone=clinic_zone)
    evening = datetime.combine(start, time(23, 58), tzinfo=clinic_zone)
    with time_machine.travel(evening, tick=False):
        prescribe_small_program(north, start_date=start)  # push-ups every other day
        client.force_login(north.patient.user)
        first, _ = page(client, TODAY)
    with time_machine.travel(evening + timedelta(minutes=4), tick=False):  # well within reuse
        next_day, _ = page(client, TODAY)
    assert "Wall push-up" in first
    assert "Wall push-up" not in next_day and "Rhomboid stretch" in next_day


def test_a_notice_shows_on_the_next_visit_and_is_gone_once_dismissed(
    client, north, north_program, reuse
):
    client.force_login(north.patient.user)
    assert "Your program changed" not in page(client, TODAY)[0]
    change = PrescriptionChange.objects.create(
        prescription=north_program.prescription, changed_by=north.therapist, summary="Note"
    )
    notifications.record_notice(
        prescription=north_program.prescription,
        change=change,
        title="Your program changed",
        lines=["Wall push-up: now 3 sets"],
    )
    assert "Your program changed" in page(client, TODAY)[0]
    notice = ProgramNotice.objects.get(patient=north.patient)
    client.post(reverse("patients:dismiss_notice", args=[notice.pk]))
    assert "Your program changed" not in page(client, TODAY)[0]


def test_a_check_in_shows_on_both_pages_on_the_next_visit(client, north, north_program, reuse):
    client.force_login(north.patient.user)
    assert "Your weekly check-in" in page(client, TODAY)[0]
    assert "Gardening" not in page(client, PROGRESS)[0]
    checkins.submit_checkin(
        patient=north.patient,
        answers=checkins.CheckInAnswers(
            pain_average=4,
            adherence_rating=8,
            scores=(5, 5, 5),
            activities=("Carrying shopping", "Gardening", "Reading"),
        ),
    )
    assert "Your weekly check-in" not in page(client, TODAY)[0]
    dashboard, _ = page(client, PROGRESS)
    assert "Gardening" in dashboard and "Answer this week's check-in" not in dashboard


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


def test_a_part_is_built_again_for_another_version_day_or_language(north, north_program, reuse):
    built = []

    def build():
        built.append(1)
        return {"html": f"part {len(built)}"}

    day = selectors.clinic_today(north.clinic)
    assert portal_cache.part("today", north.patient, day, build) == {"html": "part 1"}
    assert portal_cache.part("today", north.patient, day, build) == {"html": "part 1"}
    assert portal_cache.part("today", north.patient, day + timedelta(days=1), build) == {
        "html": "part 2"
    }
    with translation.override("fr-ca"):
        portal_cache.part("today", north.patient, day + timedelta(days=1), build)
    assert len(built) == 3
    log_stretch(north.patient, north_program, day)
    north.patient.refresh_from_db()
    portal_cache.part("today", north.patient, day, build)
    assert len(built) == 4


def test_two_patients_never_share_a_part_even_with_equal_versions(north, reuse):
    day = selectors.clinic_today(north.clinic)
    assert north.patient.portal_version == north.other_patient.portal_version
    mine = portal_cache.part("today", north.patient, day, lambda: {"html": "mine"})
    theirs = portal_cache.part("today", north.other_patient, day, lambda: {"html": "theirs"})
    assert (mine, theirs) == ({"html": "mine"}, {"html": "theirs"})


def test_another_release_does_not_reuse_older_parts(north, reuse, settings):
    day = selectors.clinic_today(north.clinic)
    settings.RELEASE = "2026.12.1"
    portal_cache.part("today", north.patient, day, lambda: {"html": "old release"})
    settings.RELEASE = "2026.12.2"
    assert portal_cache.part("today", north.patient, day, lambda: {"html": "new"}) == {
        "html": "new"
    }


def test_pages_still_work_when_the_cache_cannot_be_reached(client, north, north_program, settings):
    settings.PORTAL_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    client.force_login(north.patient.user)
    for url in (TODAY, PROGRESS):
        html, _ = page(client, url)
        assert north_program.prescription.name in html


def test_no_reuse_when_the_setting_is_zero(north, north_program, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    day = selectors.clinic_today(north.clinic)
    built = []
    for _ in range(2):
        portal_cache.part("today", north.patient, day, lambda: built.append(1) or {})
    assert len(built) == 2


def test_with_redis_as_in_a_several_server_setup_the_parts_are_kept_there(
    client, north, north_program, settings
):
    redis = pytest.importorskip("redis")
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {redis_url} (set TEST_REDIS_URL)")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    settings.PORTAL_CACHE_SECONDS = 600
    client.force_login(north.patient.user)
    built, built_queries = page(client, TODAY)
    reused, reused_queries = page(client, TODAY)
    assert without_csrf(reused) == without_csrf(built)
    assert reused_queries < built_queries
    kept = redis.Redis.from_url(redis_url).keys("*portal:today:*")
    assert len(kept) == 1
    cache.clear()

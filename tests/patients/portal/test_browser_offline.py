"""In real Chromium: the patient app without a connection. Today, an exercise page and its
demonstration open offline; a session logged offline waits on the phone, says so, and is sent
exactly once when the connection returns, twice in a row."""

import re

import pytest
from django.urls import reverse

from patients.models import SessionLog
from tests.browser import signed_in_context, wait_until

pytestmark = pytest.mark.browser


def _controlled(page):
    wait_until(page, "() => navigator.serviceWorker.controller !== null")


KEPT = "url => caches.open('pages').then(c => c.match(url)).then(Boolean)"


def _log_a_session(page, live_server, before, after):
    page.goto(live_server.url + reverse("patients:log_session"))
    page.get_by_role("switch").wait_for()  # its script opens offline too
    page.get_by_role("group", name=re.compile("Pain before")).get_by_text(
        str(before), exact=True
    ).click()
    page.get_by_label("I did this exercise").first.check()
    page.get_by_role("group", name=re.compile("Pain now")).get_by_text(
        str(after), exact=True
    ).click()
    page.get_by_role("button", name="Save session").click()


def test_a_session_logged_offline_is_kept_then_sent_once_when_back_online_twice(
    browser, client, live_server, north, north_program
):
    context = signed_in_context(
        browser, client, live_server, north.patient.user, service_workers="allow"
    )
    posts = []
    context.on(
        "request",
        lambda request: (
            request.method == "POST"
            and request.url.endswith(reverse("patients:log_session"))
            and posts.append(request.headers.get("x-offline"))
        ),
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:today"))
    _controlled(page)
    page.reload()  # Today through the worker, which keeps it and Today's exercise pages
    exercise = live_server.url + reverse("patients:exercise", args=[north_program.strengthen.pk])
    wait_until(page, KEPT, exercise)

    for round_number, (before, after) in enumerate([(5, 3), (4, 2)], start=1):
        context.set_offline(True)
        page.goto(live_server.url + reverse("patients:today"))
        page.get_by_role("heading", name="Today's exercises").wait_for()
        status = page.locator("#offline-status")
        assert "You are offline" in status.inner_text()
        _log_a_session(page, live_server, before, after)
        page.get_by_text("1 session is kept on this phone, waiting to be sent").wait_for()
        assert status.get_by_role("listitem").count() == 1
        assert SessionLog.objects.filter(patient=north.patient).count() == round_number - 1

        context.set_offline(False)
        page.get_by_text("The session kept on this phone has been sent").wait_for()
        assert SessionLog.objects.filter(patient=north.patient).count() == round_number

    page.reload()
    page.get_by_role("heading", name="Today's exercises").wait_for()
    page.wait_for_timeout(500)  # time for any stray resend
    sessions = SessionLog.objects.filter(patient=north.patient).order_by("pk")
    assert [(s.pain_before, s.pain_after) for s in sessions] == [(5, 3), (4, 2)]
    assert len({s.idempotency_key for s in sessions}) == 2
    # Each session went out once while offline (kept by the worker) and once when sent.
    assert posts.count("send") == 2
    context.close()


def test_today_an_exercise_page_and_its_demonstration_open_offline(
    browser, client, live_server, north, north_program
):
    from programs.models import Exercise

    Exercise.objects.filter(pk=north_program.strengthen.exercise_id).update(slug="wall-push-up")
    context = signed_in_context(
        browser, client, live_server, north.patient.user, service_workers="allow"
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:today"))
    _controlled(page)
    exercise = live_server.url + reverse("patients:exercise", args=[north_program.strengthen.pk])
    wait_until(page, KEPT, exercise)
    wait_until(page, KEPT, live_server.url + reverse("patients:today"))
    context.set_offline(True)
    page.goto(live_server.url + reverse("patients:today"))
    page.get_by_role("link", name=re.compile("Wall push-up")).click()
    page.get_by_role("heading", name="Wall push-up", level=1).wait_for()
    wait_until(
        page, "() => document.querySelector('picture.demonstration-animation img').naturalWidth > 0"
    )
    context.close()


def test_signing_out_forgets_the_kept_pages(browser, client, live_server, north, north_program):
    context = signed_in_context(
        browser, client, live_server, north.patient.user, service_workers="allow"
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:today"))
    _controlled(page)
    page.reload()
    wait_until(page, "() => caches.open('pages').then(c => c.keys()).then(k => k.length > 0)")
    page.locator("summary", has_text="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/(accounts/login/)?$"))
    wait_until(page, "() => caches.open('pages').then(c => c.keys()).then(k => k.length === 0)")
    context.close()

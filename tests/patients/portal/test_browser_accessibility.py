"""axe-core finds no accessibility violation on any patient page at a phone's size, with the
menu closed and open, and on the session log with everything unfolded."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.browser import signed_in_context
from tests.conftest import log_stretch

pytestmark = pytest.mark.browser

PAGES = [
    "patients:today",
    "patients:log_session",
    "patients:history",
    "patients:progress",
    "patients:checkin",
    "patients:settings",
    "patients:handout",
]


def _violations(page):
    results = Axe().run(page)
    return [
        (
            violation["id"],
            [node["target"] for node in violation["nodes"]][:3],
            violation["nodes"][0]["failureSummary"][:200],
        )
        for violation in results.response["violations"]
    ]


@pytest.fixture
def patient_page(browser, client, live_server, north, north_program):
    session = log_stretch(north.patient, north_program)
    context = signed_in_context(browser, client, live_server, north.patient.user)
    page = context.new_page()
    extra = {
        "exercise": reverse("patients:exercise", args=[north_program.strengthen.pk]),
        "session": reverse("patients:session_detail", args=[session.pk]),
    }
    yield page, extra
    context.close()


def test_no_patient_page_has_an_axe_violation_on_a_phone(patient_page, live_server):
    page, extra = patient_page
    found = {}
    for path in [*(reverse(name) for name in PAGES), *extra.values()]:
        page.goto(live_server.url + path)
        if violations := _violations(page):
            found[path] = violations
    assert found == {}


def test_the_open_menu_has_no_axe_violation(patient_page, live_server):
    page, _ = patient_page
    page.goto(live_server.url + reverse("patients:today"))
    # Opened from the keyboard, as a phone's tap leaves no hover behind; axe then measures
    # the settled colours, not the button's 0.15 s colour transition.
    page.locator("summary", has_text="Menu").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="History").wait_for()
    page.wait_for_timeout(300)
    assert _violations(page) == []


def test_an_unfolded_session_log_has_no_axe_violation(patient_page, live_server):
    page, _ = patient_page
    page.goto(live_server.url + reverse("patients:log_session"))
    page.get_by_role("switch").check()
    page.get_by_text("Different?").first.click()
    page.get_by_text("Any warning sign?").click()
    page.get_by_text("More (optional)").click()
    assert _violations(page) == []

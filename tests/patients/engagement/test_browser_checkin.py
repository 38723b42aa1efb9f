"""In real Chromium: a patient's first and second weekly check-ins, and both dashboards."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser import follow_menu_link
from tests.conftest import PASSWORD, make_clinic_actors, prescribe_small_program

pytestmark = pytest.mark.browser

ACTIVITIES = ["Carry groceries", "Sit at my desk for an hour", "Sleep through the night"]


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def rate(page, question: str, value: int):
    """Pick a number on a 0-10 scale (buttons labelled 0..10 inside the question's fieldset)."""
    group = page.locator("fieldset", has=page.locator("legend", has_text=question)).last
    group.get_by_text(str(value), exact=True).click()


def test_a_patient_checks_in_twice_and_sees_a_meaningful_change(live_server, new_page):
    start = datetime(2026, 3, 4, 9, tzinfo=ZoneInfo("America/Toronto"))
    with time_machine.travel(start, tick=True):
        actors = make_clinic_actors("browser")
        prescribe_small_program(actors, start_date=start.date())
        page = new_page()
        sign_in(page, live_server.url, actors.patient.user.email)
        page.get_by_role("link", name="Answer this week's check-in").click()
        page.get_by_role("heading", name="Weekly check-in").wait_for()
        rate(page, "Your average pain this week", 6)
        for number, activity in enumerate(ACTIVITIES, start=1):
            page.get_by_label(f"Activity {number}", exact=True).fill(activity)
            rate(page, f"How well can you do activity {number} now?", number + 1)
        rate(page, "How well did you keep to your program", 7)
        page.get_by_label("How long can you work").fill("30")
        page.get_by_label("What got easier this week? (optional)").fill("Reaching the shelf.")
        page.get_by_role("button", name="Save my check-in").click()
        page.get_by_text("Thank you. Your check-in is saved.").wait_for()
        table = page.locator("#checkin-trend")
        for activity in ACTIVITIES:
            assert activity in table.inner_text()

    with time_machine.travel(start + timedelta(days=7), tick=True):
        follow_menu_link(page, "Check-in")
        page.get_by_text("Carry groceries: how well can you do it now?").wait_for()
        assert page.get_by_label("Activity 1", exact=True).count() == 0  # chosen once
        rate(page, "Your average pain this week", 3)
        rate(page, "Carry groceries: how well", 6)
        rate(page, "Sit at my desk for an hour: how well", 6)
        rate(page, "Sleep through the night: how well", 7)
        rate(page, "How well did you keep to your program", 9)
        page.get_by_label("How long can you work").fill("60")
        page.get_by_role("button", name="Save my check-in").click()
        page.get_by_text("Thank you. Your check-in is saved.").wait_for()
        rows = page.locator("#checkin-trend tbody tr")
        assert rows.count() == 2
        latest = rows.nth(1).inner_text()
        assert "meaningful improvement" in latest
        assert "−3" in latest  # pain 6 → 3

        therapist = new_page()
        sign_in(therapist, live_server.url, actors.therapist.email)
        therapist.get_by_role("link", name=actors.patient.name).click()
        therapist.get_by_role("heading", name="Weekly check-ins").wait_for()
        assert "meaningful improvement" in therapist.locator("#checkin-trend").inner_text()

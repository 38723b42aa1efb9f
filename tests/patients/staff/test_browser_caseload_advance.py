"""In real Chromium, on the demo data: red flag on the caseload, then advancing a ready patient."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("physio-demo")
    page.get_by_role("button", name="Sign in").click()


def test_therapist_sees_red_flag_and_advances_a_ready_patient(live_server, settings, new_page):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("load_library", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    therapist = new_page()
    sign_in(therapist, live_server.url, "therapist@northside.example")
    therapist.get_by_role("heading", name="Caseload").wait_for()
    first_row = therapist.get_by_role("row").nth(1)
    assert "Jordan Blake" in first_row.inner_text()
    assert "Red flag reported" in first_row.inner_text()
    therapist.get_by_role("link", name="Jordan Blake").click()
    therapist.get_by_text("Numbness or tingling in my arms or hands").first.wait_for()

    # Robin (the second therapist's patient) has done every recent session well.
    other = new_page()
    sign_in(other, live_server.url, "therapist2@northside.example")
    other.get_by_role("link", name="Robin Okafor").click()
    other.get_by_text("Ready to advance", exact=True).wait_for()
    other.get_by_role("button", name="Advance to Floor push-ups").click()
    other.get_by_text("Moved to Floor push-ups.").wait_for()

    patient = new_page()
    sign_in(patient, live_server.url, "patient3@northside.example")
    patient.get_by_text("Phase: Floor push-ups").wait_for()
    assert patient.get_by_role("link", name="Floor push-up").first.is_visible()

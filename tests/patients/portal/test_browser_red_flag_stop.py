"""In real Chromium: a red flag stops the program until the therapist has reviewed it.

The patient reports numbness, sees the stop message with the clinic's phone (on the saved page
and on Today) and gets no reminder; the therapist finds the red flag first on the caseload,
reviews and resumes; the patient's Today shows the program again.
"""

import re
from datetime import datetime, time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from patients import selectors
from patients.engagement import reminders
from tests.browser import signed_in_context
from tests.conftest import prescribe_small_program

pytestmark = pytest.mark.browser

SHOTS = Path("/work/notes/shots")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
STOP = "Please stop your exercises and contact the clinic"


def shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"red-flag-{name}.png"), full_page=True)


def due_patients(clinic) -> set[int]:
    """Who would get a reminder if the sweep ran at the end of the clinic's day."""
    late = datetime.combine(selectors.clinic_today(clinic), time(23, 59), tzinfo=clinic.tzinfo)
    return {due.patient_id for due in reminders.due_reminders(now=late)}


def test_a_red_flag_stops_the_program_until_the_therapist_resumes_it(
    live_server, settings, browser, client, north
):
    settings.PORTAL_CACHE_SECONDS = 600  # as in production: Today's part is reused
    cache.clear()
    north.clinic.phone = "+1 416 555 0199"
    north.clinic.save()
    prescribe_small_program(north)
    prescribe_small_program(north, patient=north.other_patient)  # a colleague on track
    assert due_patients(north.clinic) == {north.patient.pk, north.other_patient.pk}

    patient_context = signed_in_context(browser, client, live_server, north.patient.user)
    patient = patient_context.new_page()
    patient.goto(live_server.url + reverse("patients:today"))
    patient.get_by_role("link", name="Log today's session").click()
    patient.get_by_role("group", name=re.compile("Pain before")).get_by_text(
        "4", exact=True
    ).click()
    patient.get_by_label("I did this exercise").first.check()
    patient.get_by_role("group", name=re.compile("Pain now")).get_by_text("6", exact=True).click()
    patient.get_by_text("Any warning sign?").click()
    patient.get_by_label("Numbness or tingling in my arms or hands").check()
    patient.get_by_role("button", name="Save session").click()

    patient.get_by_role("heading", name=STOP).wait_for()
    assert patient.get_by_role("link", name="+1 416 555 0199").is_visible()
    assert patient.get_by_text("Well done").count() == 0
    shot(patient, "saved-phone")

    patient.goto(live_server.url + reverse("patients:today"))
    patient.get_by_role("heading", name=STOP).wait_for()
    assert patient.get_by_text("paused for review").is_visible()
    assert patient.get_by_role("link", name="Log today's session").count() == 0
    shot(patient, "today-phone")
    assert due_patients(north.clinic) == {north.other_patient.pk}  # no reminder for them

    staff_context = signed_in_context(  # a client of its own: the patient stays signed in
        browser, Client(), live_server, north.therapist, viewport=DESKTOP
    )
    staff = staff_context.new_page()
    staff.goto(live_server.url + reverse("staff:caseload"))
    staff.get_by_role("heading", name="Caseload").wait_for()
    first_row = staff.get_by_role("row").nth(1).inner_text()
    assert north.patient.name in first_row and "Red flag reported" in first_row
    shot(staff, "caseload-desktop")
    staff.get_by_role("link", name=north.patient.name).click()
    staff.get_by_role("heading", name=re.compile("Paused for review")).wait_for()
    staff.get_by_label("What your review found").fill("Called: numbness gone, posture cue")
    shot(staff, "review-desktop")
    staff.get_by_role("button", name="Resume the program").click()
    staff.get_by_text("Program resumed").wait_for()
    assert staff.get_by_text(
        re.compile("Resumed after review of the red flag: Called")
    ).is_visible()
    shot(staff, "resumed-desktop")

    patient.goto(live_server.url + reverse("patients:today"))
    patient.get_by_role("heading", name="Today's exercises").wait_for()
    assert patient.get_by_role("heading", name=STOP).count() == 0
    shot(patient, "today-again-phone")
    patient.set_viewport_size(DESKTOP)
    shot(patient, "today-again-desktop")
    assert due_patients(north.clinic) == {north.patient.pk, north.other_patient.pk}

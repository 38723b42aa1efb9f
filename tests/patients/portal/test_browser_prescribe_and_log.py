"""In real Chromium: the intake of a new patient (assessment, protocol, a swap and a regression,
review, send), then the patient sets a password, sees the change on Today and logs."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from patients.models import Prescription, SessionLog
from tests.browser import check_accessible, follow_menu_link

pytestmark = pytest.mark.browser


def test_therapist_prescribes_and_new_patient_logs_a_session(
    live_server,
    settings,
    north,
    new_page,
):
    settings.SITE_URL = live_server.url
    settings.PORTAL_CACHE_SECONDS = 600  # as in production: Today's part is reused
    cache.clear()
    call_command("load_library", stdout=io.StringIO())
    therapist = north.therapist
    therapist.set_password("Therapist-pass-1")
    therapist.save()

    staff = new_page()
    staff.goto(f"{live_server.url}/admin/")
    staff.get_by_label("Email").fill(therapist.email)
    staff.get_by_label("Password").fill("Therapist-pass-1")
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"{live_server.url}/clinic/intake/")
    check_accessible(staff)
    staff.get_by_label("Email").fill("new.patient@example.test")
    staff.get_by_label("First name").fill("Nora")
    staff.get_by_label("Last name").fill("Quinn")
    staff.get_by_role("button", name="Save and go to the assessment").click()

    staff.get_by_role("heading", name="Assessment of Nora Quinn").wait_for()
    check_accessible(staff)
    staff.get_by_label("Mode").select_option(label="In person")
    staff.get_by_label("Problem areas").fill("Upper back, rounded shoulders")
    staff.get_by_label("Consent given", exact=True).check()
    staff.get_by_label("Consent given by").fill("Nora Quinn")
    staff.get_by_role("button", name="Save and choose a protocol").click()

    staff.get_by_role("heading", name="Program for Nora Quinn").wait_for()
    check_accessible(staff)
    staff.get_by_label("Protocol").select_option(label="Upper back pain: stretch and strengthen")
    staff.get_by_role("button", name="Prescribe and tailor").click()

    staff.get_by_role("heading", name=re.compile("Tailor the program")).wait_for()
    check_accessible(staff)
    builder_url = staff.url
    assert mail.outbox == []  # nothing is sent before "send"
    staff.get_by_role("link", name="Next: review and send").click()
    check_accessible(staff)
    staff.get_by_role("button", name="Send the invitation").click()
    staff.get_by_text("Invitation emailed to new.patient@example.test").wait_for()
    check_accessible(staff)
    assert staff.get_by_role("link", name="Printable handout with QR code").is_visible()

    link = re.search(r"https?://\S+/invitation/\S+/", mail.outbox[-1].body).group(0)
    patient = new_page()
    patient.goto(link)
    patient.get_by_label(re.compile(r"New password\W*$")).fill("Quiet-Harbour-77")
    patient.get_by_label("New password confirmation").fill("Quiet-Harbour-77")
    patient.get_by_role("button", name="Save my password").click()
    patient.get_by_text("Your password is set").wait_for()
    patient.get_by_label("Email").fill("new.patient@example.test")
    patient.get_by_label("Password").fill("Quiet-Harbour-77")
    patient.get_by_role("button", name="Sign in").click()

    patient.get_by_role("heading", name="Today's exercises").wait_for()
    assert patient.get_by_text("Week 1 of your program").is_visible()

    # The therapist tailors the sent program: a swap, a progression and its regression.
    staff.goto(builder_url)
    first_phase = staff.locator("section[id^=phase-]").first
    first_phase.get_by_role("link", name=re.compile(r"^Swap")).first.click()
    staff.get_by_label("Exercise name").fill("doorway")
    staff.get_by_role("button", name="Search").click()
    staff.get_by_role("button", name=re.compile(r"^Swap in")).first.click()
    staff.get_by_text(re.compile(r"^Swapped in ")).wait_for()
    first_phase = staff.locator("section[id^=phase-]").first
    first_phase.get_by_role("button", name="Harder: Counter push-up").click()
    staff.get_by_text("Now Counter push-up.").wait_for()
    first_phase = staff.locator("section[id^=phase-]").first
    first_phase.get_by_role("button", name="Easier: Wall push-up").click()
    staff.get_by_text("Now Wall push-up.").wait_for()
    check_accessible(staff)

    patient.reload()
    # The tailored program: the swapped-in exercise, and a notice of each change.
    swapped_in = Prescription.objects.get(patient__user__email="new.patient@example.test")
    first = swapped_in.phases.get(order=1).exercises.select_related("exercise").first()
    assert patient.get_by_text(first.exercise.name).first.is_visible()
    assert patient.get_by_text(re.compile("Your therapist changed an exercise")).is_visible()
    assert patient.get_by_text("Your therapist eased Counter push-up to Wall push-up").is_visible()
    patient.get_by_role("link", name="Log today's session").click()
    patient.get_by_role("group", name=re.compile("Pain before")).get_by_text(
        "5", exact=True
    ).click()
    patient.get_by_label("I did this exercise").first.check()
    patient.get_by_role("group", name=re.compile("Pain now")).get_by_text("3", exact=True).click()
    patient.get_by_role("button", name="Save session").click()
    patient.get_by_text("Session saved").wait_for()

    follow_menu_link(patient, "History")
    assert patient.get_by_role("cell", name="5 → 3").is_visible()
    assert SessionLog.objects.filter(patient__user__email="new.patient@example.test").count() == 1

    # Today was shown (and kept) before the session: it shows the session now.
    follow_menu_link(patient, "Today")
    patient.get_by_role("heading", name="Logged today").wait_for()
    assert patient.get_by_text(re.compile(r"pain 5 → 3")).is_visible()
    follow_menu_link(patient, "Progress")
    patient.get_by_text("Latest: 5/10.").wait_for()
    cache.clear()

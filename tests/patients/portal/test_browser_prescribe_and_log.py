"""In real Chromium: a therapist prescribes to a new patient, who sets a password and logs."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from patients.models import Patient, SessionLog
from tests.browser import follow_menu_link
from tests.conftest import consented_assessment

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
    staff.goto(f"{live_server.url}/admin/patients/patient/add/")
    staff.get_by_label("Email").fill("new.patient@example.test")
    staff.get_by_label("First name").fill("Nora")
    staff.get_by_label("Last name").fill("Quinn")
    staff.get_by_role("button", name="Save", exact=True).click()
    staff.get_by_text("Invitation emailed to new.patient@example.test").wait_for()

    # The prescribing gate: the patient is assessed, with consent, first.
    consented_assessment(Patient.objects.get(user__email="new.patient@example.test"))
    staff.goto(f"{live_server.url}/admin/patients/prescription/add/")
    staff.get_by_role("combobox", name="Patient").select_option(label="Nora Quinn")
    staff.get_by_label("Protocol").select_option(label="Upper back pain: stretch and strengthen")
    staff.get_by_role("button", name="Save", exact=True).click()
    staff.get_by_text("was added successfully").wait_for()

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

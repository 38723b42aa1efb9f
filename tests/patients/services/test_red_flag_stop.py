"""A red flag stops the program: paused for review, no reminders, the stop message, resumed
only by a therapist's review (who, when, why), all in the history and the API."""

from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clinic.errors import StateConflict
from patients import services
from patients.engagement import tasks
from patients.models import PrescriptionChange, PrescriptionStatus, StopReason
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program
from tests.patients.services.test_session_logging import form_data

TORONTO = ZoneInfo("America/Toronto")
MONDAY, TUESDAY = date(2026, 3, 2), date(2026, 3, 3)


def at(day: date, hour: int):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=TORONTO), tick=False
    )


def test_a_red_flag_pauses_the_program_for_review_and_says_so_in_the_history(north):
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, symptoms=("numbness_tingling",))
    held = program.prescription
    held.refresh_from_db()
    assert (held.status, held.hold_reason) == (PrescriptionStatus.PAUSED, StopReason.RED_FLAG)
    change = PrescriptionChange.objects.filter(prescription=held).first()
    assert change.summary.startswith("Paused for review: a red flag was reported")
    assert change.changed_by == north.patient.user
    assert change.details["status"] == ["active", "paused"]
    # Nothing more can be logged until a therapist resumes it.
    with pytest.raises(StateConflict):
        log_stretch(north.patient, program)


def test_a_warning_sign_that_is_not_a_red_flag_does_not_pause(north):
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, symptoms=("worse_after",))
    program.prescription.refresh_from_db()
    assert program.prescription.status == PrescriptionStatus.ACTIVE


def test_no_reminder_goes_out_while_the_program_is_paused_for_review(north):
    north.patient.reminder_time = clock(8, 0)
    north.patient.nudge_time = None
    north.patient.save()
    with at(MONDAY, 7):
        program = prescribe_small_program(north, start_date=MONDAY)
        log_stretch(north.patient, program, symptoms=("sharp_shooting",))
    mail.outbox.clear()
    with at(TUESDAY, 9):
        assert tasks.enqueue_due_reminders() == 0
    assert not [m for m in mail.outbox if m.to == [north.patient.user.email]]


def test_only_a_review_with_a_reason_resumes_it(north, south):
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, symptoms=("recent_injury",))
    prescription = program.prescription
    with pytest.raises(StateConflict):  # the plain status move is refused
        services.set_status(prescription=prescription, status="active", by=north.therapist)
    with pytest.raises(ValidationError):
        services.resume_after_review(prescription=prescription, reason=" ", by=north.therapist)
    with pytest.raises(PermissionDenied):
        services.resume_after_review(prescription=prescription, reason="ok", by=south.therapist)

    services.resume_after_review(
        prescription=prescription, reason="Fall was minor; no numbness", by=north.therapist
    )

    prescription.refresh_from_db()
    assert (prescription.status, prescription.hold_reason) == ("active", "")
    review = PrescriptionChange.objects.filter(prescription=prescription).first()
    assert review.changed_by == north.therapist
    assert review.details["review_reason"] == "Fall was minor; no numbness"
    assert "Fall was minor" in review.summary
    with pytest.raises(StateConflict):  # resumed once; nothing left to review
        services.resume_after_review(prescription=prescription, reason="x", by=north.therapist)


def test_the_saved_page_and_today_show_the_stop_message_with_the_clinics_phone(client, north):
    north.clinic.phone = "+1 416 555 0199"
    north.clinic.save()
    program = prescribe_small_program(north)
    client.force_login(north.patient.user)
    body = form_data(program, symptoms=["numbness_tingling"])
    saved = client.post(reverse("patients:log_session"), body, follow=True)
    html = saved.content.decode()
    assert "Please stop your exercises and contact the clinic" in html
    assert "tel:+1 416 555 0199" in html
    assert "Well done" not in html

    today = client.get(reverse("patients:today")).content.decode()
    assert "Please stop your exercises and contact the clinic" in today
    assert "+1 416 555 0199" in today
    assert "Log today&#x27;s session" not in today
    # The form itself sends the patient back to Today, which shows the stop message.
    assert client.get(reverse("patients:log_session")).url == reverse("patients:today")

    services.resume_after_review(
        prescription=program.prescription, reason="Reviewed", by=north.therapist
    )
    today = client.get(reverse("patients:today")).content.decode()
    assert "Please stop your exercises" not in today
    assert "Rhomboid stretch" in today  # the program is back


def test_the_api_shows_the_hold_the_review_and_the_stop_to_the_patient(north):
    north.clinic.phone = "555-0100"
    north.clinic.save()
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, symptoms=("numbness_tingling",))
    patient = api_client(north.patient.user)
    today = patient.get("/api/v1/today/").json()
    assert (today["paused_for_review"], today["clinic_phone"]) == (True, "555-0100")
    url = f"/api/v1/prescriptions/{program.prescription.pk}/"
    assert patient.get(url).json()["hold_reason"] == "red_flag"

    staff = api_client(north.therapist)
    refused = staff.post(url + "resume/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    resumed = staff.post(url + "resume/", {"reason": "Seen today: fine"}, format="json")
    assert resumed.status_code == 200
    data = resumed.json()
    assert (data["status"], data["hold_reason"]) == ("active", "")
    history = [entry["summary"] for entry in data["history"]]
    assert history[-2].startswith("Paused for review")
    assert history[-1] == "Resumed after review of the red flag: Seen today: fine"
    again = staff.post(url + "resume/", {"reason": "again"}, format="json")
    assert again.status_code == 409
    assert patient.get("/api/v1/today/").json()["paused_for_review"] is False


def test_the_therapist_reviews_a_paused_program_with_its_figures_and_the_red_flag_session(
    client, north
):
    """While the program waits for review its adherence, pain and sessions stay on the page."""
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, pain=(3, 4))
    log_stretch(north.patient, program, pain=(4, 6), symptoms=("numbness_tingling",))
    client.force_login(north.therapist)
    page = client.get(reverse("staff:patient", args=[north.patient.pk]))
    assert page.context["held"].pk == program.prescription.pk
    html = page.content.decode()
    assert "Resume the program" in html
    assert "Last 7 days" in html and "Pain trend" in html
    assert len(page.context["recent_sessions"]) == 2
    assert page.context["recent_sessions"][0].red_flag

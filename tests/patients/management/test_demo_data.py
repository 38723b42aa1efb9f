"""The demo seed gives a first run two clinics with staff, patients and eight weeks of history."""

from datetime import timedelta
from io import StringIO
from statistics import mean

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory

from clinic.models import Clinic, Role, User
from patients import selectors
from patients.models import (
    Alert,
    AlertKind,
    Assessment,
    ExerciseLog,
    Patient,
    Prescription,
    PrescriptionStatus,
    SessionLog,
)
from patients.rules.schedule import schedule
from patients.services.prescriptions import hold_for_review

DEMO_PASSWORD = "physio-demo"
CLINIC_SLUGS = ["northside", "southside"]
COUNTED = [User, Patient, Prescription, SessionLog, ExerciseLog, Alert, Assessment]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_library", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seed_demo_creates_both_clinics_with_staff_and_a_patient(demo):
    for slug in CLINIC_SLUGS:
        clinic = Clinic.objects.get(slug=slug)
        assert User.objects.get(email=f"manager@{slug}.example").membership.role == Role.MANAGER
        for local in ("therapist", "therapist2"):
            membership = User.objects.get(email=f"{local}@{slug}.example").membership
            assert (membership.clinic, membership.role) == (clinic, Role.THERAPIST)
        assert Patient.objects.get(user__email=f"patient@{slug}.example").clinic == clinic


def test_every_demo_login_works_with_the_demo_password(demo):
    for slug in CLINIC_SLUGS:
        for local in ("manager", "therapist", "therapist2", "patient"):
            email = f"{local}@{slug}.example"

            user = authenticate(
                RequestFactory().post("/accounts/login/"), username=email, password=DEMO_PASSWORD
            )

            assert user is not None, email
            assert user.email == email


def test_demo_staff_can_use_the_admin_and_demo_patients_cannot(demo):
    assert User.objects.get(email="therapist@northside.example").is_staff
    assert not User.objects.get(email="patient@northside.example").is_staff


def test_each_demo_patient_has_an_assessment_and_one_active_program_started_eight_weeks_ago(demo):
    patients = list(Patient.objects.select_related("clinic"))
    assert len(patients) >= 2
    for patient in patients:
        assert patient.assessments.exists(), patient
        active = list(patient.prescriptions.filter(status=PrescriptionStatus.ACTIVE))
        assert len(active) == 1, patient
        age = (selectors.clinic_today(patient.clinic) - active[0].start_date).days
        assert 55 <= age <= 57, (patient, age)


def scheduled_days(prescription):
    """Days the program scheduled something, from its start to yesterday."""
    prescription = selectors.prescriptions_with_plan(
        Prescription.objects.filter(pk=prescription.pk)
    ).get()
    yesterday = selectors.clinic_today(prescription.clinic) - timedelta(days=1)
    return {
        day for day, due in schedule(selectors.plan_for(prescription), yesterday).items() if due
    }


def test_each_demo_patient_logged_sessions_but_missed_some_scheduled_days(demo):
    for prescription in Prescription.objects.active().select_related("clinic"):
        logged = set(prescription.sessions.values_list("performed_on", flat=True))
        scheduled = scheduled_days(prescription)

        assert logged, prescription
        assert logged <= scheduled, prescription
        assert scheduled - logged, f"{prescription} has no missed days"
        assert ExerciseLog.objects.filter(session__prescription=prescription).exists()


def test_each_demo_patients_pain_falls_over_the_program(demo):
    for prescription in Prescription.objects.active():
        start = prescription.start_date
        sessions = list(prescription.sessions.values_list("performed_on", "pain_before"))
        last_day = max(day for day, _ in sessions)
        first = [pain for day, pain in sessions if day < start + timedelta(weeks=2)]
        last = [pain for day, pain in sessions if day > last_day - timedelta(weeks=2)]

        assert first and last, prescription
        assert mean(first) > mean(last), prescription


def test_the_demo_has_a_red_flag_session_with_an_alert(demo):
    flagged = SessionLog.objects.filter(red_flag=True)

    assert flagged.exists()
    for session in flagged:
        assert Alert.objects.filter(
            session=session, patient=session.patient, kind=AlertKind.RED_FLAG
        ).exists()


def test_running_seed_demo_twice_changes_nothing(demo):
    before = counts()

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.exists()


def test_seed_demo_runs_with_debug_off_when_forced(db, settings):
    settings.DEBUG = False
    call_command("load_library", stdout=StringIO())

    call_command("seed_demo", "--force", stdout=StringIO())

    assert authenticate(
        RequestFactory().post("/accounts/login/"),
        username="manager@northside.example",
        password=DEMO_PASSWORD,
    )


def test_the_demo_stop_message_gives_the_clinics_phone(demo, client):
    """A demo patient whose program a red flag paused sees the number to call."""
    patient = Patient.objects.select_related("clinic", "user").get(
        user__email="patient@northside.example"
    )
    assert patient.clinic.phone
    prescription = Prescription.objects.get(patient=patient, status=PrescriptionStatus.ACTIVE)
    session = SessionLog.objects.filter(patient=patient).latest("performed_on")
    with transaction.atomic():
        hold_for_review(prescription=prescription, session=session, by=patient.user)
    client.force_login(patient.user)
    today = client.get("/today/").content.decode()
    assert f'href="tel:{patient.clinic.phone}"' in today

"""generate_demo: a realistic clinic in bulk whose derived data matches the live rules."""

import io

import pytest
from django.core.management import CommandError, call_command

from patients.models import AdherenceDay, ExerciseLog, Patient, Prescription, SessionLog
from patients.reporting.ledger import sync_ledger


@pytest.fixture
def library(db):
    call_command("load_library", stdout=io.StringIO())


def test_generate_demo_builds_a_clinic_with_history(library):
    out = io.StringIO()
    call_command("generate_demo", patients=40, weeks=4, clinic="bulk", per_therapist=15, stdout=out)
    assert "40 patients" in out.getvalue()
    assert Patient.objects.filter(clinic__slug="bulk").count() == 40
    therapists = set(Patient.objects.values_list("primary_therapist", flat=True))
    assert len(therapists) == 3
    assert Prescription.objects.filter(status="active").count() == 40
    assert SessionLog.objects.count() > 40 * 4 * 2
    assert ExerciseLog.objects.count() > SessionLog.objects.count()
    assert SessionLog.objects.filter(pain_after__gt=0).exists()


def test_generated_ledger_equals_the_one_the_app_would_build(library):
    call_command("generate_demo", patients=25, weeks=6, clinic="bulk", stdout=io.StringIO())
    summary = ["first_pain", "latest_pain", "last_session_on"]
    for prescription in Prescription.objects.all():
        generated = sorted(
            AdherenceDay.objects.filter(prescription=prescription).values_list("day", "completed")
        )
        generated_summary = Prescription.objects.values(*summary).get(pk=prescription.pk)
        sync_ledger(prescription)
        assert Prescription.objects.values(*summary).get(pk=prescription.pk) == generated_summary
        rebuilt = sorted(
            AdherenceDay.objects.filter(prescription=prescription).values_list("day", "completed")
        )
        assert generated == rebuilt


def test_generated_sessions_fall_only_on_scheduled_days(library):
    call_command("generate_demo", patients=10, weeks=3, clinic="bulk", stdout=io.StringIO())
    scheduled = set(AdherenceDay.objects.values_list("prescription_id", "day"))
    logged = set(SessionLog.objects.values_list("prescription_id", "performed_on"))
    assert logged <= scheduled


def test_generate_demo_needs_the_library_and_sane_numbers(db):
    with pytest.raises(CommandError):
        call_command("generate_demo", patients=5, weeks=2, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("generate_demo", patients=0, weeks=2, stdout=io.StringIO())

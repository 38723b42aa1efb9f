"""One patient's pages read their rows through indexes, not by scanning the logs tables."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from patients.models import AdherenceDay, ExerciseLog, Prescription, SessionLog


@pytest.fixture
def clinic_data(db):
    call_command("load_library", stdout=io.StringIO())
    call_command("generate_demo", patients=120, weeks=6, clinic="plans", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Prescription.objects.order_by("pk")[60]


def plan_of(queryset) -> str:
    return queryset.explain()


def assert_uses_index(plan: str, table: str):
    if connection.vendor == "postgresql":
        assert f"Seq Scan on {table}" not in plan, plan
        assert "Index" in plan, plan
    else:
        assert f"SCAN {table}" not in plan.replace(" USING", "\n"), plan
        assert "USING" in plan and "INDEX" in plan, plan


def test_one_patients_sessions_are_read_through_an_index(clinic_data):
    plan = plan_of(SessionLog.objects.filter(prescription=clinic_data).order_by("performed_on"))
    assert_uses_index(plan, "patients_sessionlog")


def test_one_patients_exercise_logs_are_read_through_an_index(clinic_data):
    sessions = list(
        SessionLog.objects.filter(prescription=clinic_data).values_list("pk", flat=True)
    )
    plan = plan_of(ExerciseLog.objects.filter(session_id__in=sessions))
    assert_uses_index(plan, "patients_exerciselog")


def test_one_patients_ledger_is_read_through_an_index(clinic_data):
    plan = plan_of(AdherenceDay.objects.filter(prescription=clinic_data))
    assert_uses_index(plan, "patients_adherenceday")

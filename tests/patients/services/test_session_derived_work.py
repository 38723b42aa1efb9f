"""Logging a session does only the session's own writes in the request; the derived work
(adherence ledger, standing, alerts) is queued, and when it is lost the nightly job or the
queue makes it good."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from patients import selectors
from patients.models import AdherenceDay, Alert, AlertKind, ProgramStanding
from tests.api_fixtures import api_client, session_body
from tests.conftest import log_stretch, make_clinic_actors, prescribe_small_program
from tests.factories import AssessmentFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: A queue that never runs anything: the work is lost after the commit, as when the
#: process is killed between the commit and the refresh.
LOST_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

#: The token (with the patient and clinic), the idempotency key, the program, its
#: exercises, the session, its audit event, the exercise logs, their audit event, the
#: portal version, and the two queued tasks (ledger, alerts).
SESSION_LOG_QUERIES = 12

QUEUED = {
    "patients.reporting.tasks.sync_program_ledger",
    "patients.services.alerts.refresh_patient_alerts",
}


def completed_days(prescription):
    return set(
        AdherenceDay.objects.filter(prescription=prescription, completed=True).values_list(
            "day", flat=True
        )
    )


def test_an_api_session_log_costs_at_most_twelve_queries(
    north, settings, django_capture_on_commit_callbacks
):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=30))
    for back in range(1, 30):
        log_stretch(north.patient, program, day=today - timedelta(days=back))
    settings.TASKS = DATABASE_TASKS
    client = api_client(north.patient.user)
    client.get("/api/v1/sessions/")
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/api/v1/sessions/",
            session_body(program),
            format="json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
    assert response.status_code == 201
    assert len(response.json()["exercises"]) == 2
    # Savepoints are the test's own transaction around the service's; in production the
    # service's transaction is a BEGIN and a COMMIT, which are not statements counted here.
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= SESSION_LOG_QUERIES, "\n".join(s[:120] for s in statements)
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == QUEUED


def test_derived_work_lost_after_commit_is_made_good_by_the_nightly_job(
    north, django_capture_on_commit_callbacks
):
    today = selectors.clinic_today(north.clinic)
    AssessmentFactory(patient=north.patient, baseline_pain=2)
    program = prescribe_small_program(north, start_date=today - timedelta(days=5))
    days = [today - timedelta(days=1), today]
    with override_settings(TASKS=LOST_TASKS), django_capture_on_commit_callbacks(execute=True):
        for day in days:
            log_stretch(north.patient, program, day=day, pain=(5, 4))  # 3 above the baseline
    assert completed_days(program.prescription) == set()
    assert not Alert.objects.filter(patient=north.patient).exists()
    call_command("refresh_progress", verbosity=0)
    assert completed_days(program.prescription) == set(days)
    assert Alert.objects.filter(patient=north.patient, kind=AlertKind.PAIN_RISE).exists()
    standing = ProgramStanding.objects.get(prescription=program.prescription)
    assert standing.as_of == today


@pytest.mark.django_db(transaction=True)
def test_queued_derived_work_waits_in_the_database_queue_until_a_worker_runs():
    north = make_clinic_actors("queue")
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=5))
    with override_settings(TASKS=DATABASE_TASKS):
        log_stretch(north.patient, program, day=today)
        assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == QUEUED
        assert completed_days(program.prescription) == set()
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert completed_days(program.prescription) == {today}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

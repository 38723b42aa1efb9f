"""Clinic adherence report: figures equal the per-patient functions, filters, CSV, scoping."""

import csv
import io
import random
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.models import Role
from patients import selectors, services
from patients.models import ExerciseLog, Prescription, SessionLog
from patients.reporting import reports
from patients.reporting.ledger import sync_ledger
from patients.rules import progress
from tests.api_fixtures import api_client
from tests.conftest import prescribe_small_program
from tests.factories import MembershipFactory, PatientFactory


def random_history(patient, program, rng, days_back):
    today = selectors.clinic_today(patient.clinic)
    sessions = []
    for back in range(days_back, -1, -1):
        if rng.random() < 0.6:
            before = rng.randint(0, 10)
            sessions.append(
                SessionLog(
                    clinic_id=patient.clinic_id,
                    patient=patient,
                    prescription=program.prescription,
                    phase_id=program.prescription.current_phase_id,
                    performed_on=today - timedelta(days=back),
                    logged_at=timezone.now() - timedelta(days=back),
                    pain_before=before,
                    pain_after=max(0, min(10, before + rng.choice([-2, -1, 0, 1]))),
                    idempotency_key=uuid.uuid4(),
                )
            )
    SessionLog.objects.bulk_create(sessions)
    ExerciseLog.objects.bulk_create(
        ExerciseLog(session=s, prescribed_exercise=item, done=rng.random() < 0.8)
        for s in sessions
        for item in (program.stretch, program.strengthen)
    )
    if rng.random() < 0.3:
        services.set_status(prescription=program.prescription, status="paused", by=program.by)
    sync_ledger(program.prescription)


@pytest.fixture
def random_clinic(north):
    rng = random.Random(20261123)
    today = selectors.clinic_today(north.clinic)
    for index in range(12):
        patient = (
            north.patient
            if index == 0
            else PatientFactory(clinic=north.clinic, primary_therapist=north.therapist)
        )
        program = prescribe_small_program(
            north, patient=patient, start_date=today - timedelta(days=rng.randint(0, 70))
        )
        program.by = north.therapist
        random_history(patient, program, rng, (today - program.prescription.start_date).days)
    return north


def test_report_figures_equal_the_per_patient_functions_on_random_data(random_clinic):
    north = random_clinic
    today = selectors.clinic_today(north.clinic)
    filters = reports.Filters(date_from=today - timedelta(days=27), date_to=today)
    rows = list(reports.report_rows(north.manager, filters, today))
    assert len(rows) == 12
    for row in rows:
        patient = row.patient_name
        plan, _sessions, logged = selectors.program_state(
            selectors.prescriptions_with_plan(Prescription.objects.filter(pk=row.pk))
            .select_related("clinic")
            .get()
        )
        windows = progress.adherence_windows(plan, logged, today)
        assert (row.scheduled_7, row.completed_7) == (
            windows["last_7_days"].scheduled,
            windows["last_7_days"].completed,
        ), patient
        assert (row.scheduled_28, row.completed_28) == (
            windows["last_28_days"].scheduled,
            windows["last_28_days"].completed,
        )
        assert (row.program_scheduled, row.program_completed) == (
            windows["program"].scheduled,
            windows["program"].completed,
        )
        in_range = progress.adherence(
            plan, logged, filters.date_from, progress.last_closed_day(plan, logged, today)
        )
        assert (row.range_scheduled, row.range_completed) == (
            in_range.scheduled,
            in_range.completed,
        )
        assert row.pain_now == (logged[-1].pain_before if logged else None)
        assert row.baseline_pain == progress.baseline_pain(logged, None)


def test_report_page_filters_sorts_and_totals(client, random_clinic):
    north = random_clinic
    client.force_login(north.manager)
    response = client.get(reverse("staff:report"), {"status": "paused", "sort": "-adherence_7"})
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert rows and all(row.status == "paused" for row in rows)
    rates = [row.rate_7 for row in rows if row.rate_7 is not None]
    assert rates == sorted(rates, reverse=True)
    totals = response.context["totals"]["clinic"]
    assert totals.scheduled_7 == sum(row.scheduled_7 for row in rows)


def test_a_bad_filter_is_a_clear_400(client, north):
    client.force_login(north.manager)
    response = client.get(reverse("staff:report"), {"date_from": "2026-13-01"})
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
    backwards = client.get(
        reverse("staff:report"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert backwards.status_code == 400


def test_the_csv_export_streams_the_filtered_rows(client, random_clinic):
    north = random_clinic
    client.force_login(north.manager)
    response = client.get(reverse("staff:report_csv"), {"status": "active"})
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0][0] == "Patient"
    page = client.get(reverse("staff:report"), {"status": "active"}).context["page"]
    assert len(lines) - 1 == page.paginator.count


def test_a_therapist_sees_only_their_caseload_and_other_clinics_nothing(client, north, south):
    prescribe_small_program(north)
    other_therapist = MembershipFactory(clinic=north.clinic, role=Role.THERAPIST).user
    colleague = PatientFactory(clinic=north.clinic, primary_therapist=other_therapist)
    # Their own therapist prescribes (the only one who writes for them).
    prescribe_small_program(replace(north, therapist=other_therapist), patient=colleague)
    prescribe_small_program(south)
    client.force_login(north.therapist)
    rows = client.get(reverse("staff:report")).context["page"].object_list
    assert [r.patient_id for r in rows] == [north.patient.pk]
    client.force_login(south.manager)
    html = client.get(reverse("staff:report")).content.decode()
    assert north.patient.name not in html and colleague.name not in html
    client.force_login(north.patient.user)
    assert client.get(reverse("staff:report")).status_code == 403
    assert client.get(reverse("staff:report_csv")).status_code == 403


def test_report_api_returns_rows_totals_and_weeks(random_clinic):
    north = random_clinic
    data = api_client(north.manager).get("/api/v1/reports/adherence/", {"status": "active"}).json()
    assert set(data) >= {"count", "next", "previous", "results", "totals", "weekly"}
    assert data["count"] == len(data["results"])
    assert all(row["status"] == "active" for row in data["results"])
    bad = api_client(north.manager).get("/api/v1/reports/adherence/", {"date_to": "x"})
    assert bad.status_code == 400 and "date_to" in bad.json()["errors"]


def test_report_runs_the_same_queries_for_few_and_many_patients(client, north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=30))
    sync_ledger(program.prescription)
    client.force_login(north.manager)
    client.get(reverse("staff:report"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("staff:report"))
    for _ in range(60):
        patient = PatientFactory(clinic=north.clinic, primary_therapist=north.therapist)
        other = prescribe_small_program(
            north, patient=patient, start_date=today - timedelta(days=30)
        )
        sync_ledger(other.prescription)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("staff:report"))
    assert len(many) == len(few)


def test_a_computed_report_is_reused_briefly_for_paging_and_sorting(client, north, settings):
    settings.REPORT_CACHE_SECONDS = 60
    program = prescribe_small_program(north)
    sync_ledger(program.prescription)
    client.force_login(north.manager)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("staff:report"))
    with CaptureQueriesContext(connection) as sorted_again:
        response = client.get(reverse("staff:report"), {"sort": "-adherence_7"})
    assert len(sorted_again) < len(first)
    assert "Figures as of" in response.content.decode()
    client.force_login(north.therapist)  # another scope never sees the manager's copy
    rows = client.get(reverse("staff:report")).context["page"].object_list
    assert [r.patient_id for r in rows] == [north.patient.pk]

"""The caseload read from the ledger, the prescriptions' summary and the stored standings:
the same figures and order as each patient's own progress, in constant queries."""

import random
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patients import selectors, services
from patients.models import ExerciseLog, ProgramStanding, SessionLog
from patients.reporting.caseload import caseload, urgency
from patients.reporting.ledger import sync_ledger
from tests.conftest import prescribe_small_program
from tests.factories import AssessmentFactory, PatientFactory


def random_history(patient, program, rng, today):
    """Sessions on random days (some patients diligent, some not), then the ledger."""
    density = rng.choice([0.3, 0.6, 0.97])
    sessions = []
    for back in range((today - program.prescription.start_date).days, -1, -1):
        if rng.random() < density:
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
                    pain_after=max(0, before - rng.choice([0, 1, 1, 2]))
                    if density > 0.9
                    else max(0, min(10, before + rng.choice([-2, -1, 0, 1, 2]))),
                    idempotency_key=uuid.uuid4(),
                )
            )
    SessionLog.objects.bulk_create(sessions)
    ExerciseLog.objects.bulk_create(
        ExerciseLog(
            session=s,
            prescribed_exercise=item,
            done=density > 0.9 or rng.random() < 0.8,
            good_form=True if density > 0.9 else rng.choice([True, False, None]),
        )
        for s in sessions
        for item in (program.stretch, program.strengthen)
    )
    if rng.random() < 0.2:
        services.set_status(prescription=program.prescription, status="paused", by=program.by)
        services.set_status(prescription=program.prescription, status="active", by=program.by)
    sync_ledger(program.prescription)
    services.refresh_alerts(patient=patient)


@pytest.fixture
def random_caseload(north):
    rng = random.Random(20261204)
    today = selectors.clinic_today(north.clinic)
    for index in range(16):
        patient = (
            north.patient
            if index == 0
            else PatientFactory(clinic=north.clinic, primary_therapist=north.therapist)
        )
        if rng.random() < 0.4:
            AssessmentFactory(patient=patient, baseline_pain=rng.randint(0, 10))
        if index == 15:
            continue  # a patient without a program
        program = prescribe_small_program(
            north, patient=patient, start_date=today - timedelta(days=rng.randint(0, 40))
        )
        program.by = north.therapist
        random_history(patient, program, rng, today)
    return north


def figures(row):
    windows = row.adherence or {}
    return {
        "patient": row.patient.pk,
        "adherence": {
            name: (windows[name].scheduled, windows[name].completed)
            for name in ("last_7_days", "last_28_days")
            if name in windows
        },
        "last_session_on": row.last_session_on,
        "baseline_pain": row.baseline_pain,
        "latest_pain": row.latest_pain,
        "pain_change": row.pain_change,
        "phase": getattr(row.phase, "pk", None),
        "week": row.week,
        "open_alerts": [alert.pk for alert in row.open_alerts],
        "red_flag": row.has_red_flag,
    }


def old_figures(progress):
    result = figures(progress)
    result["ready"] = bool(progress.readiness and progress.readiness.ready)
    return result


def new_figures(row):
    result = figures(row)
    result["ready"] = row.ready_to_advance
    return result


def per_patient_rows(north):
    """The caseload as each patient's own progress computes it, in the caseload's order."""
    rows = [selectors.patient_progress(p) for p in north.therapist.caseload.filter(is_active=True)]
    return sorted(rows, key=urgency)


def test_caseload_figures_and_order_equal_each_patients_progress_on_random_data(random_caseload):
    north = random_caseload
    expected = [old_figures(row) for row in per_patient_rows(north)]
    assert [new_figures(row) for row in caseload(north.therapist)] == expected
    assert any(row["ready"] for row in expected), "the random data should hold a ready patient"
    assert any(not row["ready"] for row in expected if row["phase"])


def test_a_standing_of_another_day_is_recomputed_and_saved(random_caseload):
    north = random_caseload
    today = selectors.clinic_today(north.clinic)
    # As if the nightly run had not passed yet: every standing dates from ten days ago and
    # claims the opposite readiness.
    for standing in ProgramStanding.objects.all():
        standing.as_of = today - timedelta(days=10)
        standing.ready = not standing.ready
        standing.save()
    expected = [old_figures(row) for row in per_patient_rows(north)]
    assert [new_figures(row) for row in caseload(north.therapist)] == expected
    assert set(ProgramStanding.objects.values_list("as_of", flat=True)) == {today}


def test_the_caseload_costs_the_same_queries_for_few_and_many_patients(north):
    today = selectors.clinic_today(north.clinic)
    rng = random.Random(7)

    def add_patients(count):
        for _ in range(count):
            patient = PatientFactory(clinic=north.clinic, primary_therapist=north.therapist)
            program = prescribe_small_program(
                north, patient=patient, start_date=today - timedelta(days=20)
            )
            program.by = north.therapist
            random_history(patient, program, rng, today)

    def count():
        with CaptureQueriesContext(connection) as queries:
            caseload(north.therapist)
        return len(queries)

    add_patients(2)
    few = count()
    add_patients(30)
    assert count() == few
    # Stale standings cost a fixed number more, whatever their number.
    assert few == 5  # patients, their programs, ledger sums, open alerts, baselines
    # Stale standings cost a fixed number more, whatever their number.
    ProgramStanding.objects.update(as_of=today - timedelta(days=1))
    all_stale = count()
    one = ProgramStanding.objects.values_list("pk", flat=True).first()
    ProgramStanding.objects.filter(pk=one).update(as_of=today - timedelta(days=1))
    assert count() == all_stale
    assert count() == few


def test_the_caseload_page_shows_each_rows_figures_and_escapes_names(client, random_caseload):
    north = random_caseload
    north.patient.user.first_name = "<b>Bo</b>"
    north.patient.user.save()
    client.force_login(north.therapist)
    html = client.get(reverse("staff:caseload")).content.decode()
    assert "<b>Bo</b>" not in html and "&lt;b&gt;Bo&lt;/b&gt;" in html
    for row in caseload(north.therapist):
        link = reverse("staff:patient", args=[row.patient.pk])
        assert f'href="{link}"' in html
        if row.phase is not None and row.week:
            assert f"{row.phase.name}, week {row.week}" in html
        if row.pain_change is not None:
            sign = "+" if row.pain_change > 0 else ""
            assert f"{row.baseline_pain} → {row.latest_pain} ({sign}{row.pain_change})" in html
    assert html.count("ready to advance") == sum(
        r.ready_to_advance for r in caseload(north.therapist)
    )
    assert "no program" in html  # the patient without one

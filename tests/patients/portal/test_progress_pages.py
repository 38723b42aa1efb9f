"""Dashboards, caseload and patient page: right figures, right people, constant queries."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from patients import selectors, services, texts
from patients.models import Alert, ExerciseLog, PrescriptionChange, SessionLog
from patients.rules.codes import Finding, ReadinessCode
from tests.conftest import log_stretch, prescribe_small_program
from tests.factories import PatientFactory


def add_sessions(patient, program, days, pain=(5, 4), good_form=True):
    """Bulk-log sessions on the given past days (fast setup for large histories)."""
    sessions = SessionLog.objects.bulk_create(
        SessionLog(
            clinic_id=patient.clinic_id,
            patient=patient,
            prescription=program.prescription,
            phase_id=program.prescription.current_phase_id,
            performed_on=day,
            logged_at=timezone.now(),
            pain_before=pain[0],
            pain_after=pain[1],
            idempotency_key=uuid.uuid4(),
        )
        for day in days
    )
    ExerciseLog.objects.bulk_create(
        ExerciseLog(session=s, prescribed_exercise=item, done=True, good_form=good_form)
        for s in sessions
        for item in (program.stretch, program.strengthen)
    )
    services.portal_changed(patient_id=patient.pk)  # as each log_session does


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_patient_dashboard_shows_adherence_streak_pain_and_next_phase(client, north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=10))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(1, 11)])
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:progress"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "100%" in html
    assert 'id="pain-series"' in html and "chart.umd.min.js" in html
    assert "Pain by week (table)" in html
    assert "Next phase" in html
    assert response.context["progress"].streak >= 9


@pytest.mark.parametrize("url_name", ["patients:progress", "patients:today"])
def test_patient_pages_run_constant_queries_for_5_and_500_sessions(client, north, url_name):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=600))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(1, 6)])
    client.force_login(north.patient.user)
    client.get(reverse(url_name))
    few = queries(client, reverse(url_name))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(6, 501)])
    assert SessionLog.objects.count() == 500
    assert queries(client, reverse(url_name)) == few


def test_caseload_runs_constant_queries_for_1_and_200_patients(client, north):
    today = selectors.clinic_today(north.clinic)
    north.other_patient.delete()
    program = prescribe_small_program(north, start_date=today - timedelta(days=20))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(1, 6)])
    client.force_login(north.therapist)
    client.get(reverse("staff:caseload"))
    one = queries(client, reverse("staff:caseload"))
    for _ in range(199):
        patient = PatientFactory(clinic=north.clinic, primary_therapist=north.therapist)
        other = prescribe_small_program(
            north, patient=patient, start_date=today - timedelta(days=20)
        )
        add_sessions(patient, other, [today - timedelta(days=d) for d in range(1, 4)])
    response = client.get(reverse("staff:caseload"))
    assert len(response.context["rows"]) == 200
    assert queries(client, reverse("staff:caseload")) == one


def test_patient_page_runs_constant_queries_for_5_and_500_sessions(client, north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=600))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(1, 6)])
    url = reverse("staff:patient", args=[north.patient.pk])
    client.force_login(north.therapist)
    client.get(url)
    few = queries(client, url)
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(6, 501)])
    assert queries(client, url) == few


def test_caseload_lists_only_the_therapists_own_patients_red_flags_first(client, north, south):
    colleague_patient = PatientFactory(clinic=north.clinic)  # another therapist's patient
    prescribe_small_program(north)
    program = prescribe_small_program(north, patient=north.other_patient)
    log_stretch(north.other_patient, program, pain=(3, 3), symptoms=("sharp_shooting",))
    client.force_login(north.therapist)
    rows = client.get(reverse("staff:caseload")).context["rows"]
    assert [r.patient for r in rows] == [north.other_patient, north.patient]
    assert colleague_patient not in [r.patient for r in rows]
    client.force_login(north.manager)
    everyone = [r.patient for r in client.get(reverse("staff:caseload")).context["rows"]]
    assert colleague_patient in everyone and south.patient not in everyone


def test_another_clinics_patient_page_is_not_found(client, north, south):
    client.force_login(south.therapist)
    response = client.get(reverse("staff:patient", args=[north.patient.pk]))
    assert response.status_code == 404
    assert north.patient.user.email not in response.content.decode()


def test_patients_cannot_open_staff_pages(client, north):
    client.force_login(north.patient.user)
    assert client.get(reverse("staff:caseload")).status_code == 403
    assert client.get(reverse("staff:patient", args=[north.patient.pk])).status_code == 403


def ready_program(north):
    """A patient two weeks into a two-week phase, every session done well: ready."""
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=14))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(1, 15)])
    return program


def test_a_ready_patient_is_shown_ready_with_reasons(client, north):
    ready_program(north)
    client.force_login(north.therapist)
    html = client.get(reverse("staff:patient", args=[north.patient.pk])).content.decode()
    assert "Ready to advance" in html
    assert "Advance to" in html
    reasons = selectors.patient_progress(north.patient).readiness.reasons
    assert ReadinessCode.ADHERENCE_MET in {reason.code for reason in reasons}
    for reason in reasons:
        assert escape(texts.finding_text(reason)) in html


def test_advancing_records_who_and_switches_today_to_the_next_phase(client, north):
    program = ready_program(north)
    first = program.prescription.current_phase
    client.force_login(north.therapist)
    response = client.post(
        reverse("staff:advance", args=[program.prescription.pk]), {"from_phase": first.pk}
    )
    assert response.status_code == 302
    program.prescription.refresh_from_db()
    new_phase = program.prescription.current_phase
    assert new_phase.order == 2
    assert new_phase.advanced_by == north.therapist
    assert new_phase.started_on == selectors.clinic_today(north.clinic)
    assert PrescriptionChange.objects.filter(summary__startswith="Advanced").exists()
    today = selectors.today_page(north.patient)
    assert [d.item.phase_id for d in today.due] == [new_phase.pk] * len(today.due)


def test_a_double_click_on_advance_moves_one_phase_only(north):
    program = ready_program(north)
    first = program.prescription.current_phase_id
    services.advance_phase(
        prescription=program.prescription, by=north.therapist, from_phase_id=first
    )
    with pytest.raises(ValidationError):
        services.advance_phase(
            prescription=program.prescription, by=north.therapist, from_phase_id=first
        )


def test_a_patient_with_poor_form_is_not_advanced_without_a_reason(north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=14))
    add_sessions(
        north.patient, program, [today - timedelta(days=d) for d in range(1, 15)], good_form=False
    )
    progress = selectors.patient_progress(north.patient)
    assert not progress.readiness.ready
    assert Finding(ReadinessCode.POOR_FORM, {"sessions": 3}) in progress.readiness.blockers
    with pytest.raises(ValidationError):
        services.advance_phase(
            prescription=program.prescription,
            by=north.therapist,
            from_phase_id=program.prescription.current_phase_id,
        )
    services.advance_phase(
        prescription=program.prescription,
        by=north.therapist,
        from_phase_id=program.prescription.current_phase_id,
        override_reason="Form checked on video call; fine.",
    )
    change = PrescriptionChange.objects.filter(summary__startswith="Advanced").get()
    assert change.details["override_reason"] == "Form checked on video call; fine."


def test_acknowledging_an_alert_on_the_patient_page(client, north):
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, pain=(3, 3), symptoms=("numbness_tingling",))
    alert = Alert.objects.get()
    client.force_login(north.therapist)
    client.post(reverse("staff:acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.acknowledged_by == north.therapist and alert.acknowledged_at


def test_inactivity_and_pain_rise_alerts_are_raised_from_the_data(north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=10))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in (9, 8)], pain=(3, 3))
    add_sessions(north.patient, program, [today - timedelta(days=7)], pain=(6, 6))
    raised = {a.kind for a in services.refresh_alerts(patient=north.patient)}
    assert {"inactive", "pain_rise"} <= raised
    again = services.refresh_alerts(patient=north.patient)
    assert again == []  # each cause raises once


def test_the_figures_only_progress_matches_the_full_one(north):
    """The dashboard and the API read sessions as plain values; the figures are the same."""
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=30))
    add_sessions(north.patient, program, [today - timedelta(days=d) for d in range(20, 30)])
    add_sessions(
        north.patient,
        program,
        [today - timedelta(days=d) for d in (3, 6, 9, 12, 15)],
        pain=(3, 6),
        good_form=False,
    )
    services.set_status(prescription=program.prescription, status="paused", by=north.therapist)
    services.set_status(prescription=program.prescription, status="active", by=north.therapist)
    full = selectors.patient_progress(north.patient, today)
    figures = selectors.patient_progress(north.patient, today, with_sessions=False)
    assert full.sessions and not figures.sessions
    for name in (
        "adherence",
        "exercise_adherence",
        "streak",
        "baseline_pain",
        "latest_pain",
        "pain_series",
        "weekly_pain",
        "readiness",
        "last_session_on",
        "week",
        "phase",
        "next_phase",
    ):
        assert getattr(figures, name) == getattr(full, name), name

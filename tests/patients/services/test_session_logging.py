"""Logging a session: one transaction, once per idempotency key, bad input writes nothing."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from clinic.bookkeeping import bookkeeping_cache
from patients import selectors, services
from patients.models import Alert, AlertKind, ExerciseLog, SessionLog
from patients.rules.codes import AlertCode
from tests.api_fixtures import api_client
from tests.conftest import prescribe_small_program


def report(program, **overrides):
    values = {
        "prescription_id": program.prescription.pk,
        "performed_on": selectors.clinic_today(program.prescription.clinic),
        "pain_before": 5,
        "pain_after": 3,
        "effort": 4,
        "entries": (
            services.ExerciseEntry(program.stretch.pk, done=True, hold_seconds_done=20),
            services.ExerciseEntry(program.strengthen.pk, done=True, sets_done=1, reps_done=10),
        ),
    }
    values.update(overrides)
    return services.SessionReport(**values)


def test_a_session_and_its_exercise_logs_are_saved_together(north, north_program):
    session, created = services.log_session(
        patient=north.patient, report=report(north_program), idempotency_key=uuid.uuid4()
    )
    assert created
    assert session.exercise_logs.count() == 2
    assert session.phase_id == north_program.prescription.current_phase_id


def test_the_same_idempotency_key_makes_one_session(north, north_program):
    key = uuid.uuid4()
    first, created_first = services.log_session(
        patient=north.patient, report=report(north_program), idempotency_key=key
    )
    second, created_second = services.log_session(
        patient=north.patient, report=report(north_program), idempotency_key=key
    )
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert SessionLog.objects.count() == 1
    assert ExerciseLog.objects.count() == 2


def test_the_same_key_with_a_different_report_is_a_conflict(north, north_program):
    key = uuid.uuid4()
    services.log_session(patient=north.patient, report=report(north_program), idempotency_key=key)
    with pytest.raises(services.IdempotencyConflict):
        services.log_session(
            patient=north.patient, report=report(north_program, pain_after=1), idempotency_key=key
        )
    assert SessionLog.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"pain_after": -1}, "pain_after"),
        ({"effort": 12}, "effort"),
        ({"performed_on_days": 1}, "performed_on"),
        ({"symptoms": ("dizzy",)}, "symptoms"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(north, north_program, overrides, field):
    if "performed_on_days" in overrides:
        days = overrides.pop("performed_on_days")
        overrides["performed_on"] = selectors.clinic_today(north.clinic) + timedelta(days=days)
    with pytest.raises(ValidationError) as error:
        services.log_session(
            patient=north.patient,
            report=report(north_program, **overrides),
            idempotency_key=uuid.uuid4(),
        )
    assert field in error.value.message_dict
    assert SessionLog.objects.count() == 0
    assert ExerciseLog.objects.count() == 0


def test_negative_reps_are_refused(north, north_program):
    entries = (services.ExerciseEntry(north_program.strengthen.pk, done=True, reps_done=-3),)
    with pytest.raises(ValidationError):
        services.log_session(
            patient=north.patient,
            report=report(north_program, entries=entries),
            idempotency_key=uuid.uuid4(),
        )
    assert SessionLog.objects.count() == 0


def test_an_exercise_outside_the_prescription_is_refused(north, south, north_program):
    foreign = prescribe_small_program(south)
    entries = (services.ExerciseEntry(foreign.stretch.pk, done=True),)
    with pytest.raises(ValidationError) as error:
        services.log_session(
            patient=north.patient,
            report=report(north_program, entries=entries),
            idempotency_key=uuid.uuid4(),
        )
    assert "exercises" in error.value.message_dict
    assert SessionLog.objects.count() == 0


def test_another_patients_prescription_is_not_found(north, north_program):
    with pytest.raises(Http404):
        services.log_session(
            patient=north.other_patient,
            report=report(north_program),
            idempotency_key=uuid.uuid4(),
        )
    assert SessionLog.objects.count() == 0


@pytest.mark.parametrize(
    "symptom", ["numbness_tingling", "radiating_arm", "sharp_shooting", "recent_injury"]
)
def test_each_red_flag_symptom_alone_raises_an_alert_for_the_therapist(
    north, north_program, symptom
):
    session, _ = services.log_session(
        patient=north.patient,
        report=report(north_program, symptoms=(symptom,)),
        idempotency_key=uuid.uuid4(),
    )
    assert session.red_flag
    alert = Alert.objects.get()
    assert (alert.kind, alert.patient, alert.session) == (
        AlertKind.RED_FLAG,
        north.patient,
        session,
    )
    assert alert.code == AlertCode.RED_FLAG_REPORTED
    assert alert.params == {"day": session.performed_on.isoformat(), "symptoms": [symptom]}


@pytest.mark.parametrize("symptom", ["worse_after", "sleep_disturbed"])
def test_a_warning_symptom_alone_is_not_a_red_flag(north, north_program, symptom):
    session, _ = services.log_session(
        patient=north.patient,
        report=report(north_program, symptoms=(symptom,)),
        idempotency_key=uuid.uuid4(),
    )
    assert not session.red_flag
    assert not Alert.objects.exists()


def form_data(program, key=None, **overrides):
    data = {
        "idempotency_key": str(key or uuid.uuid4()),
        "prescription": str(program.prescription.pk),
        "performed_on": selectors.clinic_today(program.prescription.clinic).isoformat(),
        "pain_before": "5",
        "pain_after": "4",
        "effort": "5",
        "note": "Felt fine",
        "ex-TOTAL_FORMS": "2",
        "ex-INITIAL_FORMS": "2",
        "ex-MIN_NUM_FORMS": "0",
        "ex-MAX_NUM_FORMS": "60",
        "ex-0-prescribed_exercise_id": str(program.stretch.pk),
        "ex-0-done": "on",
        "ex-0-hold_seconds_done": "20",
        "ex-0-good_form": "yes",
        "ex-1-prescribed_exercise_id": str(program.strengthen.pk),
        "ex-1-done": "on",
        "ex-1-sets_done": "1",
        "ex-1-reps_done": "10",
        "ex-1-good_form": "no",
    }
    data.update(overrides)
    return data


def test_the_log_form_saves_a_session_and_shows_it(client, north, north_program):
    client.force_login(north.patient.user)
    response = client.post(reverse("patients:log_session"), form_data(north_program))
    session = SessionLog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:session_detail", args=[session.pk])
    logs = {log.prescribed_exercise_id: log for log in session.exercise_logs.all()}
    assert logs[north_program.strengthen.pk].good_form is False
    assert logs[north_program.stretch.pk].hold_seconds_done == 20


def test_a_double_submit_of_the_form_makes_one_session(client, north, north_program):
    client.force_login(north.patient.user)
    data = form_data(north_program)
    first = client.post(reverse("patients:log_session"), data)
    second = client.post(reverse("patients:log_session"), data)
    assert first["Location"] == second["Location"]
    assert SessionLog.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pain_before": "11"}, "Choose a number from 0 to 10."),
        ({"pain_after": "-1"}, "Choose a number from 0 to 10."),
        ({"performed_on": "23/11/2026"}, "Enter the date as YYYY-MM-DD."),
        ({"ex-1-reps_done": "-4"}, "greater than or equal to 0"),
    ],
)
def test_the_form_explains_bad_input_and_writes_nothing(
    client, north, north_program, overrides, message
):
    client.force_login(north.patient.user)
    response = client.post(reverse("patients:log_session"), form_data(north_program, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SessionLog.objects.count() == 0


def test_the_form_refuses_a_future_date(client, north, north_program):
    client.force_login(north.patient.user)
    tomorrow = selectors.clinic_today(north.clinic) + timedelta(days=1)
    response = client.post(
        reverse("patients:log_session"),
        form_data(north_program, performed_on=tomorrow.isoformat()),
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert SessionLog.objects.count() == 0


def test_posting_another_patients_prescription_is_not_found(client, north, north_program):
    client.force_login(north.other_patient.user)
    prescribe_small_program(north, patient=north.other_patient)
    response = client.post(reverse("patients:log_session"), form_data(north_program))
    assert response.status_code == 404
    assert SessionLog.objects.count() == 0


def test_after_a_red_flag_the_patient_is_told_to_stop_and_contact_the_clinic(
    client, north, north_program
):
    client.force_login(north.patient.user)
    response = client.post(
        reverse("patients:log_session"),
        form_data(north_program, symptoms=["sharp_shooting"]),
        follow=True,
    )
    assert "Please stop your exercises and contact the clinic" in response.content.decode()
    assert Alert.objects.filter(patient=north.patient, kind=AlertKind.RED_FLAG).count() == 1


def test_a_double_tap_while_the_first_submit_is_saving_makes_no_second_session(
    client, north, north_program
):
    client.force_login(north.patient.user)
    key = uuid.uuid4()
    # The marker the first submit holds while it saves (clinic.bookkeeping).
    bookkeeping_cache().add(f"session-key:{north.patient.pk}:{key}", "saving", timeout=60)
    response = client.post(
        reverse("patients:log_session"), form_data(north_program, key=key), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("patients:history")
    assert "This session is being saved" in response.content.decode()
    assert SessionLog.objects.count() == 0


def test_the_page_and_the_api_build_the_same_report_from_the_same_answers(
    client, north, north_program
):
    """A session sent from the page and retried through the API is one session, not a
    conflict: both doors build the report with services.session_report."""
    client.force_login(north.patient.user)
    key = uuid.uuid4()
    client.post(
        reverse("patients:log_session"),
        form_data(north_program, key=key, **{"ex-1-good_form": "yes"}),
    )
    body = {
        "prescription": north_program.prescription.pk,
        "performed_on": selectors.clinic_today(north.clinic).isoformat(),
        "pain_before": 5,
        "pain_after": 4,
        "effort": 5,
        "note": "Felt fine",
        "exercises": [
            {
                "prescribed_exercise": north_program.stretch.pk,
                "done": True,
                "hold_seconds_done": 20,
                "good_form": True,
            },
            {
                "prescribed_exercise": north_program.strengthen.pk,
                "done": True,
                "sets_done": 1,
                "reps_done": 10,
                "good_form": True,
            },
        ],
    }
    response = api_client(north.patient.user).post(
        "/api/v1/sessions/", body, format="json", headers={"Idempotency-Key": str(key)}
    )
    assert response.status_code == 200
    assert SessionLog.objects.count() == 1

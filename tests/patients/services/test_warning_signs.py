"""Every warning sign a patient logs acts: review alerts, rest days, held exercises."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from clinic.errors import StateConflict
from patients import selectors, services
from patients.models import Alert, AlertKind, PrescribedExercise, PrescriptionChange
from patients.rules.codes import AlertCode
from programs.models import DOSE_FIELDS
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program


def test_pain_that_disturbs_sleep_raises_a_review_alert_on_the_caseload(
    north, django_capture_on_commit_callbacks
):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        session = log_stretch(north.patient, program, today, symptoms=("sleep_disturbed",))
    alert = Alert.objects.get(kind=AlertKind.PAIN_INTERFERES)
    assert (alert.patient, alert.code, alert.params) == (
        north.patient,
        AlertCode.PAIN_INTERFERES,
        {"day": session.performed_on.isoformat()},
    )
    assert not session.red_flag


def test_saying_pain_got_worse_after_earns_tomorrow_as_a_rest_day(north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=2))
    log_stretch(
        north.patient, program, today - timedelta(days=1), pain=(3, 3), symptoms=("worse_after",)
    )
    page = selectors.today_page(north.patient, today)
    assert page.due == []
    assert page.rest_day_after_pain


def test_pain_worse_after_twice_running_alerts_the_therapist(
    north, django_capture_on_commit_callbacks
):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        log_stretch(north.patient, program, today - timedelta(days=3), symptoms=("worse_after",))
        log_stretch(north.patient, program, today - timedelta(days=1), symptoms=("worse_after",))
    alert = Alert.objects.get(kind=AlertKind.PAIN_AFTER_WORSE)
    assert alert.params["day"] == (today - timedelta(days=1)).isoformat()


# ------------------------------------------------------- a sharp-pain mark holds the exercise


def log_painful_stretch(north, program, day):
    return services.log_session(
        patient=north.patient,
        report=services.SessionReport(
            prescription_id=program.prescription.pk,
            performed_on=day,
            pain_before=3,
            pain_after=3,
            entries=(services.ExerciseEntry(program.stretch.pk, done=True, painful=True),),
        ),
        idempotency_key=uuid.uuid4(),
    )[0]


@pytest.fixture
def held(north):
    """A program begun two days ago whose stretch the patient marked as hurting yesterday."""
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=2))
    log_painful_stretch(north, program, today - timedelta(days=1))
    return program


def due_ids(patient, day=None):
    return [due.item.pk for due in selectors.today_page(patient, day).due]


def test_an_exercise_marked_as_hurting_is_held_off_today_and_the_therapist_alerted(north, held):
    item = PrescribedExercise.objects.get(pk=held.stretch.pk)
    assert item.held_since == selectors.clinic_today(north.clinic) - timedelta(days=1)
    page = selectors.today_page(north.patient)
    assert held.stretch.pk not in due_ids(north.patient)
    assert [i.pk for i in page.held] == [held.stretch.pk]
    alert = Alert.objects.get(kind=AlertKind.EXERCISE_HELD)
    assert alert.code == AlertCode.EXERCISE_HELD
    assert alert.params["exercise"] == held.stretch.exercise.name
    assert PrescriptionChange.objects.filter(details__has_key="held").count() == 1


def test_a_held_exercise_is_neither_scheduled_nor_counted_as_missed(north, held):
    progress = selectors.patient_progress(north.patient)
    by_item = {row["item"].pk: row["adherence"] for row in progress.exercise_adherence}
    # Due on the start day only: held from yesterday on.
    assert by_item[held.stretch.pk].scheduled == 1


def test_the_therapists_review_puts_the_exercise_back_and_is_in_the_history(north, held):
    services.review_hold(
        prescribed_exercise=PrescribedExercise.objects.get(pk=held.stretch.pk),
        by=north.therapist,
        note="Checked the form by video; go gently.",
    )
    assert held.stretch.pk in due_ids(north.patient)
    change = PrescriptionChange.objects.get(details__has_key="hold_reviewed")
    assert change.changed_by == north.therapist
    assert "go gently" in change.summary
    assert not Alert.objects.filter(kind=AlertKind.EXERCISE_HELD).open().exists()
    # The held day stays off the schedule: it never turns into a missed day.
    progress = selectors.patient_progress(north.patient)
    by_item = {row["item"].pk: row["adherence"] for row in progress.exercise_adherence}
    assert by_item[held.stretch.pk].scheduled == 1


def test_reviewing_an_exercise_that_is_not_held_is_a_conflict(north, north_program):
    with pytest.raises(StateConflict):
        services.review_hold(prescribed_exercise=north_program.stretch, by=north.therapist)


def test_the_staff_page_shows_the_hold_and_reviews_it(client, north, held):
    client.force_login(north.therapist)
    page = client.get(reverse("staff:patient", args=[north.patient.pk]))
    assert "On hold: it hurt" in page.content.decode()
    response = client.post(reverse("staff:review_hold", args=[held.stretch.pk]), {"note": "ok"})
    assert response.status_code == 302
    assert PrescribedExercise.objects.get(pk=held.stretch.pk).held_since is None


def test_another_clinic_cannot_review_a_hold(client, north, south, held):
    client.force_login(south.therapist)
    response = client.post(reverse("staff:review_hold", args=[held.stretch.pk]))
    assert response.status_code == 404
    assert (
        api_client(south.therapist)
        .post(
            f"/api/v1/prescriptions/{held.prescription.pk}/exercises/{held.stretch.pk}/review-hold/"
        )
        .status_code
        == 404
    )
    assert PrescribedExercise.objects.get(pk=held.stretch.pk).held_since is not None


def test_the_api_reviews_a_hold_once_and_refuses_the_patient(north, held):
    url = f"/api/v1/prescriptions/{held.prescription.pk}/exercises/{held.stretch.pk}/review-hold/"
    assert api_client(north.patient.user).post(url, {}, format="json").status_code == 403
    response = api_client(north.therapist).post(url, {"note": "fine"}, format="json")
    assert response.status_code == 200
    assert response.json()["held_since"] is None
    again = api_client(north.therapist).post(url, {}, format="json")
    assert again.status_code == 409


def test_the_admin_reviews_a_hold(client, north, held):
    client.force_login(north.therapist)
    url = reverse("admin:patients_prescribedexercise_change", args=[held.stretch.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "review_hold" in form.content.decode()
    item = PrescribedExercise.objects.get(pk=held.stretch.pk)
    data = {name: getattr(item, name) for name in DOSE_FIELDS}
    data = {k: ("" if v is None else ("on" if v is True else v)) for k, v in data.items()}
    data = {k: v for k, v in data.items() if v is not False}
    data.update({"review_hold": "on", "review_note": "seen in clinic"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PrescribedExercise.objects.get(pk=held.stretch.pk).held_since is None
    assert PrescriptionChange.objects.filter(details__has_key="hold_reviewed").exists()

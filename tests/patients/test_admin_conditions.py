"""Conditions in the admin: recorded on the patient, screened when prescribing, changing a
dose and resuming; an override needs a reason and is shown on the prescription."""

import pytest

from patients import selectors, services
from patients.models import CautionOverride, PatientCondition, Prescription
from tests.conftest import consented_assessment, prescribe_small_program
from tests.factories import PhaseExerciseFactory, PhaseFactory


def _patient_form(patient, rows):
    data = {
        "primary_therapist": patient.primary_therapist_id,
        "date_of_birth": "",
        "phone": "",
        "is_active": "on",
        "conditions-TOTAL_FORMS": str(len(rows)),
        "conditions-INITIAL_FORMS": "0",
        "conditions-MIN_NUM_FORMS": "0",
        "conditions-MAX_NUM_FORMS": "1000",
    }
    for index, (condition, details) in enumerate(rows):
        data[f"conditions-{index}-condition"] = condition
        data[f"conditions-{index}-details"] = details
        data[f"conditions-{index}-patient"] = patient.pk
    return data


def test_staff_record_conditions_on_the_patient_in_the_admin(client, north):
    client.force_login(north.therapist)
    url = f"/admin/patients/patient/{north.patient.pk}/change/"
    response = client.post(url, _patient_form(north.patient, [("osteoporosis", "T8 wedge")]))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    row = PatientCondition.objects.get(patient=north.patient)
    assert (row.condition, row.details, row.recorded_by) == (
        "osteoporosis",
        "T8 wedge",
        north.therapist,
    )
    assert "Osteoporosis or vertebral fracture" in client.get(url).content.decode()


def test_other_without_details_is_refused_in_the_admin(client, north):
    client.force_login(north.therapist)
    url = f"/admin/patients/patient/{north.patient.pk}/change/"
    response = client.post(url, _patient_form(north.patient, [("other", "  ")]))
    assert response.status_code == 200
    assert not PatientCondition.objects.exists()


@pytest.fixture
def kneeling_protocol(north):
    phase = PhaseFactory(protocol__clinic=north.clinic, order=1, week_start=1, week_end=None)
    PhaseExerciseFactory(
        phase=phase, exercise__name="Kneeling reach", exercise__caution_tags=["kneeling"]
    )
    services.set_conditions(
        patient=north.patient, conditions={"inflammatory_arthritis": "Knees"}, by=north.therapist
    )
    consented_assessment(north.patient)
    return phase.protocol


def test_the_admin_warns_per_exercise_and_prescribes_only_with_a_reason(
    client, north, kneeling_protocol
):
    client.force_login(north.therapist)
    body = {
        "patient": north.patient.pk,
        "protocol": kneeling_protocol.pk,
        "therapist": north.therapist.pk,
        "start_date": selectors.clinic_today(north.clinic).isoformat(),
    }
    response = client.post("/admin/patients/prescription/add/", body)
    assert response.status_code == 200
    assert 'name="caution_reason"' in response.content.decode()  # the box is on the form
    errors = response.context["adminform"].form.errors["caution_reason"]
    assert errors[0].startswith("Kneeling reach involves kneeling")
    assert not Prescription.objects.exists()

    response = client.post(
        "/admin/patients/prescription/add/", {**body, "caution_reason": "Kneels on a thick pad"}
    )
    assert response.status_code == 302
    prescription = Prescription.objects.get()
    assert CautionOverride.objects.get(prescription=prescription).reason == "Kneels on a thick pad"
    page = client.get(f"/admin/patients/prescription/{prescription.pk}/change/").content.decode()
    assert page.count("Kneels on a thick pad") == 2  # in the history and among the overrides


def test_a_dose_change_in_the_admin_needs_the_reason(client, north):
    program = prescribe_small_program(north)
    program.stretch.exercise.caution_tags = ["kneeling"]
    program.stretch.exercise.save()
    services.set_conditions(
        patient=north.patient, conditions={"inflammatory_arthritis": ""}, by=north.therapist
    )
    client.force_login(north.therapist)
    url = f"/admin/patients/prescribedexercise/{program.stretch.pk}/change/"
    dose = {
        "sets": 2,
        "reps": 10,
        "hold_seconds": 20,
        "frequency": "daily",
        "times_per_day": 1,
    }
    response = client.post(url, dose)
    assert response.status_code == 200
    assert "caution_reason" in response.context["adminform"].form.errors
    program.stretch.refresh_from_db()
    assert program.stretch.sets == 1
    response = client.post(url, {**dose, "caution_reason": "Cushioned"})
    assert response.status_code == 302
    program.stretch.refresh_from_db()
    assert program.stretch.sets == 2
    assert CautionOverride.objects.get().reason == "Cushioned"


def test_the_resume_action_is_refused_without_the_reason_and_takes_it_from_the_action_form(
    client, north
):
    program = prescribe_small_program(north)
    program.stretch.exercise.caution_tags = ["kneeling"]
    program.stretch.exercise.save()
    services.set_status(prescription=program.prescription, status="paused", by=north.therapist)
    services.set_conditions(
        patient=north.patient, conditions={"inflammatory_arthritis": ""}, by=north.therapist
    )
    client.force_login(north.therapist)
    action = {"action": "resume", "_selected_action": [program.prescription.pk]}
    response = client.post("/admin/patients/prescription/", action, follow=True)
    assert "Rhomboid stretch involves kneeling" in response.content.decode()
    program.prescription.refresh_from_db()
    assert program.prescription.status == "paused"
    client.post("/admin/patients/prescription/", {**action, "caution_reason": "Pad under knees"})
    program.prescription.refresh_from_db()
    assert program.prescription.status == "active"
    assert CautionOverride.objects.get().reason == "Pad under knees"

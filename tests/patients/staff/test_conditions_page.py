"""The patient page: conditions edited by staff, the exercises kept despite them, and an
advance into a phase the conditions rule out asks for a reason."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients import services
from patients.models import CautionOverride, PatientCondition, PrescribedExercise
from tests.conftest import prescribe_small_program
from tests.factories import ExerciseFactory


def _page(client, patient):
    return client.get(reverse("staff:patient", args=[patient.pk]))


def test_the_therapist_records_conditions_on_the_patient_page(client, north):
    client.force_login(north.therapist)
    url = reverse("staff:conditions", args=[north.patient.pk])
    response = client.post(
        url,
        {
            "condition": ["osteoporosis", "other"],
            "details-osteoporosis": "T8 wedge fracture",
            "details-other": "Pacemaker",
            "details-pregnancy": "ignored: not ticked",
        },
    )
    assert response.status_code == 302
    rows = PatientCondition.objects.filter(patient=north.patient)
    assert sorted(rows.values_list("condition", "details")) == [
        ("osteoporosis", "T8 wedge fracture"),
        ("other", "Pacemaker"),
    ]
    html = _page(client, north.patient).content.decode()
    assert "Osteoporosis or vertebral fracture</strong> — T8 wedge fracture" in html
    assert 'id="condition-osteoporosis" checked' in html


def test_other_without_details_is_refused_with_a_message(client, north):
    client.force_login(north.therapist)
    response = client.post(
        reverse("staff:conditions", args=[north.patient.pk]),
        {"condition": ["other"], "details-other": " "},
        follow=True,
    )
    assert "Describe the other condition" in response.content.decode()
    assert not PatientCondition.objects.exists()


def test_another_clinic_or_a_patient_cannot_set_conditions(client, north, south):
    url = reverse("staff:conditions", args=[north.patient.pk])
    client.force_login(south.therapist)
    assert client.post(url, {"condition": ["pregnancy"]}).status_code == 404
    client.force_login(north.patient.user)
    assert client.post(url, {"condition": ["pregnancy"]}).status_code == 403
    assert not PatientCondition.objects.exists()


@pytest.fixture
def twist_in_next_phase(north):
    program = prescribe_small_program(north)
    twist = ExerciseFactory(name="Loaded twist", caution_tags=["spinal_rotation_under_load"])
    PrescribedExercise.objects.create(
        phase=program.prescription.phases.get(order=2), exercise=twist, order=2, reps=8
    )
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    return program


def test_advancing_into_a_ruled_out_exercise_shows_it_and_needs_a_reason(
    client, north, twist_in_next_phase
):
    prescription = twist_in_next_phase.prescription
    client.force_login(north.therapist)
    html = _page(client, north.patient).content.decode()
    assert "The next phase holds exercises this patient" in html
    assert "Loaded twist involves spinal rotation under load" in html
    advance = reverse("staff:advance", args=[prescription.pk])
    body = {"from_phase": prescription.current_phase_id, "override_reason": "Seen in clinic"}
    refused = client.post(advance, body, follow=True)
    assert "To keep these exercises anyway, give your reason." in refused.content.decode()
    prescription.refresh_from_db()
    assert prescription.current_phase.order == 1

    client.post(advance, {**body, "caution_reason": "Seated, unloaded version"})
    prescription.refresh_from_db()
    assert prescription.current_phase.order == 2
    html = _page(client, north.patient).content.decode()
    assert (
        "Kept despite the patient&#x27;s conditions: Loaded twist. Reason: Seated, unloaded version"
        in html
    )
    kept = "<strong>Loaded twist</strong> (Osteoporosis or vertebral fracture; spinal rotation"
    assert kept in html


def test_the_page_costs_the_same_queries_with_more_overrides(client, north):
    program = prescribe_small_program(north)
    services.set_conditions(patient=north.patient, conditions={"pregnancy": ""}, by=north.therapist)
    client.force_login(north.therapist)

    def queries_with(n):
        for index in range(n - CautionOverride.objects.count()):
            lying = ExerciseFactory(name=f"Lying {index}", caution_tags=["prone_lying"])
            item = PrescribedExercise.objects.create(
                phase=program.prescription.current_phase, exercise=lying, order=10 + index, reps=5
            )
            services.change_dose(
                prescribed_exercise=item,
                changes={"reps": 6},
                by=north.therapist,
                caution_reason="Early weeks",
            )
        with CaptureQueriesContext(connection) as queries:
            assert _page(client, north.patient).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(4)

"""The API records a patient's conditions and refuses conflicting program changes unless a
reason is given; the overrides are on the prescription and beside the conditions."""

import pytest

from patients import selectors
from patients.models import CautionOverride
from tests.api_fixtures import api_client
from tests.conftest import consented_assessment, prescribe_small_program
from tests.factories import PhaseExerciseFactory, PhaseFactory


@pytest.fixture
def flexion_protocol(north):
    phase = PhaseFactory(protocol__clinic=north.clinic, name="Flexion")
    PhaseExerciseFactory(
        phase=phase, exercise__name="Curl-up", exercise__caution_tags=["loaded_spinal_flexion"]
    )
    return phase.protocol


def _conditions_url(patient):
    return f"/api/v1/patients/{patient.pk}/conditions/"


def test_staff_put_and_get_a_patients_conditions(north):
    client = api_client(north.therapist)
    body = {
        "conditions": [
            {"condition": "osteoporosis", "details": "T8 wedge fracture"},
            {"condition": "other", "details": "Pacemaker"},
        ]
    }
    response = client.put(_conditions_url(north.patient), body, format="json")
    assert response.status_code == 200, response.content
    got = client.get(_conditions_url(north.patient)).json()
    assert [(c["condition"], c["details"]) for c in got["conditions"]] == [
        ("osteoporosis", "T8 wedge fracture"),
        ("other", "Pacemaker"),
    ]
    assert got["conditions"][0]["label"] == "Osteoporosis or vertebral fracture"
    assert got["conditions"][0]["recorded_by"] == north.therapist.pk


@pytest.mark.parametrize(
    "conditions",
    [
        [{"condition": "gout"}],
        [{"condition": "other", "details": "  "}],
        [{"condition": "pregnancy"}, {"condition": "pregnancy"}],
        [{"condition": "pregnancy", "details": "x" * 501}],
    ],
)
def test_bad_conditions_are_a_400_and_change_nothing(north, conditions):
    client = api_client(north.therapist)
    client.put(
        _conditions_url(north.patient),
        {"conditions": [{"condition": "hypermobility"}]},
        format="json",
    )
    response = client.put(_conditions_url(north.patient), {"conditions": conditions}, format="json")
    assert response.status_code == 400, response.content
    kept = client.get(_conditions_url(north.patient)).json()["conditions"]
    assert [c["condition"] for c in kept] == ["hypermobility"]


def test_another_clinic_and_patients_cannot_reach_the_conditions(north, south):
    url = _conditions_url(north.patient)
    assert api_client(south.therapist).get(url).status_code == 404
    assert (
        api_client(south.therapist).put(url, {"conditions": []}, format="json").status_code == 404
    )
    assert api_client(north.patient.user).get(url).status_code == 403
    assert api_client(north.other_patient.user).get(url).status_code == 403


def test_prescribing_a_conflicting_protocol_is_a_400_per_exercise_then_overridden(
    north, flexion_protocol
):
    consented_assessment(north.patient)
    client = api_client(north.therapist)
    client.put(
        _conditions_url(north.patient),
        {"conditions": [{"condition": "osteoporosis"}]},
        format="json",
    )
    body = {
        "patient": north.patient.pk,
        "protocol": flexion_protocol.pk,
        "start_date": str(selectors.clinic_today(north.clinic)),
    }
    refused = client.post("/api/v1/prescriptions/", body, format="json")
    assert refused.status_code == 400, refused.content
    assert "Curl-up involves loaded spinal flexion" in str(refused.json())
    created = client.post(
        "/api/v1/prescriptions/",
        {**body, "caution_reason": "Supervised, tiny range"},
        format="json",
    )
    assert created.status_code == 201, created.content
    (override,) = created.json()["caution_overrides"]
    assert (override["exercise_name"], override["condition"], override["reason"]) == (
        "Curl-up",
        "osteoporosis",
        "Supervised, tiny range",
    )
    listed = client.get(_conditions_url(north.patient)).json()["caution_overrides"]
    assert [o["reason"] for o in listed] == ["Supervised, tiny range"]


def test_a_dose_change_and_a_resume_need_the_reason_too(north):
    program = prescribe_small_program(north)
    program.stretch.exercise.caution_tags = ["kneeling"]
    program.stretch.exercise.save()
    client = api_client(north.therapist)
    client.put(
        _conditions_url(north.patient),
        {"conditions": [{"condition": "inflammatory_arthritis"}]},
        format="json",
    )
    url = f"/api/v1/prescriptions/{program.prescription.pk}/"
    dose = f"{url}exercises/{program.stretch.pk}/"
    assert client.patch(dose, {"sets": 2}, format="json").status_code == 400
    assert client.post(f"{url}status/", {"status": "paused"}, format="json").status_code == 200
    assert client.post(f"{url}status/", {"status": "active"}, format="json").status_code == 400
    resumed = client.post(
        f"{url}status/",
        {"status": "active", "caution_reason": "Kneels on a cushion"},
        format="json",
    )
    assert resumed.status_code == 200, resumed.content
    # The pair is overridden on this program now: a later dose change is not asked again.
    assert client.patch(dose, {"sets": 2}, format="json").status_code == 200
    assert CautionOverride.objects.get().reason == "Kneels on a cushion"


def test_a_dose_change_takes_its_reason_as_the_exercise_changes_override_reason(north):
    program = prescribe_small_program(north)
    program.stretch.exercise.caution_tags = ["end_range_stretch"]
    program.stretch.exercise.save()
    client = api_client(north.therapist)
    client.put(
        _conditions_url(north.patient),
        {"conditions": [{"condition": "hypermobility"}]},
        format="json",
    )
    dose = f"/api/v1/prescriptions/{program.prescription.pk}/exercises/{program.stretch.pk}/"
    refused = client.patch(dose, {"hold_seconds": 30}, format="json")
    assert refused.status_code == 400
    assert "end-of-range stretch" in str(refused.json())
    body = {"hold_seconds": 30, "override_reason": "Mid-range hold only"}
    assert client.patch(dose, body, format="json").status_code == 200
    assert CautionOverride.objects.get().reason == "Mid-range hold only"

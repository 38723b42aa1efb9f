"""Every error under /api/ is JSON in one shape, keeps the path of what was wrong, and says
"not found" for anything that is not the caller's, wherever its id was sent."""

import uuid

import pytest
from django.test import override_settings

from patients.models import SessionLog
from tests.api_fixtures import api_client, session_body
from tests.conftest import consented_assessment
from tests.factories import ProtocolFactory


def post_session(client, body, path="/api/v1/sessions/"):
    return client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))


def assert_error_shape(response):
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert set(body) <= {"detail", "errors"}
    return body


def test_a_wrong_value_in_the_second_exercise_keeps_its_path(north, north_records):
    body = session_body(north_records.program)
    body["exercises"][1]["reps_done"] = "many"

    response = post_session(api_client(north.patient.user), body)

    assert response.status_code == 400
    errors = assert_error_shape(response)["errors"]
    assert list(errors) == ["exercises[1].reps_done"]


def test_errors_about_the_input_as_a_whole_use_one_key(north, north_records):
    body = session_body(north_records.program)
    body["exercises"] = [body["exercises"][0], body["exercises"][0]]  # the same exercise twice

    response = post_session(api_client(north.patient.user), body)

    assert response.status_code == 400
    errors = assert_error_shape(response)["errors"]
    assert "exercises" in errors
    assert "__all__" not in errors


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/prescriptions/0.5/status/",
        "/api/v1/no-such-thing/",
        "/api/v1/no-such-thing",
    ],
)
def test_an_unknown_api_url_is_a_json_404(north, path):
    response = api_client(north.therapist).get(path)
    assert response.status_code == 404
    assert_error_shape(response)


@override_settings(DEBUG=True)
def test_an_unknown_api_url_is_json_with_debug_on_too(north):
    response = api_client(north.therapist).get("/api/v1/prescriptions/0.5/status/")
    assert response.status_code == 404
    assert_error_shape(response)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_too_large_is_a_json_400(north):
    response = api_client(north.therapist).post(
        "/api/v1/assessments/", {"problem_areas": "x" * 5000}, format="multipart"
    )
    assert response.status_code == 400
    assert_error_shape(response)


@pytest.mark.parametrize("debug", [False, True])
def test_a_post_without_the_trailing_slash_is_served_with_its_body(
    north, north_records, settings, debug
):
    settings.DEBUG = debug
    response = post_session(
        api_client(north.patient.user), session_body(north_records.program), "/api/v1/sessions"
    )
    assert response.status_code == 201
    assert SessionLog.objects.filter(pk=response.json()["id"]).exists()


def test_a_state_conflict_is_a_409_naming_the_field(north, north_records):
    client = api_client(north.therapist)
    url = f"/api/v1/prescriptions/{north_records.program.prescription.pk}/status/"
    assert client.post(url, {"status": "completed"}, format="json").status_code == 200

    response = client.post(url, {"status": "active"}, format="json")

    assert response.status_code == 409
    assert list(assert_error_shape(response)["errors"]) == ["status"]


def test_prescribing_to_a_patient_who_has_an_active_program_is_a_409(north, north_records):
    consented_assessment(north.patient)
    prescription = north_records.program.prescription
    for protocol in (prescription.protocol_id, north_records.spare_protocol.pk):
        response = api_client(north.therapist).post(
            "/api/v1/prescriptions/",
            {
                "patient": prescription.patient_id,
                "protocol": protocol,
                "start_date": str(prescription.start_date),
            },
            format="json",
        )
        assert response.status_code == 409
        errors = assert_error_shape(response)["errors"]
        assert "one active program at a time" in " ".join(errors["patient"])
    assert north.patient.prescriptions.count() == 1


def test_logging_a_session_on_a_paused_program_is_a_409(north, north_records):
    api_client(north.therapist).post(
        f"/api/v1/prescriptions/{north_records.program.prescription.pk}/status/",
        {"status": "paused"},
        format="json",
    )
    response = post_session(api_client(north.patient.user), session_body(north_records.program))
    assert response.status_code == 409
    assert "prescription" in assert_error_shape(response)["errors"]


def test_another_patients_program_in_a_session_body_is_not_found(north, north_records):
    response = post_session(
        api_client(north.other_patient.user), session_body(north_records.program)
    )
    assert response.status_code == 404
    assert_error_shape(response)
    assert SessionLog.objects.count() == 1  # only the fixture's


@pytest.mark.parametrize("field", ["patient", "protocol", "therapist"])
def test_another_clinics_id_in_a_staff_body_is_not_found_like_an_unknown_id(
    north, south, north_records, field
):
    body = {
        "patient": north.patient.pk,
        "protocol": north_records.spare_protocol.pk,
        "therapist": north.therapist.pk,
        "start_date": str(north_records.program.prescription.start_date),
    }
    others = {
        "patient": south.patient.pk,
        "protocol": ProtocolFactory(clinic=south.clinic).pk,
        "therapist": south.therapist.pk,
    }
    client = api_client(north.therapist)

    theirs = client.post("/api/v1/prescriptions/", {**body, field: others[field]}, format="json")
    unknown = client.post("/api/v1/prescriptions/", {**body, field: 10**9}, format="json")

    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()

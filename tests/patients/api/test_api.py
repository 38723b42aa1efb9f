"""The REST API: sign-in, identity, today, session logging with idempotency, clear errors."""

import uuid
from datetime import timedelta

import pytest

from clinic.bookkeeping import bookkeeping_cache
from patients import selectors
from patients.models import Assessment, SessionLog
from tests.api_fixtures import api_client, session_body
from tests.conftest import PASSWORD


def post_session(client, body, key=None):
    return client.post(
        "/api/v1/sessions/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(key or uuid.uuid4())
    )


def test_a_token_is_issued_for_a_correct_email_and_password(north):
    response = api_client().post(
        "/api/v1/auth/token/",
        {"email": north.patient.user.email.upper(), "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    me = api_client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert me.json()["patient_id"] == north.patient.pk


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(north):
    wrong = api_client().post(
        "/api/v1/auth/token/",
        {"email": north.patient.user.email, "password": "nope"},
        format="json",
    )
    unknown = api_client().post(
        "/api/v1/auth/token/", {"email": "nobody@example.test", "password": "nope"}, format="json"
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_the_token_endpoint_is_rate_limited(north):
    client = api_client()
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"email": "a@example.test", "password": "x"}, format="json"
        ).status_code
        for _ in range(12)
    ]
    assert statuses[-1] == 429
    assert "detail" in client.post("/api/v1/auth/token/", {}, format="json").json()


@pytest.mark.parametrize(
    ("who", "role"), [("patient", "patient"), ("therapist", "therapist"), ("manager", "manager")]
)
def test_me_says_role_clinic_and_patient_id(north, who, role):
    user = north.patient.user if who == "patient" else getattr(north, who)
    data = api_client(user).get("/api/v1/me/").json()
    assert data["role"] == role
    assert data["clinic"]["slug"] == north.clinic.slug
    assert data["patient_id"] == (north.patient.pk if who == "patient" else None)


def test_today_lists_due_exercises_in_session_order(north, north_records):
    data = api_client(north.patient.user).get("/api/v1/today/").json()
    assert [e["kind"] for e in data["exercises"]] == ["stretch", "strengthen"]
    assert data["week"] == 1


def test_a_session_is_created_then_replayed_for_the_same_key(north, north_records):
    client = api_client(north.patient.user)
    key = uuid.uuid4()
    body = session_body(north_records.program)
    first = post_session(client, body, key)
    again = post_session(client, body, key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert SessionLog.objects.filter(patient=north.patient).count() == 2  # fixture's + this one


def test_the_same_key_with_a_different_body_is_422(north, north_records):
    client = api_client(north.patient.user)
    key = uuid.uuid4()
    post_session(client, session_body(north_records.program), key)
    response = post_session(client, session_body(north_records.program, pain_after=0), key)
    assert response.status_code == 422
    assert "different session" in response.json()["detail"]


def test_the_same_key_while_the_first_request_runs_is_409(north, north_records):
    key = uuid.uuid4()
    bookkeeping_cache().add(f"session-key:{north.patient.pk}:{key}", "running", timeout=60)
    response = post_session(
        api_client(north.patient.user), session_body(north_records.program), key
    )
    assert response.status_code == 409
    assert SessionLog.objects.filter(idempotency_key=key).count() == 0


def test_a_missing_idempotency_key_is_400(north, north_records):
    response = api_client(north.patient.user).post(
        "/api/v1/sessions/", session_body(north_records.program), format="json"
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"pain_after": -1}, "pain_after"),
        ({"performed_on": "23/11/2026"}, "performed_on"),
        ({"symptoms": ["dizzy"]}, "symptoms[0]"),
        (
            {"exercises": [{"prescribed_exercise": 1, "done": True, "reps_done": -2}]},
            "exercises[0].reps_done",
        ),
        ({"exercises": [{"prescribed_exercise": 999999, "done": True}]}, "exercises"),
        ({"exercises": []}, "exercises"),
    ],
)
def test_bad_session_input_is_400_with_a_clear_message(north, north_records, change, field):
    before = SessionLog.objects.count()
    response = post_session(
        api_client(north.patient.user), session_body(north_records.program, **change)
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["detail"].startswith("Invalid input.")
    assert SessionLog.objects.count() == before


def test_a_session_in_the_future_is_400(north, north_records):
    tomorrow = selectors.clinic_today(north.clinic) + timedelta(days=1)
    response = post_session(
        api_client(north.patient.user),
        session_body(north_records.program, performed_on=tomorrow.isoformat()),
    )
    assert response.status_code == 400
    assert "performed_on" in response.json()["errors"]


def test_a_non_json_body_is_400_not_500(north, north_records):
    response = api_client(north.patient.user).post(
        "/api/v1/sessions/",
        "{not json",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 400


def test_lists_are_paginated_and_filterable(north, north_records):
    client = api_client(north.therapist)
    data = client.get("/api/v1/exercises/", {"kind": "stretch"}).json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert {e["kind"] for e in data["results"]} == {"stretch"}
    bad = client.get("/api/v1/exercises/", {"kind": "yoga"})
    assert bad.status_code == 400


def test_a_patient_sees_only_prescribed_exercises_and_protocols(north, north_records):
    client = api_client(north.patient.user)
    exercises = client.get("/api/v1/exercises/").json()["results"]
    assert {e["id"] for e in exercises} == {
        north_records.program.stretch.exercise_id,
        north_records.program.strengthen.exercise_id,
    }
    protocols = client.get("/api/v1/protocols/").json()["results"]
    assert [p["id"] for p in protocols] == [north_records.program.prescription.protocol_id]


def test_staff_filter_sessions_by_patient_and_date(north, north_records):
    client = api_client(north.therapist)
    today = selectors.clinic_today(north.clinic).isoformat()
    data = client.get(
        "/api/v1/sessions/", {"patient": north.patient.pk, "date_from": today, "red_flag": "true"}
    ).json()
    assert data["count"] == 1


def test_an_unsupported_method_is_405(north, north_records):
    response = api_client(north.therapist).delete(f"/api/v1/sessions/{north_records.session.pk}/")
    assert response.status_code == 405
    assert "detail" in response.json()


def test_an_unknown_api_path_is_a_json_404(north):
    response = api_client(north.therapist).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_mass_assignment_of_clinic_and_therapist_is_ignored(north, south, north_records):
    body = {
        "patient": north.patient.pk,
        "assessed_on": "2026-01-10",
        "mode": "virtual",
        "problem_areas": "Neck",
        "red_flag_numbness": False,
        "red_flag_sharp_pain": False,
        "red_flag_trauma": False,
        "red_flag_persistent": False,
        "clinic": south.clinic.pk,
        "therapist": south.therapist.pk,
    }
    response = api_client(north.therapist).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 201
    assert response.json()["therapist"] == north.therapist.pk
    assert Assessment.objects.get(pk=response.json()["id"]).clinic_id == north.clinic.pk


def test_a_dose_change_through_the_api_is_validated_and_recorded(north, north_records):
    client = api_client(north.therapist)
    url = (
        f"/api/v1/prescriptions/{north_records.program.prescription.pk}/exercises/"
        f"{north_records.program.strengthen.pk}/"
    )
    assert client.patch(url, {"reps": 12, "reps_max": 8}, format="json").status_code == 400
    ok = client.patch(url, {"sets": 2}, format="json")
    assert ok.status_code == 200 and ok.json()["sets"] == 2
    assert north_records.program.prescription.changes.filter(summary__contains="dose").exists()


def test_acknowledging_an_alert_records_who_and_when(north, north_records):
    data = (
        api_client(north.therapist)
        .post(f"/api/v1/alerts/{north_records.alert.pk}/acknowledge/")
        .json()
    )
    assert data["acknowledged_by"] == north.therapist.pk
    assert data["acknowledged_at"]

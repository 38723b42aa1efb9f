"""The API gives each alert and readiness criterion as a code, its parameters and a sentence."""

from datetime import timedelta

from patients import selectors, services, texts
from patients.models import Alert, AlertKind
from patients.rules.codes import AlertCode, ReadinessCode
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program
from tests.patients.api.test_api_schema import DOCUMENT


def test_an_alert_has_its_code_its_parameters_and_its_sentence(north, north_records):
    alert = north_records.alert
    data = api_client(north.therapist).get(f"/api/v1/alerts/{alert.pk}/").json()
    day = north_records.session.performed_on.isoformat()
    assert data["kind"] == AlertKind.RED_FLAG
    assert data["code"] == AlertCode.RED_FLAG_REPORTED
    assert data["params"] == {"day": day, "symptoms": ["numbness_tingling"]}
    assert data["message"] == texts.alert_text(alert)


def test_the_alert_sentence_follows_the_requests_language(north, north_records):
    url = f"/api/v1/alerts/{north_records.alert.pk}/"
    client = api_client(north.therapist)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-ca").json()
    # The same code and parameters; the date in the sentence is put in each locale's words.
    assert english["params"] == french["params"]
    assert english["message"] != french["message"]


def test_an_alert_from_before_codes_keeps_its_stored_message(north, north_records):
    legacy = Alert.objects.create(
        clinic=north.clinic,
        patient=north.patient,
        kind=AlertKind.INACTIVE,
        cause_key="inactive:2025-01-01",
        message="No session logged for 4 days (the last on 1 Jan 2025).",
    )
    data = api_client(north.therapist).get(f"/api/v1/alerts/{legacy.pk}/").json()
    assert (data["code"], data["params"]) == ("", {})
    assert data["message"] == "No session logged for 4 days (the last on 1 Jan 2025)."


def test_progress_gives_readiness_criteria_and_open_alerts_as_codes(north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=3))
    log_stretch(north.patient, program, day=today - timedelta(days=1), symptoms=("sharp_shooting",))
    # The red flag paused the program; reviewed and resumed, it shows its readiness again.
    services.resume_after_review(
        prescription=program.prescription, reason="Seen in clinic", by=north.therapist
    )
    data = api_client(north.therapist).get(f"/api/v1/patients/{north.patient.pk}/progress/").json()
    readiness = data["readiness"]
    blockers = readiness["blocker_details"]
    assert {"code": ReadinessCode.RED_FLAG, "params": {}} in [
        {"code": b["code"], "params": b["params"]} for b in blockers
    ]
    weeks_left = next(b for b in blockers if b["code"] == ReadinessCode.WEEKS_LEFT)
    assert weeks_left["params"] == {
        "weeks": 2,
        "days_left": 11,
        "until": (today + timedelta(days=11)).isoformat(),
    }
    # The sentences are the details' messages, in the same order.
    assert readiness["blockers"] == [b["message"] for b in blockers]
    assert readiness["reasons"] == [r["message"] for r in readiness["reason_details"]]
    [alert] = data["open_alerts"]
    assert alert["code"] == AlertCode.RED_FLAG_REPORTED
    assert alert["params"]["symptoms"] == ["sharp_shooting"]
    assert alert["message"] == texts.alert_text(Alert.objects.get(pk=alert["id"]))


def test_the_schema_names_every_code_and_gives_params_as_an_object():
    schemas = DOCUMENT["components"]["schemas"]
    assert schemas["AlertCodeEnum"]["enum"] == [code.value for code in AlertCode]
    assert schemas["ReadinessCodeEnum"]["enum"] == [code.value for code in ReadinessCode]
    for name in ("Alert", "ProgressAlert", "Finding"):
        assert schemas[name]["properties"]["params"]["type"] == "object"
        assert schemas[name]["properties"]["message"]["type"] == "string"
    readiness = schemas["Readiness"]["properties"]
    assert readiness["blocker_details"]["items"] == {"$ref": "#/components/schemas/Finding"}
    assert readiness["reasons"]["items"] == {"type": "string"}

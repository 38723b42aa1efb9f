"""GET /patients/{id}/progress/: the patient gets what their progress page shows; staff more."""

from tests.api_fixtures import api_client

STAFF_ONLY = {"open_alerts", "readiness", "exercise_adherence"}


def test_a_patients_own_progress_has_no_alert_texts_or_readiness(north, north_records):
    url = f"/api/v1/patients/{north.patient.pk}/progress/"

    data = api_client(north.patient.user).get(url).json()

    assert not STAFF_ONLY & set(data)
    assert data["adherence"] is not None and data["pain_series"]


def test_staff_see_the_patients_alerts_and_readiness(north, north_records):
    url = f"/api/v1/patients/{north.patient.pk}/progress/"

    data = api_client(north.therapist).get(url).json()

    assert set(data) >= STAFF_ONLY
    assert [alert["id"] for alert in data["open_alerts"]] == [north_records.alert.pk]

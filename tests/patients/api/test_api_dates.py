"""Clinical dates through the API: a program starts near today, an assessment is never ahead."""

from datetime import timedelta

import pytest

from patients import selectors
from patients.models import Assessment, Prescription
from patients.rules import limits
from tests.api_fixtures import api_client


def prescribe_body(patient, records, start_date):
    """A new program for ``patient`` (the second patient: assessed, consenting, no program)."""
    return {
        "patient": patient.pk,
        "protocol": records.spare_protocol.pk,
        "start_date": str(start_date),
    }


def assessment_body(patient, assessed_on):
    return {
        "patient": patient.pk,
        "assessed_on": str(assessed_on),
        "mode": "virtual",
        "problem_areas": "Upper back",
        "red_flag_numbness": False,
        "red_flag_sharp_pain": False,
        "red_flag_trauma": False,
        "red_flag_persistent": False,
    }


@pytest.mark.parametrize(
    "start",
    ["0001-01-01", "1500-01-01", "days_back+1", "days_ahead+1", "9999-12-31"],
)
def test_a_program_start_far_from_today_is_refused_and_nothing_is_written(
    north, north_records, start
):
    today = selectors.clinic_today(north.clinic)
    if start == "days_back+1":
        start = today - timedelta(days=limits.START_DATE_DAYS_BACK + 1)
    elif start == "days_ahead+1":
        start = today + timedelta(days=limits.START_DATE_DAYS_AHEAD + 1)
    before = Prescription.objects.count()

    response = api_client(north.therapist).post(
        "/api/v1/prescriptions/",
        prescribe_body(north.other_patient, north_records, start),
        format="json",
    )

    assert response.status_code == 400
    assert "start_date" in response.json()["errors"]
    assert Prescription.objects.count() == before


@pytest.mark.parametrize(
    "days", [-limits.START_DATE_DAYS_BACK, 0, limits.START_DATE_DAYS_AHEAD], ids=str
)
def test_a_program_start_inside_the_window_is_accepted(north, north_records, days):
    start = selectors.clinic_today(north.clinic) + timedelta(days=days)
    response = api_client(north.therapist).post(
        "/api/v1/prescriptions/",
        prescribe_body(north.other_patient, north_records, start),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["start_date"] == str(start)


@pytest.mark.parametrize("assessed_on", ["tomorrow", "1999-12-31", "0001-01-01"])
def test_an_assessment_in_the_future_or_before_2000_is_refused(north, assessed_on):
    if assessed_on == "tomorrow":
        assessed_on = selectors.clinic_today(north.clinic) + timedelta(days=1)
    response = api_client(north.therapist).post(
        "/api/v1/assessments/", assessment_body(north.patient, assessed_on), format="json"
    )
    assert response.status_code == 400
    assert "assessed_on" in response.json()["errors"]
    assert not Assessment.objects.exists()


def test_an_assessment_today_in_the_clinics_time_zone_is_accepted(north):
    today = selectors.clinic_today(north.clinic)
    response = api_client(north.therapist).post(
        "/api/v1/assessments/", assessment_body(north.patient, today), format="json"
    )
    assert response.status_code == 201

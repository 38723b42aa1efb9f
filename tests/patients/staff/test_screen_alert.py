"""A positive red-flag screen at assessment raises an alert that tops the caseload."""

from django.urls import reverse

from patients import selectors
from patients.models import Alert, AlertKind
from tests.api_fixtures import api_client
from tests.conftest import prescribe_small_program


def test_an_assessment_screened_positive_through_the_api_tops_the_caseload(client, north):
    prescribe_small_program(north)  # the first patient, on track
    response = api_client(north.therapist).post(
        "/api/v1/assessments/",
        {
            "patient": north.other_patient.pk,
            "assessed_on": str(selectors.clinic_today(north.clinic)),
            "mode": "virtual",
            "problem_areas": "Upper back",
            "red_flag_numbness": True,
            "red_flag_sharp_pain": False,
            "red_flag_trauma": True,
            "red_flag_persistent": False,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    alert = Alert.objects.get(patient=north.other_patient)
    assert alert.kind == AlertKind.RED_FLAG_SCREEN

    client.force_login(north.therapist)
    page = client.get(reverse("staff:caseload")).content.decode()
    assert page.index(north.other_patient.name) < page.index(north.patient.name)
    assert "Red flag at assessment" in page

"""Clinical dates through the admin: the same windows as the API."""

from datetime import timedelta

from patients import selectors
from patients.models import Assessment, Prescription
from patients.rules import limits
from tests.factories import PhaseExerciseFactory, PhaseFactory


def test_the_admin_refuses_a_program_start_outside_the_window(client, north):
    phase = PhaseFactory(protocol__clinic=north.clinic, order=1, week_start=1, week_end=None)
    PhaseExerciseFactory(phase=phase)
    client.force_login(north.therapist)
    start = selectors.clinic_today(north.clinic) - timedelta(days=limits.START_DATE_DAYS_BACK + 1)

    response = client.post(
        "/admin/patients/prescription/add/",
        {
            "patient": north.patient.pk,
            "protocol": phase.protocol_id,
            "therapist": north.therapist.pk,
            "start_date": start.isoformat(),
        },
    )

    assert response.status_code == 200  # the form again, with its error
    assert "start_date" in response.context["adminform"].form.errors
    assert not Prescription.objects.exists()


def test_the_admin_refuses_an_assessment_dated_tomorrow(client, north):
    client.force_login(north.therapist)
    tomorrow = selectors.clinic_today(north.clinic) + timedelta(days=1)

    response = client.post(
        "/admin/patients/assessment/add/",
        {
            "patient": north.patient.pk,
            "therapist": north.therapist.pk,
            "assessed_on": tomorrow.isoformat(),
            "mode": "virtual",
            "problem_areas": "Upper back",
        },
    )

    assert response.status_code == 200
    assert "assessed_on" in response.context["adminform"].form.errors
    assert not Assessment.objects.exists()

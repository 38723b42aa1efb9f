"""Patient rights: download all my data; after closing, the manager anonymises."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from patients.models import Assessment, SessionLog
from patients.services import rights
from tests.conftest import log_stretch
from tests.factories import AssessmentFactory


@pytest.fixture
def history(north, north_program):
    log_stretch(north.patient, north_program, pain=(5, 3), note="Felt it in my left shoulder")
    AssessmentFactory(
        patient=north.patient,
        therapist=north.therapist,
        problem_areas="Upper back after a fall at home",
    )
    return north


def test_the_export_holds_everything_about_the_patient_as_json(history):
    data = rights.export_patient_data(history.patient)
    json.dumps(data)  # plain JSON
    assert data["patient"]["email"] == history.patient.user.email
    assert data["sessions"][0]["note"] == "Felt it in my left shoulder"
    assert data["assessments"][0]["problem_areas"].startswith("Upper back")
    assert data["prescribed_exercises"] and data["exercise_logs"] and data["phases"]


def test_the_export_holds_nobody_elses_data(history):
    data = json.dumps(rights.export_patient_data(history.other_patient))
    assert "left shoulder" not in data and history.patient.user.email not in data


def test_anonymising_removes_identity_and_text_but_keeps_the_numbers(history):
    patient = rights.anonymise_patient(patient=history.patient, by=history.manager)
    patient.user.refresh_from_db()
    assert patient.user.email.endswith("@anonymised.invalid")
    assert (patient.user.first_name, patient.user.last_name, patient.user.is_active) == (
        "",
        "",
        False,
    )
    session = SessionLog.objects.get(patient=patient)
    assert (session.pain_before, session.pain_after, session.note) == (5, 3, "[removed]")
    assert Assessment.objects.get(patient=patient).problem_areas == "[removed]"
    assert session.exercise_logs.count() == 1


def test_only_the_clinics_manager_may_anonymise(history, south):
    for user in (history.therapist, south.manager, history.patient.user):
        with pytest.raises(PermissionDenied):
            rights.anonymise_patient(patient=history.patient, by=user)


def test_a_patient_downloads_their_data_as_json(client, history):
    client.force_login(history.patient.user)
    response = client.get(reverse("patients:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["sessions"][0]["note"] == "Felt it in my left shoulder"


def test_a_patient_asks_to_close_and_the_manager_anonymises(client, history):
    client.force_login(history.patient.user)
    client.post(reverse("patients:close_account"), {"confirm": "yes"})
    history.patient.refresh_from_db()
    assert history.patient.closure_requested_at is not None
    assert not history.patient.reminders_enabled
    client.force_login(history.therapist)
    changelist = client.get("/admin/patients/patient/")
    assert "anonymise" not in changelist.context["action_form"].fields["action"].choices.__str__()
    client.force_login(history.manager)
    client.post(
        "/admin/patients/patient/",
        {"action": "anonymise", "_selected_action": [history.patient.pk, history.other_patient.pk]},
    )
    history.patient.user.refresh_from_db()
    history.other_patient.user.refresh_from_db()
    assert history.patient.user.email.endswith("@anonymised.invalid")
    assert not history.other_patient.user.email.endswith("@anonymised.invalid")  # never asked


def test_closing_needs_a_confirmation(client, history):
    client.force_login(history.patient.user)
    client.post(reverse("patients:close_account"), {})
    history.patient.refresh_from_db()
    assert history.patient.closure_requested_at is None

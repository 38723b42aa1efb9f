"""One rule of who may write what (clinic.tenancy.ClinicScopedQuerySet.written_by): a
patient's primary therapist writes their clinical records; the clinic's other staff read
them; the manager reads all and reassigns. The API, the admin, the pages and the report
follow it alike."""

import re

import pytest
from django.urls import reverse

from clinic.models import Role
from patients.models import Alert, Assessment, Patient, Prescription
from tests.api_fixtures import api_client
from tests.factories import MembershipFactory


@pytest.fixture
def colleague(north):
    """Another therapist of the north clinic: not the north patient's therapist."""
    return MembershipFactory(clinic=north.clinic, role=Role.THERAPIST).user


def writes(user, north_records):
    """Status codes of four writes for the north patient, by this user, through the API."""
    client = api_client(user)
    prescription = north_records.program.prescription
    dose = (
        f"/api/v1/prescriptions/{prescription.pk}/exercises/{north_records.program.strengthen.pk}/"
    )
    return {
        "dose": client.patch(dose, {"sets": 2}, format="json").status_code,
        "pause": client.post(
            f"/api/v1/prescriptions/{prescription.pk}/status/", {"status": "paused"}, format="json"
        ).status_code,
        "acknowledge": client.post(
            f"/api/v1/alerts/{north_records.alert.pk}/acknowledge/"
        ).status_code,
        "assess": client.post(
            "/api/v1/assessments/",
            {
                "patient": north_records.program.prescription.patient_id,
                "assessed_on": "2026-01-05",
                "problem_areas": "Neck",
                "consent_given": False,
                "mode": "in_person",
                "red_flag_numbness": False,
                "red_flag_sharp_pain": False,
                "red_flag_trauma": False,
                "red_flag_persistent": False,
            },
            format="json",
        ).status_code,
    }


def test_another_therapist_of_the_clinic_reads_but_does_not_write(colleague, north, north_records):
    client = api_client(colleague)
    assert client.get(f"/api/v1/patients/{north.patient.pk}/").status_code == 200
    assert client.get(f"/api/v1/alerts/{north_records.alert.pk}/").status_code == 200
    assert set(writes(colleague, north_records).values()) == {403}
    prescription = Prescription.objects.get(pk=north_records.program.prescription.pk)
    assert prescription.status == "active"
    assert Alert.objects.get(pk=north_records.alert.pk).acknowledged_at is None
    assert Assessment.objects.filter(therapist=colleague).count() == 0


def test_the_manager_reads_but_does_not_write_clinical_records(north, north_records):
    client = api_client(north.manager)
    assert client.get(f"/api/v1/patients/{north.patient.pk}/").status_code == 200
    assert set(writes(north.manager, north_records).values()) == {403}


def test_the_primary_therapist_writes(north, north_records):
    codes = writes(north.therapist, north_records)
    assert codes["dose"] == 200 and codes["pause"] == 200 and codes["acknowledge"] == 200
    assert codes["assess"] == 201


def test_the_manager_reassigns_and_then_the_new_therapist_writes(
    client, colleague, north, north_records
):
    assert set(writes(colleague, north_records).values()) == {403}
    client.force_login(north.manager)
    patient = north.patient
    page = client.get(reverse("admin:patients_patient_change", args=[patient.pk]))
    assert page.status_code == 200
    Patient.objects.filter(pk=patient.pk).update(primary_therapist=colleague)
    assert writes(colleague, north_records)["dose"] == 200


def test_the_report_lists_for_a_therapist_the_patients_they_write_for(
    client, colleague, north, north_records
):
    client.force_login(colleague)
    rows = client.get(reverse("staff:report_csv"))
    assert len(b"".join(rows.streaming_content).decode().strip().splitlines()) == 1  # header
    Patient.objects.filter(pk=north.patient.pk).update(primary_therapist=colleague)
    rows = client.get(reverse("staff:report_csv"))
    assert len(b"".join(rows.streaming_content).decode().strip().splitlines()) == 2


def test_the_admin_offers_a_therapist_only_their_own_patients_for_a_new_assessment(
    client, colleague, north
):
    def patient_choices(user):
        client.force_login(user)
        page = client.get(reverse("admin:patients_assessment_add")).content.decode()
        select = re.search(r'<select name="patient".*?</select>', page, re.S).group(0)
        return set(map(int, re.findall(r'<option value="(\d+)"', select)))

    assert patient_choices(colleague) == set()
    assert patient_choices(north.therapist) == {north.patient.pk, north.other_patient.pk}


def test_a_colleague_cannot_change_a_program_in_the_admin(client, colleague, north, north_records):
    client.force_login(colleague)
    url = reverse(
        "admin:patients_prescription_change", args=[north_records.program.prescription.pk]
    )
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read only

"""One intake flow: patient → assessment → protocol → tailor → review → send."""

from django.core import mail
from django.urls import reverse

from patients import selectors
from patients.models import Assessment, Patient, Prescription
from tests.conftest import prescribe_small_program
from tests.factories import PhaseExerciseFactory, PhaseFactory


def _protocol(clinic):
    phase = PhaseFactory(protocol__clinic=clinic, protocol__name="Neck care", order=1)
    PhaseExerciseFactory(phase=phase, exercise__name="Chin tuck")
    return phase.protocol


ASSESSMENT = {
    "assessed_on": "",
    "mode": "in_person",
    "baseline_pain": 5,
    "problem_areas": "Neck and upper back",
    "findings": "",
    "red_flag_notes": "",
    "plan": "",
    "consent_given": "on",
    "consent_given_by": "Rae New",
}


def test_the_whole_intake_sends_one_invitation_only_at_the_end(client, north):
    protocol = _protocol(north.clinic)
    client.force_login(north.therapist)

    response = client.post(
        reverse("staff:intake"),
        {
            "email": "Rae.New@Example.test",
            "first_name": "Rae",
            "last_name": "New",
            "primary_therapist": north.therapist.pk,
        },
    )
    patient = Patient.objects.get(user__email="rae.new@example.test")
    assert response["Location"] == reverse("staff:intake_assessment", args=[patient.pk])

    today = str(selectors.clinic_today(patient.clinic))
    response = client.post(
        reverse("staff:intake_assessment", args=[patient.pk]), {**ASSESSMENT, "assessed_on": today}
    )
    assert response["Location"] == reverse("staff:intake_program", args=[patient.pk])
    assessment = Assessment.objects.get(patient=patient)
    assert assessment.therapist == north.therapist and assessment.consent_given_at is not None

    response = client.post(
        reverse("staff:intake_program", args=[patient.pk]),
        {"protocol": protocol.pk, "start_date": today},
    )
    prescription = Prescription.objects.get(patient=patient)
    assert response["Location"] == reverse("staff:program", args=[prescription.pk])
    assert mail.outbox == []
    assert "Next: review and send" in client.get(response["Location"]).content.decode()

    review = client.get(reverse("staff:intake_review", args=[patient.pk])).content.decode()
    assert "Chin tuck" in review and "rae.new@example.test" in review

    response = client.post(reverse("staff:invite", args=[patient.pk]))
    assert response["Location"] == reverse("staff:intake_sent", args=[patient.pk])
    assert len(mail.outbox) == 1 and "Neck care" in mail.outbox[0].body
    sent = client.get(response["Location"]).content.decode()
    assert reverse("staff:handout", args=[patient.pk]) in sent


def test_a_future_assessment_or_a_missing_field_is_refused_on_the_page(client, north):
    client.force_login(north.therapist)
    url = reverse("staff:intake_assessment", args=[north.patient.pk])
    response = client.post(url, {**ASSESSMENT, "assessed_on": "2099-01-01", "problem_areas": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "assessed_on" in errors and "problem_areas" in errors
    assert not Assessment.objects.filter(patient=north.patient).exists()


def test_sending_before_a_program_exists_is_refused(client, north):
    client.force_login(north.therapist)
    response = client.post(reverse("staff:invite", args=[north.patient.pk]), follow=True)
    assert "Prescribe a program first" in response.content.decode()
    assert mail.outbox == []


def test_resend_pause_resume_and_complete_are_buttons_on_the_patients_page(client, north):
    program = prescribe_small_program(north)
    client.force_login(north.therapist)
    page = reverse("staff:patient", args=[north.patient.pk])
    assert "Pause" in client.get(page).content.decode()

    client.post(reverse("staff:invite", args=[north.patient.pk]), {"next": "patient"})
    assert len(mail.outbox) == 1
    status = reverse("staff:status", args=[program.prescription.pk])
    client.post(status, {"status": "paused"})
    program.prescription.refresh_from_db()
    assert program.prescription.status == "paused"
    assert "Resume" in client.get(page).content.decode()
    client.post(status, {"status": "active"})
    client.post(status, {"status": "completed"})
    program.prescription.refresh_from_db()
    assert program.prescription.status == "completed"
    refused = client.post(status, {"status": "active"}, follow=True).content.decode()
    assert "cannot change" in refused


def test_another_clinics_patient_is_not_found_at_every_step(client, north, south):
    program = prescribe_small_program(north)
    client.force_login(south.therapist)
    pk = north.patient.pk
    for name in ("intake_assessment", "intake_program", "intake_review", "intake_sent"):
        assert client.get(reverse(f"staff:{name}", args=[pk])).status_code == 404
    assert client.post(reverse("staff:invite", args=[pk])).status_code == 404
    status = reverse("staff:status", args=[program.prescription.pk])
    assert client.post(status, {"status": "paused"}).status_code == 404
    assert mail.outbox == []

"""Plain-text email parts are plain text: names keep their ampersands and angle brackets."""

from django.core import mail

from patients import services
from tests.conftest import prescribe_small_program


def test_an_invitation_keeps_names_as_typed_in_subject_and_text(north):
    north.clinic.name = "Smith & Jones <Physio>"
    north.clinic.save()
    user = north.patient.user
    user.first_name = "Siobhán & Seán"
    user.set_unusable_password()
    user.save()
    prescribe_small_program(north)  # the invitation opens a program
    services.send_invitation(patient=north.patient, by=north.therapist, base_url="")
    email = mail.outbox[-1]
    assert email.subject == "Your exercise program at Smith & Jones <Physio>"
    assert "Hello Siobhán & Seán," in email.body
    assert "&amp;" not in email.body and "&lt;" not in email.body
    html = email.alternatives[0][0]
    assert "Siobhán &amp; Seán" in html  # the HTML part is still escaped

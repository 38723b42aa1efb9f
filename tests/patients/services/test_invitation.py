"""Invitations: a one-time, expiring link to set a password, then the normal sign-in."""

import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clinic.errors import StateConflict
from patients import services
from tests.conftest import prescribe_small_program
from tests.factories import UserFactory


def invite(north):
    north.patient.user.set_unusable_password()
    north.patient.user.save()
    prescribe_small_program(north)
    url = services.send_invitation(patient=north.patient, by=north.therapist, base_url="")
    return url


def set_password(client, url, password="Bright-Shoulder-42"):
    response = client.get(url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_invitation_email_carries_a_one_time_link(north):
    url = invite(north)
    assert len(mail.outbox) == 1
    assert url in mail.outbox[0].body
    assert mail.outbox[0].to == [north.patient.user.email]
    assert re.search(r"/invitation/[^/]+/[^/]+/$", url)
    north.patient.refresh_from_db()
    assert north.patient.invited_at is not None


def test_the_patient_sets_a_password_and_signs_in_on_the_login_page(client, north):
    url = invite(north)
    response = set_password(client, url)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    signed_in = client.post(
        reverse("login"),
        {"username": north.patient.user.email, "password": "Bright-Shoulder-42"},
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("patients:today")).status_code == 200


def test_the_link_works_only_once(client, north):
    url = invite(north)
    set_password(client, url)
    client.logout()
    again = client.get(url, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_the_link_expires(client, north):
    url = invite(north)
    later = timezone.now() + timezone.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        response = client.get(url, follow=True)
    assert "This link no longer works" in response.content.decode()


def test_a_weak_password_is_refused_with_a_reason(client, north):
    url = invite(north)
    response = set_password(client, url, password="password")
    assert response.status_code == 200
    assert "too common" in response.content.decode()


def test_a_tampered_link_does_not_work(client, north):
    url = invite(north)
    stranger = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(stranger.pk))
    forged = re.sub(r"/invitation/[^/]+/", f"/invitation/{uid}/", url)
    response = client.get(forged, follow=True)
    assert "This link no longer works" in response.content.decode()


def test_the_invitation_names_the_program_and_the_therapist(north):
    invite(north)
    body = mail.outbox[0].body
    assert north.therapist.get_full_name() in body
    assert north.patient.prescriptions.get().name in body
    assert north.patient.prescriptions.get().name in mail.outbox[0].alternatives[0][0]


def test_no_invitation_before_the_patient_has_a_program(north):
    with pytest.raises(StateConflict, match="Prescribe a program first"):
        services.send_invitation(patient=north.patient, by=north.therapist, base_url="")
    assert mail.outbox == []
    north.patient.refresh_from_db()
    assert north.patient.invited_at is None

"""Two-factor sign-in for staff: set up, required on every staff page, enforceable per clinic."""

import re

from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.api_fixtures import api_client
from tests.conftest import PASSWORD


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def follow_emailed_setup_link(client):
    """Ask for the set-up link on the setup page and open the one the account was sent."""
    mail.outbox.clear()
    client.post(reverse("two_factor_setup"))
    link = re.search(r"https?://\S+/account/two-factor/setup/\S+/", mail.outbox[0].body)
    client.get(link.group(0))


def test_a_therapist_sets_up_an_app_and_then_needs_a_code_each_sign_in(client, north):
    sign_in(client, north.therapist)
    follow_emailed_setup_link(client)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=north.therapist)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("staff:caseload")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, north.therapist)
    held = client.get(reverse("staff:caseload"))
    assert held.status_code == 302 and reverse("two_factor_verify") in held["Location"]
    assert client.get("/admin/").status_code == 302  # the admin too
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert "did not match" in wrong.content.decode()
    device.refresh_from_db()
    # The wrong code started django-otp's throttling, and this test reuses a time step.
    device.throttling_failure_count = 0
    device.last_t = -1
    device.save()
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert client.get(reverse("staff:caseload")).status_code == 200


def test_the_manager_can_require_it_for_the_whole_clinic(client, north):
    client.force_login(north.therapist)
    assert client.get(reverse("staff:caseload")).status_code == 200  # optional by default
    client.force_login(north.therapist)
    client.post(reverse("two_factor_clinic_requirement"), {"require": "on"})
    north.clinic.refresh_from_db()
    assert not north.clinic.require_two_factor  # a therapist may not
    client.force_login(north.manager)
    client.post(reverse("two_factor_clinic_requirement"), {"require": "on"})
    north.clinic.refresh_from_db()
    assert north.clinic.require_two_factor
    client.force_login(north.therapist)
    held = client.get(reverse("staff:caseload"))
    assert held.status_code == 302 and reverse("two_factor_setup") in held["Location"]


def test_patients_are_never_asked_for_a_second_factor(client, north):
    north.clinic.require_two_factor = True
    north.clinic.save()
    client.force_login(north.patient.user)
    assert client.get(reverse("patients:today")).status_code == 200


def test_the_token_endpoint_needs_a_code_from_staff_with_two_factor(north):
    device = TOTPDevice.objects.create(user=north.therapist, name="app", confirmed=True)
    body = {"email": north.therapist.email, "password": PASSWORD}
    assert api_client().post("/api/v1/auth/token/", body, format="json").status_code == 401
    body["otp"] = code_for(device)
    assert api_client().post("/api/v1/auth/token/", body, format="json").status_code == 200


def test_only_staff_open_the_setup_page_and_only_the_manager_changes_the_rule(client, north):
    client.force_login(north.patient.user)
    assert client.get(reverse("two_factor_setup")).status_code == 403
    client.force_login(north.therapist)
    refused = client.post(reverse("two_factor_clinic_requirement"), {"require": "on"})
    assert refused.status_code == 403

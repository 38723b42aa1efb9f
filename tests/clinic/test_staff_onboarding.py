"""A colleague added by a manager is invited to set a password, and password reset works for
an account that has none yet."""

import re

from django.core import mail
from django.urls import reverse

from clinic import onboarding
from clinic.models import Role, User

NEW_COLLEAGUE = {
    "email": "Nia.Colleague@North.example",
    "first_name": "Nia",
    "last_name": "Colleague",
    "role": Role.THERAPIST,
}


def _add_colleague(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:clinic_membership_add"), NEW_COLLEAGUE)
    assert response.status_code == 302
    client.logout()
    return User.objects.get(email="nia.colleague@north.example")


def _set_password(client, body, password="Steady-Lantern-58"):
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_a_new_therapist_gets_one_invitation_and_can_then_sign_in(
    client, north, django_capture_on_commit_callbacks
):
    user = _add_colleague(client, north.manager, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["nia.colleague@north.example"]
    assert north.clinic.name in invitation.subject
    assert "authenticator" not in invitation.body
    assert _set_password(client, invitation.body).status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()
    assert user.check_password("Steady-Lantern-58")


def test_the_invitation_mentions_the_authenticator_where_the_clinic_requires_one(
    north, django_capture_on_commit_callbacks
):
    north.clinic.require_two_factor = True
    colleague = User.objects.create_user(email="two.factor@north.example", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.invite_staff(user=colleague, clinic=north.clinic, invited_by=north.manager)
    assert "authenticator app" in mail.outbox[0].body


def test_password_reset_emails_an_account_that_never_set_a_password(client, north):
    colleague = User.objects.create_user(email="never.set@north.example", is_staff=True)
    assert not colleague.has_usable_password()

    response = client.post(reverse("password_reset"), {"email": "Never.Set@north.example"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["never.set@north.example"]
    assert _set_password(client, mail.outbox[0].body).status_code == 302
    colleague.refresh_from_db()
    assert colleague.has_usable_password()


def test_password_reset_sends_nothing_for_an_inactive_or_unknown_account(client, north):
    User.objects.create_user(email="gone@north.example", is_active=False)
    client.post(reverse("password_reset"), {"email": "gone@north.example"})
    client.post(reverse("password_reset"), {"email": "nobody@north.example"})
    assert mail.outbox == []

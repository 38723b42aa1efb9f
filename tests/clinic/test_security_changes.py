"""Sign-in security changes need more than a password and are audited: the clinic's
two-factor rule, enrolling an authenticator, resetting a colleague's, and role changes."""

from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import two_factor
from clinic.models import AuditAction, AuditEvent, Membership
from tests.api_fixtures import api_client
from tests.clinic.test_two_factor import code_for, follow_emailed_setup_link, sign_in

RULE_URL = "/account/two-factor/clinic/"


def security_events(object_type):
    return list(
        AuditEvent.objects.filter(action=AuditAction.SECURITY, object_type=object_type)
        .order_by("id")
        .values_list("actor_id", "object_id")
    )


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_a_password_alone_cannot_switch_the_clinic_rule_off(client, north):
    north.clinic.require_two_factor = True
    north.clinic.save()
    device = enrolled(north.manager)
    sign_in(client, north.manager)  # password only: no code given yet
    refused = client.post(RULE_URL, {"require": "off"})
    assert refused.status_code == 403
    north.clinic.refresh_from_db()
    assert north.clinic.require_two_factor
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    client.post(RULE_URL, {"require": "off"})
    north.clinic.refresh_from_db()
    assert not north.clinic.require_two_factor
    assert security_events(two_factor.CLINIC_RULE) == [(north.manager.pk, "off")]


def test_a_manager_without_an_authenticator_cannot_switch_a_required_rule_off(client, north):
    north.clinic.require_two_factor = True
    north.clinic.save()
    sign_in(client, north.manager)
    assert client.post(RULE_URL, {"require": "off"}).status_code == 403
    north.clinic.refresh_from_db()
    assert north.clinic.require_two_factor


def test_turning_the_rule_on_is_audited_and_ends_tokens_issued_without_a_code(client, north):
    plain = api_client(north.therapist)
    assert plain.get("/api/v1/patients/").status_code == 200
    client.force_login(north.manager)
    client.post(RULE_URL, {"require": "on"})
    assert plain.get("/api/v1/patients/").status_code == 401
    assert security_events(two_factor.CLINIC_RULE) == [(north.manager.pk, "on")]


def test_a_password_alone_cannot_link_an_authenticator(client, north, south):
    sign_in(client, north.therapist)
    page = client.get(reverse("two_factor_setup"))
    assert "data:image/svg+xml" not in page.content.decode()
    assert "Email me the set-up link" in page.content.decode()
    client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=north.therapist).exists()
    assert mail.outbox[-1].to == [north.therapist.email]
    # Another account's link does not open this one's set-up.
    other = client.get(two_factor.enrolment_url(south.therapist).split("8000")[-1])
    assert other.status_code == 302
    assert "data:image/svg+xml" not in client.get(reverse("two_factor_setup")).content.decode()


def test_enrolling_is_audited(client, north):
    sign_in(client, north.therapist)
    follow_emailed_setup_link(client)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=north.therapist)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert security_events(two_factor.ENROLLED) == [(north.therapist.pk, str(north.therapist.pk))]


def reset_in_admin(client, member):
    return client.post(
        reverse("admin:clinic_membership_changelist"),
        {"action": "reset_two_factor", "_selected_action": [member.pk]},
    )


def test_the_manager_resets_a_colleagues_authenticator_which_ends_their_tokens(client, north):
    enrolled(north.therapist)
    their_api = api_client(north.therapist)
    client.force_login(north.manager)
    member = Membership.objects.get(user=north.therapist)
    assert reset_in_admin(client, member).status_code == 302
    assert not TOTPDevice.objects.filter(user=north.therapist).exists()
    assert their_api.get("/api/v1/me/").status_code == 401
    assert security_events(two_factor.RESET) == [(north.manager.pk, str(north.therapist.pk))]


def test_a_manager_must_give_their_own_code_before_resetting_a_colleagues(client, north):
    enrolled(north.therapist)
    enrolled(north.manager)
    sign_in(client, north.manager)
    held = reset_in_admin(client, Membership.objects.get(user=north.therapist))
    assert held.status_code == 302 and reverse("two_factor_verify") in held["Location"]
    assert TOTPDevice.objects.filter(user=north.therapist).exists()
    assert security_events(two_factor.RESET) == []


def test_a_role_change_is_audited(client, north):
    client.force_login(north.manager)
    member = Membership.objects.get(user=north.therapist)
    client.post(reverse("admin:clinic_membership_change", args=[member.pk]), {"role": "manager"})
    member.refresh_from_db()
    assert member.role == "manager"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE,
        object_type="clinic.membership",
        object_id=str(member.pk),
        actor_id=north.manager.pk,
    ).exists()

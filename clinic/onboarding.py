"""Staff onboarding: a colleague added by a manager is invited to set their password.

The link is Django's password-reset link (one use, ``PASSWORD_RESET_TIMEOUT``), so setting
the password, and enrolling an authenticator where the clinic requires one, follow the
usual pages.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clinic.models import Clinic, User


def staff_invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def invite_staff(*, user: User, clinic: Clinic, invited_by: User) -> None:
    """Email a new colleague the link to set a password, once the account is committed."""

    def send():
        context = {
            "user": user,
            "clinic": clinic,
            "invited_by": invited_by,
            "url": staff_invitation_url(user),
            "two_factor": clinic.require_two_factor,
            "admin_url": settings.SITE_URL + reverse("admin:index"),
        }
        send_mail(
            subject=render_to_string("emails/staff_invitation_subject.txt", context).strip(),
            message=render_to_string("emails/staff_invitation.txt", context),
            html_message=render_to_string("emails/staff_invitation.html", context),
            from_email=None,
            recipient_list=[user.email],
        )

    transaction.on_commit(send)

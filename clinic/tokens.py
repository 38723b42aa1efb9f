"""API tokens (django-rest-knox): issued at each sign-in, ended by time, sign-out or a change.

- A new sign-in issues a new token; knox stores only its digest.
- A patient's token lasts ``API_TOKEN_PATIENT_DAYS``. A staff token lasts at most
  ``API_TOKEN_STAFF_HOURS`` and, like a staff session, ends after ``STAFF_IDLE_MINUTES``
  unused: its expiry moves forward with each use, never past that absolute limit.
- ``DELETE /api/v1/auth/token/`` ends the token it is sent with; a password change,
  enrolling or resetting a second factor, and a clinic newly requiring one (for staff who
  have none) end every token of the account (``revoke_all``).
"""

import binascii
from datetime import timedelta
from hmac import compare_digest

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

from clinic.tenancy import viewer_for


def _staff(user) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member or viewer.is_superuser


def lifetime(user) -> timedelta:
    """How long a token of this user may live in all."""
    if _staff(user):
        return timedelta(hours=settings.API_TOKEN_STAFF_HOURS)
    return timedelta(days=settings.API_TOKEN_PATIENT_DAYS)


def _idle(user) -> timedelta | None:
    return timedelta(minutes=settings.STAFF_IDLE_MINUTES) if _staff(user) else None


def issue(user) -> tuple[str, AuthToken]:
    """A new token for a user who just signed in (their expired ones are dropped)."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    idle = _idle(user)
    ttl = lifetime(user)
    instance, key = AuthToken.objects.create(user=user, expiry=min(ttl, idle) if idle else ttl)
    return key, instance


def revoke_all(user) -> int:
    """End every API token of this account; returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


def revoke_without_second_factor(user_ids) -> None:
    """End the tokens of those of these users who have no confirmed second factor."""
    AuthToken.objects.filter(user_id__in=user_ids).exclude(
        user__totpdevice__confirmed=True
    ).delete()


class ApiTokenAuthentication(TokenAuthentication):
    """Knox's token check, with the staff idle limit and one query per request.

    Knox looks at every other token of the user on each request to drop expired ones;
    here that happens at sign-in (``issue``) instead.
    """

    #: A staff token's expiry is moved forward at most once a minute (a write per use
    #: would cost a query on every request).
    RENEW_AFTER = timedelta(minutes=1)

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

    def authenticate_credentials(self, token):
        """Knox's digest check, loading with the token the user's membership or patient
        profile and clinic, which every request asks for (clinic.tenancy.viewer_for)."""
        key = token.decode("utf-8")
        candidates = AuthToken.objects.filter(
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user__membership__clinic", "user__patient_profile__clinic")
        for auth_token in candidates:
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(key)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(_("Invalid token."))

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        idle = _idle(user)
        if idle is not None:
            now = timezone.now()
            expiry = min(now + idle, token.created + lifetime(user))
            if expiry - token.expiry > self.RENEW_AFTER:
                token.expiry = expiry
                token.save(update_fields=["expiry"])
        return user, token

"""Sign-in guard: brute-force protection that an attacker cannot turn against the account.

Three layers, all keyed on the email as the sign-in knows it (lower case, trimmed) and the
client's real address (clinic.network):

1. Per account and address (django-axes): ``LOGIN_FAILURE_LIMIT`` failures lock that pair
   for ``LOGIN_COOLOFF_MINUTES``. Guessing from one place stops; the owner, elsewhere, is
   not affected.
2. Per account, from every address: past ``LOGIN_ACCOUNT_FAILURE_CEILING`` failures within
   the cool-off, the account takes one attempt per ``LOGIN_ACCOUNT_SLOW_SECONDS`` from
   anywhere. A guesser with many addresses is slowed to a crawl; nothing is locked for good.
3. The owner is emailed a one-time link when either layer trips. Following it clears the
   account's failures and marks that browser as theirs, so the slow-down never holds them.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from clinic.models import User
from clinic.network import client_ip

UNLOCK_SALT = "clinic.signin.unlock"
TRUSTED_SALT = "clinic.signin.trusted-browser"
TRUSTED_COOKIE = "signin_trusted"
#: How long an emailed unlock link works, and how long the browser that used it is trusted.
UNLOCK_LINK_SECONDS = 24 * 3600
TRUSTED_BROWSER_SECONDS = 90 * 24 * 3600


def normalised_email(value) -> str:
    """The email as the sign-in matches it: trimmed and in lower case."""
    return str(value or "").strip().lower()


def username_for_lockout(request, credentials) -> str:
    """django-axes' AXES_USERNAME_CALLABLE: every spelling of an email is one account."""
    if credentials and credentials.get("username"):
        return normalised_email(credentials["username"])
    data = getattr(request, "data", None) or request.POST
    return normalised_email(data.get("username") or data.get("email"))


def _key(kind: str, email: str) -> str:
    # A digest, not the address: cache keys show in Redis' tools and have a length limit.
    return f"signin:{kind}:" + salted_hmac("clinic.signin.key", email).hexdigest()[:32]


def account_failures(email: str) -> int:
    """Failed sign-ins for this account from every address within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    counted = AccessAttempt.objects.filter(username=email, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )
    return counted["total"] or 0


def is_trusted_browser(request, email: str) -> bool:
    """Whether this browser followed an unlock link sent to this account."""
    cookie = getattr(request, "COOKIES", {}).get(TRUSTED_COOKIE)
    if not cookie:
        return False
    try:
        value = signing.loads(cookie, salt=TRUSTED_SALT, max_age=TRUSTED_BROWSER_SECONDS)
    except signing.BadSignature:
        return False
    return value == email


class SignInGuardBackend(AxesStandaloneBackend):
    """django-axes' per account-and-address lock, and the per-account slow-down above it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        email = normalised_email(username)
        if not email or account_failures(email) < settings.LOGIN_ACCOUNT_FAILURE_CEILING:
            return None
        send_unlock_link(email)
        if is_trusted_browser(request, email):
            return None
        # One attempt per interval for the whole account; the rest wait, whatever address.
        if cache.add(_key("slow", email), 1, timeout=settings.LOGIN_ACCOUNT_SLOW_SECONDS):
            return None
        request.axes_locked_out = True
        request.signin_retry_after = settings.LOGIN_ACCOUNT_SLOW_SECONDS
        raise AxesBackendPermissionDenied("This account is taking attempts slowly.")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a held sign-in: 429 with ``Retry-After`` (the cool-off, or the
    slow-down's interval), the page for browsers (the API turns it into its JSON error)."""
    retry = getattr(request, "signin_retry_after", None) or int(
        settings.AXES_COOLOFF_TIME.total_seconds()
    )
    response = render(request, "registration/locked_out.html", status=429)
    response["Retry-After"] = str(retry)
    return response


def unlock_url(user: User) -> str:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=UNLOCK_SALT)
    return settings.SITE_URL + reverse("signin_unlock", args=[token])


def send_unlock_link(email: str) -> None:
    """Email the account's owner an unlock link: at most once per cool-off, and only if the
    account exists (the answer on the page is the same either way)."""
    if not cache.add(
        _key("mailed", email), 1, timeout=int(settings.AXES_COOLOFF_TIME.total_seconds())
    ):
        return
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        return
    context = {"user": user, "url": unlock_url(user), "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("emails/signin_unlock_subject.txt", context, using="text")
        text = render_to_string("emails/signin_unlock.txt", context, using="text")
        html = render_to_string("emails/signin_unlock.html", context)
    send_mail(" ".join(subject.split()), text, None, [user.email], html_message=html)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    send_unlock_link(normalised_email(username))


def unlock(request, token: str):
    """The emailed link: clear the account's failures and trust this browser for it."""
    try:
        value = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_LINK_SECONDS)
        user = User.objects.get(pk=value["u"], email=value["e"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        messages.error(request, _("That link has expired or is not valid. Sign in again."))
        return redirect("login")
    reset(username=user.email)
    cache.delete(_key("slow", user.email))
    messages.success(request, _("Your account is unlocked on this device. Sign in now."))
    response = redirect("login")
    response.set_cookie(
        TRUSTED_COOKIE,
        signing.dumps(user.email, salt=TRUSTED_SALT),
        max_age=TRUSTED_BROWSER_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending one email per account per ``PASSWORD_RESET_EMAIL_MINUTES``
    whatever the number of requests (the page answers the same either way)."""

    def get_users(self, email):
        """Every active account of that email, with or without a usable password: a
        colleague who never set one (or whose invitation expired) can set it here."""
        key = _key("reset-mailed", normalised_email(email))
        if not cache.add(key, 1, timeout=settings.PASSWORD_RESET_EMAIL_MINUTES * 60):
            return iter(())
        return User.objects.filter(email__iexact=email, is_active=True).iterator()


class PasswordResetView(auth_views.PasswordResetView):
    """The reset page: at most ``PASSWORD_RESET_PER_HOUR`` requests an hour from one address
    (429 beyond), and at most one email per account at a time (``PasswordResetForm``)."""

    form_class = PasswordResetForm

    def post(self, request, *args, **kwargs):
        key = _key("reset-from", client_ip(request) or "")
        cache.add(key, 0, timeout=3600)
        if cache.incr(key) > settings.PASSWORD_RESET_PER_HOUR:
            return render(request, "registration/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

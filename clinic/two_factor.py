"""Two-factor sign-in (TOTP, with django-otp) for staff; a clinic's manager can require it.

A staff user who has set up an authenticator app, or whose clinic requires it, must enter a
current code after their password before any staff page, admin screen or API token.

A password alone never changes sign-in security:

- Enrolling an account that has no authenticator yet takes a link emailed to the account
  (so someone who only guessed the password cannot link their own app).
- Changing the clinic's requirement or resetting a colleague's authenticator needs the
  actor's own code in this session when they have one (``clinic.access.second_factor_given``).
- Each of these is written to the audit log (action "security"), and enrolling or resetting
  ends the account's API tokens.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import audit, tokens
from clinic.access import (
    confirmed_device,
    manager_required,
    second_factor_given,
    second_factor_required,
    staff_required,
)
from clinic.models import AuditAction, Membership

#: Pages a staff user may open before the second factor (to set it up or give it).
OPEN_PATHS = ("/account/two-factor/", "/accounts/logout/", "/static/", "/health/")
ENROL_SALT = "clinic.two_factor.enrol"
#: How long an emailed set-up link works.
ENROL_LINK_SECONDS = 30 * 60
#: The session key that marks this browser as having followed the account's set-up link.
ENROL_SESSION_KEY = "two_factor_enrol_user"

#: Audit object types of the security changes.
CLINIC_RULE = "two_factor.clinic_requirement"
ENROLLED = "two_factor.enrolled"
RESET = "two_factor.reset"


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": gettext_lazy("Enter the 6 digits shown in the app.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class TwoFactorMiddleware:
    """Hold staff at the code page until they give their second factor this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PATHS)
            and not request.user.is_verified()
            and second_factor_required(user)
        ):
            target = "two_factor_verify" if confirmed_device(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def _next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


def enrolment_url(user) -> str:
    token = signing.dumps({"u": user.pk, "p": user.password[-12:]}, salt=ENROL_SALT)
    return settings.SITE_URL + reverse("two_factor_enrol", args=[token])


def send_enrolment_link(user) -> None:
    """Email the account its set-up link (the proof that the owner is the one enrolling)."""
    context = {"user": user, "url": enrolment_url(user), "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("emails/two_factor_enrol_subject.txt", context, using="text")
        text = render_to_string("emails/two_factor_enrol.txt", context, using="text")
        html = render_to_string("emails/two_factor_enrol.html", context)
    send_mail(" ".join(subject.split()), text, None, [user.email], html_message=html)


@staff_required
def enrol(request, token: str):
    """The emailed set-up link: this browser, signed in as that account, may link an app."""
    try:
        value = signing.loads(token, salt=ENROL_SALT, max_age=ENROL_LINK_SECONDS)
        valid = value["u"] == request.user.pk and value["p"] == request.user.password[-12:]
    except (signing.BadSignature, KeyError, TypeError):
        valid = False
    if not valid:
        messages.error(request, _("That set-up link has expired or is for another account."))
        return redirect("two_factor_setup")
    request.session[ENROL_SESSION_KEY] = request.user.pk
    return redirect("two_factor_setup")


@staff_required
def setup(request):
    """Link an authenticator app: after the emailed link, scan the QR code, confirm a code."""
    if confirmed_device(request.user) is not None:
        return redirect("two_factor_verify")
    if request.session.get(ENROL_SESSION_KEY) != request.user.pk:
        if request.method == "POST":
            send_enrolment_link(request.user)
            messages.success(
                request, _("We emailed you a link. Open it in this browser to continue.")
            )
            return redirect("two_factor_setup")
        return render(request, "registration/two_factor_email.html")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                tokens.revoke_all(request.user)  # tokens issued without the code end
                audit.record(AuditAction.SECURITY, object_type=ENROLLED, object_id=request.user.pk)
            del request.session[ENROL_SESSION_KEY]
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(_next(request))
        form.add_error("code", _("That code did not match. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    context = {
        "form": form,
        "qr": qr,
        "secret": device.config_url.split("secret=")[1].split("&")[0],
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
def verify(request):
    """Enter the current code after the password."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("That code did not match. Try the next one."))
    return render(request, "registration/two_factor_verify.html", {"form": form})


@manager_required
@second_factor_given
@require_POST
def clinic_requirement(request):
    """The manager turns the clinic-wide requirement on or off (with their code, if any)."""
    clinic = request.viewer.clinic
    required = request.POST.get("require") == "on"
    with transaction.atomic():
        clinic.require_two_factor = required
        clinic.save(update_fields=["require_two_factor"])
        audit.record(
            AuditAction.SECURITY, object_type=CLINIC_RULE, object_id="on" if required else "off"
        )
        if required:
            # Tokens of staff who have no code were issued without one: they end.
            tokens.revoke_without_second_factor(
                Membership.objects.filter(clinic=clinic).values("user_id")
            )
    messages.success(
        request,
        _("Two-factor sign-in is now required for all staff.")
        if required
        else _("Two-factor sign-in is now optional."),
    )
    return redirect(
        "two_factor_setup" if required and not confirmed_device(request.user) else "home"
    )


def reset_second_factor(request, member: Membership) -> None:
    """A manager resets a colleague's authenticator (a lost phone): the app and the API
    tokens of that account end; its sessions are no longer verified (their device is gone),
    so the colleague sets up a new app, by emailed link, before any staff page if required.
    """
    if not request.viewer.is_manager or member.clinic_id != request.viewer.clinic_id:
        raise PermissionDenied(_("Only the clinic's manager can change this."))
    if second_factor_required(request.user) and not request.user.is_verified():
        raise PermissionDenied(_("Enter your two-factor code first."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=member.user_id).delete()
        tokens.revoke_all(member.user)
        audit.record(AuditAction.SECURITY, object_type=RESET, object_id=member.user_id)

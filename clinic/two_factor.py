"""Two-factor sign-in (TOTP, with django-otp) for staff; a clinic's manager can require it.

A staff user who has set up an authenticator app, or whose clinic requires it, must enter a
current code after their password before any staff page, admin screen or API token.
"""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import tokens
from clinic.access import manager_required, staff_required
from clinic.tenancy import viewer_for

#: Pages a staff user may open before the second factor (to set it up or give it).
OPEN_PATHS = ("/account/two-factor/", "/accounts/logout/", "/static/", "/health/")


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def required_for(user) -> bool:
    """Whether this user must give a second factor: they set one up, or their clinic asks."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return False
    if confirmed_device(user) is not None:
        return True
    return viewer.clinic.require_two_factor


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
            and required_for(user)
        ):
            target = "two_factor_verify" if confirmed_device(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def _next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


@staff_required
def setup(request):
    """Link an authenticator app: scan the QR code, then confirm with a code."""
    if confirmed_device(request.user) is not None:
        return redirect("two_factor_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            tokens.revoke_all(request.user)  # tokens issued without the code end
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
@require_POST
def clinic_requirement(request):
    """The manager turns the clinic-wide requirement on or off."""
    viewer = request.viewer
    required = request.POST.get("require") == "on"
    viewer.clinic.require_two_factor = required
    viewer.clinic.save(update_fields=["require_two_factor"])
    messages.success(
        request,
        _("Two-factor sign-in is now required for all staff.")
        if required
        else _("Two-factor sign-in is now optional."),
    )
    return redirect(
        "two_factor_setup" if required and not confirmed_device(request.user) else "home"
    )

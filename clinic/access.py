"""Who may open a page: the one home of the access decorators every page uses.

Which rows a page then shows is decided by the querysets (``clinic.tenancy``); the API's
permissions are in ``clinic.api``.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.tenancy import viewer_for


def confirmed_device(user) -> TOTPDevice | None:
    """The user's authenticator app, once they have confirmed it with a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_required(user) -> bool:
    """Whether this user must give a second factor: they set one up, or their clinic asks."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return False
    if confirmed_device(user) is not None:
        return True
    return viewer.clinic.require_two_factor


def second_factor_given(view):
    """A change to sign-in security (the clinic's 2FA rule, a device reset): whoever must
    give a second factor has given it in this session; a password alone changes nothing.

    The two-factor pages are open before the code (to set it up or give it), so the
    middleware that holds everything else at the code page does not cover them.
    """

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if second_factor_required(request.user) and not request.user.is_verified():
            raise PermissionDenied(_("Enter your two-factor code first."))
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view):
    """Only clinic staff (or a superuser) reach a staff page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        viewer = viewer_for(request.user)
        if not (viewer.is_staff_member or viewer.is_superuser):
            raise PermissionDenied(_("This page is for clinic staff."))
        return view(request, *args, **kwargs)

    return wrapped


def manager_required(view):
    """Only the clinic's manager reaches a page that changes the clinic's own settings."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not viewer_for(request.user).is_manager:
            raise PermissionDenied(_("Only the clinic's manager can change this."))
        return view(request, *args, **kwargs)

    return wrapped


def patient_required(view):
    """Only a signed-in patient reaches the portal; the view gets their record."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not viewer_for(request.user).is_patient:
            raise PermissionDenied(_("This page is for patients."))
        patient = request.user.patient_profile  # loaded with its clinic at sign-in
        return view(request, patient, *args, **kwargs)

    return wrapped

"""Who may open a page: the one home of the access decorators every page uses.

Which rows a page then shows is decided by the querysets (``clinic.tenancy``); the API's
permissions are in ``clinic.api``.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from clinic.tenancy import viewer_for


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

"""Landing pages shared by every role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from clinic.tenancy import viewer_for


@login_required
def home(request):
    """Send each person to their own start page."""
    viewer = viewer_for(request.user)
    if viewer.is_patient:
        return redirect("patients:today")
    if viewer.is_staff_member:
        return redirect("staff:caseload")
    if viewer.is_superuser:
        return redirect("admin:index")
    return redirect("login")


def health(request):
    """A trivial endpoint for load balancers and the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")

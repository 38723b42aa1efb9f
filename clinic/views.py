"""Landing pages shared by every role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.defaults import page_not_found
from django.views.defaults import server_error as django_server_error

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


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """404: JSON for the API, the site's page otherwise."""
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    """500: JSON for the API, the site's page otherwise (details stay in the logs)."""
    if _wants_json(request):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return django_server_error(request)

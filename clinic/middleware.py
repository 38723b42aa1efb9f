"""Request middleware for the tenant."""

from django.utils import timezone

from clinic.models import Clinic
from clinic.tenancy import viewer_for


class ClinicTimezoneMiddleware:
    """Show dates and times in the signed-in user's clinic time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        viewer = viewer_for(request.user)
        if viewer.clinic_id is not None:
            tz = Clinic.objects.filter(pk=viewer.clinic_id).values_list("time_zone", flat=True)
            timezone.activate(tz.first() or timezone.get_default_timezone_name())
        else:
            timezone.deactivate()
        return self.get_response(request)

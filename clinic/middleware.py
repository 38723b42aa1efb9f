"""Request middleware: the clinic's time zone, and opt-in server timing for benchmarks."""

import os
import time

from django.db import connection
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


class ServerTimingMiddleware:
    """With SERVER_TIMING=true (benchmarks only): report server time and SQL query count.

    Adds ``Server-Timing: app;dur=<ms>`` and ``X-Query-Count`` so a load test can read
    both from outside the server. Off by default: it exposes internals.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = os.environ.get("SERVER_TIMING", "").lower() in {"1", "true", "yes"}

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        response["X-Query-Count"] = str(queries)
        return response

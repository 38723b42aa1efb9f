"""Request middleware: who is asking and in which clinic scope, no caching of health data,
staff session limits, and opt-in server timing for benchmarks."""

import os
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.utils import timezone
from django.utils.cache import patch_cache_control

from clinic.tenancy import viewer_for, viewer_scope


def bind_viewer(request, user) -> None:
    """Put who is asking on the request: ``request.viewer`` (clinic.tenancy.Viewer).

    ``request.viewer.clinic`` is the clinic row loaded with the user; pages use it instead
    of fetching the clinic again. Dates and times show in that clinic's time zone.
    """
    request.viewer = viewer_for(user)
    if request.viewer.time_zone:
        timezone.activate(request.viewer.time_zone)
    else:
        timezone.deactivate()


class ViewerMiddleware:
    """Resolve the viewer once per request and run the rest of it in their clinic's scope.

    Inside the scope every clinical query is limited to the viewer's clinic; with no viewer
    (signed out) a clinical query raises (clinic.tenancy). The API, which signs callers in
    by token inside the view, opens the scope again for them (clinic.api.ViewerScopeMixin).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bind_viewer(request, request.user)
        with viewer_scope(request.viewer):
            response = self.get_response(request)
        if response.streaming:
            # A streamed body (the CSV export) is produced after the view has returned.
            response.streaming_content = _in_scope(request.viewer, response.streaming_content)
        return response


def _in_scope(viewer, content):
    with viewer_scope(viewer):
        yield from content


class ServerTimingMiddleware:
    """With SERVER_TIMING=true (benchmarks only): report server time and SQL query count.

    Adds ``Server-Timing: app;dur=<ms>`` and ``X-Query-Count`` so a load test can read
    both from outside the server; a streamed response (the CSV export) gets neither, as
    its headers leave before its body is made. Off by default: it exposes internals.
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
        if response.streaming:
            # The body is produced after the headers leave: no time or count to tell here.
            return response
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        response["X-Query-Count"] = str(queries)
        return response


class NoStoreMiddleware:
    """Authenticated pages and API answers hold health data: no cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionLimitsMiddleware:
    """Sign staff out after idle time and after an absolute limit (settings, in minutes).

    Patients keep the normal session length: they are on their own phone, and being
    signed out mid-session would lose their log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and viewer_for(user).is_staff_member:
            now = time.time()
            session = request.session
            started = session.setdefault("signed_in_at", now)
            last = session.get("last_seen_at", now)
            idle = now - last > settings.STAFF_IDLE_MINUTES * 60
            too_long = now - started > settings.STAFF_SESSION_MAX_MINUTES * 60
            if idle or too_long:
                logout(request)
                return redirect_to_login(request.get_full_path())
            session["last_seen_at"] = now
        return self.get_response(request)

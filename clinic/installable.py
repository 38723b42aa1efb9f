"""The patient app as an installable web app: its manifest, icons and service worker.

The service worker is served from the site's root so it may control every page; its text is
a template, so it names the static files under their deployed (hashed) names and changes
(and so updates on the phones) with each release's files.
"""

import hashlib
import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from clinic.app_icons import ICON_SIZES, icon_png

THEME_COLOR = "#1f4e79"
# Static files every offline page needs; pages, exercises and demonstrations are kept as they
# are visited (and Today's exercises as soon as Today is seen).
PRECACHED_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/site.css",
    "js/offline.js",
    "js/outbox.js",
    "js/session-log.js",
    "js/timer.js",
)


@require_GET
@cache_control(public=True, max_age=3600)
def manifest(request):
    """The web app manifest: name, start page, colours and icons."""
    icons = [
        {
            "src": reverse("app_icon", args=[size]),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in ICON_SIZES
        if size != 180  # that one is Apple's touch icon
    ]
    body = {
        "id": "/",
        "name": _("My home exercises"),
        "short_name": _("My exercises"),
        "description": _("Your exercise program from your clinic, with a timer and a log."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("patients:today"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    return JsonResponse(body, content_type="application/manifest+json")


@require_GET
@cache_control(public=True, max_age=86400)
def app_icon(request, size):
    """One of the app's icons, drawn on request (and kept in memory)."""
    if size not in ICON_SIZES:
        raise Http404
    return HttpResponse(icon_png(size), content_type="image/png")


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker script (see templates/pwa/service_worker.js)."""
    precache = [static(path) for path in PRECACHED_STATIC]
    template = get_template("pwa/service_worker.js")
    version = hashlib.sha256(
        "|".join([settings.RELEASE, *precache, template.template.source]).encode()
    ).hexdigest()[:12]
    config = {
        "version": version,
        "precache": precache,
        "outboxScript": static("js/outbox.js"),
        "logUrl": reverse("patients:log_session"),
        "todayUrl": reverse("patients:today"),
        "loginUrl": reverse("login"),
    }
    script = template.render({"config": json.dumps(config)}, request)
    response = HttpResponse(script, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response

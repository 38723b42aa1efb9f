"""Rendered parts of the patient portal, reused between visits while nothing they show changed.

Today and the progress dashboard rebuild the program from its whole history on each visit;
a patient who opens them several times a day gets the same answer each time. Every write
that changes what these pages show raises the patient's ``portal_version`` in its own
transaction (``services.portal_changed``: a program change, a logged session, an
assessment, a notice recorded or dismissed, a check-in). A part is reused only while its
stamp still matches: that version, the clinic day, the language, the time zone and the
release (``settings.RELEASE``). The version arrives with the signed-in user (one query
loads user, patient and clinic), so a reused part costs no query at all.
What no write about the patient touches (a library exercise renamed) shows within
PORTAL_CACHE_SECONDS. Parts live in the shared cache, so every app server sees the same ones.
"""

import logging
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from patients.models import Patient

PARTS = ("today", "progress")
logger = logging.getLogger(__name__)


def stamp(patient: Patient, day: date) -> tuple:
    """What a kept part depends on: reused only while every item is the same."""
    return (
        patient.portal_version,
        day.isoformat(),
        get_language(),
        timezone.get_current_timezone_name(),
        settings.RELEASE,
    )


def _key(part: str, patient_id: int) -> str:
    return f"portal:{part}:{patient_id}"


def part(name: str, patient: Patient, day: date, build: Callable[[], dict]) -> dict:
    """One portal part: the kept copy if its stamp still matches, else ``build()``, kept.

    A part is a dict of plain values (HTML as SafeString, which keeps its safety through
    the cache). ``patient.portal_version`` was read before anything is built, so a change
    committed meanwhile can only make the kept copy look older than it is, never newer.
    If the cache cannot be reached the part is built as if reuse were off: the page works.
    """
    seconds = settings.PORTAL_CACHE_SECONDS
    if seconds <= 0:
        return build()
    current = stamp(patient, day)
    key = _key(name, patient.pk)
    try:
        kept = cache.get(key)
    except Exception:  # any backend's connection error: serve the page without reuse
        logger.warning("Portal cache unavailable; building %s for patient %s", name, patient.pk)
        return build()
    if kept is not None and kept[0] == current:
        return kept[1]
    built = build()
    try:
        cache.set(key, (current, built), seconds)
    except Exception:
        logger.warning("Portal cache unavailable; %s for patient %s not kept", name, patient.pk)
    return built


def forget(patient_id: int) -> None:
    """Drop a patient's cached parts (their data is being removed)."""
    cache.delete_many([_key(name, patient_id) for name in PARTS])

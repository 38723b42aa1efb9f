"""Rendered parts of the patient portal, reused between visits while nothing they show changed.

Today and the progress dashboard rebuild the program from its whole history on each visit;
a patient who opens them several times a day gets the same answer each time. A part is
reused only while its stamp still matches: the active prescription (id, version, last
save), the patient's session and assessment counts and latest ids (all read in one indexed
query on every visit), the clinic day, the language and the time zone.
Logging a session, a dose change, a pause, an advance or a new assessment therefore shows
at once, and so does a release that changes how the parts are rendered. What the stamp
cannot see (a library exercise renamed or given another type, an assessment edited in
place) shows within PORTAL_CACHE_SECONDS. Parts live in the shared cache, so every app
server sees the same ones.
"""

import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from patients.models import (
    Assessment,
    Patient,
    Prescription,
    PrescriptionStatus,
    ProgramNotice,
    SessionLog,
    WeeklyCheckIn,
)

PARTS = ("today", "progress")
logger = logging.getLogger(__name__)

# Plain SQL on purpose: this runs on every portal visit, and compiling the same query with
# its subqueries through the ORM cost more than running it. Each subquery reads one
# patient's rows through the patient_id index; counting and taking the maximum together
# keeps PostgreSQL from answering MAX(id) by walking the whole table's primary key backwards.
VISIT_SQL = f"""
SELECT p.id, p.version, p.updated_at, s.n, s.last_id, a.n, a.last_id, n.unread, c.done
FROM {Prescription._meta.db_table} p
CROSS JOIN (SELECT COUNT(*) AS n, MAX(id) AS last_id FROM {SessionLog._meta.db_table}
            WHERE patient_id = %(patient)s) s
CROSS JOIN (SELECT COUNT(*) AS n, MAX(id) AS last_id FROM {Assessment._meta.db_table}
            WHERE patient_id = %(patient)s) a
CROSS JOIN (SELECT COUNT(*) AS unread FROM {ProgramNotice._meta.db_table}
            WHERE patient_id = %(patient)s AND dismissed_at IS NULL) n
CROSS JOIN (SELECT COUNT(*) AS done FROM {WeeklyCheckIn._meta.db_table}
            WHERE patient_id = %(patient)s AND week = %(week)s) c
WHERE p.patient_id = %(patient)s AND p.status = %(active)s
ORDER BY p.start_date DESC, p.id DESC
LIMIT 1
"""


@dataclass(frozen=True)
class Visit:
    """What a portal page knows before it fetches anything else."""

    stamp: tuple  # what the cached parts depend on
    unread_notices: int
    checked_in_this_week: bool


def visit(patient: Patient, week: str) -> Visit | None:
    """One query: the parts' stamp, unread notices and this ``week``'s check-in.

    None when the patient has no active program (nothing is cached then).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            VISIT_SQL, {"patient": patient.pk, "week": week, "active": PrescriptionStatus.ACTIVE}
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return Visit(stamp=tuple(row[:7]), unread_notices=row[7], checked_in_this_week=bool(row[8]))


# The files that decide what a part looks like: after a release that changes one of them,
# parts rendered by the previous release are no longer used.
RENDERED_BY = (
    "templates/patients/_today_program.html",
    "templates/patients/_progress_program.html",
    "templates/patients/_progress_panels.html",
    "patients/portal_cache.py",
    "patients/progress.py",
    "patients/schedule.py",
    "patients/selectors.py",
    "programs/models.py",
)


@functools.cache
def release() -> str:
    """A short digest of the files in RENDERED_BY, computed once per process."""
    digest = hashlib.sha256()
    for name in RENDERED_BY:
        path = Path(settings.BASE_DIR) / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    return digest.hexdigest()[:12]


def _key(part: str, patient_id: int) -> str:
    return f"portal:{part}:{patient_id}"


def part(name: str, patient: Patient, current: Visit, day: date, build: Callable[[], str]) -> str:
    """The HTML of one portal part: the cached copy if its stamp still matches, else built.

    ``current`` is read before anything is built, so a change committed meanwhile can only
    make the stored copy look older than it is, never newer. If the cache cannot be reached
    the part is built as if reuse were off: the page still works.
    """
    seconds = settings.PORTAL_CACHE_SECONDS
    if seconds <= 0:
        return build()
    full = (
        *current.stamp,
        day.isoformat(),
        get_language(),
        timezone.get_current_timezone_name(),
        release(),
    )
    key = _key(name, patient.pk)
    try:
        kept = cache.get(key)
    except Exception:  # any backend's connection error: serve the page without reuse
        logger.warning("Portal cache unavailable; building %s for patient %s", name, patient.pk)
        return build()
    if kept is not None and kept[0] == full:
        return mark_safe(kept[1])  # our own template output, escaped when it was rendered
    html = build()
    try:
        cache.set(key, (full, html), seconds)
    except Exception:
        logger.warning("Portal cache unavailable; %s for patient %s not kept", name, patient.pk)
    return html


def forget(patient_id: int) -> None:
    """Drop a patient's cached parts (their data is being removed)."""
    cache.delete_many([_key(name, patient_id) for name in PARTS])

"""Rendered parts of the patient portal, reused between visits while nothing they show changed.

Today and the progress dashboard rebuild the program from its whole history on each visit;
a patient who opens them several times a day gets the same answer each time. A part is
reused only while its stamp still matches: the active prescription (id, version, last
save), the patient's session count and latest session, their latest assessment (all read
in one indexed query on every visit), the clinic day, the language and the time zone.
Logging a session, a dose change, a pause, an advance or a new assessment therefore shows
at once. What the stamp cannot see (a library exercise renamed, an assessment edited in
place) shows within PORTAL_CACHE_SECONDS. Parts live in the shared cache, so every app
server sees the same ones.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

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

# Plain SQL on purpose: this runs on every portal visit, and compiling the same query with
# five subqueries through the ORM cost more than running it. Every column is indexed by
# patient (see the models' indexes and foreign keys).
VISIT_SQL = f"""
SELECT p.id, p.version, p.updated_at,
  (SELECT COUNT(*) FROM {SessionLog._meta.db_table} s WHERE s.patient_id = p.patient_id),
  (SELECT MAX(s.id) FROM {SessionLog._meta.db_table} s WHERE s.patient_id = p.patient_id),
  (SELECT MAX(a.id) FROM {Assessment._meta.db_table} a WHERE a.patient_id = p.patient_id),
  (SELECT COUNT(*) FROM {ProgramNotice._meta.db_table} n
     WHERE n.patient_id = p.patient_id AND n.dismissed_at IS NULL),
  (SELECT COUNT(*) FROM {WeeklyCheckIn._meta.db_table} c
     WHERE c.patient_id = p.patient_id AND c.week = %s)
FROM {Prescription._meta.db_table} p
WHERE p.patient_id = %s AND p.status = %s
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
        cursor.execute(VISIT_SQL, [week, patient.pk, PrescriptionStatus.ACTIVE])
        row = cursor.fetchone()
    if row is None:
        return None
    return Visit(stamp=tuple(row[:6]), unread_notices=row[6], checked_in_this_week=bool(row[7]))


def _key(part: str, patient_id: int) -> str:
    return f"portal:{part}:{patient_id}"


def part(name: str, patient: Patient, current: Visit, day: date, build: Callable[[], str]) -> str:
    """The HTML of one portal part: the cached copy if its stamp still matches, else built.

    ``current`` is read before anything is built, so a change committed meanwhile can only
    make the stored copy look older than it is, never newer.
    """
    seconds = settings.PORTAL_CACHE_SECONDS
    if seconds <= 0:
        return build()
    full = (*current.stamp, day.isoformat(), get_language(), timezone.get_current_timezone_name())
    key = _key(name, patient.pk)
    kept = cache.get(key)
    if kept is not None and kept[0] == full:
        return mark_safe(kept[1])  # our own template output, escaped when it was rendered
    html = build()
    cache.set(key, (full, html), seconds)
    return html


def forget(patient_id: int) -> None:
    """Drop a patient's cached parts (their data is being removed)."""
    cache.delete_many([_key(name, patient_id) for name in PARTS])

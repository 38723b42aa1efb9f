"""A patient's private calendar feed (iCalendar, RFC 5545) of their scheduled sessions.

The feed's address carries the patient's ``calendar_token`` (a random UUID): phones
subscribe without signing in, so the token is the only key. A new token revokes the old
address at once. The sessions come from the schedule (``patients.rules.schedule`` through
``selectors.plan_for``): rest days, pauses and the rest day after pain are left out.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patients import selectors
from patients.models import Patient
from patients.rules.schedule import schedule

#: Past days kept in the feed, so this week's sessions stay visible.
PAST_DAYS = 7
SESSION_MINUTES = 30


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime  # aware
    end: datetime
    summary: str
    description: str
    url: str


#: Control characters a TEXT value may not hold (RFC 5545, 3.3.11: all but HTAB).
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F])


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11): any line break (CR LF, LF or a bare CR) is
    an escaped newline, never a new content line; other control characters are dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\\n".join(
        line.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").translate(_CONTROLS)
        for line in lines
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545, 3.1)."""
    parts, current, size, limit = [], "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def render_ics(name: str, events: list[Event], stamp: datetime) -> str:
    """A whole VCALENDAR document with CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//physio-hep//Home exercise program//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(event.start)}",
            f"DTEND:{_utc(event.end)}",
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
            f"URL:{event.url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def session_events(patient: Patient, today: date | None = None) -> list[Event]:
    """One event per scheduled day, at the patient's reminder time, from a week ago on."""
    today = today or selectors.clinic_today(patient.clinic)
    prescription = selectors.current_prescription(patient)
    if prescription is None:
        return []
    rest, checked_out = selectors.rest_and_checked_out_days(prescription)
    plan = selectors.plan_for(
        prescription, rest, selectors.stopped_periods(prescription), checked_out
    )
    items = {item.pk: item for phase in prescription.phases.all() for item in phase.exercises.all()}
    until = today + timedelta(days=settings.CALENDAR_FEED_DAYS)
    first = max(prescription.start_date, today - timedelta(days=PAST_DAYS))
    tz = patient.clinic.tzinfo
    url = settings.SITE_URL + reverse("patients:today")
    # The UID names the day and program, not the patient; it changes with a new link.
    salt = hashlib.sha256(patient.calendar_token.bytes).hexdigest()[:12]
    events = []
    for day, due in schedule(plan, until).items():
        if not due or day < first:
            continue
        start = datetime.combine(day, patient.reminder_time, tzinfo=tz)
        names = [
            f"{number}. {items[p.prescribed_exercise_id].exercise.name}: "
            f"{items[p.prescribed_exercise_id].dose_summary}"
            for number, p in enumerate(due, start=1)
            if p.prescribed_exercise_id in items
        ]
        events.append(
            Event(
                uid=f"{day:%Y%m%d}-{prescription.pk}-{salt}@physio-hep",
                start=start,
                end=start + timedelta(minutes=SESSION_MINUTES),
                summary=_("Home exercises (%(n)d)") % {"n": len(due)},
                description="\n".join(
                    [*names, "", _("Open today's program: %(url)s") % {"url": url}]
                ),
                url=url,
            )
        )
    return events


def feed(patient: Patient) -> str:
    return render_ics(
        _("Exercises - %(clinic)s") % {"clinic": patient.clinic.name},
        session_events(patient),
        timezone.now(),
    )


def feed_url(patient: Patient) -> str:
    return settings.SITE_URL + reverse("patients:calendar_feed", args=[patient.calendar_token])


@transaction.atomic
def new_calendar_link(*, patient: Patient) -> uuid.UUID:
    """Replace the patient's feed token: the old address stops working at once."""
    patient.calendar_token = uuid.uuid4()
    patient.save(update_fields=["calendar_token"])
    return patient.calendar_token

"""Saving a session the patient logged: checked, once per idempotency key."""

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.bookkeeping import bookkeeping_cache
from clinic.errors import StateConflict
from patients.models import (
    Alert,
    AlertKind,
    ExerciseLog,
    PainCheckReason,
    Patient,
    PrescribedExercise,
    Prescription,
    PrescriptionStatus,
    SessionLog,
    Symptom,
)
from patients.rules import limits, safety
from patients.rules.codes import AlertCode
from patients.services import events, holds
from patients.services.alerts import refresh_after_change
from patients.services.portal import portal_changed
from patients.services.prescriptions import hold_for_review

#: How long a session being saved holds its idempotency key against a concurrent retry.
IN_FLIGHT_SECONDS = 60


class IdempotencyConflict(Exception):
    """The idempotency key was already used for a different session."""

    def __init__(self, session: SessionLog):
        super().__init__("This idempotency key was used for a different session.")
        self.session = session


class SessionInFlight(Exception):
    """A session with this idempotency key is being saved by another request right now."""


@dataclass(frozen=True)
class ExerciseEntry:
    """What the patient reports of one exercise in a session."""

    prescribed_exercise_id: int
    done: bool
    sets_done: int | None = None
    reps_done: int | None = None
    hold_seconds_done: int | None = None
    good_form: bool | None = None
    painful: bool = False


@dataclass(frozen=True)
class SessionReport:
    """A session as the patient reports it, before it is checked and saved."""

    prescription_id: int
    performed_on: date
    pain_before: int
    pain_after: int
    entries: tuple[ExerciseEntry, ...]
    effort: int | None = None
    symptoms: tuple[str, ...] = ()
    note: str = ""
    #: Why the session stopped at the pain check before its first exercise ('' if it did not).
    stopped_at_check: str = ""

    def fingerprint(self) -> str:
        """A stable hash of the report, to tell a retry from a different session."""
        payload = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


_ENTRY_FIELDS = tuple(f.name for f in fields(ExerciseEntry))


def session_report(
    *,
    prescription_id: int,
    performed_on: date,
    pain_before: int,
    pain_after: int,
    entries: Iterable[Mapping],
    effort: int | None = None,
    symptoms: Iterable[str] = (),
    note: str = "",
) -> SessionReport:
    """The one builder of a session report, from the page's form or the API's body.

    ``entries`` are mappings with the ``ExerciseEntry`` field names; keys they lack take
    the entry's defaults, so the page and the API build the same report from the same
    answers (and a retry through the other door is recognised as the same session).
    """
    return SessionReport(
        prescription_id=prescription_id,
        performed_on=performed_on,
        pain_before=pain_before,
        pain_after=pain_after,
        effort=effort,
        symptoms=tuple(symptoms),
        note=note,
        entries=tuple(
            ExerciseEntry(**{name: row[name] for name in _ENTRY_FIELDS if name in row})
            for row in entries
        ),
    )


def pain_check_stop_report(
    *, prescription_id: int, performed_on: date, pain: int, reason: str
) -> SessionReport:
    """A session stopped at the quick pain check (shoulder rolls before the first exercise).

    No exercise is logged: the day is neither done nor missed. Pain radiating into the arm
    is reported as that symptom, so the session carries a red flag.
    """
    return SessionReport(
        prescription_id=prescription_id,
        performed_on=performed_on,
        pain_before=pain,
        pain_after=pain,
        entries=(),
        symptoms=tuple(safety.pain_check_symptoms(reason)),
        stopped_at_check=reason,
    )


def _check_report(patient: Patient, report: SessionReport) -> Prescription:
    prescription = Prescription.objects.filter(pk=report.prescription_id, patient=patient).first()
    if prescription is None:
        # Another patient's program and no program at all get the same answer.
        raise Http404(_("No such program."))
    if prescription.status != PrescriptionStatus.ACTIVE:
        raise StateConflict(
            {"prescription": _("This program is paused or finished; ask your therapist.")}
        )
    errors = {}
    today = timezone.localdate(timezone=patient.clinic.tzinfo)
    if report.performed_on > today:
        errors["performed_on"] = _("The date cannot be in the future.")
    elif report.performed_on < prescription.start_date:
        errors["performed_on"] = _("The date is before your program started.")
    for name in ("pain_before", "pain_after", "effort"):
        value = getattr(report, name)
        if value is not None and not limits.on_scale(value):
            errors[name] = _("Choose a number from %(min)d to %(max)d.") % {
                "min": limits.SCALE_MIN,
                "max": limits.SCALE_MAX,
            }
    unknown = set(report.symptoms) - set(Symptom.values)
    if unknown:
        errors["symptoms"] = _("Unknown symptom: %(s)s") % {"s": ", ".join(sorted(unknown))}
    allowed = set(
        PrescribedExercise.objects.filter(phase__prescription=prescription).values_list(
            "pk", flat=True
        )
    )
    ids = [entry.prescribed_exercise_id for entry in report.entries]
    if report.stopped_at_check:
        if report.stopped_at_check not in PainCheckReason.values:
            errors["stopped_at_check"] = _("Say why you stopped at the pain check.")
        if ids:
            errors["exercises"] = _("A session stopped at the pain check logs no exercise.")
    elif not ids:
        errors["exercises"] = _("Say which exercises you did.")
    elif len(ids) != len(set(ids)):
        errors["exercises"] = _("Each exercise can be logged once per session.")
    elif not set(ids) <= allowed:
        errors["exercises"] = _("An exercise is not part of your program.")
    for entry in report.entries:
        for name in ("sets_done", "reps_done", "hold_seconds_done"):
            value = getattr(entry, name)
            if value is not None and value < 0:
                errors["exercises"] = _("Sets, reps and hold times cannot be negative.")
    if len(report.note) > limits.SESSION_NOTE_MAX_LENGTH:
        errors["note"] = _("Keep the note under %(n)d characters.") % {
            "n": limits.SESSION_NOTE_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    return prescription


def log_session(
    *, patient: Patient, report: SessionReport, idempotency_key: uuid.UUID
) -> tuple[SessionLog, bool]:
    """Save a session and its exercise logs in one transaction, once per idempotency key.

    Returns the session and whether it was created now. The same key again returns the
    first session (a double submit or a retry); the same key with a different report
    raises ``IdempotencyConflict``; the same key while its first request is still being
    saved raises ``SessionInFlight``. A red-flag symptom raises an alert for the therapist.
    """
    fingerprint = report.fingerprint()
    existing = SessionLog.objects.filter(patient=patient, idempotency_key=idempotency_key).first()
    if existing is not None:
        return _replay(existing, fingerprint)
    # A marker tells a concurrent retry apart early (clinic.bookkeeping); the one session
    # per key is the database's unique constraint, which a retry that misses it meets.
    markers = bookkeeping_cache()
    in_flight = f"session-key:{patient.pk}:{idempotency_key}"
    if not markers.add(in_flight, timezone.now().isoformat(), timeout=IN_FLIGHT_SECONDS):
        raise SessionInFlight
    try:
        return _save(patient, report, idempotency_key, fingerprint)
    finally:
        markers.delete(in_flight)


def _save(
    patient: Patient, report: SessionReport, idempotency_key: uuid.UUID, fingerprint: str
) -> tuple[SessionLog, bool]:
    prescription = _check_report(patient, report)
    red_flag = safety.carries_red_flag(report.symptoms)
    try:
        with transaction.atomic():
            session = SessionLog.objects.create(
                clinic_id=patient.clinic_id,
                patient=patient,
                prescription=prescription,
                phase_id=prescription.current_phase_id,
                performed_on=report.performed_on,
                logged_at=timezone.now(),
                pain_before=report.pain_before,
                pain_after=report.pain_after,
                effort=report.effort,
                symptoms=sorted(report.symptoms),
                red_flag=red_flag,
                stopped_at_check=report.stopped_at_check,
                note=report.note,
                idempotency_key=idempotency_key,
                request_fingerprint=fingerprint,
            )
            # Kept on the session as the API's list prefetches them (logged_exercises).
            session.logged_exercises = ExerciseLog.objects.bulk_create(
                [ExerciseLog(session=session, **asdict(entry)) for entry in report.entries]
            )
            portal_changed(patient_id=patient.pk)
            painful = [entry.prescribed_exercise_id for entry in report.entries if entry.painful]
            if painful:
                holds.hold_painful_exercises(session=session, item_ids=painful)
            if red_flag:
                # One red-flag alert per day (the same key progress.alerts_for derives).
                alert, created = Alert.objects.get_or_create(
                    patient=patient,
                    kind=AlertKind.RED_FLAG,
                    cause_key=f"session-red-flag:{session.performed_on.isoformat()}",
                    defaults={
                        "clinic_id": patient.clinic_id,
                        "session": session,
                        "code": AlertCode.RED_FLAG_REPORTED,
                        "params": {
                            "day": session.performed_on,
                            "symptoms": safety.red_flag_symptoms(report.symptoms),
                        },
                    },
                )
                if created:
                    events.alert_raised.send(sender=Alert, alert=alert)
                hold_for_review(prescription=prescription, session=session, by=patient.user)
    except IntegrityError:
        # Another request with the same key won the race; answer with its session.
        existing = SessionLog.objects.filter(
            patient=patient, idempotency_key=idempotency_key
        ).first()
        if existing is None:
            raise
        return _replay(existing, fingerprint)
    refresh_after_change(prescription, alerts=True)
    return session, True


def _replay(existing: SessionLog, fingerprint: str) -> tuple[SessionLog, bool]:
    if existing.request_fingerprint and existing.request_fingerprint != fingerprint:
        raise IdempotencyConflict(existing)
    return existing, False

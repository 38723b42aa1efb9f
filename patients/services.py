"""Writes about patients: one transaction each, used by admin, pages and the API."""

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from datetime import date

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from clinic.models import Membership, User
from patients import ledger, notifications, progress, selectors
from patients.models import (
    RED_FLAG_SYMPTOMS,
    Alert,
    AlertKind,
    ExerciseLog,
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
    SessionLog,
    Symptom,
)
from programs.models import DOSE_FIELDS, Protocol


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time, expiring invitation links: setting a password invalidates the link."""

    key_salt = "patients.services.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def check_therapist(clinic_id: int, therapist: User) -> None:
    """A primary therapist must be staff of the patient's clinic."""
    if not Membership.objects.filter(user=therapist, clinic_id=clinic_id).exists():
        raise ValidationError({"primary_therapist": _("Choose a therapist of this clinic.")})


@transaction.atomic
def create_patient(
    *,
    clinic_id: int,
    email: str,
    first_name: str,
    last_name: str,
    primary_therapist: User,
    password: str | None = None,
    **details,
) -> Patient:
    """Create a patient's account and profile. Without a password the account waits for an
    invitation."""
    check_therapist(clinic_id, primary_therapist)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email already exists.")})
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    return Patient.objects.create(
        clinic_id=clinic_id, user=user, primary_therapist=primary_therapist, **details
    )


def invitation_url(patient: Patient, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(patient.user.pk))
    token = invitation_tokens.make_token(patient.user)
    return base_url + reverse("patients:accept_invitation", args=[uid, token])


def send_invitation(*, patient: Patient, by: User, base_url: str) -> str:
    """Email the patient a one-time link to set their password; returns the link."""
    if by is not None and not Patient.objects.editable_by(by).filter(pk=patient.pk).exists():
        raise PermissionDenied
    url = invitation_url(patient, base_url)
    context = {"patient": patient, "url": url, "clinic": patient.clinic}
    send_mail(
        subject=render_to_string("emails/invitation_subject.txt", context).strip(),
        message=render_to_string("emails/invitation.txt", context),
        html_message=render_to_string("emails/invitation.html", context),
        from_email=None,
        recipient_list=[patient.user.email],
    )
    patient.invited_at = timezone.now()
    patient.save(update_fields=["invited_at"])
    return url


def _after_commit_refresh(prescription, *, alerts: bool = False) -> None:
    """Rebuild derived data (adherence ledger, alerts) once the change is committed.

    A failure there must never lose the change itself, so it runs after commit and only
    logs errors (``robust``).
    """

    def refresh():
        ledger.sync_ledger(prescription)
        if alerts:
            refresh_alerts(patient=prescription.patient)

    transaction.on_commit(refresh, robust=True)


def _record_change(prescription, by, summary: str, **details) -> PrescriptionChange:
    return PrescriptionChange.objects.create(
        prescription=prescription, changed_by=by, summary=summary, details=details
    )


def check_prescribable(*, patient: Patient, protocol: Protocol, therapist: User, by: User):
    """Refuse a prescription the clinical and tenancy rules do not allow."""
    if not Patient.objects.editable_by(by).filter(pk=patient.pk).exists():
        raise PermissionDenied
    if not Protocol.objects.visible_to(by).filter(pk=protocol.pk).exists():
        raise ValidationError({"protocol": _("Choose a protocol of your clinic's library.")})
    check_therapist(patient.clinic_id, therapist)
    if Prescription.objects.filter(
        patient=patient, protocol=protocol, status=PrescriptionStatus.ACTIVE
    ).exists():
        raise ValidationError(
            {"protocol": _("This patient already has an active prescription of this protocol.")}
        )
    if not protocol.phases.exists():
        raise ValidationError({"protocol": _("This protocol has no phases yet.")})


def copy_phase(phase, prescription, *, started_on=None, advanced_by=None) -> PrescribedPhase:
    """A template phase as it is copied into a prescription (unsaved)."""
    return PrescribedPhase(
        prescription=prescription,
        order=phase.order,
        name=phase.name,
        week_start=phase.week_start,
        week_end=phase.week_end,
        advancement_criteria=phase.advancement_criteria,
        started_on=started_on,
        advanced_by=advanced_by,
    )


def copy_exercise(item, prescribed_phase) -> PrescribedExercise:
    """A template phase exercise with its dose, copied into a prescribed phase (unsaved)."""
    return PrescribedExercise(
        phase=prescribed_phase,
        exercise=item.exercise,
        order=item.order,
        **item.dose_values(),
    )


@transaction.atomic
def prescribe(*, patient: Patient, protocol: Protocol, therapist: User, start_date, by: User):
    """Assign a protocol to a patient: copy its phases and doses into a new prescription.

    The copy is a snapshot; later edits to the template never reach the patient.
    """
    check_prescribable(patient=patient, protocol=protocol, therapist=therapist, by=by)
    template_phases = list(
        protocol.phases.order_by("order").prefetch_related("exercises__exercise")
    )
    prescription = Prescription.objects.create(
        clinic_id=patient.clinic_id,
        patient=patient,
        therapist=therapist,
        protocol=protocol,
        name=protocol.name,
        start_date=start_date,
    )
    phases = PrescribedPhase.objects.bulk_create(
        copy_phase(
            phase,
            prescription,
            started_on=start_date if index == 0 else None,
            advanced_by=by if index == 0 else None,
        )
        for index, phase in enumerate(template_phases)
    )
    PrescribedExercise.objects.bulk_create(
        copy_exercise(item, copy)
        for copy, phase in zip(phases, template_phases, strict=True)
        for item in phase.exercises.all()
    )
    # bulk_create sets primary keys on PostgreSQL and SQLite alike.
    prescription.current_phase = phases[0]
    prescription.save(update_fields=["current_phase"])
    _record_change(
        prescription,
        by,
        _("Prescribed %(program)s from %(date)s") % {"program": protocol.name, "date": start_date},
        protocol=protocol.slug,
        start_date=str(start_date),
    )
    _after_commit_refresh(prescription)
    return prescription


@transaction.atomic
def change_dose(*, prescribed_exercise: PrescribedExercise, changes: dict, by: User):
    """Adjust one exercise's dose for this patient, keeping the old values in the history."""
    locked = (
        PrescribedExercise.objects.editable_by(by)
        .select_for_update()
        .select_related("phase__prescription", "exercise")
        .filter(pk=prescribed_exercise.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    before = {name: getattr(locked, name) for name in changes}
    dose_before = locked.dose_summary
    for name, value in changes.items():
        if name not in DOSE_FIELDS:
            raise ValidationError({name: _("Not a dose field.")})
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    changed = {
        name: [before[name], value] for name, value in changes.items() if before[name] != value
    }
    if changed:
        prescription = locked.phase.prescription
        Prescription.objects.filter(pk=prescription.pk).update(version=F("version") + 1)
        change = _record_change(
            prescription,
            by,
            _("Changed the dose of %(exercise)s") % {"exercise": locked.exercise.name},
            exercise=locked.exercise.slug,
            changes=changed,
        )
        notifications.dose_change_notice(
            prescription, change, locked.exercise.name, dose_before, locked.dose_summary
        )
        _after_commit_refresh(prescription)
    return locked


STATUS_MOVES = {
    PrescriptionStatus.ACTIVE: {PrescriptionStatus.PAUSED, PrescriptionStatus.COMPLETED},
    PrescriptionStatus.PAUSED: {PrescriptionStatus.ACTIVE, PrescriptionStatus.COMPLETED},
    PrescriptionStatus.COMPLETED: set(),
}


@transaction.atomic
def set_status(*, prescription: Prescription, status: str, by: User) -> Prescription:
    """Pause, resume or complete a prescription (completed is final)."""
    locked = Prescription.objects.editable_by(by).select_for_update().filter(pk=prescription.pk)
    locked = locked.first()
    if locked is None:
        raise PermissionDenied
    if status not in STATUS_MOVES[locked.status]:
        raise ValidationError(
            {
                "status": _("A %(old)s prescription cannot become %(new)s.")
                % {"old": locked.get_status_display(), "new": PrescriptionStatus(status).label}
            }
        )
    if (
        status == PrescriptionStatus.ACTIVE
        and Prescription.objects.filter(
            patient_id=locked.patient_id, protocol_id=locked.protocol_id, status=status
        )
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError({"status": _("Another prescription of this protocol is active.")})
    old = locked.status
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    change = _record_change(
        locked,
        by,
        _("Status changed from %(old)s to %(new)s")
        % {"old": PrescriptionStatus(old).label, "new": locked.get_status_display()},
        status=[old, status],
    )
    notifications.status_change_notice(locked, change, status)
    _after_commit_refresh(locked)
    return locked


class IdempotencyConflict(Exception):
    """The idempotency key was already used for a different session."""

    def __init__(self, session: SessionLog):
        super().__init__("This idempotency key was used for a different session.")
        self.session = session


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

    def fingerprint(self) -> str:
        """A stable hash of the report, to tell a retry from a different session."""
        payload = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


def _check_report(patient: Patient, report: SessionReport) -> Prescription:
    prescription = Prescription.objects.filter(pk=report.prescription_id, patient=patient).first()
    if prescription is None:
        raise PermissionDenied(_("That prescription is not yours."))
    errors = {}
    if prescription.status != PrescriptionStatus.ACTIVE:
        errors["prescription"] = _("This program is paused or finished; ask your therapist.")
    today = timezone.localdate(timezone=patient.clinic.tzinfo)
    if report.performed_on > today:
        errors["performed_on"] = _("The date cannot be in the future.")
    elif report.performed_on < prescription.start_date:
        errors["performed_on"] = _("The date is before your program started.")
    for name in ("pain_before", "pain_after", "effort"):
        value = getattr(report, name)
        if value is not None and not 0 <= value <= 10:
            errors[name] = _("Choose a number from 0 to 10.")
    unknown = set(report.symptoms) - set(Symptom.values)
    if unknown:
        errors["symptoms"] = _("Unknown symptom: %(s)s") % {"s": ", ".join(sorted(unknown))}
    allowed = set(
        PrescribedExercise.objects.filter(phase__prescription=prescription).values_list(
            "pk", flat=True
        )
    )
    ids = [entry.prescribed_exercise_id for entry in report.entries]
    if not ids:
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
    if len(report.note) > 2000:
        errors["note"] = _("Keep the note under 2000 characters.")
    if errors:
        raise ValidationError(errors)
    return prescription


def log_session(
    *, patient: Patient, report: SessionReport, idempotency_key: uuid.UUID
) -> tuple[SessionLog, bool]:
    """Save a session and its exercise logs in one transaction, once per idempotency key.

    Returns the session and whether it was created now. The same key again returns the
    first session (a double submit or a retry); the same key with a different report
    raises ``IdempotencyConflict``. A red-flag symptom raises an alert for the therapist.
    """
    fingerprint = report.fingerprint()
    existing = SessionLog.objects.filter(patient=patient, idempotency_key=idempotency_key).first()
    if existing is not None:
        return _replay(existing, fingerprint)
    prescription = _check_report(patient, report)
    red_flag = bool(set(report.symptoms) & RED_FLAG_SYMPTOMS)
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
                note=report.note,
                idempotency_key=idempotency_key,
                request_fingerprint=fingerprint,
            )
            ExerciseLog.objects.bulk_create(
                ExerciseLog(session=session, **asdict(entry)) for entry in report.entries
            )
            if red_flag:
                # One red-flag alert per day (the same key progress.alerts_for derives).
                reported = ", ".join(
                    str(Symptom(s).label) for s in sorted(report.symptoms) if s in RED_FLAG_SYMPTOMS
                )
                alert, created = Alert.objects.get_or_create(
                    patient=patient,
                    kind=AlertKind.RED_FLAG,
                    cause_key=f"session-red-flag:{session.performed_on.isoformat()}",
                    defaults={
                        "clinic_id": patient.clinic_id,
                        "session": session,
                        "message": _("Reported: %(symptoms)s") % {"symptoms": reported},
                    },
                )
                if created:
                    notifications.alert_raised(alert)
    except IntegrityError:
        # Another request with the same key won the race; answer with its session.
        existing = SessionLog.objects.filter(
            patient=patient, idempotency_key=idempotency_key
        ).first()
        if existing is None:
            raise
        return _replay(existing, fingerprint)
    _after_commit_refresh(prescription, alerts=True)
    return session, True


def _replay(existing: SessionLog, fingerprint: str) -> tuple[SessionLog, bool]:
    if existing.request_fingerprint and existing.request_fingerprint != fingerprint:
        raise IdempotencyConflict(existing)
    return existing, False


@transaction.atomic
def acknowledge_alert(*, alert: Alert, by: User) -> Alert:
    """Record that a therapist has seen an alert (once; the first acknowledgement stands)."""
    locked = Alert.objects.editable_by(by).select_for_update().filter(pk=alert.pk).first()
    if locked is None:
        raise PermissionDenied
    if locked.acknowledged_at is None:
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = by
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return locked


def refresh_alerts(*, patient: Patient, day: date | None = None) -> list[Alert]:
    """Raise the alerts the data calls for (each cause once); returns the new ones."""
    prescription = selectors.current_prescription(patient)
    if prescription is None:
        return []
    day = day or selectors.clinic_today(patient.clinic)
    plan, logged = selectors.plain_program_state(prescription)
    baseline = selectors.latest_baselines([patient.pk]).get(patient.pk)
    raised = []
    for candidate in progress.alerts_for(
        plan, logged, day, progress.baseline_pain(logged, baseline)
    ):
        alert, created = Alert.objects.get_or_create(
            patient=patient,
            kind=candidate.kind,
            cause_key=candidate.cause_key,
            defaults={"clinic_id": patient.clinic_id, "message": candidate.message[:300]},
        )
        if created:
            raised.append(alert)
            notifications.alert_raised(alert)
    return raised


@transaction.atomic
def advance_phase(
    *, prescription: Prescription, by: User, from_phase_id: int, override_reason: str = ""
) -> PrescribedPhase:
    """Move a patient to the next phase, as confirmed by their therapist (never automatic).

    ``from_phase_id`` is the phase the therapist saw, so a double click or a colleague's
    advance in the meantime does not skip a phase. Advancing a patient who is not ready
    needs a reason, kept in the history.
    """
    locked = Prescription.objects.editable_by(by).select_for_update().filter(pk=prescription.pk)
    locked = locked.select_related("clinic", "patient").first()
    if locked is None:
        raise PermissionDenied
    if locked.status != PrescriptionStatus.ACTIVE:
        raise ValidationError({"phase": _("Only an active program can move to its next phase.")})
    if locked.current_phase_id != from_phase_id:
        raise ValidationError({"phase": _("The phase has changed since you looked; reload.")})
    current = locked.phases.get(pk=locked.current_phase_id)
    following = locked.phases.filter(order__gt=current.order).order_by("order").first()
    if following is None:
        raise ValidationError({"phase": _("This is the last phase of the program.")})
    progress_now = selectors.patient_progress(locked.patient)
    ready = progress_now.readiness is not None and progress_now.readiness.ready
    if not ready and not override_reason.strip():
        raise ValidationError(
            {"override_reason": _("Not ready to advance; give a reason to advance anyway.")}
        )
    following.started_on = selectors.clinic_today(locked.clinic)
    following.advanced_by = by
    following.save(update_fields=["started_on", "advanced_by"])
    locked.current_phase = following
    locked.version += 1
    locked.save(update_fields=["current_phase", "version", "updated_at"])
    change = _record_change(
        locked,
        by,
        _("Advanced from %(old)s to %(new)s") % {"old": current.name, "new": following.name},
        phase=[current.name, following.name],
        ready=ready,
        override_reason=override_reason.strip(),
    )
    notifications.phase_change_notice(locked, change, following)
    _after_commit_refresh(locked)
    return following

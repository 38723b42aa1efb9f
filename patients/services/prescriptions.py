"""Writes about a patient's program: prescribing, dose and status changes, advancing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from clinic.errors import StateConflict
from clinic.models import User
from patients import selectors, texts
from patients.models import (
    Assessment,
    Clearance,
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
    StopReason,
)
from patients.rules import gates, limits
from patients.services import contraindications, events
from patients.services.alerts import refresh_after_change
from patients.services.patients import check_therapist
from patients.services.portal import portal_changed
from programs.models import DOSE_FIELDS, Exercise, PhaseExercise, Protocol


def _record_change(prescription, by, summary: str, **details) -> PrescriptionChange:
    # Every change to a program is recorded here, so this is where the portal hears of it.
    portal_changed(patient_id=prescription.patient_id)
    return PrescriptionChange.objects.create(
        prescription=prescription, changed_by=by, summary=summary, details=details
    )


def protocol_exercises(protocol: Protocol) -> list[Exercise]:
    """The exercises of a protocol template, in phase and session order, each once."""
    rows = PhaseExercise.objects.filter(phase__protocol=protocol).select_related("exercise")
    rows = rows.order_by("phase__order", "order")
    return list({row.exercise_id: row.exercise for row in rows}.values())


def _refuse(findings, field: str = "patient") -> None:
    """Raise the closed gates as one state conflict, worded for the reader."""
    if findings:
        raise StateConflict({field: [texts.finding_text(finding) for finding in findings]})


def check_prescribable(
    *, patient: Patient, protocol: Protocol, therapist: User, by: User, caution_reason: str = ""
):
    """Refuse a prescription the clinical and tenancy rules do not allow.

    The one check every door (admin, staff pages, API) goes through before a program is
    made: tenancy, the assessment gates (``rules.gates``), one active program per patient,
    then the contraindications. Returns the contraindications ``caution_reason`` overrides
    (see ``services.contraindications.screen``); without a reason they refuse it.
    """
    if not Patient.objects.written_by(by).filter(pk=patient.pk).exists():
        raise PermissionDenied
    if not Protocol.objects.visible_to(by).filter(pk=protocol.pk).exists():
        raise ValidationError({"protocol": _("Choose a protocol of your clinic's library.")})
    check_therapist(patient.clinic_id, therapist)
    _refuse(gates.prescribing_blocks(selectors.screen_of(selectors.latest_assessment(patient))))
    active = Prescription.objects.filter(patient=patient, status=PrescriptionStatus.ACTIVE)
    active = active.first()
    if active is not None:
        raise StateConflict(
            {
                "patient": _(
                    "This patient already follows %(program)s: a patient has one active "
                    "program at a time. Pause or complete it first, or change that program."
                )
                % {"program": active.name}
            }
        )
    if not protocol.phases.exists():
        raise ValidationError({"protocol": _("This protocol has no phases yet.")})
    return contraindications.screen(
        patient=patient, exercises=protocol_exercises(protocol), reason=caution_reason
    )


def check_clearable(*, assessment: Assessment, reason: str, by: User) -> str:
    """Refuse a clearance the rules do not allow; returns the reason, trimmed.

    Only the latest assessment of a patient can be cleared, once, and only when its screen
    or its consent blocks prescribing.
    """
    if not Assessment.objects.editable_by(by).filter(pk=assessment.pk).exists():
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the patient can be prescribed a program.")})
    if len(reason) > limits.REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep it under %(n)d characters.") % {"n": limits.REASON_MAX_LENGTH}}
        )
    latest = selectors.latest_assessment(assessment.patient)
    if latest.pk != assessment.pk:
        raise StateConflict({"assessment": _("Only the latest assessment can be cleared.")})
    if hasattr(latest, "clearance"):
        raise StateConflict({"assessment": _("This assessment is already cleared.")})
    if not gates.prescribing_blocks(selectors.screen_of(latest)):
        raise StateConflict({"assessment": _("Nothing in this assessment blocks prescribing.")})
    return reason


@transaction.atomic
def record_clearance(*, assessment: Assessment, reason: str, by: User) -> Clearance:
    """A therapist clears a patient whose latest assessment closes the prescribing gate.

    Records who, when and why (``check_clearable`` says when it is allowed).
    """
    locked = (
        Assessment.objects.editable_by(by)
        .select_for_update()
        .select_related("patient")
        .filter(pk=assessment.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    reason = check_clearable(assessment=locked, reason=reason, by=by)
    clearance = Clearance.objects.create(
        clinic_id=locked.clinic_id,
        patient_id=locked.patient_id,
        assessment=locked,
        cleared_by=by,
        reason=reason,
    )
    portal_changed(patient_id=locked.patient_id)
    return clearance


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
def prescribe(
    *,
    patient: Patient,
    protocol: Protocol,
    therapist: User,
    start_date,
    by: User,
    caution_reason: str = "",
):
    """Assign a protocol to a patient: copy its phases and doses into a new prescription.

    The copy is a snapshot; later edits to the template never reach the patient. Exercises
    the patient's conditions rule out need ``caution_reason``, kept with the history.
    """
    overridden = check_prescribable(
        patient=patient,
        protocol=protocol,
        therapist=therapist,
        by=by,
        caution_reason=caution_reason,
    )
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
    clearance = getattr(selectors.latest_assessment(patient), "clearance", None)
    summary = _("Prescribed %(program)s from %(date)s") % {
        "program": protocol.name,
        "date": start_date,
    }
    if clearance is not None:
        summary += " " + _("(cleared by %(who)s on %(day)s: %(why)s)") % {
            "who": clearance.cleared_by,
            "day": clearance.cleared_at.date(),
            "why": clearance.reason,
        }
    change = _record_change(
        prescription,
        by,
        summary[: PrescriptionChange._meta.get_field("summary").max_length],
        protocol=protocol.slug,
        start_date=str(start_date),
        **contraindications.override_details(
            overridden, protocol_exercises(protocol), caution_reason
        ),
        clearance=clearance.pk if clearance is not None else None,
    )
    contraindications.record_overrides(change=change, by=by)
    refresh_after_change(prescription)
    return prescription


@transaction.atomic
def change_dose(
    *, prescribed_exercise: PrescribedExercise, changes: dict, by: User, caution_reason: str = ""
):
    """Adjust one exercise's dose for this patient, keeping the old values in the history.

    An exercise the patient's conditions rule out (and not yet overridden on this program)
    is changed only with ``caution_reason``.
    """
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
        overridden = contraindications.screen(
            patient=prescription.patient,
            exercises=[locked.exercise],
            prescription=prescription,
            reason=caution_reason,
        )
        Prescription.objects.filter(pk=prescription.pk).update(version=F("version") + 1)
        change = _record_change(
            prescription,
            by,
            _("Changed the dose of %(exercise)s") % {"exercise": locked.exercise.name},
            exercise=locked.exercise.slug,
            changes=changed,
            **contraindications.override_details(overridden, [locked.exercise], caution_reason),
        )
        contraindications.record_overrides(change=change, by=by)
        events.dose_changed.send(
            sender=Prescription,
            prescription=prescription,
            change=change,
            exercise_name=locked.exercise.name,
            before=dose_before,
            after=locked.dose_summary,
        )
        refresh_after_change(prescription)
    return locked


STATUS_MOVES = {
    PrescriptionStatus.ACTIVE: {PrescriptionStatus.PAUSED, PrescriptionStatus.COMPLETED},
    PrescriptionStatus.PAUSED: {PrescriptionStatus.ACTIVE, PrescriptionStatus.COMPLETED},
    PrescriptionStatus.COMPLETED: set(),
}


@transaction.atomic
def set_status(
    *, prescription: Prescription, status: str, by: User, caution_reason: str = ""
) -> Prescription:
    """Pause, resume or complete a prescription (completed is final).

    Resuming screens the whole program against the patient's conditions again (they may
    have changed while it was paused): a conflict not yet overridden needs ``caution_reason``.
    """
    locked = Prescription.objects.editable_by(by).select_for_update().filter(pk=prescription.pk)
    locked = locked.first()
    if locked is None:
        raise PermissionDenied
    if status not in STATUS_MOVES[locked.status]:
        raise StateConflict(
            {
                "status": _("The status is %(old)s; it cannot change to %(new)s.")
                % {"old": locked.get_status_display(), "new": PrescriptionStatus(status).label}
            }
        )
    if status == PrescriptionStatus.ACTIVE and locked.hold_reason == StopReason.RED_FLAG:
        raise StateConflict(
            {
                "status": _(
                    "This program is paused for review after a red flag: resume it by recording "
                    "your review (why it is safe to go on)."
                )
            }
        )
    if (
        status == PrescriptionStatus.ACTIVE
        and Prescription.objects.filter(patient_id=locked.patient_id, status=status)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise StateConflict(
            {"status": _("Another program of this patient is active: one at a time.")}
        )
    overridden, exercises = [], []
    if status == PrescriptionStatus.ACTIVE:
        exercises = contraindications.program_exercises(locked)
        overridden = contraindications.screen(
            patient=locked.patient, exercises=exercises, prescription=locked, reason=caution_reason
        )
    old = locked.status
    locked.status = status
    locked.hold_reason = StopReason.NONE
    locked.version += 1
    locked.save(update_fields=["status", "hold_reason", "version", "updated_at"])
    change = _record_change(
        locked,
        by,
        _("Status changed from %(old)s to %(new)s")
        % {"old": PrescriptionStatus(old).label, "new": locked.get_status_display()},
        status=[old, status],
        **contraindications.override_details(overridden, exercises, caution_reason),
    )
    contraindications.record_overrides(change=change, by=by)
    events.status_changed.send(
        sender=Prescription, prescription=locked, change=change, status=status
    )
    refresh_after_change(locked)
    return locked


@transaction.atomic
def advance_phase(
    *,
    prescription: Prescription,
    by: User,
    from_phase_id: int,
    override_reason: str = "",
    caution_reason: str = "",
) -> PrescribedPhase:
    """Move a patient to the next phase, as confirmed by their therapist (never automatic).

    ``from_phase_id`` is the phase the therapist saw, so a double click or a colleague's
    advance in the meantime does not skip a phase. Advancing a patient who is not ready
    needs a reason, kept in the history; so do exercises of the next phase the patient's
    conditions rule out (``caution_reason``).
    """
    locked = Prescription.objects.editable_by(by).select_for_update().filter(pk=prescription.pk)
    locked = locked.select_related("clinic", "patient").first()
    if locked is None:
        raise PermissionDenied
    if locked.status != PrescriptionStatus.ACTIVE:
        raise StateConflict({"phase": _("Only an active program can move to its next phase.")})
    if locked.current_phase_id != from_phase_id:
        raise StateConflict({"phase": _("The phase has changed since you looked; reload.")})
    current = locked.phases.get(pk=locked.current_phase_id)
    following = locked.phases.filter(order__gt=current.order).order_by("order").first()
    if following is None:
        raise StateConflict({"phase": _("This is the last phase of the program.")})
    progress_now = selectors.patient_progress(locked.patient)
    readiness = progress_now.readiness
    ready = readiness is not None and readiness.ready
    blockers = [str(finding.code) for finding in readiness.blockers] if readiness else []
    check = gates.advance_check(
        ready=ready, blockers=blockers, unreviewed_red_flag=selectors.red_flag_unreviewed(locked)
    )
    _refuse(check.refused, "phase")  # an unreviewed red flag: no reason overrides it
    override_reason = override_reason.strip()
    if not check.allows(override_reason):
        raise ValidationError(
            {"override_reason": [texts.finding_text(finding) for finding in check.needs_reason]}
        )
    if len(override_reason) > limits.REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "override_reason": _("Keep it under %(n)d characters.")
                % {"n": limits.REASON_MAX_LENGTH}
            }
        )
    exercises = contraindications.program_exercises(locked, phases=[following])
    overridden = contraindications.screen(
        patient=locked.patient, exercises=exercises, prescription=locked, reason=caution_reason
    )
    following.started_on = selectors.clinic_today(locked.clinic)
    following.advanced_by = by
    following.save(update_fields=["started_on", "advanced_by"])
    locked.current_phase = following
    locked.version += 1
    locked.save(update_fields=["current_phase", "version", "updated_at"])
    summary = _("Advanced from %(old)s to %(new)s") % {
        "old": current.name,
        "new": following.name,
    }
    if not ready:
        summary = _("%(advance)s, not ready, because: %(why)s") % {
            "advance": summary,
            "why": override_reason,
        }
    change = _record_change(
        locked,
        by,
        summary[: PrescriptionChange._meta.get_field("summary").max_length],
        phase=[current.name, following.name],
        ready=ready,
        blockers=[] if ready else blockers,
        override_reason="" if ready else override_reason,
        **contraindications.override_details(overridden, exercises, caution_reason),
    )
    contraindications.record_overrides(change=change, by=by)
    events.phase_advanced.send(
        sender=Prescription, prescription=locked, change=change, phase=following
    )
    refresh_after_change(locked)
    return following


def hold_for_review(*, prescription: Prescription, session, by: User) -> None:
    """A red flag in a session: pause the program for review, inside the session's transaction.

    Reminders go to active programs only, so they stop with it; the patient sees the stop
    message until a therapist resumes the program (``resume_after_review``). ``by`` is the
    patient's user, who reported it.
    """
    locked = Prescription.objects.select_for_update().filter(pk=prescription.pk).first()
    if locked is None or locked.status != PrescriptionStatus.ACTIVE:
        return
    locked.status = PrescriptionStatus.PAUSED
    locked.hold_reason = StopReason.RED_FLAG
    locked.version += 1
    locked.save(update_fields=["status", "hold_reason", "version", "updated_at"])
    _record_change(
        locked,
        by,
        _("Paused for review: a red flag was reported on %(day)s") % {"day": session.performed_on},
        status=[PrescriptionStatus.ACTIVE, PrescriptionStatus.PAUSED],
        hold_reason=StopReason.RED_FLAG,
        session=session.pk,
    )


@transaction.atomic
def resume_after_review(*, prescription: Prescription, reason: str, by: User) -> Prescription:
    """A therapist has reviewed the red flag and resumes the program: who, when and why.

    The review is the history entry (``details["review_reason"]``); red flags logged before it
    count as reviewed (``rules.gates.red_flag_unreviewed``). The alert itself is acknowledged
    as any other.
    """
    locked = Prescription.objects.editable_by(by).select_for_update().filter(pk=prescription.pk)
    locked = locked.first()
    if locked is None:
        raise PermissionDenied
    if locked.hold_reason != StopReason.RED_FLAG:
        raise StateConflict({"status": _("This program is not paused for review.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say what the review found and why the patient can go on.")}
        )
    if len(reason) > limits.REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep it under %(n)d characters.") % {"n": limits.REASON_MAX_LENGTH}}
        )
    if (
        Prescription.objects.filter(patient_id=locked.patient_id, status=PrescriptionStatus.ACTIVE)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise StateConflict(
            {"status": _("Another program of this patient is active: one at a time.")}
        )
    locked.status = PrescriptionStatus.ACTIVE
    locked.hold_reason = StopReason.NONE
    locked.version += 1
    locked.save(update_fields=["status", "hold_reason", "version", "updated_at"])
    change = _record_change(
        locked,
        by,
        (_("Resumed after review of the red flag: %(why)s") % {"why": reason})[
            : PrescriptionChange._meta.get_field("summary").max_length
        ],
        status=[PrescriptionStatus.PAUSED, PrescriptionStatus.ACTIVE],
        review_reason=reason,
    )
    events.status_changed.send(
        sender=Prescription, prescription=locked, change=change, status=PrescriptionStatus.ACTIVE
    )
    refresh_after_change(locked)
    return locked

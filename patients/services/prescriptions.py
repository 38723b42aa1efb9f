"""Writes about a patient's program: prescribing, dose and status changes, advancing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from clinic.errors import StateConflict
from clinic.models import User
from patients import selectors
from patients.models import (
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
)
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


def check_prescribable(
    *, patient: Patient, protocol: Protocol, therapist: User, by: User, caution_reason: str = ""
):
    """Refuse a prescription the clinical and tenancy rules do not allow.

    Returns the contraindications ``caution_reason`` overrides (see
    ``services.contraindications.screen``); without a reason they refuse it.
    """
    if not Patient.objects.editable_by(by).filter(pk=patient.pk).exists():
        raise PermissionDenied
    if not Protocol.objects.visible_to(by).filter(pk=protocol.pk).exists():
        raise ValidationError({"protocol": _("Choose a protocol of your clinic's library.")})
    check_therapist(patient.clinic_id, therapist)
    if Prescription.objects.filter(
        patient=patient, protocol=protocol, status=PrescriptionStatus.ACTIVE
    ).exists():
        raise StateConflict(
            {"protocol": _("This patient already has an active prescription of this protocol.")}
        )
    if not protocol.phases.exists():
        raise ValidationError({"protocol": _("This protocol has no phases yet.")})
    return contraindications.screen(
        patient=patient, exercises=protocol_exercises(protocol), reason=caution_reason
    )


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
    change = _record_change(
        prescription,
        by,
        _("Prescribed %(program)s from %(date)s") % {"program": protocol.name, "date": start_date},
        protocol=protocol.slug,
        start_date=str(start_date),
        **contraindications.override_details(
            overridden, protocol_exercises(protocol), caution_reason
        ),
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
    if (
        status == PrescriptionStatus.ACTIVE
        and Prescription.objects.filter(
            patient_id=locked.patient_id, protocol_id=locked.protocol_id, status=status
        )
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise StateConflict({"status": _("Another prescription of this protocol is active.")})
    overridden, exercises = [], []
    if status == PrescriptionStatus.ACTIVE:
        exercises = contraindications.program_exercises(locked)
        overridden = contraindications.screen(
            patient=locked.patient, exercises=exercises, prescription=locked, reason=caution_reason
        )
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
    ready = progress_now.readiness is not None and progress_now.readiness.ready
    if not ready and not override_reason.strip():
        raise ValidationError(
            {"override_reason": _("Not ready to advance; give a reason to advance anyway.")}
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
    change = _record_change(
        locked,
        by,
        _("Advanced from %(old)s to %(new)s") % {"old": current.name, "new": following.name},
        phase=[current.name, following.name],
        ready=ready,
        override_reason=override_reason.strip(),
        **contraindications.override_details(overridden, exercises, caution_reason),
    )
    contraindications.record_overrides(change=change, by=by)
    events.phase_advanced.send(
        sender=Prescription, prescription=locked, change=change, phase=following
    )
    refresh_after_change(locked)
    return following

"""Holding an exercise the patient marked as hurting, and the therapist's review of it.

A sharp-pain mark on one exercise (design, section 3: a sharp-pain mark holds that exercise
until reviewed) takes it off the patient's program from that day: not on Today, not due,
not counted. The therapist reviews it (who, when and a note, in the program's history) and
it is due again from the day of the review.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.errors import StateConflict
from clinic.models import User
from patients.models import Alert, AlertKind, PrescribedExercise, PrescriptionChange, SessionLog
from patients.rules.codes import AlertCode
from patients.services import events
from patients.services.portal import portal_changed

#: How long a therapist's note on a reviewed hold may be.
REVIEW_NOTE_MAX_LENGTH = 300


def _cause_prefix(item_id: int) -> str:
    return f"exercise-held:{item_id}:"


def hold_painful_exercises(*, session: SessionLog, item_ids: list[int]) -> list[Alert]:
    """Hold each exercise marked as hurting in the session (inside its transaction).

    An exercise already held stays held from its first day. Each new hold alerts the care team
    once and is noted in the program's history (by the patient, who reported it).
    """
    raised = []
    items = (
        PrescribedExercise.objects.select_for_update()
        .select_related("exercise")
        .filter(pk__in=item_ids, held_since__isnull=True)
        .order_by("pk")
    )
    for item in items:
        item.held_since = session.performed_on
        item.save(update_fields=["held_since"])
        PrescriptionChange.objects.create(
            prescription_id=session.prescription_id,
            changed_by_id=session.patient.user_id,
            summary=_("%(exercise)s held: it hurt on %(day)s")
            % {"exercise": item.exercise.name, "day": session.performed_on.isoformat()},
            details={"held": {"exercise": item.pk, "since": session.performed_on.isoformat()}},
        )
        alert, created = Alert.objects.get_or_create(
            patient_id=session.patient_id,
            kind=AlertKind.EXERCISE_HELD,
            cause_key=f"{_cause_prefix(item.pk)}{session.performed_on.isoformat()}",
            defaults={
                "clinic_id": session.clinic_id,
                "session": session,
                "code": AlertCode.EXERCISE_HELD,
                "params": {"day": session.performed_on, "exercise": item.exercise.name},
            },
        )
        if created:
            raised.append(alert)
            events.alert_raised.send(sender=Alert, alert=alert)
    return raised


@transaction.atomic
def review_hold(
    *, prescribed_exercise: PrescribedExercise, by: User, note: str = ""
) -> PrescribedExercise:
    """The therapist has reviewed a held exercise: it is due again from today.

    Recorded in the program's history with the note; the hold's alerts are acknowledged.
    ``StateConflict`` when the exercise is not held (a second click, or someone else did it).
    """
    locked = (
        PrescribedExercise.objects.editable_by(by)
        .select_for_update()
        .select_related("phase__prescription__clinic", "exercise")
        .filter(pk=prescribed_exercise.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    if locked.held_since is None:
        raise StateConflict({"held": _("This exercise is not on hold.")})
    note = note.strip()[:REVIEW_NOTE_MAX_LENGTH]
    prescription = locked.phase.prescription
    today: date = timezone.localdate(timezone=prescription.clinic.tzinfo)
    since = locked.held_since
    locked.held_periods = [*locked.held_periods, [since.isoformat(), max(today, since).isoformat()]]
    locked.held_since = None
    locked.save(update_fields=["held_since", "held_periods"])
    summary = _("Reviewed %(exercise)s (held since %(since)s): back in the program") % {
        "exercise": locked.exercise.name,
        "since": since.isoformat(),
    }
    if note:
        summary = f"{summary}. {note}"
    portal_changed(patient_id=prescription.patient_id)
    PrescriptionChange.objects.create(
        prescription=prescription,
        changed_by=by,
        summary=summary[:300],
        details={
            "hold_reviewed": {"exercise": locked.pk, "since": since.isoformat(), "note": note}
        },
    )
    Alert.objects.filter(
        patient_id=prescription.patient_id,
        kind=AlertKind.EXERCISE_HELD,
        cause_key__startswith=_cause_prefix(locked.pk),
        acknowledged_at__isnull=True,
    ).update(acknowledged_at=timezone.now(), acknowledged_by=by)
    return locked

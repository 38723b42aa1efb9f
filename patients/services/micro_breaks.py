"""One-tap micro-breaks: a prescribed desk break is logged on its own, not as a session."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from patients import selectors
from patients.models import MicroBreakLog, Patient, PrescribedExercise, PrescriptionStatus
from patients.services.portal import portal_changed


@transaction.atomic
def log_micro_break(
    *, patient: Patient, prescribed_exercise_id: int, key: uuid.UUID
) -> tuple[MicroBreakLog, bool]:
    """The patient did one micro-break of their active program, today (the clinic's day).

    ``key`` comes with the tap, so a double tap or a retry is counted once. Returns the log
    and whether it was made now. Only a micro-break of the patient's own active program is
    accepted.
    """
    item = (
        PrescribedExercise.objects.filter(
            pk=prescribed_exercise_id,
            phase__prescription__patient=patient,
            phase__prescription__status=PrescriptionStatus.ACTIVE,
            exercise__micro_break=True,
            removed_at__isnull=True,
        )
        .select_related("exercise")
        .first()
    )
    if item is None:
        raise ValidationError(
            {"prescribed_exercise": _("This is not a micro-break of your current program.")}
        )
    existing = MicroBreakLog.objects.filter(patient=patient, key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            log = MicroBreakLog.objects.create(
                clinic_id=patient.clinic_id,
                patient=patient,
                prescribed_exercise=item,
                performed_on=selectors.clinic_today(patient.clinic),
                key=key,
            )
    except IntegrityError:  # the same tap arrived twice at once
        return MicroBreakLog.objects.get(patient=patient, key=key), False
    portal_changed(patient_id=patient.pk)
    return log, True

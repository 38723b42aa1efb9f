"""The screen of a patient's conditions against the exercises of their program.

Every write that makes or changes a program (``patients.services.prescriptions``, the program
builder) calls ``screen`` with the exercises it adds or keeps: a conflict
(``patients.rules.contraindications``) refuses the change unless the therapist gives a reason.
``override_details`` goes into the change's details in the program's history, and
``record_overrides`` keeps each override as a row beside that change.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from patients import texts
from patients.models import (
    CautionOverride,
    Condition,
    Patient,
    PatientCondition,
    PrescribedExercise,
    PrescriptionChange,
)
from patients.rules import limits
from patients.rules.codes import Finding
from patients.rules.contraindications import ExerciseCautions, conflicts
from programs.models import Exercise

#: The field a therapist's reason arrives in, at every door (admin, pages, API).
REASON_FIELD = "caution_reason"


class CautionConflict(ValidationError):
    """The change would give the patient exercises their conditions rule out.

    ``findings`` holds the conflicts (codes with parameters) for an edge that shows them its
    own way; the messages are one sentence per conflicting exercise, then the request for a
    reason.
    """

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        messages = [texts.finding_text(finding) for finding in findings]
        messages.append(_("To keep these exercises anyway, give your reason."))
        super().__init__({REASON_FIELD: messages})


def patient_conditions(patient) -> list[str]:
    """The patient's recorded condition codes."""
    rows = PatientCondition.objects.filter(patient=patient)
    return list(rows.values_list("condition", flat=True))


def _cautions(exercises: Iterable[Exercise]) -> list[ExerciseCautions]:
    return [
        ExerciseCautions(exercise.slug, exercise.name, frozenset(exercise.caution_tags))
        for exercise in exercises
    ]


def pending(*, patient, exercises: Iterable[Exercise], prescription=None) -> list[Finding]:
    """The conflicts ``screen`` would refuse without a reason (none raised): for pages that
    show them before the therapist acts."""
    conditions = patient_conditions(patient)
    if not conditions:
        return []
    found = conflicts(conditions, _cautions(exercises))
    if found and prescription is not None:
        done = set(
            CautionOverride.objects.filter(prescription=prescription).values_list(
                "exercise__slug", "condition"
            )
        )
        found = [f for f in found if (f.params["exercise"], f.params["condition"]) not in done]
    return found


def screen(
    *, patient, exercises: Iterable[Exercise], prescription=None, reason: str = ""
) -> list[Finding]:
    """The conflicts between ``patient``'s conditions and ``exercises``; refuse them unreasoned.

    With ``prescription``, pairs of exercise and condition already overridden on it are not
    asked about again. Raises ``CautionConflict`` when conflicts remain and ``reason`` is
    blank, ``ValidationError`` when the reason is too long; otherwise returns the conflicts
    the reason overrides (empty when there are none), for ``record_overrides``.
    """
    found = pending(patient=patient, exercises=exercises, prescription=prescription)
    if not found:
        return []
    reason = reason.strip()
    if not reason:
        raise CautionConflict(found)
    if len(reason) > limits.CAUTION_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                REASON_FIELD: _("Keep the reason under %(n)d characters.")
                % {"n": limits.CAUTION_REASON_MAX_LENGTH}
            }
        )
    return found


def override_details(findings: list[Finding], exercises: Iterable[Exercise], reason: str) -> dict:
    """What a change's history keeps of the conflicts ``reason`` overrides (``{}`` if none):
    ``caution_reason`` and ``caution_overrides`` (each finding's parameters with the
    exercise's id). Pass it into the change's details, then call ``record_overrides``."""
    if not findings:
        return {}
    ids = {exercise.slug: exercise.pk for exercise in exercises}
    return {
        "caution_reason": reason.strip(),
        "caution_overrides": [
            {**finding.params, "exercise_id": ids[finding.params["exercise"]]}
            for finding in findings
        ],
    }


def record_overrides(*, change: PrescriptionChange, by) -> list[CautionOverride]:
    """Keep each override a change's details carry (``override_details``) as a row, so the
    patient page, the admin and the API list them and later changes do not ask again."""
    found = change.details.get("caution_overrides") or []
    if not found:
        return []
    prescription = change.prescription
    return CautionOverride.objects.bulk_create(
        CautionOverride(
            clinic_id=prescription.clinic_id,
            prescription=prescription,
            change=change,
            exercise_id=item["exercise_id"],
            condition=item["condition"],
            tags=list(item["tags"]),
            reason=change.details["caution_reason"],
            overridden_by=by,
        )
        for item in found
    )


def program_exercises(prescription, phases=None) -> list[Exercise]:
    """The exercises of a prescription (or of the given phases of it), in session order."""
    rows = PrescribedExercise.objects.filter(phase__prescription=prescription)
    if phases is not None:
        rows = rows.filter(phase__in=phases)
    rows = rows.select_related("exercise").order_by("phase__order", "order")
    return list({row.exercise_id: row.exercise for row in rows}.values())


@transaction.atomic
def set_conditions(*, patient, conditions: dict[str, str], by) -> list[PatientCondition]:
    """Record exactly these conditions (code -> details) for ``patient``; others are removed.

    Staff of the patient's clinic only. 'Other' needs its details. Programs already running
    are screened again at their next change.
    """
    if not Patient.objects.written_by(by).filter(pk=patient.pk).exists():
        raise PermissionDenied
    unknown = sorted(set(conditions) - set(Condition.values))
    if unknown:
        raise ValidationError({"conditions": _("Unknown condition: %(c)s") % {"c": unknown[0]}})
    cleaned = {code: (details or "").strip() for code, details in conditions.items()}
    if Condition.OTHER in cleaned and not cleaned[Condition.OTHER]:
        raise ValidationError({"details": _("Describe the other condition or precaution.")})
    if any(len(text) > limits.CONDITION_DETAILS_MAX_LENGTH for text in cleaned.values()):
        raise ValidationError(
            {
                "details": _("Keep the details under %(n)d characters.")
                % {"n": limits.CONDITION_DETAILS_MAX_LENGTH}
            }
        )
    rows = PatientCondition.objects.filter(patient=patient)
    rows.exclude(condition__in=list(cleaned)).delete()
    kept = {row.condition: row for row in rows.select_for_update()}
    for code, details in cleaned.items():
        row = kept.get(code)
        if row is None:
            kept[code] = PatientCondition.objects.create(
                clinic_id=patient.clinic_id,
                patient=patient,
                condition=code,
                details=details,
                recorded_by=by,
            )
        elif row.details != details:
            row.details = details
            row.recorded_by = by
            row.save(update_fields=["details", "recorded_by"])
    return [kept[code] for code in Condition.values if code in kept]

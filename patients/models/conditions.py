"""A patient's conditions and precautions, and the therapist's overrides of the screen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import DELETE, REMOVED, Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.patient import Patient
from patients.models.prescription import Prescription, PrescriptionChange
from patients.rules.contraindications import Condition as ConditionCode
from patients.rules.limits import CAUTION_REASON_MAX_LENGTH, CONDITION_DETAILS_MAX_LENGTH
from programs.models import Exercise


class Condition(models.TextChoices):
    OSTEOPOROSIS = ConditionCode.OSTEOPOROSIS, _("Osteoporosis or vertebral fracture")
    RECENT_SPINAL_SURGERY = ConditionCode.RECENT_SPINAL_SURGERY, _("Recent spinal surgery")
    PREGNANCY = ConditionCode.PREGNANCY, _("Pregnancy")
    HYPERMOBILITY = ConditionCode.HYPERMOBILITY, _("Joint hypermobility")
    INFLAMMATORY_ARTHRITIS = ConditionCode.INFLAMMATORY_ARTHRITIS, _("Inflammatory arthritis")
    OTHER = ConditionCode.OTHER, _("Other condition or precaution")


class PatientConditionQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class PatientCondition(models.Model):
    """One condition or precaution of a patient, screened against every program change."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="conditions")
    condition = models.CharField(_("condition"), max_length=32, choices=Condition.choices)
    details = models.CharField(
        _("details"),
        max_length=CONDITION_DETAILS_MAX_LENGTH,
        blank=True,
        help_text=_("Required for 'other'; e.g. the level of a fracture or the surgery's date."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PatientConditionQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The patient's health conditions and precautions, with the therapist's notes.",
        rows="patient",
        section="conditions",
        export=("condition", "details", "recorded_at"),
        anonymise=DELETE,
        audited=True,
    )

    class Meta:
        ordering = ["patient", "condition"]
        verbose_name = _("condition or precaution")
        verbose_name_plural = _("conditions and precautions")
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "condition"], name="patient_condition_unique"
            ),
            models.CheckConstraint(
                condition=Q(condition__in=Condition.values), name="patient_condition_code"
            ),
            models.CheckConstraint(
                condition=~Q(condition=Condition.OTHER) | ~Q(details=""),
                name="patient_condition_other_described",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} — {self.get_condition_display()}"

    def clean(self):
        super().clean()
        self.details = self.details.strip()
        if self.condition == Condition.OTHER and not self.details:
            raise ValidationError({"details": _("Describe the other condition or precaution.")})


class CautionOverrideQuerySet(ClinicScopedQuerySet):
    patient_path = "prescription__patient_id"


class CautionOverride(models.Model):
    """A therapist kept an exercise a patient's condition forbids, with their reason.

    One row per prescription, exercise and condition; once overridden, later changes of the
    program do not ask again for that pair.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="caution_overrides"
    )
    change = models.ForeignKey(
        PrescriptionChange, on_delete=models.CASCADE, related_name="caution_overrides"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    condition = models.CharField(_("condition"), max_length=32, choices=Condition.choices)
    tags = models.JSONField(_("caution tags"), default=list)
    reason = models.CharField(_("reason"), max_length=CAUTION_REASON_MAX_LENGTH)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(auto_now_add=True)

    objects = CautionOverrideQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "Exercises kept despite the patient's conditions, with the therapist's reason.",
        rows="prescription__patient",
        section="caution_overrides",
        export=("prescription", "exercise__name", "condition", "tags", "reason", "overridden_at"),
        anonymise={"reason": REMOVED},
        audited=True,
    )

    class Meta:
        ordering = ["-overridden_at", "-id"]
        verbose_name = _("caution override")
        verbose_name_plural = _("caution overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["prescription", "exercise", "condition"], name="caution_override_unique"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="caution_override_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.prescription.patient} — {self.exercise} ({self.get_condition_display()})"

"""Micro-breaks logged with one tap: a short desk break done, outside any session."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.base import DATE_VALIDATORS, date_range
from patients.models.patient import Patient
from patients.models.prescription import PrescribedExercise


class MicroBreakLogQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class MicroBreakLog(models.Model):
    """One micro-break the patient did (one tap on Today); ``key`` makes a retry count once."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="micro_breaks")
    prescribed_exercise = models.ForeignKey(
        PrescribedExercise, on_delete=models.CASCADE, related_name="micro_breaks"
    )
    performed_on = models.DateField(_("day"), validators=DATE_VALIDATORS)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)
    key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = MicroBreakLogQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "When the patient took each prescribed micro-break.",
        rows="patient",
        section="micro_breaks",
        export=("prescribed_exercise__exercise__name", "performed_on", "done_at"),
    )

    class Meta:
        ordering = ["done_at", "id"]
        verbose_name = _("micro-break")
        verbose_name_plural = _("micro-breaks")
        constraints = [
            models.UniqueConstraint(fields=["patient", "key"], name="micro_break_once_per_key"),
            date_range("performed_on", "micro_break_performed_on_range"),
        ]
        indexes = [models.Index(fields=["patient", "performed_on"])]

    def __str__(self) -> str:
        return f"{self.patient} — {self.prescribed_exercise.exercise} {self.performed_on}"

"""A therapist's clearance: the record that opens the assessment gate for prescribing."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import REMOVED, Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.patient import Assessment, Patient
from patients.rules import limits


class ClearanceQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class Clearance(models.Model):
    """Who cleared a patient to be prescribed despite a positive screen or missing consent.

    One per assessment: it covers that assessment's red-flag screen and consent. A newer
    assessment closes the gate again until it is cleared in turn.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="clearances")
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="clearance"
    )
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cleared by"),
    )
    cleared_at = models.DateTimeField(_("cleared at"), auto_now_add=True)
    reason = models.TextField(_("why"), max_length=limits.REASON_MAX_LENGTH)

    objects = ClearanceQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "Who cleared the patient to be prescribed a program, when, and the clinician's reason.",
        rows="patient",
        section="clearances",
        export=("assessment", "cleared_at", "reason"),
        anonymise={"reason": REMOVED},
        audited=True,
    )

    class Meta:
        ordering = ["-cleared_at", "-id"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="clearance_reason_given"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} — {self.cleared_at:%Y-%m-%d}"

"""Alerts raised for the care team, and each therapist's daily digest of them."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.patient import Patient
from patients.models.sessions import SessionLog
from patients.rules import codes


class AlertKind(models.TextChoices):
    RED_FLAG = codes.AlertKind.RED_FLAG, _("Red flag reported")
    PAIN_RISE = codes.AlertKind.PAIN_RISE, _("Pain up 2+ points from baseline")
    PAIN_AFTER_WORSE = codes.AlertKind.PAIN_AFTER_WORSE, _("Pain worse after two sessions in a row")
    INACTIVE = codes.AlertKind.INACTIVE, _("No session for 3 days")
    NO_IMPROVEMENT = codes.AlertKind.NO_IMPROVEMENT, _("No improvement after two weeks")
    RED_FLAG_SCREEN = codes.AlertKind.RED_FLAG_SCREEN, _("Red flag at assessment")
    PAIN_INTERFERES = codes.AlertKind.PAIN_INTERFERES, _("Pain disturbs sleep or daily life")
    EXERCISE_HELD = codes.AlertKind.EXERCISE_HELD, _("Exercise held after it hurt")
    PAIN_CHECK_STOP = codes.AlertKind.PAIN_CHECK_STOP, _("Session stopped at the pain check")


class AlertQuerySet(ClinicScopedQuerySet):
    patient_path = None
    writer_path = "patient__primary_therapist"

    def open(self):
        return self.filter(acknowledged_at__isnull=True)


class Alert(models.Model):
    """Something a therapist should look at. Raised once per cause; acknowledged, not deleted."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    session = models.ForeignKey(
        SessionLog, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    cause_key = models.CharField(max_length=64, help_text=_("Keeps one alert per cause."))
    # What to tell the therapist, as a code (patients.rules.codes.AlertCode) and its values;
    # patients.texts words it in the reader's language. Dates are stored as ISO strings.
    code = models.CharField(_("code"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    message = models.CharField(
        _("message (legacy)"),
        max_length=300,
        blank=True,
        help_text=_("English text of an alert raised before alerts kept a code; shown as is."),
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    emailed_at = models.DateTimeField(
        _("emailed at"), null=True, blank=True, help_text=_("Red flags are emailed at once.")
    )

    objects = AlertQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "What the care team was alerted to: a code and its values (no free text).",
        rows="patient",
        section="alerts",
        export=("kind", "code", "params", "message", "raised_at", "acknowledged_at"),
        audited=True,
    )

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind", "cause_key"], name="alert_one_per_cause"
            ),
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="alert_kind"),
        ]
        indexes = [models.Index(fields=["clinic", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.patient}"


class DigestQuerySet(ClinicScopedQuerySet):
    patient_path = None


class AlertDigest(models.Model):
    """A therapist's daily alert digest, claimed once per day."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests"
    )
    day = models.DateField(_("day"), help_text=_("In the clinic's time zone."))
    alert_count = models.PositiveIntegerField(_("alerts"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DigestQuerySet.as_manager()

    personal_data = PersonalData(Holds.STAFF, "A therapist's daily digest: a day and a count.")

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["therapist", "day"], name="alert_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.therapist} — {self.day}"

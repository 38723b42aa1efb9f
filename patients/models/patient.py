"""Patients and their assessments."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import REMOVED, Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.base import DATE_VALIDATORS, PAIN_VALIDATORS, date_range


class PatientQuerySet(ClinicScopedQuerySet):
    patient_path = "id"


class Patient(models.Model):
    """A patient of one clinic, followed by a primary therapist."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient_profile"
    )
    primary_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        verbose_name=_("primary therapist"),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("account open"), default=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    closure_requested_at = models.DateTimeField(
        _("asked to close the account"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Reminders (patients.engagement.reminders): clock times in the clinic's time zone.
    reminders_enabled = models.BooleanField(_("send me reminders"), default=True)
    reminder_time = models.TimeField(_("reminder time"), default=datetime.time(8, 0))
    nudge_time = models.TimeField(
        _("second reminder time"),
        null=True,
        blank=True,
        default=datetime.time(18, 0),
        help_text=_("Sent only if the day's session is still not logged. Empty: no second one."),
    )
    # The secret in the patient's calendar feed URL; replaced to revoke the old link.
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The Patient-Specific Functional Scale activities, chosen once (3 to 5).
    psfs_activities = models.JSONField(
        _("activities for the weekly check-in"), default=list, blank=True
    )
    # Raised by every write that changes what the patient's portal pages show
    # (services.portal_changed); the portal reuses a rendered part only for the same version.
    portal_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = PatientQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "Identity, contact details, reminder settings and the patient's own activity names.",
        rows=lambda patient: Q(pk=patient.pk),
        section="patient",
        single=True,
        export={
            "email": "user__email",
            "first_name": "user__first_name",
            "last_name": "user__last_name",
            "date_of_birth": "date_of_birth",
            "phone": "phone",
            "clinic": "clinic__name",
            "primary_therapist_first_name": "primary_therapist__first_name",
            "primary_therapist_last_name": "primary_therapist__last_name",
            "created_at": "created_at",
            "closure_requested_at": "closure_requested_at",
            "reminders_enabled": "reminders_enabled",
            "reminder_time": "reminder_time",
            "nudge_time": "nudge_time",
            "psfs_activities": "psfs_activities",
        },
        anonymise={
            "date_of_birth": None,
            "phone": "",
            "is_active": False,
            "psfs_activities": [],
            "calendar_token": lambda _old: uuid.uuid4(),
        },
        audited=True,
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        indexes = [models.Index(fields=["clinic", "primary_therapist"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(nudge_time__isnull=True) | Q(nudge_time__gt=models.F("reminder_time")),
                name="patient_nudge_after_reminder",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email


class AssessmentMode(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual (video)")
    IN_PERSON = "in_person", _("In person")


class AssessmentQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class Assessment(models.Model):
    """A therapist's assessment: findings, the red-flag screen, the plan and consent."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="assessments")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("date"), validators=DATE_VALIDATORS)
    mode = models.CharField(_("mode"), max_length=16, choices=AssessmentMode.choices)
    problem_areas = models.TextField(_("problem areas"))
    findings = models.TextField(_("findings"), blank=True)
    baseline_pain = models.PositiveSmallIntegerField(
        _("pain at assessment (0-10)"), null=True, blank=True, validators=PAIN_VALIDATORS
    )
    red_flag_numbness = models.BooleanField(_("numbness or tingling in arms or hands"))
    red_flag_sharp_pain = models.BooleanField(_("sharp, shooting pain with movement"))
    red_flag_trauma = models.BooleanField(_("recent trauma or injury"))
    red_flag_persistent = models.BooleanField(_("pain for over a week without improvement"))
    red_flag_notes = models.TextField(_("red-flag notes"), blank=True)
    plan = models.TextField(_("plan"), blank=True)
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_given_by = models.CharField(
        _("consent given by"), max_length=150, blank=True, help_text=_("Who gave consent.")
    )
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The therapist's findings, red-flag screen, plan and who gave consent.",
        rows="patient",
        section="assessments",
        export=(
            "id",
            "therapist",
            "assessed_on",
            "mode",
            "problem_areas",
            "findings",
            "baseline_pain",
            "red_flag_numbness",
            "red_flag_sharp_pain",
            "red_flag_trauma",
            "red_flag_persistent",
            "red_flag_notes",
            "plan",
            "consent_given",
            "consent_given_by",
            "consent_given_at",
            "created_at",
        ),
        anonymise={
            "problem_areas": REMOVED,
            "findings": REMOVED,
            "red_flag_notes": "",
            "plan": REMOVED,
            "consent_given_by": REMOVED,
        },
        audited=True,
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=False)
                | (Q(consent_given_at__isnull=False) & ~Q(consent_given_by="")),
                name="assessment_consent_recorded",
            ),
            models.CheckConstraint(
                condition=Q(baseline_pain__isnull=True) | Q(baseline_pain__lte=10),
                name="assessment_baseline_pain_range",
            ),
            models.CheckConstraint(
                condition=Q(mode__in=AssessmentMode.values), name="assessment_mode"
            ),
            date_range("assessed_on", "assessment_assessed_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} — {self.assessed_on}"

    @property
    def red_flags_found(self) -> bool:
        return any(
            (
                self.red_flag_numbness,
                self.red_flag_sharp_pain,
                self.red_flag_trauma,
                self.red_flag_persistent,
            )
        )

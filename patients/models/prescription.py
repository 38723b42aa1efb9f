"""Prescriptions: a protocol snapshot for one patient, its phases, exercises and history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from clinic.models import Clinic
from clinic.personal_data import Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from clinic.text import visible_text
from patients.models.base import DATE_VALIDATORS, date_range
from patients.models.patient import Patient
from programs.models import DOSE_FIELDS, Dose, Exercise, Protocol, dose_constraints, weeks_label


class PrescriptionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")


class StopReason(models.TextChoices):
    """Why a program is paused, when the pause is not simply the therapist's choice."""

    NONE = "", _("—")
    RED_FLAG = "red_flag", _("Paused for review: a red flag was reported")


class PrescriptionQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"

    def active(self):
        return self.filter(status=PrescriptionStatus.ACTIVE)


class Prescription(models.Model):
    """A protocol assigned to one patient: a snapshot that later template edits never change."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="prescriptions")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    protocol = models.ForeignKey(
        Protocol, on_delete=models.SET_NULL, null=True, blank=True, related_name="prescriptions"
    )
    name = models.CharField(_("program"), max_length=120, validators=[visible_text])
    start_date = models.DateField(_("start date"), validators=DATE_VALIDATORS)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PrescriptionStatus.choices,
        default=PrescriptionStatus.ACTIVE,
    )
    current_phase = models.ForeignKey(
        "PrescribedPhase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set with the pause a red flag causes; only a therapist's review (services.resume_after_review)
    # clears it and resumes the program.
    hold_reason = models.CharField(
        _("held because"), max_length=16, choices=StopReason.choices, blank=True, default=""
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by patients.reporting.ledger.sync_ledger with the adherence ledger, so clinic reports
    # need not look through every patient's sessions.
    first_pain = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    latest_pain = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    last_session_on = models.DateField(null=True, blank=True, editable=False)

    objects = PrescriptionQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The patient's programs (a copy of a protocol); no free text of the patient's.",
        rows="patient",
        section="prescriptions",
        export=(
            "id",
            "name",
            "start_date",
            "status",
            "hold_reason",
            "current_phase",
            "created_at",
        ),
        audited=True,
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("prescription")
        verbose_name_plural = _("prescriptions")
        constraints = [
            # One active program per patient: tailoring happens inside it (DESIGN §3).
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(status="active"),
                name="prescription_one_active_per_patient",
            ),
            models.CheckConstraint(
                condition=Q(hold_reason="") | Q(status="paused"),
                name="prescription_held_only_when_paused",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PrescriptionStatus.values), name="prescription_status"
            ),
            date_range("start_date", "prescription_start_date_range"),
        ]
        indexes = [models.Index(fields=["clinic", "status"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.patient}"


class PrescribedPhaseQuerySet(ClinicScopedQuerySet):
    clinic_path = "prescription__clinic"
    patient_path = "prescription__patient_id"


class PrescribedPhase(models.Model):
    """A copy of a protocol phase inside one prescription."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=120, validators=[visible_text])
    week_start = models.PositiveSmallIntegerField(_("from week"))
    week_end = models.PositiveSmallIntegerField(_("to week"), null=True, blank=True)
    advancement_criteria = models.TextField(_("ready to advance when"), blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    advanced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who moved the patient into this phase."),
    )

    objects = PrescribedPhaseQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The phases of the patient's programs.",
        rows="prescription__patient",
        section="phases",
        export=("id", "prescription", "order", "name", "week_start", "week_end", "started_on"),
        audited=True,
    )

    class Meta:
        ordering = ["prescription", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["prescription", "order"], name="prescribed_phase_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(week_start__gte=1), name="prescribed_phase_week_start"
            ),
            models.CheckConstraint(
                condition=Q(week_end__isnull=True) | Q(week_end__gte=models.F("week_start")),
                name="prescribed_phase_week_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weeks_label(self) -> str:
        return weeks_label(self.week_start, self.week_end)


class PrescribedExerciseQuerySet(ClinicScopedQuerySet):
    clinic_path = "phase__prescription__clinic"
    patient_path = "phase__prescription__patient_id"


class CurrentExerciseManager(models.Manager.from_queryset(PrescribedExerciseQuerySet)):
    """The exercises still in the program: a removed one keeps its row (its sessions' logs
    point at it) but leaves every plan, page and list."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


def _scoped(manager_class):
    return ScopedManager(
        _manager_class=manager_class,
        clinic=PrescribedExerciseQuerySet.clinic_path,
        patient=PrescribedExerciseQuerySet.patient_path,
    )


class PrescribedExercise(Dose):
    """An exercise in a patient's phase with the patient's own dose."""

    phase = models.ForeignKey(PrescribedPhase, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="prescribed_exercises"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)
    # A sharp-pain mark holds the exercise (off Today, not scheduled) until a therapist
    # reviews it; past holds stay as [from, until) day pairs so adherence never counts them.
    held_since = models.DateField(
        _("held since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Marked as hurting on this day; held until a therapist reviews it."),
    )
    held_periods = models.JSONField(default=list, blank=True, editable=False)

    objects = _scoped(CurrentExerciseManager)
    #: Removed exercises too (the program history, a patient's export).
    all_objects = PrescribedExerciseQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The exercises and doses prescribed to the patient.",
        rows="phase__prescription__patient",
        section="prescribed_exercises",
        export=(
            "id",
            "phase",
            "exercise__name",
            "order",
            *DOSE_FIELDS,
            "held_since",
            "held_periods",
        ),
        audited=True,
    )

    class Meta:
        ordering = ["phase", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "exercise"],
                condition=Q(removed_at__isnull=True),
                name="prescribed_exercise_unique",
            ),
            *dose_constraints("prescribed_exercise"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} — {self.dose_summary}"

    @property
    def demonstration_url(self) -> str:
        """The exercise's animation paced by this prescribed dose (its reps, holds, passes)."""
        return self.exercise.demonstration_url_for(self)


class PrescriptionChangeQuerySet(ClinicScopedQuerySet):
    clinic_path = "prescription__clinic"
    patient_path = "prescription__patient_id"


class PrescriptionChange(models.Model):
    """History of a prescription: who changed what, and when. Never edited."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(_("what changed"), max_length=300)
    details = models.JSONField(default=dict, blank=True)

    objects = PrescriptionChangeQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The history of the patient's programs (generated summaries of each change).",
        rows="prescription__patient",
        section="program_history",
        export=("prescription", "changed_at", "summary"),
        audited=True,
    )

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return self.summary

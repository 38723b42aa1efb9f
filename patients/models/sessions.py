"""Session logs and the exercise logs inside them."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import REMOVED, Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.base import DATE_VALIDATORS, PAIN_VALIDATORS, date_range, pain_range
from patients.models.patient import Patient
from patients.models.prescription import PrescribedExercise, PrescribedPhase, Prescription
from patients.rules import limits
from patients.rules.safety import PainCheckStop, SymptomCode


class Symptom(models.TextChoices):
    """Warning symptoms a patient can report after a session (what they mean:
    ``patients.rules.safety``)."""

    NUMBNESS_TINGLING = (
        SymptomCode.NUMBNESS_TINGLING,
        _("Numbness or tingling in my arms or hands"),
    )
    RADIATING_ARM = SymptomCode.RADIATING_ARM, _("Pain spreading down into my arm or hand")
    SHARP_SHOOTING = SymptomCode.SHARP_SHOOTING, _("Sharp or shooting pain when I move")
    RECENT_INJURY = SymptomCode.RECENT_INJURY, _("A recent fall, accident or injury")
    WORSE_AFTER = SymptomCode.WORSE_AFTER, _("Pain got worse after exercising")
    SLEEP_DISTURBED = (
        SymptomCode.SLEEP_DISTURBED,
        _("Pain is keeping me awake or stopping daily tasks"),
    )


class PainCheckReason(models.TextChoices):
    """Why the patient stopped at the quick pain check (``patients.rules.safety``)."""

    PAIN_WORSE = PainCheckStop.PAIN_WORSE, _("The pain got worse")
    PAIN_RADIATES = PainCheckStop.PAIN_RADIATES, _("The pain spread into the arm or hand")


class SessionLogQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class SessionLog(models.Model):
    """One sitting of the program, logged by the patient."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="sessions")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="sessions"
    )
    phase = models.ForeignKey(
        PrescribedPhase, on_delete=models.PROTECT, null=True, related_name="sessions"
    )
    performed_on = models.DateField(
        _("date"), help_text=_("In the clinic's time zone."), validators=DATE_VALIDATORS
    )
    logged_at = models.DateTimeField(_("logged at"))
    pain_before = models.PositiveSmallIntegerField(
        _("pain before (0-10)"), validators=PAIN_VALIDATORS
    )
    pain_after = models.PositiveSmallIntegerField(
        _("pain after (0-10)"), validators=PAIN_VALIDATORS
    )
    effort = models.PositiveSmallIntegerField(
        _("how hard it felt (0-10)"), null=True, blank=True, validators=PAIN_VALIDATORS
    )
    symptoms = models.JSONField(_("warning symptoms"), default=list, blank=True)
    red_flag = models.BooleanField(_("red flag reported"), default=False)
    stopped_at_check = models.CharField(
        _("stopped at the pain check"),
        max_length=16,
        choices=PainCheckReason.choices,
        blank=True,
        help_text=_("Stopped before the first exercise: neither done nor missed."),
    )
    note = models.TextField(_("note"), blank=True, max_length=limits.SESSION_NOTE_MAX_LENGTH)
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    request_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = SessionLogQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "Each session the patient logged: pain, effort, symptoms and their own note.",
        rows="patient",
        section="sessions",
        export=(
            "id",
            "prescription",
            "performed_on",
            "logged_at",
            "pain_before",
            "pain_after",
            "effort",
            "symptoms",
            "red_flag",
            "stopped_at_check",
            "note",
        ),
        anonymise={"note": REMOVED},
        audited=True,
    )

    class Meta:
        ordering = ["-performed_on", "-logged_at"]
        verbose_name = _("session log")
        verbose_name_plural = _("session logs")
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "idempotency_key"], name="session_log_idempotency"
            ),
            pain_range("pain_before", "session_log_pain_before_range"),
            pain_range("pain_after", "session_log_pain_after_range"),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__lte=10), name="session_log_effort"
            ),
            # Not before its program either: a trigger (patients.models.triggers), as a check
            # constraint sees one row only.
            date_range("performed_on", "session_log_performed_on_range"),
        ]
        indexes = [
            models.Index(fields=["patient", "performed_on"]),
            models.Index(fields=["prescription", "performed_on"]),
            models.Index(fields=["clinic", "performed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.patient} — {self.performed_on}"

    @property
    def symptom_labels(self) -> list[str]:
        return [str(Symptom(code).label) for code in self.symptoms if code in Symptom.values]


class ExerciseLogQuerySet(ClinicScopedQuerySet):
    clinic_path = "session__clinic"
    patient_path = "session__patient_id"


class ExerciseLog(models.Model):
    """What the patient did of one prescribed exercise in a session."""

    session = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="exercise_logs")
    prescribed_exercise = models.ForeignKey(
        PrescribedExercise, on_delete=models.PROTECT, related_name="logs"
    )
    done = models.BooleanField(_("done"))
    sets_done = models.PositiveSmallIntegerField(_("sets done"), null=True, blank=True)
    reps_done = models.PositiveSmallIntegerField(_("reps done"), null=True, blank=True)
    hold_seconds_done = models.PositiveSmallIntegerField(
        _("hold done (seconds)"), null=True, blank=True
    )
    good_form = models.BooleanField(_("good form"), null=True, blank=True)
    painful = models.BooleanField(_("painful"), default=False)

    objects = ExerciseLogQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "What the patient did of each exercise in a session (numbers only).",
        rows="session__patient",
        section="exercise_logs",
        export=(
            "session",
            "prescribed_exercise",
            "done",
            "sets_done",
            "reps_done",
            "hold_seconds_done",
            "good_form",
            "painful",
        ),
        audited=True,
    )

    class Meta:
        ordering = ["session", "prescribed_exercise__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "prescribed_exercise"], name="exercise_log_unique"
            ),
            models.CheckConstraint(
                condition=Q(sets_done__isnull=True) | Q(sets_done__lte=limits.SETS_DONE_MAX),
                name="exercise_log_sets",
            ),
            models.CheckConstraint(
                condition=Q(reps_done__isnull=True) | Q(reps_done__lte=limits.REPS_DONE_MAX),
                name="exercise_log_reps",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds_done__isnull=True)
                | Q(hold_seconds_done__lte=limits.HOLD_SECONDS_DONE_MAX),
                name="exercise_log_hold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prescribed_exercise.exercise} ({'done' if self.done else 'not done'})"

"""Patients and everything clinical about them: assessments, prescriptions, session logs."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.tenancy import ClinicScopedQuerySet
from programs.models import Dose, Exercise, Protocol, dose_constraints

PAIN_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


def pain_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 10}), name=name
    )


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
    # Reminders (patients.reminders): clock times in the clinic's time zone.
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

    objects = PatientQuerySet.as_manager()

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
    assessed_on = models.DateField(_("date"))
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


class PrescriptionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")


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
    name = models.CharField(_("program"), max_length=120)
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PrescriptionStatus.choices,
        default=PrescriptionStatus.ACTIVE,
    )
    current_phase = models.ForeignKey(
        "PrescribedPhase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by patients.ledger.sync_ledger with the adherence ledger, so clinic reports
    # need not look through every patient's sessions.
    first_pain = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    latest_pain = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    last_session_on = models.DateField(null=True, blank=True, editable=False)

    objects = PrescriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("prescription")
        verbose_name_plural = _("prescriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "protocol"],
                condition=Q(status="active"),
                name="prescription_one_active_per_protocol",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PrescriptionStatus.values), name="prescription_status"
            ),
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
    name = models.CharField(_("name"), max_length=120)
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


class PrescribedExerciseQuerySet(ClinicScopedQuerySet):
    clinic_path = "phase__prescription__clinic"
    patient_path = "phase__prescription__patient_id"


class PrescribedExercise(Dose):
    """An exercise in a patient's phase with the patient's own dose."""

    phase = models.ForeignKey(PrescribedPhase, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="prescribed_exercises"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PrescribedExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["phase", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "exercise"], name="prescribed_exercise_unique"
            ),
            *dose_constraints("prescribed_exercise"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} — {self.dose_summary}"


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

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return self.summary


class Symptom(models.TextChoices):
    """Warning symptoms a patient can report after a session (clinical rules, section 3)."""

    NUMBNESS_TINGLING = "numbness_tingling", _("Numbness or tingling in my arms or hands")
    SHARP_SHOOTING = "sharp_shooting", _("Sharp or shooting pain when I move")
    RECENT_INJURY = "recent_injury", _("A recent fall, accident or injury")
    WORSE_AFTER = "worse_after", _("Pain got worse after exercising")
    SLEEP_DISTURBED = "sleep_disturbed", _("Pain is keeping me awake or stopping daily tasks")


RED_FLAG_SYMPTOMS = frozenset(
    {Symptom.NUMBNESS_TINGLING, Symptom.SHARP_SHOOTING, Symptom.RECENT_INJURY}
)


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
    performed_on = models.DateField(_("date"), help_text=_("In the clinic's time zone."))
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
    note = models.TextField(_("note"), blank=True, max_length=2000)
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    request_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = SessionLogQuerySet.as_manager()

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

    class Meta:
        ordering = ["session", "prescribed_exercise__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "prescribed_exercise"], name="exercise_log_unique"
            ),
            models.CheckConstraint(
                condition=Q(sets_done__isnull=True) | Q(sets_done__lte=50),
                name="exercise_log_sets",
            ),
            models.CheckConstraint(
                condition=Q(reps_done__isnull=True) | Q(reps_done__lte=500),
                name="exercise_log_reps",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds_done__isnull=True) | Q(hold_seconds_done__lte=3600),
                name="exercise_log_hold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prescribed_exercise.exercise} ({'done' if self.done else 'not done'})"


class AlertKind(models.TextChoices):
    RED_FLAG = "red_flag", _("Red flag reported")
    PAIN_RISE = "pain_rise", _("Pain up 2+ points from baseline")
    PAIN_AFTER_WORSE = "pain_after_worse", _("Pain worse after two sessions in a row")
    INACTIVE = "inactive", _("No session for 3 days")
    NO_IMPROVEMENT = "no_improvement", _("No improvement after two weeks")


class AlertQuerySet(ClinicScopedQuerySet):
    patient_path = None

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
    message = models.CharField(_("message"), max_length=300)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    emailed_at = models.DateTimeField(
        _("emailed at"), null=True, blank=True, help_text=_("Red flags are emailed at once.")
    )

    objects = AlertQuerySet.as_manager()

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


class AdherenceDayQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class AdherenceDay(models.Model):
    """A scheduled day of a prescription and whether it was completed: the adherence ledger.

    Derived data, rebuilt from the schedule and the session logs by
    ``patients.ledger.sync_ledger`` whenever either changes, so clinic reports can add
    adherence up in SQL instead of replaying every patient's schedule.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="adherence_days"
    )
    day = models.DateField()
    completed = models.BooleanField(default=False)

    objects = AdherenceDayQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prescription", "day"], name="adherence_day_unique")
        ]
        indexes = [models.Index(fields=["clinic", "day"])]

    def __str__(self) -> str:
        return f"{self.prescription_id} {self.day} {'done' if self.completed else 'missed'}"


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    NUDGE = "nudge", _("Second reminder")


class ReminderOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    NOTHING_DUE = "nothing_due", _("Not sent: nothing due that day")
    ALREADY_DONE = "already_done", _("Not sent: the session was already logged")


class ReminderQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class Reminder(models.Model):
    """One reminder of one kind for one patient's day, decided once (patients.reminders).

    The row is inserted before the email is sent, in the same transaction: the unique
    constraint lets only one worker claim it, so a reminder is never sent twice.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField(_("day"), help_text=_("In the clinic's time zone."))
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReminderOutcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "kind"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["patient", "day", "kind"], name="reminder_once"),
            models.CheckConstraint(condition=Q(kind__in=ReminderKind.values), name="reminder_kind"),
            models.CheckConstraint(
                condition=Q(outcome__in=ReminderOutcome.values), name="reminder_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.patient} — {self.day}"


class ProgramNoticeQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"

    def unread(self):
        return self.filter(dismissed_at__isnull=True)


class ProgramNotice(models.Model):
    """What changed in a patient's program, shown on Today until dismissed, and emailed."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="notices")
    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="notices")
    change = models.OneToOneField(
        PrescriptionChange, on_delete=models.CASCADE, related_name="notice"
    )
    title = models.CharField(_("title"), max_length=200)
    lines = models.JSONField(_("what changed"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = ProgramNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("program-change notice")
        verbose_name_plural = _("program-change notices")
        indexes = [models.Index(fields=["patient", "dismissed_at"])]

    def __str__(self) -> str:
        return self.title


class CheckInQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class WeeklyCheckIn(models.Model):
    """A patient's weekly check-in: pain this week, PSFS ratings, adherence self-rating."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="checkins")
    week = models.CharField(_("week"), max_length=8, help_text=_("ISO year and week: 2026-W09."))
    pain_average = models.PositiveSmallIntegerField(
        _("average pain this week (0-10)"), validators=PAIN_VALIDATORS
    )
    adherence_rating = models.PositiveSmallIntegerField(
        _("how well I kept to my program (0-10)"), validators=PAIN_VALIDATORS
    )
    psfs = models.JSONField(
        _("activities and ratings"),
        default=list,
        help_text=_("Patient-Specific Functional Scale: [{activity, score 0-10}], 3 to 5."),
    )
    easier = models.TextField(_("what got easier"), blank=True, max_length=1000)
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["week"]
        verbose_name = _("weekly check-in")
        verbose_name_plural = _("weekly check-ins")
        constraints = [
            models.UniqueConstraint(fields=["patient", "week"], name="checkin_once_a_week"),
            pain_range("pain_average", "checkin_pain_range"),
            pain_range("adherence_rating", "checkin_adherence_range"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} — {self.week}"

    @property
    def week_start(self) -> datetime.date:
        year, week = self.week.split("-W")
        return datetime.date.fromisocalendar(int(year), int(week), 1)

    @property
    def psfs_mean(self) -> float | None:
        scores = [item["score"] for item in self.psfs]
        return round(sum(scores) / len(scores), 1) if scores else None


class DigestQuerySet(ClinicScopedQuerySet):
    patient_path = None


class AlertDigest(models.Model):
    """A therapist's daily alert digest, claimed once per day (patients.notifications)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests"
    )
    day = models.DateField(_("day"), help_text=_("In the clinic's time zone."))
    alert_count = models.PositiveIntegerField(_("alerts"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DigestQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["therapist", "day"], name="alert_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.therapist} — {self.day}"

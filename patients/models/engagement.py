"""Reminders, program notices and weekly check-ins."""

import datetime

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import DELETE, REMOVED, Holds, PersonalData, scrub_key
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.base import PAIN_VALIDATORS, pain_range
from patients.models.patient import Patient
from patients.models.prescription import Prescription, PrescriptionChange
from patients.rules import limits


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
    """One reminder of one kind for one patient's day, decided once (patients.engagement.reminders).

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

    personal_data = PersonalData(
        Holds.PATIENT,
        "Which reminder emails were sent on which day; kept for statistics once anonymous.",
        rows="patient",
        section="reminders",
        export=("day", "kind", "outcome", "created_at"),
    )

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

    personal_data = PersonalData(
        Holds.PATIENT,
        "Messages to the patient about their program changing; the history itself is kept.",
        rows="patient",
        section="notices",
        export=("prescription", "title", "lines", "created_at", "dismissed_at", "emailed_at"),
        anonymise=DELETE,
        audited=True,
    )

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
    easier = models.TextField(
        _("what got easier"), blank=True, max_length=limits.CHECKIN_EASIER_MAX_LENGTH
    )
    # Empty only for check-ins saved before the question was asked.
    work_minutes = models.PositiveSmallIntegerField(
        _("how long I can work without discomfort (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(limits.WORK_MINUTES_MAX)],
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = CheckInQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The patient's weekly ratings, their own activity names and what got easier.",
        rows="patient",
        section="checkins",
        export=(
            "week",
            "pain_average",
            "adherence_rating",
            "psfs",
            "easier",
            "work_minutes",
            "submitted_at",
        ),
        anonymise={"easier": REMOVED, "psfs": scrub_key("activity")},
        audited=True,
    )

    class Meta:
        ordering = ["week"]
        verbose_name = _("weekly check-in")
        verbose_name_plural = _("weekly check-ins")
        constraints = [
            models.UniqueConstraint(fields=["patient", "week"], name="checkin_once_a_week"),
            pain_range("pain_average", "checkin_pain_range"),
            models.CheckConstraint(
                condition=Q(work_minutes__isnull=True)
                | Q(work_minutes__lte=limits.WORK_MINUTES_MAX),
                name="checkin_work_minutes_range",
            ),
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

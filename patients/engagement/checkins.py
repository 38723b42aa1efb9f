"""The weekly check-in: pain this week, the Patient-Specific Functional Scale, adherence.

The PSFS: the patient names 3 to 5 activities they find hard because of their back, once,
and rates each from 0 (cannot do it) to 10 (as before the problem) every week, so the
same activities are compared week after week.

Clinically meaningful change (pure functions, compared with the first check-in):
- pain: 2 or more points on the 0-10 scale, or 30% or more of the first week's pain;
- PSFS: 2 or more points in the mean of the activities' ratings.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patients import services
from patients.models import Patient, WeeklyCheckIn
from patients.rules import limits

MIN_ACTIVITIES, MAX_ACTIVITIES = 3, 5
ACTIVITY_MAX_LENGTH = 80
_EPSILON = 1e-9

BETTER, WORSE, SAME = "better", "worse", "same"


def iso_week(day: date) -> str:
    """The ISO year and week of a day, as stored: 2026-W09."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Change:
    """A change from the first check-in: its size, direction, and whether it is meaningful."""

    delta: float
    direction: str
    meaningful: bool

    @property
    def size(self) -> float:
        return abs(self.delta)


def pain_change(first: float, current: float) -> Change:
    """Pain from the first check-in to now (lower is better)."""
    delta = current - first
    meaningful = delta != 0 and (
        abs(delta) + _EPSILON >= limits.PAIN_MEANINGFUL_POINTS
        or (first > 0 and abs(delta) / first + _EPSILON >= limits.PAIN_MEANINGFUL_FRACTION)
    )
    direction = SAME if delta == 0 else (BETTER if delta < 0 else WORSE)
    return Change(round(delta, 1), direction, meaningful)


def psfs_change(first_mean: float, current_mean: float) -> Change:
    """PSFS mean from the first check-in to now (higher is better)."""
    delta = current_mean - first_mean
    meaningful = abs(delta) + _EPSILON >= limits.PSFS_MEANINGFUL_POINTS
    direction = SAME if delta == 0 else (BETTER if delta > 0 else WORSE)
    return Change(round(delta, 1), direction, meaningful)


@dataclass(frozen=True)
class TrendRow:
    checkin: WeeklyCheckIn
    scores: tuple[int | None, ...]  # in the order of the patient's activities
    pain: Change | None  # None for the first check-in
    psfs: Change | None


@dataclass(frozen=True)
class Trend:
    activities: tuple[str, ...]
    rows: tuple[TrendRow, ...]

    @property
    def latest(self) -> TrendRow | None:
        return self.rows[-1] if self.rows else None


def trend(activities, checkins) -> Trend:
    """Each week against the first check-in (pure: check-ins oldest first)."""
    activities = tuple(activities)
    rows = []
    first = checkins[0] if checkins else None
    for index, checkin in enumerate(checkins):
        by_name = {item["activity"]: item["score"] for item in checkin.psfs}
        pain = psfs = None
        if index > 0:
            pain = pain_change(first.pain_average, checkin.pain_average)
            if first.psfs_mean is not None and checkin.psfs_mean is not None:
                psfs = psfs_change(first.psfs_mean, checkin.psfs_mean)
        rows.append(
            TrendRow(
                checkin=checkin,
                scores=tuple(by_name.get(name) for name in activities),
                pain=pain,
                psfs=psfs,
            )
        )
    return Trend(activities, tuple(rows))


def patient_trend(patient: Patient) -> Trend:
    """The patient's check-ins as a trend: one query."""
    checkins = list(WeeklyCheckIn.objects.filter(patient=patient).order_by("week"))
    return trend(patient.psfs_activities, checkins)


def this_week(patient: Patient) -> str:
    return iso_week(timezone.localdate(timezone=patient.clinic.tzinfo))


@dataclass(frozen=True)
class CheckInAnswers:
    pain_average: int
    adherence_rating: int
    scores: tuple[int, ...]
    activities: tuple[str, ...] = ()  # only the first time, when the patient has none yet
    easier: str = ""
    #: How long the patient can work without discomfort, in minutes (seed 002's check-in).
    work_minutes: int | None = None


def clean_activities(names) -> tuple[str, ...]:
    cleaned = tuple(" ".join(str(name).split()) for name in names)
    cleaned = tuple(name for name in cleaned if name)
    if not MIN_ACTIVITIES <= len(cleaned) <= MAX_ACTIVITIES:
        raise ValidationError(
            {"activities": _("Name 3 to 5 activities that are hard for you because of your back.")}
        )
    if len({name.casefold() for name in cleaned}) != len(cleaned):
        raise ValidationError({"activities": _("Name each activity once.")})
    if any(len(name) > ACTIVITY_MAX_LENGTH for name in cleaned):
        raise ValidationError({"activities": _("Keep each activity under 80 characters.")})
    return cleaned


def _check_scale(errors: dict, name: str, value) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        errors[name] = _("Choose a number from 0 to 10.")


def submit_checkin(*, patient: Patient, answers: CheckInAnswers) -> tuple[WeeklyCheckIn, bool]:
    """Save this week's check-in (a second answer the same week replaces the first).

    The first check-in also fixes the patient's PSFS activities; later ones rate the same
    activities. Returns the check-in and whether it was created now.
    """
    errors: dict = {}
    _check_scale(errors, "pain_average", answers.pain_average)
    _check_scale(errors, "adherence_rating", answers.adherence_rating)
    for score in answers.scores:
        _check_scale(errors, "scores", score)
    if len(answers.easier) > 1000:
        errors["easier"] = _("Keep this under 1000 characters.")
    minutes = answers.work_minutes
    if minutes is not None and (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not 0 <= minutes <= limits.WORK_MINUTES_MAX
    ):
        errors["work_minutes"] = _("Give the minutes, from 0 to %(n)d.") % {
            "n": limits.WORK_MINUTES_MAX
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Patient.objects.select_for_update().select_related("clinic").get(pk=patient.pk)
        activities = tuple(locked.psfs_activities)
        if not activities:
            activities = clean_activities(answers.activities)
            locked.psfs_activities = list(activities)
            locked.save(update_fields=["psfs_activities"])
            patient.psfs_activities = list(activities)
        if len(answers.scores) != len(activities):
            raise ValidationError({"scores": _("Rate each of your activities from 0 to 10.")})
        week = this_week(locked)
        values = {
            "clinic_id": locked.clinic_id,
            "pain_average": answers.pain_average,
            "adherence_rating": answers.adherence_rating,
            "psfs": [
                {"activity": name, "score": score}
                for name, score in zip(activities, answers.scores, strict=True)
            ],
            "easier": answers.easier.strip(),
            "work_minutes": answers.work_minutes,
            "submitted_at": timezone.now(),
        }
        try:
            with transaction.atomic():
                checkin, created = WeeklyCheckIn.objects.update_or_create(
                    patient=locked, week=week, defaults=values
                )
                services.portal_changed(patient_id=locked.pk)
                return checkin, created
        except IntegrityError:  # pragma: no cover - the patient row lock serialises answers
            checkin = WeeklyCheckIn.objects.get(patient=locked, week=week)
            return checkin, False

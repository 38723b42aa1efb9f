"""The exercise library, doses, and protocol templates made of phases."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic
from clinic.personal_data import Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet, LibraryQuerySet, viewer_for
from clinic.text import visible_text
from programs import demonstrations, media, vocabulary


class Kind(models.TextChoices):
    RELEASE = vocabulary.Kind.RELEASE, _("Release")
    STRETCH = vocabulary.Kind.STRETCH, _("Stretch")
    MOBILITY = vocabulary.Kind.MOBILITY, _("Mobility")
    STRENGTHEN = vocabulary.Kind.STRENGTHEN, _("Strengthen")
    ACTIVATION = vocabulary.Kind.ACTIVATION, _("Activation")


class Resistance(models.TextChoices):
    NONE = vocabulary.Resistance.NONE, _("None (no load)")
    BODY_WEIGHT = vocabulary.Resistance.BODY_WEIGHT, _("Body weight against gravity")
    BAND = vocabulary.Resistance.BAND, _("Resistance band")
    WEIGHTS = vocabulary.Resistance.WEIGHTS, _("Weights")


class Region(models.TextChoices):
    NECK = "neck", _("Neck")
    UPPER_BACK = "upper_back", _("Upper back")
    SHOULDER_BLADE = "shoulder_blade", _("Shoulder blades")
    CHEST = "chest", _("Chest")
    SHOULDER = "shoulder", _("Shoulder")
    LOWER_BACK = "lower_back", _("Lower back")
    HIPS = "hips", _("Hips")
    CORE = "core", _("Core")


class Equipment(models.TextChoices):
    FOAM_ROLLER = "foam_roller", _("Foam roller")
    MASSAGE_BALL = "massage_ball", _("Massage or tennis ball")
    STABILITY_BALL = "stability_ball", _("Stability ball")
    DUMBBELLS = "dumbbells", _("Light dumbbells")
    RESISTANCE_BAND = "resistance_band", _("Resistance band")
    WALL = "wall", _("Wall")
    CHAIR = "chair", _("Chair")
    DOOR_FRAME = "door_frame", _("Door frame")
    PILLOW = "pillow", _("Pillow")
    MAT = "mat", _("Mat")
    COUNTER = "counter", _("Kitchen counter")
    COUCH = "couch", _("Couch")
    TOWEL = "towel", _("Towel")


class CautionTag(models.TextChoices):
    LOADED_SPINAL_FLEXION = vocabulary.CautionTag.LOADED_SPINAL_FLEXION, _("loaded spinal flexion")
    SPINAL_ROTATION_UNDER_LOAD = (
        vocabulary.CautionTag.SPINAL_ROTATION_UNDER_LOAD,
        _("spinal rotation under load"),
    )
    ROLLING_ON_SPINE = vocabulary.CautionTag.ROLLING_ON_SPINE, _("rolling on the spine")
    KNEELING = vocabulary.CautionTag.KNEELING, _("kneeling")
    WEIGHT_ON_HANDS = vocabulary.CautionTag.WEIGHT_ON_HANDS, _("weight on the hands and wrists")
    PRONE_LYING = vocabulary.CautionTag.PRONE_LYING, _("lying face down")
    SUPINE_LYING = vocabulary.CautionTag.SUPINE_LYING, _("lying on the back")
    OVERHEAD = vocabulary.CautionTag.OVERHEAD, _("arms overhead")
    EXTERNAL_LOAD = vocabulary.CautionTag.EXTERNAL_LOAD, _("external load (band or weights)")
    END_RANGE_STRETCH = vocabulary.CautionTag.END_RANGE_STRETCH, _("end-of-range stretch")


def validate_caution_tags(value) -> None:
    if not isinstance(value, list) or any(item not in CautionTag.values for item in value):
        raise ValidationError(_("Choose caution tags from the list."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each caution tag once."))


class Frequency(models.TextChoices):
    DAILY = vocabulary.Frequency.DAILY, _("Daily")
    EVERY_OTHER_DAY = vocabulary.Frequency.EVERY_OTHER_DAY, _("Every other day")
    DAYS_PER_WEEK = vocabulary.Frequency.DAYS_PER_WEEK, _("Days per week")


def validate_equipment(value) -> None:
    if not isinstance(value, list) or any(item not in Equipment.values for item in value):
        raise ValidationError(_("Choose equipment from the list."))


def validate_text_list(value) -> None:
    if not isinstance(value, list) or any(not isinstance(item, str) for item in value):
        raise ValidationError(_("Enter a list of texts."))


DOSE_FIELDS = (
    "sets",
    "reps",
    "reps_max",
    "per_side",
    "hold_seconds",
    "hold_seconds_max",
    "duration_seconds",
    "passes",
    "rest_seconds",
    "load_note",
    "frequency",
    "days_per_week",
    "times_per_day",
)


def dose_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Database checks that keep a dose sane, named after the model that carries it."""
    positive_or_null = [
        "reps",
        "reps_max",
        "hold_seconds",
        "hold_seconds_max",
        "duration_seconds",
        "passes",
    ]
    checks = [
        models.CheckConstraint(condition=Q(sets__gte=1) & Q(sets__lte=20), name=f"{prefix}_sets"),
        models.CheckConstraint(
            condition=Q(times_per_day__gte=1) & Q(times_per_day__lte=12),
            name=f"{prefix}_times_per_day",
        ),
        models.CheckConstraint(
            condition=Q(frequency__in=Frequency.values), name=f"{prefix}_frequency"
        ),
        models.CheckConstraint(
            condition=(
                Q(
                    frequency=Frequency.DAYS_PER_WEEK,
                    days_per_week__isnull=False,
                    days_per_week__gte=1,
                    days_per_week__lte=7,
                )
                | (~Q(frequency=Frequency.DAYS_PER_WEEK) & Q(days_per_week__isnull=True))
            ),
            name=f"{prefix}_days_per_week",
        ),
        models.CheckConstraint(
            condition=Q(reps_max__isnull=True) | Q(reps__isnull=False, reps_max__gt=F("reps")),
            name=f"{prefix}_reps_range",
        ),
        models.CheckConstraint(
            condition=Q(hold_seconds_max__isnull=True)
            | Q(hold_seconds__isnull=False, hold_seconds_max__gt=F("hold_seconds")),
            name=f"{prefix}_hold_range",
        ),
        models.CheckConstraint(
            condition=Q(rest_seconds__isnull=True) | Q(rest_seconds__gte=0),
            name=f"{prefix}_rest",
        ),
    ]
    for field in positive_or_null:
        checks.append(
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1}),
                name=f"{prefix}_{field}_positive",
            )
        )
    return checks


def _bounds(field: str) -> list:
    low, high = vocabulary.DOSE_BOUNDS[field]
    return [MinValueValidator(low), MaxValueValidator(high)]


class Dose(models.Model):
    """How much of an exercise, and how often. Shared by library, templates and prescriptions."""

    sets = models.PositiveSmallIntegerField(_("sets"), default=1, validators=_bounds("sets"))
    reps = models.PositiveSmallIntegerField(
        _("reps"), null=True, blank=True, validators=_bounds("reps")
    )
    reps_max = models.PositiveSmallIntegerField(
        _("reps up to"),
        null=True,
        blank=True,
        help_text=_("Upper end of a range such as 8-12."),
        validators=_bounds("reps_max"),
    )
    per_side = models.BooleanField(_("per side"), default=False)
    hold_seconds = models.PositiveSmallIntegerField(
        _("hold (seconds)"), null=True, blank=True, validators=_bounds("hold_seconds")
    )
    hold_seconds_max = models.PositiveSmallIntegerField(
        _("hold up to (seconds)"), null=True, blank=True, validators=_bounds("hold_seconds_max")
    )
    duration_seconds = models.PositiveIntegerField(
        _("duration (seconds)"), null=True, blank=True, validators=_bounds("duration_seconds")
    )
    passes = models.PositiveSmallIntegerField(
        _("passes"),
        null=True,
        blank=True,
        help_text=_("For release work with a roller or ball."),
        validators=_bounds("passes"),
    )
    rest_seconds = models.PositiveSmallIntegerField(
        _("rest (seconds)"), null=True, blank=True, validators=_bounds("rest_seconds")
    )
    load_note = models.CharField(_("load"), max_length=80, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.DAILY
    )
    days_per_week = models.PositiveSmallIntegerField(
        _("days per week"), null=True, blank=True, validators=_bounds("days_per_week")
    )
    times_per_day = models.PositiveSmallIntegerField(
        _("times per day"), default=1, validators=_bounds("times_per_day")
    )

    class Meta:
        abstract = True

    def dose_values(self) -> dict:
        """The dose as a plain dict, to copy into a template or prescription."""
        return {name: getattr(self, name) for name in DOSE_FIELDS}

    def clean(self):
        super().clean()
        if self.frequency == Frequency.DAYS_PER_WEEK and not self.days_per_week:
            raise ValidationError({"days_per_week": _("Say how many days a week.")})
        if self.frequency != Frequency.DAYS_PER_WEEK and self.days_per_week:
            raise ValidationError(
                {"days_per_week": _("Days per week only applies to 'days per week'.")}
            )
        if self.reps_max and (not self.reps or self.reps_max <= self.reps):
            raise ValidationError({"reps_max": _("The upper end must be above the reps.")})
        if self.hold_seconds_max and (
            not self.hold_seconds or self.hold_seconds_max <= self.hold_seconds
        ):
            raise ValidationError({"hold_seconds_max": _("The upper end must be above the hold.")})

    @property
    def dose_summary(self) -> str:
        """A short human description such as '2 x 8-12 reps per side, every other day'."""
        parts = []
        if self.reps:
            reps = f"{self.reps}-{self.reps_max}" if self.reps_max else str(self.reps)
            parts.append(f"{self.sets} × {reps} " + str(_("reps")))
        elif self.sets > 1:
            parts.append(f"{self.sets} " + str(_("sets")))
        if self.hold_seconds:
            hold = (
                f"{self.hold_seconds}-{self.hold_seconds_max}"
                if self.hold_seconds_max
                else str(self.hold_seconds)
            )
            parts.append(str(_("hold %(s)s s")) % {"s": hold})
        if self.duration_seconds:
            parts.append(str(_("%(s)s s")) % {"s": self.duration_seconds})
        if self.passes:
            parts.append(str(_("%(n)s passes")) % {"n": self.passes})
        if self.per_side:
            parts.append(str(_("each side")))
        if self.load_note:
            parts.append(self.load_note)
        if self.frequency == Frequency.DAYS_PER_WEEK:
            parts.append(str(_("%(n)s days a week")) % {"n": self.days_per_week})
        else:
            parts.append(str(Frequency(self.frequency).label).lower())
        if self.times_per_day > 1:
            parts.append(str(_("%(n)s times a day")) % {"n": self.times_per_day})
        return ", ".join(parts)


class ExerciseQuerySet(LibraryQuerySet):
    prescribed_path = "prescribed_exercises__phase__prescription__patient_id"


class ProtocolQuerySet(LibraryQuerySet):
    prescribed_path = "prescriptions__patient_id"


class Exercise(Dose):
    """A library entry. Shared entries have no clinic and are read-only to clinics."""

    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exercises",
        help_text=_("Empty for the shared library."),
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=120, validators=[visible_text])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    resistance = models.CharField(
        _("done against"),
        max_length=16,
        choices=Resistance.choices,
        default=Resistance.NONE,
        help_text=_(
            "Any resistance (body weight against gravity, a band, weights) keeps the exercise "
            "off two days in a row, whatever its kind."
        ),
    )
    region = models.CharField(_("body region"), max_length=20, choices=Region.choices)
    summary = models.CharField(_("purpose"), max_length=300, blank=True)
    target_muscles = models.JSONField(
        _("target muscles"), default=list, blank=True, validators=[validate_text_list]
    )
    equipment = models.JSONField(
        _("equipment"), default=list, blank=True, validators=[validate_equipment]
    )
    steps = models.JSONField(_("steps"), default=list, validators=[validate_text_list])
    cautions = models.JSONField(
        _("cautions and common mistakes"), default=list, blank=True, validators=[validate_text_list]
    )
    variations = models.JSONField(
        _("variations"), default=list, blank=True, validators=[validate_text_list]
    )
    micro_break = models.BooleanField(
        _("micro-break"),
        default=False,
        help_text=_(
            "A short break from desk work, done several times a day and logged with one tap "
            "on Today rather than in the session form."
        ),
    )
    caution_tags = models.JSONField(
        _("caution tags"),
        default=list,
        blank=True,
        validators=[validate_caution_tags],
        help_text=_(
            "What the exercise asks of the body; screened against each patient's conditions."
        ),
    )
    image = models.ImageField(_("photo"), upload_to="exercises/", blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    harder = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="easier",
        verbose_name=_("progresses to"),
        help_text=_("The harder variant a patient moves on to (its easier variant links here)."),
    )

    objects = ExerciseQuerySet.as_manager()

    personal_data = PersonalData(Holds.NOTHING, "The exercise library: no one's data.")

    class Meta:
        ordering = ["name"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(clinic__isnull=True), name="exercise_shared_slug"
            ),
            models.UniqueConstraint(fields=["clinic", "slug"], name="exercise_clinic_slug"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="exercise_kind"),
            models.CheckConstraint(
                condition=Q(resistance__in=Resistance.values), name="exercise_resistance"
            ),
            *dose_constraints("exercise"),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.clinic_id is None

    @property
    def has_demonstration(self) -> bool:
        """Whether a drawn demonstration ships for this exercise (shared library only)."""
        return demonstrations.demonstration_for(self) is not None

    @property
    def demonstration_url(self) -> str:
        """Address of the animated demonstration, or '' when there is none."""
        if not self.has_demonstration:
            return ""
        return reverse("api:exercise-demonstration", args=[self.pk])

    def demonstration_url_for(self, dose) -> str:
        """Address of the animation paced by ``dose`` (a prescription's), or ''."""
        url = self.demonstration_url
        query = demonstrations.tempo_query(self, dose) if url else {}
        return f"{url}?{urlencode(query)}" if query else url

    @property
    def demonstration_stills_url(self) -> str:
        """Address of the start and end stills, or '' when there is none."""
        if not self.has_demonstration:
            return ""
        return reverse("api:exercise-demonstration-stills", args=[self.pk])

    def clean(self):
        super().clean()
        if self.harder_id is not None and self.harder_id == self.pk:
            raise ValidationError({"harder": _("An exercise cannot progress to itself.")})
        if self.kind == Kind.STRENGTHEN and self.resistance == Resistance.NONE:
            raise ValidationError(
                {"resistance": _("Say what a strengthening exercise is done against.")}
            )

    def caution_tag_labels(self) -> list[str]:
        return [str(CautionTag(code).label) for code in self.caution_tags]

    @property
    def demonstration_stills_width(self) -> int:
        """Width of the stills image, so the page keeps its place before it loads."""
        size = demonstrations.stills_dimensions(self)
        return size[0] if size else 0

    @property
    def demonstration_stills_height(self) -> int:
        size = demonstrations.stills_dimensions(self)
        return size[1] if size else 0

    def equipment_labels(self) -> list[str]:
        return [str(Equipment(code).label) for code in self.equipment if code in Equipment.values]


class MediaKind(models.TextChoices):
    PHOTO = media.PHOTO, _("Photo")
    VIDEO = media.VIDEO, _("Video")


MEDIA_ERRORS = {
    "empty": _("The file is empty."),
    "unknown_type": _("Attach a JPEG, PNG or WebP photo, or an MP4 or WebM video."),
    "photo_too_large": _("A photo may be at most %(limit)s MB."),
    "video_too_large": _("A video may be at most %(limit)s MB."),
    "video_too_long": _("A video may last at most %(limit)s seconds."),
    "unreadable_video": _("This MP4 file does not say how long it is; export it again."),
    "captions_not_webvtt": _("Captions must be a WebVTT track, starting with WEBVTT."),
    "captions_too_long": _("The captions are too long."),
}


def media_upload_to(instance, filename) -> str:
    """A random name under the clinic; the uploaded name is not kept."""
    return media.storage_name(instance.clinic_id, instance.extension)


class ExerciseMediaQuerySet(ClinicScopedQuerySet):
    """A clinic's photos and videos: its staff see all; a patient, those of their exercises."""

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.is_patient:
            prescribed = Exercise.objects.filter(
                prescribed_exercises__phase__prescription__patient_id=viewer.patient_id
            ).values("pk")
            return self.filter(clinic_id=viewer.clinic_id, exercise__in=prescribed)
        return super().visible_to(user)


class ExerciseMedia(models.Model):
    """A clinic's own photo or short video of an exercise: its own, or one of the shared library.

    Only the clinic's own staff, and its patients who were given the exercise, see it. The
    kind and type come from the file's content (``programs.media.detect``), never its name.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="exercise_media")
    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="clinic_media", verbose_name=_("exercise")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=MediaKind.choices, editable=False)
    file = models.FileField(
        _("photo or video"),
        upload_to=media_upload_to,
        max_length=200,
        help_text=_(
            "A JPEG, PNG or WebP photo (up to 5 MB) or an MP4 or WebM video (up to 40 MB)."
        ),
    )
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(editable=False)
    description = models.CharField(
        _("what it shows"),
        max_length=300,
        help_text=_("Read aloud to people who cannot see it, e.g. 'Therapist doing the stretch'."),
    )
    captions = models.TextField(
        _("captions (WebVTT)"),
        blank=True,
        help_text=_(
            "For a video: its captions as a WebVTT track. A video needs captions or a transcript."
        ),
    )
    transcript = models.TextField(_("transcript"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExerciseMediaQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.STAFF,
        "A clinic's own photos and videos of exercises: they may show a member of staff.",
    )

    class Meta:
        ordering = ["exercise", "created_at", "pk"]
        verbose_name = _("clinic photo or video")
        verbose_name_plural = _("clinic photos and videos")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MediaKind.values), name="exercise_media_kind"
            ),
            models.CheckConstraint(
                condition=Q(
                    content_type__in=[t for t, _e in media.PHOTO_TYPES.values()]
                    + ["video/mp4", "video/webm"]
                ),
                name="exercise_media_content_type",
            ),
            models.CheckConstraint(
                condition=Q(size__gte=1)
                & (
                    Q(kind=MediaKind.PHOTO, size__lte=media.PHOTO_MAX_BYTES)
                    | Q(kind=MediaKind.VIDEO, size__lte=media.VIDEO_MAX_BYTES)
                ),
                name="exercise_media_size",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MediaKind.VIDEO) | ~Q(captions="") | ~Q(transcript=""),
                name="exercise_media_video_captioned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} — {self.description}"

    @property
    def extension(self) -> str:
        return self._detected.extension if getattr(self, "_detected", None) else ""

    @property
    def is_video(self) -> bool:
        return self.kind == MediaKind.VIDEO

    @property
    def url(self) -> str:
        return reverse("api:exercise-media-file", args=[self.pk])

    @property
    def captions_url(self) -> str:
        if not self.captions:
            return ""
        return reverse("api:exercise-media-captions", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.exercise_id is not None
            and self.clinic_id is not None
            and self.exercise.clinic_id not in (None, self.clinic_id)
        ):
            errors["exercise"] = _("Choose a shared exercise or one of your clinic's own.")
        if self.file and not getattr(self.file, "_committed", True):
            try:
                self._detected = media.detect(self.file)
            except media.MediaError as refusal:
                errors["file"] = MEDIA_ERRORS[refusal.code] % refusal.params
            else:
                self.kind = self._detected.kind
                self.content_type = self._detected.content_type
                self.size = self._detected.size
        if self.captions:
            code = media.check_captions(self.captions)
            if code:
                errors["captions"] = MEDIA_ERRORS[code]
        if self.kind == MediaKind.VIDEO and not (self.captions or self.transcript):
            errors["captions"] = _("A video needs captions or a transcript.")
        if errors:
            raise ValidationError(errors)


@receiver(post_delete, sender=ExerciseMedia)
def _remove_stored_file(sender, instance, **kwargs):
    """Once the row is gone for good (one or many, from the admin or a cascade), so is its file."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class Protocol(models.Model):
    """A template program for a condition, made of ordered phases."""

    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="protocols",
        help_text=_("Empty for the shared templates."),
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=120, validators=[visible_text])
    condition = models.CharField(_("condition"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ProtocolQuerySet.as_manager()

    personal_data = PersonalData(Holds.NOTHING, "The protocol library: no one's data.")

    class Meta:
        ordering = ["name"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(clinic__isnull=True), name="protocol_shared_slug"
            ),
            models.UniqueConstraint(fields=["clinic", "slug"], name="protocol_clinic_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.clinic_id is None


class PhaseQuerySet(LibraryQuerySet):
    clinic_path = "protocol__clinic"


class PhaseExerciseQuerySet(LibraryQuerySet):
    clinic_path = "phase__protocol__clinic"


def weeks_label(week_start: int, week_end: int | None) -> str:
    """A phase's weeks in words: 'weeks 1-2', 'week 3', 'week 9 on'."""
    if week_end is None:
        return str(_("week %(n)s on")) % {"n": week_start}
    if week_end == week_start:
        return str(_("week %(n)s")) % {"n": week_start}
    return str(_("weeks %(a)s-%(b)s")) % {"a": week_start, "b": week_end}


class Phase(models.Model):
    """A stage of a protocol covering a range of weeks, with its own exercises."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=120, validators=[visible_text])
    week_start = models.PositiveSmallIntegerField(_("from week"))
    week_end = models.PositiveSmallIntegerField(
        _("to week"), null=True, blank=True, help_text=_("Empty means open-ended.")
    )
    advancement_criteria = models.TextField(_("ready to advance when"), blank=True)

    objects = PhaseQuerySet.as_manager()

    personal_data = PersonalData(Holds.NOTHING, "The protocol library: no one's data.")

    class Meta:
        ordering = ["protocol", "order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["protocol", "order"], name="phase_order_unique"),
            models.CheckConstraint(condition=Q(week_start__gte=1), name="phase_week_start"),
            models.CheckConstraint(
                condition=Q(week_end__isnull=True) | Q(week_end__gte=F("week_start")),
                name="phase_week_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weeks_label})"

    @property
    def weeks_label(self) -> str:
        return weeks_label(self.week_start, self.week_end)


class PhaseExercise(Dose):
    """An exercise in a template phase, with its dose and place in the session."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PhaseExerciseQuerySet.as_manager()

    personal_data = PersonalData(Holds.NOTHING, "The protocol library: no one's data.")

    class Meta:
        ordering = ["phase", "order"]
        verbose_name = _("phase exercise")
        verbose_name_plural = _("phase exercises")
        constraints = [
            models.UniqueConstraint(fields=["phase", "exercise"], name="phase_exercise_unique"),
            *dose_constraints("phase_exercise"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} — {self.dose_summary}"

"""Therapist admin for the library and protocol templates, scoped to the clinic."""

from django import forms
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clinic.admin_scoping import ClinicScopedAdmin, ScopedInline
from clinic.tenancy import viewer_for
from programs.forms import ExerciseForm
from programs.models import Exercise, ExerciseMedia, Phase, PhaseExercise, Protocol

DOSE_FIELDSET = (
    _("Default dose"),
    {
        "fields": (
            ("sets", "reps", "reps_max", "per_side"),
            ("hold_seconds", "hold_seconds_max", "duration_seconds"),
            ("passes", "rest_seconds", "load_note"),
            ("frequency", "days_per_week", "times_per_day"),
        )
    },
)


class SharedOrOwnFilter(admin.SimpleListFilter):
    title = _("library")
    parameter_name = "library"

    def lookups(self, request, model_admin):
        return [("shared", _("Shared library")), ("clinic", _("My clinic's own"))]

    def queryset(self, request, queryset):
        if self.value() == "shared":
            return queryset.filter(clinic__isnull=True)
        if self.value() == "clinic":
            return queryset.filter(clinic__isnull=False)
        return queryset


@admin.register(Exercise)
class ExerciseAdmin(ClinicScopedAdmin):
    list_display = [
        "demonstration_thumbnail",
        "name",
        "kind",
        "region",
        "dose_summary",
        "is_shared",
    ]
    list_display_links = ["name"]
    form = ExerciseForm
    readonly_fields = ["demonstration", "patient_preview"]
    list_filter = [SharedOrOwnFilter, "kind", "region", "frequency"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "kind",
                    "resistance",
                    "region",
                    "summary",
                    "demonstration",
                )
            },
        ),
        (
            _("How to do it"),
            {
                "fields": (
                    "target_muscles",
                    "equipment",
                    "steps",
                    "cautions",
                    "caution_tags",
                    "micro_break",
                    "variations",
                    "harder",
                )
            },
        ),
        (_("What the patient sees"), {"fields": ("patient_preview",)}),
        DOSE_FIELDSET,
        (_("Pictures and video"), {"fields": ("image", "video_url", "source")}),
    )

    @admin.display(boolean=True, description=_("shared"))
    def is_shared(self, obj):
        return obj.is_shared

    @admin.display(description=_("demonstration"))
    def demonstration_thumbnail(self, obj):
        if not obj.has_demonstration:
            return "—"
        return render_to_string(
            "programs/_demonstration_thumbnail.html", {"exercise": obj, "width": 96}
        )

    @admin.display(description=_("preview"))
    def patient_preview(self, obj):
        if obj.pk is None:
            return _("Save the exercise to see it as the patient will.")
        return render_to_string("programs/_exercise_preview.html", {"exercise": obj, "item": obj})

    @admin.display(description=_("demonstration"))
    def demonstration(self, obj):
        if obj.pk is None or not obj.has_demonstration:
            return _("No drawn demonstration: shared library exercises have one.")
        return render_to_string("programs/_demonstration.html", {"exercise": obj})


@admin.register(ExerciseMedia)
class ExerciseMediaAdmin(ClinicScopedAdmin):
    """The clinic's own photos and videos, on its own exercises or on top of shared ones."""

    list_display = ["exercise", "kind", "description", "size"]
    list_filter = ["kind"]
    search_fields = ["exercise__name", "description"]
    fields = ["exercise", "file", "preview", "description", "captions", "transcript"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return ["clinic", *fields] if viewer_for(request.user).is_superuser else fields

    def get_readonly_fields(self, request, obj=None):
        # A file is replaced by adding another and deleting this one: the row is its file.
        return ["preview", "file"] if obj is not None else ["preview"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        clinic_id = viewer_for(request.user).clinic_id

        class OwnClinicForm(form):
            # The clinic is known before validation, so the exercise can be checked against it.
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance.clinic_id is None and clinic_id is not None:
                    self.instance.clinic_id = clinic_id

        return OwnClinicForm

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.pk is None:
            return "—"
        return render_to_string("programs/_clinic_media.html", {"clinic_media": [obj]})


class PhaseExerciseInline(ScopedInline, admin.TabularInline):
    model = PhaseExercise
    extra = 0
    fields = [
        "order",
        "exercise",
        "sets",
        "reps",
        "reps_max",
        "per_side",
        "hold_seconds",
        "hold_seconds_max",
        "passes",
        "load_note",
        "frequency",
        "days_per_week",
        "times_per_day",
    ]
    ordering = ["order"]


class PhaseInlineFormSet(forms.BaseInlineFormSet):
    """Phases must follow one another: weeks ascending, never overlapping."""

    def clean(self):
        super().clean()
        phases = sorted(
            (
                form.cleaned_data
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            key=lambda data: data["order"],
        )
        for earlier, later in zip(phases, phases[1:], strict=False):
            if earlier.get("week_end") is None or later["week_start"] <= earlier["week_end"]:
                raise forms.ValidationError(
                    _("Phase “%(later)s” must start after “%(earlier)s” ends."),
                    params={"later": later["name"], "earlier": earlier["name"]},
                )


class PhaseInline(ScopedInline, admin.StackedInline):
    model = Phase
    formset = PhaseInlineFormSet
    extra = 0
    fields = [("order", "name"), ("week_start", "week_end"), "advancement_criteria"]
    ordering = ["order"]
    show_change_link = True


@admin.register(Protocol)
class ProtocolAdmin(ClinicScopedAdmin):
    list_display = ["name", "condition", "is_shared"]
    list_filter = [SharedOrOwnFilter]
    search_fields = ["name", "condition", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseInline]

    @admin.display(boolean=True, description=_("shared"))
    def is_shared(self, obj):
        return obj.is_shared

    @admin.display(description=_("demonstration"))
    def demonstration_thumbnail(self, obj):
        if not obj.has_demonstration:
            return "—"
        return render_to_string(
            "programs/_demonstration_thumbnail.html", {"exercise": obj, "width": 96}
        )

    @admin.display(description=_("preview"))
    def patient_preview(self, obj):
        if obj.pk is None:
            return _("Save the exercise to see it as the patient will.")
        return render_to_string("programs/_exercise_preview.html", {"exercise": obj, "item": obj})

    @admin.display(description=_("demonstration"))
    def demonstration(self, obj):
        if obj.pk is None or not obj.has_demonstration:
            return _("No drawn demonstration: shared library exercises have one.")
        return render_to_string("programs/_demonstration.html", {"exercise": obj})


@admin.register(Phase)
class PhaseAdmin(ClinicScopedAdmin):
    """A phase's exercises, edited on their own page (linked from the protocol)."""

    list_display = ["name", "protocol", "weeks_label"]
    list_filter = ["protocol"]
    search_fields = ["name", "protocol__name"]
    list_select_related = ["protocol"]
    owner_fields = ("protocol",)
    fields = ["protocol", ("order", "name"), ("week_start", "week_end"), "advancement_criteria"]
    inlines = [PhaseExerciseInline]

    def has_module_permission(self, request):
        return False

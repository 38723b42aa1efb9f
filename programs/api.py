"""API for the exercise library and protocol templates (read-only)."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from clinic.api import ScopedQuerysetMixin, StaffWritesPatientsRead
from clinic.api_lists import BooleanFilter
from programs.models import DOSE_FIELDS, Exercise, Kind, Phase, PhaseExercise, Protocol, Region


class ExerciseSerializer(serializers.ModelSerializer):
    shared = serializers.BooleanField(source="is_shared", read_only=True)
    dose_summary = serializers.CharField(read_only=True)

    class Meta:
        model = Exercise
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "region",
            "summary",
            "target_muscles",
            "equipment",
            "steps",
            "cautions",
            "variations",
            "video_url",
            "shared",
            *DOSE_FIELDS,
            "dose_summary",
        ]


class ExerciseFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    region = django_filters.ChoiceFilter(choices=Region.choices)
    shared = BooleanFilter(field_name="clinic", lookup_expr="isnull")

    class Meta:
        model = Exercise
        fields = ["kind", "region", "shared"]


class ExerciseViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """The exercise library: shared and clinic entries for staff; a patient's own exercises."""

    queryset_model = Exercise
    serializer_class = ExerciseSerializer
    permission_classes = [StaffWritesPatientsRead]
    filterset_class = ExerciseFilter
    ordering_fields = ["name", "kind"]

    def scope(self, queryset):
        return queryset.order_by("name", "id")


class PhaseExerciseSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    exercise_id = serializers.IntegerField(read_only=True)
    dose_summary = serializers.CharField(read_only=True)

    class Meta:
        model = PhaseExercise
        fields = ["order", "exercise_id", "exercise", *DOSE_FIELDS, "dose_summary"]


class PhaseSerializer(serializers.ModelSerializer):
    exercises = PhaseExerciseSerializer(many=True, read_only=True)

    class Meta:
        model = Phase
        fields = ["order", "name", "week_start", "week_end", "advancement_criteria", "exercises"]


class ProtocolSerializer(serializers.ModelSerializer):
    phases = PhaseSerializer(many=True, read_only=True)
    shared = serializers.BooleanField(source="is_shared", read_only=True)

    class Meta:
        model = Protocol
        fields = ["id", "slug", "name", "condition", "description", "shared", "phases"]


class ProtocolViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Protocol templates with their phases and doses."""

    queryset_model = Protocol
    serializer_class = ProtocolSerializer
    permission_classes = [StaffWritesPatientsRead]
    filterset_fields = ["slug"]
    ordering_fields = ["name"]

    def scope(self, queryset):
        return queryset.order_by("name", "id").prefetch_related(
            Prefetch(
                "phases",
                queryset=Phase.objects.order_by("order").prefetch_related(
                    Prefetch(
                        "exercises",
                        queryset=PhaseExercise.objects.select_related("exercise").order_by("order"),
                    )
                ),
            )
        )

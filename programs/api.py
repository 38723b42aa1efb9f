"""API for the exercise library and protocol templates (read-only)."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from clinic.api import (
    ERRORS,
    NEGOTIATION_ERRORS,
    ScopedQuerysetMixin,
    StaffWritesPatientsRead,
)
from clinic.api_lists import BooleanFilter
from programs import demonstrations
from programs.models import DOSE_FIELDS, Exercise, Kind, Phase, PhaseExercise, Protocol, Region


class ExerciseSerializer(serializers.ModelSerializer):
    shared = serializers.BooleanField(source="is_shared", read_only=True)
    dose_summary = serializers.CharField(read_only=True)
    demonstration_url = serializers.SerializerMethodField(
        help_text="Animated SVG of the exercise (image/svg+xml), or null when none is drawn."
    )
    demonstration_stills_url = serializers.SerializerMethodField(
        help_text="Start and end positions side by side (image/svg+xml), or null."
    )

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
            "demonstration_url",
            "demonstration_stills_url",
        ]

    def _absolute(self, path: str) -> str | None:
        if not path:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_demonstration_url(self, exercise) -> str | None:
        return self._absolute(exercise.demonstration_url)

    def get_demonstration_stills_url(self, exercise) -> str | None:
        return self._absolute(exercise.demonstration_stills_url)


class ExerciseFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    region = django_filters.ChoiceFilter(choices=Region.choices)
    shared = BooleanFilter(field_name="clinic", lookup_expr="isnull")

    class Meta:
        model = Exercise
        fields = ["kind", "region", "shared"]


class SVGRenderer(renderers.BaseRenderer):
    """A drawn SVG document as it is; an error answer is the API's usual JSON error body."""

    media_type = "image/svg+xml"
    format = "svg"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode()
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data)


# The drawing is SVG; its errors are the API's usual JSON bodies.
SVG_RESPONSES = {
    (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.BINARY),
    **{(code, "application/json"): ERRORS[code] for code in (401, 403, 404, 405, 429)},
    (406, "application/json"): NEGOTIATION_ERRORS[406],
}

# An SVG opened on its own is a document: it may run nothing and fetch nothing.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


class ExerciseViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """The exercise library: shared and clinic entries for staff; a patient's own exercises."""

    queryset_model = Exercise
    serializer_class = ExerciseSerializer
    permission_classes = [StaffWritesPatientsRead]
    filterset_class = ExerciseFilter
    ordering_fields = ["name", "kind"]

    def scope(self, queryset):
        return queryset.order_by("name", "id")

    def _svg(self, draw) -> Response:
        svg = draw(self.get_object())
        if svg is None:
            raise NotFound("This exercise has no drawn demonstration.")
        response = Response(svg)
        response["Cache-Control"] = "private, max-age=3600"
        response["Content-Security-Policy"] = SVG_POLICY
        return response

    @extend_schema(
        responses=SVG_RESPONSES,
        description="The exercise's looping animation: an SVG that moves by itself (SMIL).",
    )
    @action(
        detail=True,
        url_path="demonstration",
        url_name="demonstration",
        renderer_classes=[SVGRenderer],
        filter_backends=[],
    )
    def demonstration(self, request, pk=None):
        return self._svg(demonstrations.animation)

    @extend_schema(
        responses=SVG_RESPONSES,
        description="The start and end positions side by side, for print and reduced motion.",
    )
    @action(
        detail=True,
        url_path="demonstration/stills",
        url_name="demonstration-stills",
        renderer_classes=[SVGRenderer],
        filter_backends=[],
    )
    def demonstration_stills(self, request, pk=None):
        return self._svg(demonstrations.stills)


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

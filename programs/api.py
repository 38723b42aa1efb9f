"""API for the exercise library and protocol templates (read-only)."""

from types import SimpleNamespace

import django_filters
from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from clinic.api import (
    ERRORS,
    NEGOTIATION_ERRORS,
    ErrorSerializer,
    ScopedQuerysetMixin,
    StaffWritesPatientsRead,
)
from clinic.api_lists import BooleanFilter, check_query_params
from programs import demonstrations, media
from programs.models import (
    DOSE_FIELDS,
    Exercise,
    ExerciseMedia,
    Kind,
    Phase,
    PhaseExercise,
    Protocol,
    Region,
)


class ExerciseMediaSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The photo or video itself.")
    captions_url = serializers.SerializerMethodField(
        help_text="The video's captions (text/vtt), or null when it has none."
    )

    class Meta:
        model = ExerciseMedia
        fields = [
            "id",
            "kind",
            "content_type",
            "size",
            "description",
            "url",
            "captions_url",
            "transcript",
        ]

    def _absolute(self, path: str) -> str | None:
        if not path:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_url(self, item) -> str:
        return self._absolute(item.url)

    def get_captions_url(self, item) -> str | None:
        return self._absolute(item.captions_url)


class ExerciseSerializer(serializers.ModelSerializer):
    clinic_media = ExerciseMediaSerializer(
        many=True,
        read_only=True,
        help_text="The clinic's own photos and videos of this exercise (only the caller's clinic).",
    )
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
            "resistance",
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
            "clinic_media",
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
        queryset = queryset.order_by("name", "id")
        if self.action not in ("list", "retrieve"):
            return queryset  # the drawings need the exercise alone
        return queryset.prefetch_related(
            Prefetch("clinic_media", queryset=ExerciseMedia.objects.visible_to(self.request.user))
        )

    def _svg(self, draw) -> Response:
        svg = draw(self.get_object())
        return self._svg_response(svg)

    def _svg_response(self, svg) -> Response:
        if svg is None:
            raise NotFound("This exercise has no drawn demonstration.")
        response = Response(svg)
        response["Cache-Control"] = "private, max-age=3600"
        response["Content-Security-Policy"] = SVG_POLICY
        return response

    @extend_schema(
        responses={**SVG_RESPONSES, (400, "application/json"): ERRORS[400]},
        parameters=[
            OpenApiParameter(
                name,
                int,
                description=f"Pace the loop by this dose value instead of the exercise's"
                f" default (0: none; at most {maximum}).",
            )
            for name, maximum in demonstrations.TEMPO_FIELDS.items()
        ],
        description="The exercise's looping animation: an SVG that moves by itself (SMIL),"
        " paced by the exercise's dose or by the dose given (a prescription's).",
    )
    @action(
        detail=True,
        url_path="demonstration",
        url_name="demonstration",
        renderer_classes=[SVGRenderer],
        filter_backends=[],
    )
    def demonstration(self, request, pk=None):
        check_query_params(request, demonstrations.TEMPO_FIELDS)
        exercise = self.get_object()
        dose = SimpleNamespace(
            **{
                name: _tempo_value(request, name, maximum, getattr(exercise, name))
                for name, maximum in demonstrations.TEMPO_FIELDS.items()
            }
        )
        return self._svg_response(demonstrations.animation(exercise, dose))

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


def _tempo_value(request, name: str, maximum: int, default):
    """One dose value from the query (0 to ``maximum``; 0: none), else the default's."""
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdigit() or int(value) > maximum:
        raise ValidationError({name: [f"Give a whole number from 0 up to {maximum}."]})
    return int(value) or None


class MediaRenderer(renderers.BaseRenderer):
    """Whatever a stored file is (the view answers it as it is); errors as the usual JSON."""

    media_type = "*/*"
    format = "media"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data)


MEDIA_ERRORS = {
    **{(code, "application/json"): ERRORS[code] for code in (401, 403, 404, 405, 429)},
    (406, "application/json"): NEGOTIATION_ERRORS[406],
}
MEDIA_RESPONSES = {
    (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The whole file."),
    (206, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The range asked for."),
    (416, "application/json"): OpenApiResponse(
        ErrorSerializer, description="The range asked for starts beyond the file."
    ),
    **MEDIA_ERRORS,
}


class ExerciseMediaViewSet(ScopedQuerysetMixin, viewsets.GenericViewSet):
    """A clinic's own photos and videos: to its staff, and to its patients given the exercise."""

    queryset_model = ExerciseMedia
    permission_classes = [StaffWritesPatientsRead]
    renderer_classes = [MediaRenderer]
    filter_backends = []
    pagination_class = None

    @extend_schema(
        responses=MEDIA_RESPONSES,
        description="The photo or video, of its real type, private to the clinic; a video"
        " answers byte ranges (206) so a player can seek.",
    )
    @action(detail=True, url_path="file", url_name="file")
    def file(self, request, pk=None):
        item = self.get_object()
        return media.file_response(request, item.file, item.content_type, item.size)

    @extend_schema(
        responses={
            (200, "text/vtt"): OpenApiResponse(OpenApiTypes.STR),
            **MEDIA_ERRORS,
        },
        description="The video's captions as a WebVTT track.",
    )
    @action(detail=True, url_path="captions", url_name="captions")
    def captions(self, request, pk=None):
        item = self.get_object()
        if not item.captions:
            raise NotFound("This video has no captions.")
        return media.private(HttpResponse(item.captions, content_type="text/vtt; charset=utf-8"))


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

"""API for patients, assessments, prescriptions, today's exercises, sessions and alerts.

Every queryset comes from ``visible_to(request.user)`` (clinic.tenancy); every foreign key in
a request body is looked up in the caller's scoped rows, so an id of another clinic or
patient is "not found" rather than attached.
"""

import copy
import uuid

import django_filters
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.api import (
    ERRORS,
    ErrorSerializer,
    IsPatient,
    IsStaffMember,
    ScopedQuerysetMixin,
    StaffWritesPatientsRead,
    ViewerScopeMixin,
)
from clinic.api_lists import BooleanFilter, ScopedIdFilter
from clinic.models import User
from clinic.tenancy import viewer_for
from clinic.text import visible_text
from patients import selectors, services, texts
from patients.models import (
    Alert,
    AlertKind,
    Assessment,
    AssessmentMode,
    CautionOverride,
    Condition,
    ExerciseLog,
    PainCheckReason,
    Patient,
    PatientCondition,
    PrescribedExercise,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
    SessionLog,
    Symptom,
)
from patients.rules import limits
from patients.rules.codes import AlertCode, ReadinessCode
from patients.services import builder
from programs.models import DOSE_FIELDS, Exercise, Kind, Phase, Protocol
from programs.vocabulary import DOSE_BOUNDS


class NotYoursIsNotFound:
    """An id in a request body that the caller cannot see is a 404, as it is in a path.

    Another clinic's row and a row that does not exist get the same answer, wherever the id
    is sent.
    """

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if any(getattr(item, "code", None) == "does_not_exist" for item in error.detail):
                message = _("No such %(field)s.") % {"field": self.field_name}
                raise exceptions.NotFound(
                    {"detail": message, "errors": {self.field_name: [message]}}
                ) from None
            raise


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(NotYoursIsNotFound, serializers.PrimaryKeyRelatedField):
    """A foreign key in a request body, accepted only among the caller's visible rows."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class StaffField(NotYoursIsNotFound, serializers.PrimaryKeyRelatedField):
    """A therapist id: staff of the caller's clinic only."""

    def get_queryset(self):
        return User.objects.clinic_staff(self.context["request"].user)


# ---------------------------------------------------------------- patients


def caution_reason_field():
    """The therapist's reason to keep exercises the patient's conditions rule out."""
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=limits.CAUTION_REASON_MAX_LENGTH,
        help_text="Needed when an exercise conflicts with the patient's conditions (400 "
        "with one message per exercise under caution_reason otherwise); kept in the history.",
    )


class CautionOverrideSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    exercise_name = serializers.CharField(source="exercise.name", read_only=True)
    condition_label = serializers.CharField(source="get_condition_display", read_only=True)
    change = serializers.PrimaryKeyRelatedField(read_only=True)
    overridden_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = CautionOverride
        fields = [
            "id",
            "prescription",
            "change",
            "exercise",
            "exercise_name",
            "condition",
            "condition_label",
            "tags",
            "reason",
            "overridden_by",
            "overridden_at",
        ]
        read_only_fields = fields


class PatientConditionSerializer(serializers.ModelSerializer):
    condition = serializers.ChoiceField(choices=Condition.choices)
    label = serializers.CharField(source="get_condition_display", read_only=True)
    details = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.CONDITION_DETAILS_MAX_LENGTH
    )

    class Meta:
        model = PatientCondition
        fields = ["condition", "label", "details", "recorded_by", "recorded_at"]
        read_only_fields = ["label", "recorded_by", "recorded_at"]


class ConditionsSerializer(serializers.Serializer):
    conditions = PatientConditionSerializer(many=True)
    caution_overrides = CautionOverrideSerializer(many=True, read_only=True)

    def validate_conditions(self, value):
        codes = [item["condition"] for item in value]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Give each condition once."))
        return value


class PatientSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    primary_therapist = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Patient
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "primary_therapist",
            "date_of_birth",
            "phone",
            "is_active",
            "invited_at",
        ]
        read_only_fields = fields


class AdherenceSerializer(serializers.Serializer):
    scheduled = serializers.IntegerField()
    completed = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class AdherenceWindowsSerializer(serializers.Serializer):
    last_7_days = AdherenceSerializer()
    last_28_days = AdherenceSerializer()
    program = AdherenceSerializer()


class ExerciseAdherenceSerializer(serializers.Serializer):
    prescribed_exercise_id = serializers.IntegerField(source="item.pk")
    name = serializers.CharField(source="item.exercise.name")
    adherence = AdherenceSerializer()


class PainPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    week = serializers.IntegerField(help_text="Program week, counted from the start date.")
    before = serializers.IntegerField()
    after = serializers.IntegerField()


class WeeklyPainSerializer(serializers.Serializer):
    week = serializers.IntegerField()
    mean_before = serializers.FloatField()
    mean_after = serializers.FloatField()
    sessions = serializers.IntegerField()


#: The codes as API choices (named in the schema by SPECTACULAR_SETTINGS).
ALERT_CODES = [(code.value, code.value) for code in AlertCode]
READINESS_CODES = [(code.value, code.value) for code in ReadinessCode]
PARAMS_HELP = (
    "The values the sentence shows, by name (numbers, ISO dates, codes); "
    "which names a code carries is listed with the code in patients/rules/codes.py."
)


@extend_schema_field({"type": "object", "additionalProperties": True})
class ParamsField(serializers.JSONField):
    """A code's parameters: a JSON object of plain values."""


class FindingSerializer(serializers.Serializer):
    """A readiness criterion as its code, its parameters and its sentence."""

    code = serializers.ChoiceField(choices=READINESS_CODES)
    params = ParamsField(help_text=PARAMS_HELP)
    message = serializers.SerializerMethodField(
        help_text="The sentence, in the request's language."
    )

    def get_message(self, finding) -> str:
        return texts.finding_text(finding)


class ReadinessSerializer(serializers.Serializer):
    ready = serializers.BooleanField()
    reasons = serializers.SerializerMethodField(help_text="The criteria met, as sentences.")
    blockers = serializers.SerializerMethodField(help_text="The criteria not met, as sentences.")
    reason_details = FindingSerializer(
        source="reasons", many=True, help_text="The criteria met, in the order of `reasons`."
    )
    blocker_details = FindingSerializer(
        source="blockers",
        many=True,
        help_text="The criteria not met, in the order of `blockers`.",
    )

    def get_reasons(self, readiness) -> list[str]:
        return [texts.finding_text(finding) for finding in readiness.reasons]

    def get_blockers(self, readiness) -> list[str]:
        return [texts.finding_text(finding) for finding in readiness.blockers]


class AlertTextMixin(serializers.Serializer):
    """An alert's code and parameters, and its sentence rendered for the request's language."""

    code = serializers.ChoiceField(
        choices=ALERT_CODES,
        allow_blank=True,
        help_text="Empty for an alert raised before alerts kept a code (message only).",
    )
    params = ParamsField(help_text=PARAMS_HELP)
    message = serializers.SerializerMethodField(
        help_text="The sentence, in the request's language."
    )

    def get_message(self, alert) -> str:
        return texts.alert_text(alert)


class PhaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    week_start = serializers.IntegerField()
    week_end = serializers.IntegerField(allow_null=True)
    started_on = serializers.DateField(allow_null=True)


class ProgressAlertSerializer(AlertTextMixin):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AlertKind.choices)
    raised_at = serializers.DateTimeField()


class OwnProgressSerializer(serializers.Serializer):
    """A patient's progress as their own progress page shows it, and nothing more."""

    patient_id = serializers.IntegerField(source="patient.pk")
    prescription_id = serializers.IntegerField(source="prescription.pk", allow_null=True)
    program = serializers.CharField(source="prescription.name", allow_null=True)
    phase = PhaseSummarySerializer(allow_null=True)
    next_phase = PhaseSummarySerializer(allow_null=True)
    week = serializers.IntegerField(allow_null=True)
    adherence = AdherenceWindowsSerializer(allow_null=True)
    streak = serializers.IntegerField()
    baseline_pain = serializers.IntegerField(allow_null=True)
    latest_pain = serializers.IntegerField(allow_null=True)
    pain_change = serializers.IntegerField(allow_null=True)
    pain_series = PainPointSerializer(many=True)
    weekly_pain = WeeklyPainSerializer(many=True)


class ProgressSerializer(OwnProgressSerializer):
    """Staff see more: per-exercise adherence, readiness to advance and the open alerts.

    Those three are absent when the patient asks (not required in the schema for that reason).
    """

    exercise_adherence = ExerciseAdherenceSerializer(
        many=True, required=False, help_text="Staff only."
    )
    readiness = ReadinessSerializer(allow_null=True, required=False, help_text="Staff only.")
    open_alerts = ProgressAlertSerializer(many=True, required=False, help_text="Staff only.")


class NewPatientSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150, validators=[visible_text])
    last_name = serializers.CharField(max_length=150, validators=[visible_text])
    primary_therapist = StaffField()
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


def patients_of(user):
    return Patient.objects.visible_to(user)


def prescriptions_of(user):
    return Prescription.objects.visible_to(user)


def staff_of(user):
    return User.objects.clinic_staff(user)


def protocols_of(user):
    return Protocol.objects.visible_to(user)


class PatientFilter(django_filters.FilterSet):
    primary_therapist = ScopedIdFilter(staff_of)
    is_active = BooleanFilter()
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = Patient
        fields = ["primary_therapist", "is_active"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(user__last_name__icontains=value) | queryset.filter(
            user__first_name__icontains=value
        )


class PatientViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The clinic's patients (staff only). Creating one emails an invitation link."""

    queryset_model = Patient
    serializer_class = PatientSerializer
    permission_classes = [IsStaffMember]
    filterset_class = PatientFilter
    ordering_fields = ["user__last_name", "date_of_birth", "invited_at"]

    def scope(self, queryset):
        return queryset.select_related("user", "clinic").order_by("user__last_name", "id")

    def get_permissions(self):
        if self.action == "progress":
            # A patient reads their own progress; the scoped queryset hides everyone else.
            return [StaffWritesPatientsRead()]
        return super().get_permissions()

    @extend_schema(responses={200: ProgressSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """Adherence (7/28 days, whole program), streak, pain series and phase; for staff also
        per-exercise adherence, readiness and open alerts.

        A patient reading their own progress gets what their progress page shows: no alert
        texts and no readiness reasons or blockers, which are for their therapist.
        """
        progress = selectors.patient_progress(self.get_object(), with_sessions=False)
        viewer = viewer_for(request.user)
        if viewer.is_staff_member or viewer.is_superuser:
            return Response(ProgressSerializer(progress).data)
        return Response(OwnProgressSerializer(progress).data)

    @extend_schema(methods=["GET"], request=None, responses={200: ConditionsSerializer, **ERRORS})
    @extend_schema(
        methods=["PUT"],
        request=ConditionsSerializer,
        responses={200: ConditionsSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "put"])
    def conditions(self, request, pk=None):
        """The patient's conditions and precautions, and the exercises kept despite them.

        PUT replaces the whole set (``other`` needs its details). Every program change is
        screened against these (400 with ``caution_reason`` messages unless overridden).
        """
        patient = self.get_object()
        if request.method == "PUT":
            incoming = ConditionsSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            services.set_conditions(
                patient=patient,
                conditions={
                    item["condition"]: item.get("details", "")
                    for item in incoming.validated_data["conditions"]
                },
                by=request.user,
            )
        overrides = CautionOverride.objects.filter(prescription__patient=patient)
        return Response(
            ConditionsSerializer(
                {
                    "conditions": PatientCondition.objects.filter(patient=patient),
                    "caution_overrides": overrides.select_related("exercise"),
                }
            ).data
        )

    @extend_schema(request=NewPatientSerializer, responses={201: PatientSerializer, **ERRORS})
    def create(self, request):
        incoming = NewPatientSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        patient = services.create_patient(clinic_id=viewer_for(request.user).clinic_id, **data)
        return Response(PatientSerializer(patient).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            200: PatientSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description="The patient has no program to open yet."
            ),
            **ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def invitation(self, request, pk=None):
        """Email the patient the link to set a password (again), once they have a program."""
        patient = self.get_object()
        services.send_invitation(patient=patient, by=request.user, base_url=settings.SITE_URL)
        return Response(PatientSerializer(self.get_queryset().get(pk=patient.pk)).data)


# ---------------------------------------------------------------- assessments


class AssessmentSerializer(serializers.ModelSerializer):
    patient = ScopedPrimaryKeyField(Patient)
    therapist = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "patient",
            "therapist",
            "assessed_on",
            "mode",
            "problem_areas",
            "findings",
            "baseline_pain",
            "red_flag_numbness",
            "red_flag_sharp_pain",
            "red_flag_trauma",
            "red_flag_persistent",
            "red_flag_notes",
            "plan",
            "consent_given",
            "consent_given_by",
            "consent_given_at",
        ]
        extra_kwargs = {
            "consent_given_at": {"help_text": "When consent was given (2000 or later)."}
        }

    def validate_consent_given_at(self, value):
        # Before standard time zones, local time was offset by odd seconds (Toronto: -05:17:32),
        # which an RFC 3339 date-time (the documented format of the answer) cannot express.
        if value is not None and value.year < 2000:
            raise serializers.ValidationError("Give a date and time from the year 2000 on.")
        return value

    def validate(self, data):
        if "assessed_on" in data and "patient" in data:
            services.check_assessed_on(data["assessed_on"], data["patient"].clinic)
        if data.get("consent_given") and not (
            data.get("consent_given_by") and data.get("consent_given_at")
        ):
            raise serializers.ValidationError(
                {"consent_given": "Say who gave consent and when (consent_given_by/_at)."}
            )
        return data


class AssessmentFilter(django_filters.FilterSet):
    patient = ScopedIdFilter(patients_of)
    mode = django_filters.ChoiceFilter(choices=AssessmentMode.choices)

    class Meta:
        model = Assessment
        fields = ["patient", "mode"]


class AssessmentViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Assessments: staff record them; a patient reads their own."""

    queryset_model = Assessment
    serializer_class = AssessmentSerializer
    permission_classes = [StaffWritesPatientsRead]
    filterset_class = AssessmentFilter
    ordering_fields = ["assessed_on"]

    def scope(self, queryset):
        return queryset.order_by("-assessed_on", "-id")

    def perform_create(self, serializer):
        patient = serializer.validated_data["patient"]
        if not Patient.objects.written_by(self.request.user).filter(pk=patient.pk).exists():
            raise exceptions.PermissionDenied(
                _("Only the patient's therapist records their assessments.")
            )
        with transaction.atomic():
            assessment = serializer.save(clinic_id=patient.clinic_id, therapist=self.request.user)
            services.portal_changed(patient_id=patient.pk)  # the dashboard's baseline
            services.assessment_recorded(assessment)


# ---------------------------------------------------------------- prescriptions


class PrescribedExerciseSerializer(serializers.ModelSerializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    exercise_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="exercise.name", read_only=True)
    kind = serializers.CharField(source="exercise.kind", read_only=True)
    dose_summary = serializers.CharField(read_only=True)
    held_since = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Marked as hurting on this day: off the program until a therapist reviews it.",
    )

    class Meta:
        model = PrescribedExercise
        fields = ["id", "order", "exercise_id", "exercise", "name", "kind", *DOSE_FIELDS]
        fields += ["dose_summary", "held_since"]
        read_only_fields = ["id", "order", "exercise_id", "exercise", "name", "kind"]


class PrescribedPhaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    week_start = serializers.IntegerField()
    week_end = serializers.IntegerField(allow_null=True)
    started_on = serializers.DateField(allow_null=True)
    advancement_criteria = serializers.CharField()
    exercises = PrescribedExerciseSerializer(many=True)


class ChangeSerializer(serializers.ModelSerializer):
    """One entry of a program's history: who changed what, when (and why, in ``details``)."""

    class Meta:
        model = PrescriptionChange
        fields = ["changed_at", "changed_by", "summary", "details"]
        read_only_fields = fields


class PrescriptionSerializer(serializers.ModelSerializer):
    phases = PrescribedPhaseSerializer(many=True, read_only=True)
    caution_overrides = CautionOverrideSerializer(many=True, read_only=True)
    history = ChangeSerializer(source="changes", many=True, read_only=True)

    class Meta:
        model = Prescription
        fields = [
            "id",
            "patient",
            "therapist",
            "protocol",
            "name",
            "start_date",
            "status",
            "hold_reason",
            "current_phase",
            "version",
            "phases",
            "caution_overrides",
            "history",
        ]
        read_only_fields = fields


class NewPrescriptionSerializer(serializers.Serializer):
    patient = ScopedPrimaryKeyField(Patient)
    protocol = ScopedPrimaryKeyField(Protocol)
    therapist = StaffField(required=False)
    start_date = serializers.DateField(
        help_text=f"Within {limits.START_DATE_DAYS_BACK} days before or "
        f"{limits.START_DATE_DAYS_AHEAD} days after the clinic's today."
    )
    caution_reason = caution_reason_field()

    def validate(self, data):
        services.check_start_date(data["start_date"], data["patient"].clinic)
        return data


class ReviewSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=limits.REASON_MAX_LENGTH,
        help_text="What the review of the red flag found, and why the patient can go on.",
    )


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PrescriptionStatus.choices)
    caution_reason = caution_reason_field()


class HoldReviewSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=services.REVIEW_NOTE_MAX_LENGTH
    )


class DoseChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PrescribedExercise
        fields = list(DOSE_FIELDS)
        extra_kwargs = {name: {"required": False} for name in DOSE_FIELDS}


class NewPrescribedExerciseSerializer(DoseChangeSerializer):
    """A library exercise for one phase of the program; dose fields given override its
    library dose."""

    phase = serializers.IntegerField(help_text="A phase of this prescription.")
    exercise = ScopedPrimaryKeyField(Exercise)
    override_reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    class Meta(DoseChangeSerializer.Meta):
        fields = ["phase", "exercise", "override_reason", *DOSE_FIELDS]
        validators = []  # the service checks the phase and that the exercise is new to it

    def validate(self, data):
        # The dose is checked whole (library dose and these values) by the service.
        return data


class ExerciseChangeSerializer(serializers.Serializer):
    """One kind of change: dose fields, ``order``, ``exercise`` (swap) or ``step``."""

    exercise = ScopedPrimaryKeyField(Exercise, required=False)
    order = serializers.IntegerField(min_value=1, required=False)
    step = serializers.ChoiceField(choices=["harder", "easier"], required=False)
    to_exercise = ScopedPrimaryKeyField(
        Exercise, required=False, help_text="Which easier variant, when there are several."
    )
    override_reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in DoseChangeSerializer().fields.items():
            self.fields[name] = copy.deepcopy(field)

    def validate(self, data):
        kinds = [k for k in ("exercise", "order", "step") if k in data]
        dose = [name for name in data if name in DOSE_FIELDS]
        if len(kinds) + bool(dose) != 1:
            raise serializers.ValidationError(
                _("Send one change: dose fields, order, exercise or step.")
            )
        if "to_exercise" in data and "step" not in data:
            raise serializers.ValidationError({"to_exercise": _("Only with step.")})
        return data


class NewPhaseSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    week_start = serializers.IntegerField(min_value=1, max_value=104, required=False)
    week_end = serializers.IntegerField(min_value=1, max_value=104, required=False, allow_null=True)
    advancement_criteria = serializers.CharField(required=False, allow_blank=True)
    protocol = ScopedPrimaryKeyField(Protocol, required=False)
    protocol_phase = ScopedPrimaryKeyField(Phase, required=False)
    into_phase = serializers.IntegerField(required=False, help_text="A phase of this program.")
    override_reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, data):
        if data.get("protocol") is None and not (data.get("name") and data.get("week_start")):
            raise serializers.ValidationError(
                _("Send a name and week_start for a new phase, or a protocol to add from.")
            )
        phase = data.get("protocol_phase")
        if phase is not None and phase.protocol_id != getattr(data.get("protocol"), "pk", None):
            raise serializers.ValidationError({"protocol_phase": _("Not a phase of protocol.")})
        return data


class SaveAsProtocolSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    condition = serializers.CharField(max_length=120, required=False, allow_blank=True)


class SavedProtocolSerializer(serializers.ModelSerializer):
    class Meta:
        model = Protocol
        fields = ["id", "slug", "name", "condition"]


class PrescriptionFilter(django_filters.FilterSet):
    patient = ScopedIdFilter(patients_of)
    status = django_filters.ChoiceFilter(choices=PrescriptionStatus.choices)
    protocol = ScopedIdFilter(protocols_of)
    therapist = ScopedIdFilter(staff_of)

    class Meta:
        model = Prescription
        fields = ["patient", "status", "protocol", "therapist"]


class PrescriptionViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Prescriptions: staff assign protocols and adjust them; a patient reads their own."""

    queryset_model = Prescription
    serializer_class = PrescriptionSerializer
    permission_classes = [StaffWritesPatientsRead]
    filterset_class = PrescriptionFilter
    ordering_fields = ["start_date", "name"]

    def scope(self, queryset):
        overrides = CautionOverride.objects.select_related("exercise").order_by("id")
        return (
            selectors.prescriptions_with_plan(queryset)
            .prefetch_related(
                Prefetch("caution_overrides", queryset=overrides),
                Prefetch(
                    "changes", queryset=PrescriptionChange.objects.order_by("changed_at", "id")
                ),
            )
            .order_by("-start_date", "-id")
        )

    @extend_schema(
        request=NewPrescriptionSerializer,
        responses={
            201: PrescriptionSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description="The patient already follows this protocol."
            ),
            **ERRORS,
        },
    )
    def create(self, request):
        incoming = NewPrescriptionSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        prescription = services.prescribe(
            patient=data["patient"],
            protocol=data["protocol"],
            therapist=data.get("therapist") or request.user,
            start_date=data["start_date"],
            by=request.user,
            caution_reason=data.get("caution_reason", ""),
        )
        fresh = self.get_queryset().get(pk=prescription.pk)
        return Response(PrescriptionSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StatusSerializer,
        responses={
            200: PrescriptionSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="Not a move the status allows (active → paused or completed, "
                "paused → active or completed; completed is final), or another prescription "
                "of the protocol is active.",
            ),
            **ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Pause, resume or complete the prescription."""
        prescription = self.get_object()
        incoming = StatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.set_status(
            prescription=prescription,
            status=incoming.validated_data["status"],
            by=request.user,
            caution_reason=incoming.validated_data.get("caution_reason", ""),
        )
        return Response(PrescriptionSerializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(
        request=ReviewSerializer,
        responses={
            200: PrescriptionSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="The program is not paused for review, or another one is active.",
            ),
            **ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Resume a program a red flag paused, recording the therapist's review (who, when, why)."""
        prescription = self.get_object()
        incoming = ReviewSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.resume_after_review(
            prescription=prescription, reason=incoming.validated_data["reason"], by=request.user
        )
        return Response(PrescriptionSerializer(self.get_queryset().get(pk=pk)).data)

    def _item(self, prescription, exercise_pk) -> PrescribedExercise:
        item = (
            PrescribedExercise.objects.filter(pk=exercise_pk, phase__prescription=prescription)
            .select_related("exercise")
            .first()
        )
        if item is None:
            raise exceptions.NotFound("No such exercise in this prescription.")
        return item

    def _fresh_item(self, item_id) -> PrescribedExercise:
        return PrescribedExercise.objects.select_related("exercise").get(pk=item_id)

    @extend_schema(
        request=NewPrescribedExerciseSerializer,
        responses={201: PrescribedExerciseSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="exercises", url_name="exercises")
    def add_exercise(self, request, pk=None):
        """Add a library exercise to one phase, with its library dose or the dose given."""
        prescription = self.get_object()
        incoming = NewPrescribedExerciseSerializer(
            data=request.data, context={"request": request, "prescription": prescription}
        )
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        item = builder.add_exercise(
            prescription=prescription,
            phase_id=data.pop("phase"),
            exercise=data.pop("exercise"),
            override_reason=data.pop("override_reason", ""),
            dose=data,
            by=request.user,
        )
        body = PrescribedExerciseSerializer(self._fresh_item(item.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ExerciseChangeSerializer,
        responses={200: PrescribedExerciseSerializer, **ERRORS},
        parameters=[OpenApiParameter("exercise_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["patch"], url_path=r"exercises/(?P<exercise_pk>\d+)")
    def change_dose(self, request, pk=None, exercise_pk=None):
        """Change one exercise of the program: its dose, its place in the phase (``order``),
        another library exercise in its place (``exercise``), or its harder or easier variant
        (``step``). One kind of change per request; each is kept in the history."""
        prescription = self.get_object()
        item = self._item(prescription, exercise_pk)
        incoming = ExerciseChangeSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        reason = data.pop("override_reason", "")
        common = {"prescription": prescription, "item_id": item.pk, "by": request.user}
        if "exercise" in data:
            item = builder.swap_exercise(
                exercise=data["exercise"], override_reason=reason, **common
            )
        elif "order" in data:
            item = builder.move_exercise(position=data["order"], **common)
        elif "step" in data:
            item = builder.step_exercise(
                harder=data["step"] == "harder",
                to_exercise=data.get("to_exercise"),
                override_reason=reason,
                **common,
            )
        else:
            item = services.change_dose(
                prescribed_exercise=item, changes=data, by=request.user, caution_reason=reason
            )
        return Response(PrescribedExerciseSerializer(self._fresh_item(item.pk)).data)

    @extend_schema(
        responses={204: None, **ERRORS},
        parameters=[OpenApiParameter("exercise_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    @change_dose.mapping.delete
    def remove_exercise(self, request, pk=None, exercise_pk=None):
        """Take an exercise out of the program (the sessions that logged it keep it)."""
        prescription = self.get_object()
        item = self._item(prescription, exercise_pk)
        builder.remove_exercise(prescription=prescription, item_id=item.pk, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=NewPhaseSerializer,
        responses={201: PrescriptionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="phases", url_name="phases")
    def add_phase(self, request, pk=None):
        """Add a phase after the last one: an empty one (``name``, weeks), or another
        protocol's phases (``protocol``, optionally only ``protocol_phase``); with
        ``into_phase``, that protocol phase's exercises join a phase of this program."""
        prescription = self.get_object()
        incoming = NewPhaseSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if data.get("protocol") is not None:
            phase = data.get("protocol_phase")
            builder.add_protocol_phases(
                prescription=prescription,
                protocol=data["protocol"],
                phase_id=phase.pk if phase else None,
                into_phase_id=data.get("into_phase"),
                override_reason=data.get("override_reason", ""),
                by=request.user,
            )
        else:
            builder.add_phase(
                prescription=prescription,
                name=data["name"],
                week_start=data["week_start"],
                week_end=data.get("week_end"),
                advancement_criteria=data.get("advancement_criteria", ""),
                by=request.user,
            )
        fresh = self.get_queryset().get(pk=prescription.pk)
        return Response(PrescriptionSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SaveAsProtocolSerializer,
        responses={201: SavedProtocolSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="save-as-protocol", url_name="save-as-protocol")
    def save_as_protocol(self, request, pk=None):
        """Turn this tailored program into a protocol of the clinic's own library."""
        prescription = self.get_object()
        incoming = SaveAsProtocolSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        protocol = builder.save_as_protocol(
            prescription=prescription, by=request.user, **incoming.validated_data
        )
        return Response(SavedProtocolSerializer(protocol).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=HoldReviewSerializer,
        responses={
            200: PrescribedExerciseSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The exercise is not on hold."),
            **ERRORS,
        },
        parameters=[OpenApiParameter("exercise_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"exercises/(?P<exercise_pk>\d+)/review-hold",
    )
    def review_hold(self, request, pk=None, exercise_pk=None):
        """The therapist reviewed an exercise held after it hurt: it is due again from today."""
        prescription = self.get_object()
        item = PrescribedExercise.objects.filter(
            pk=exercise_pk, phase__prescription=prescription
        ).first()
        if item is None:
            raise exceptions.NotFound("No such exercise in this prescription.")
        incoming = HoldReviewSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        reviewed = services.review_hold(
            prescribed_exercise=item, by=request.user, note=incoming.validated_data.get("note", "")
        )
        return Response(PrescribedExerciseSerializer(reviewed).data)


# ---------------------------------------------------------------- today


class TodayExerciseSerializer(serializers.Serializer):
    prescribed_exercise_id = serializers.IntegerField(source="item.pk")
    exercise_id = serializers.IntegerField(source="item.exercise_id")
    name = serializers.CharField(source="item.exercise.name")
    kind = serializers.ChoiceField(source="item.exercise.kind", choices=Kind.choices)
    dose_summary = serializers.CharField(source="item.dose_summary")
    times_per_day = serializers.IntegerField(
        min_value=DOSE_BOUNDS["times_per_day"][0], max_value=DOSE_BOUNDS["times_per_day"][1]
    )
    done_today = serializers.IntegerField()


class TodaySerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    prescription_id = serializers.IntegerField(source="prescription.pk", allow_null=True)
    program = serializers.CharField(source="prescription.name", allow_null=True)
    phase = serializers.CharField(source="phase.name", allow_null=True)
    week = serializers.IntegerField(allow_null=True)
    rest_day_after_pain = serializers.BooleanField()
    paused_for_review = serializers.BooleanField(
        help_text="A red flag paused the program: stop and contact the clinic (clinic_phone)."
    )
    clinic_phone = serializers.SerializerMethodField(help_text="The clinic's phone number.")
    exercises = TodayExerciseSerializer(source="due", many=True)

    def get_clinic_phone(self, page) -> str:
        return self.context["clinic"].phone


class TodayView(ViewerScopeMixin, APIView):
    """The exercises due today for the calling patient, in session order."""

    permission_classes = [IsPatient]

    @extend_schema(responses={200: TodaySerializer, **ERRORS})
    def get(self, request):
        patient = Patient.objects.select_related("clinic").get(pk=request.viewer.patient_id)
        page = selectors.today_page(patient)
        if page.prescription is None:
            data = {
                "date": page.day,
                "prescription_id": None,
                "program": None,
                "phase": None,
                "week": None,
                "rest_day_after_pain": False,
                "paused_for_review": page.paused_for_review,
                "clinic_phone": patient.clinic.phone,
                "exercises": [],
            }
            return Response(data)
        return Response(TodaySerializer(page, context={"clinic": patient.clinic}).data)


# ---------------------------------------------------------------- sessions


class ExerciseLogSerializer(serializers.ModelSerializer):
    prescribed_exercise = serializers.IntegerField(source="prescribed_exercise_id")

    class Meta:
        model = ExerciseLog
        fields = [
            "prescribed_exercise",
            "done",
            "sets_done",
            "reps_done",
            "hold_seconds_done",
            "good_form",
            "painful",
        ]


class SessionSerializer(serializers.ModelSerializer):
    # The exercise logs prefetched into a list (SessionViewSet.scope), or those just saved.
    exercises = ExerciseLogSerializer(source="logged_exercises", many=True, read_only=True)
    symptoms = serializers.ListField(child=serializers.ChoiceField(choices=Symptom.choices))
    stopped_at_check = serializers.ChoiceField(
        choices=PainCheckReason.choices,
        allow_blank=True,
        read_only=True,
        help_text="Why the session stopped at the pain check before its first exercise "
        "(empty when it did not); such a session logs no exercise.",
    )

    class Meta:
        model = SessionLog
        fields = [
            "id",
            "patient",
            "prescription",
            "phase",
            "performed_on",
            "logged_at",
            "pain_before",
            "pain_after",
            "effort",
            "symptoms",
            "red_flag",
            "stopped_at_check",
            "note",
            "exercises",
        ]
        read_only_fields = fields


class ExerciseEntrySerializer(serializers.Serializer):
    prescribed_exercise = serializers.IntegerField(min_value=1, source="prescribed_exercise_id")
    done = serializers.BooleanField()
    sets_done = serializers.IntegerField(
        min_value=0, max_value=limits.SETS_DONE_MAX, required=False, allow_null=True
    )
    reps_done = serializers.IntegerField(
        min_value=0, max_value=limits.REPS_DONE_MAX, required=False, allow_null=True
    )
    hold_seconds_done = serializers.IntegerField(
        min_value=0, max_value=3600, required=False, allow_null=True
    )
    good_form = serializers.BooleanField(required=False, allow_null=True, default=None)
    painful = serializers.BooleanField(required=False, default=False)


class NewSessionSerializer(serializers.Serializer):
    prescription = serializers.IntegerField(min_value=1)
    performed_on = serializers.DateField(
        required=False, help_text="The day of the session (YYYY-MM-DD); today by default."
    )
    pain_before = serializers.IntegerField(min_value=limits.SCALE_MIN, max_value=limits.SCALE_MAX)
    pain_after = serializers.IntegerField(min_value=limits.SCALE_MIN, max_value=limits.SCALE_MAX)
    effort = serializers.IntegerField(
        min_value=limits.SCALE_MIN, max_value=limits.SCALE_MAX, required=False, allow_null=True
    )
    symptoms = serializers.ListField(
        child=serializers.ChoiceField(choices=Symptom.choices), required=False, max_length=10
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.SESSION_NOTE_MAX_LENGTH
    )
    # A ListField, not many=True: the schema then shows the list's bounds (minItems, maxItems).
    exercises = serializers.ListField(
        child=ExerciseEntrySerializer(), allow_empty=False, min_length=1, max_length=60
    )


# django-filter resolves the model fields of a FilterSet when the class is made, at import,
# where no clinic scope is open; the choices themselves are read per request, scoped.
class SessionFilter(django_filters.FilterSet):
    patient = ScopedIdFilter(patients_of)
    prescription = ScopedIdFilter(prescriptions_of)
    red_flag = BooleanFilter()
    date_from = django_filters.DateFilter(field_name="performed_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="performed_on", lookup_expr="lte")

    class Meta:
        model = SessionLog
        fields = ["patient", "prescription", "red_flag"]


IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    required=True,
    description="A UUID made by the client. Sending the same key again returns the first "
    "session (200) instead of creating a second one.",
)


class SessionViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Session logs: a patient logs and lists their own; staff list their clinic's."""

    queryset_model = SessionLog
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["performed_on", "pain_after"]

    def scope(self, queryset):
        return queryset.prefetch_related(
            Prefetch("exercise_logs", to_attr="logged_exercises")
        ).order_by("-performed_on", "-id")

    def get_permissions(self):
        if self.action == "create":
            return [IsPatient()]
        return [StaffWritesPatientsRead()]

    @extend_schema(
        request=NewSessionSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: SessionSerializer,
            200: OpenApiResponse(SessionSerializer, description="Replay of the same key."),
            409: OpenApiResponse(
                ErrorSerializer,
                description="Same key still being processed, or the program is paused or finished.",
            ),
            422: OpenApiResponse(ErrorSerializer, description="Same key, different session."),
            **ERRORS,
        },
    )
    def create(self, request):
        try:
            key = uuid.UUID(request.headers.get("Idempotency-Key", ""))
        except ValueError:
            raise exceptions.ValidationError(
                {"Idempotency-Key": ["Send a UUID in the Idempotency-Key header."]}
            ) from None
        patient = request.user.patient_profile  # loaded with the token, with its clinic
        incoming = NewSessionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        report = services.session_report(
            prescription_id=data["prescription"],
            performed_on=data.get("performed_on") or selectors.clinic_today(patient.clinic),
            pain_before=data["pain_before"],
            pain_after=data["pain_after"],
            effort=data.get("effort"),
            symptoms=data.get("symptoms", ()),
            note=data.get("note", ""),
            entries=data["exercises"],
        )
        try:
            session, created = services.log_session(
                patient=patient, report=report, idempotency_key=key
            )
        except services.SessionInFlight:
            return Response(
                {"detail": "A session with this Idempotency-Key is still being saved."},
                status=status.HTTP_409_CONFLICT,
            )
        except services.IdempotencyConflict:
            return Response(
                {"detail": "This Idempotency-Key was already used for a different session."},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        if not created:
            session = self.scope(SessionLog.objects.filter(pk=session.pk)).get()
        return Response(
            SessionSerializer(session).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


# ---------------------------------------------------------------- alerts


class AlertSerializer(AlertTextMixin, serializers.ModelSerializer):
    class Meta:
        model = Alert
        fields = [
            "id",
            "patient",
            "kind",
            "code",
            "params",
            "message",
            "session",
            "raised_at",
            "acknowledged_by",
            "acknowledged_at",
        ]
        read_only_fields = fields


# django-filter resolves the model fields of a FilterSet when the class is made, at import,
# where no clinic scope is open; the choices themselves are read per request, scoped.
class AlertFilter(django_filters.FilterSet):
    patient = ScopedIdFilter(patients_of)
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices)
    open = BooleanFilter(field_name="acknowledged_at", lookup_expr="isnull")

    class Meta:
        model = Alert
        fields = ["patient", "kind", "open"]


class AlertViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Alerts for the clinic's therapists; acknowledging one records who and when."""

    queryset_model = Alert
    serializer_class = AlertSerializer
    permission_classes = [IsStaffMember]
    filterset_class = AlertFilter
    ordering_fields = ["raised_at"]

    def scope(self, queryset):
        return queryset.order_by("-raised_at", "-id")

    @extend_schema(request=None, responses={200: AlertSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Acknowledge the alert: records who and when (the patient's therapist only)."""
        alert = services.acknowledge_alert(alert=self.get_object(), by=request.user)
        return Response(AlertSerializer(alert).data)

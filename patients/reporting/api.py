"""GET /api/v1/reports/adherence/: the clinic adherence report as JSON, same filters as the page."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.api import ERRORS, IsStaffMember, ViewerScopeMixin
from clinic.api_lists import Pagination, check_query_params
from patients import selectors
from patients.reporting import reports


class ReportRowSerializer(serializers.Serializer):
    prescription_id = serializers.IntegerField(source="pk")
    patient_id = serializers.IntegerField()
    patient = serializers.CharField(source="patient_name")
    therapist_id = serializers.IntegerField()
    therapist = serializers.CharField(source="therapist_name")
    program = serializers.CharField(source="name")
    protocol_id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    phase = serializers.CharField(source="phase_name")
    start_date = serializers.DateField()
    scheduled = serializers.IntegerField(source="range_scheduled")
    completed = serializers.IntegerField(source="range_completed")
    scheduled_7 = serializers.IntegerField()
    completed_7 = serializers.IntegerField()
    scheduled_28 = serializers.IntegerField()
    completed_28 = serializers.IntegerField()
    program_scheduled = serializers.IntegerField()
    program_completed = serializers.IntegerField()
    adherence_7 = serializers.FloatField(source="rate_7", allow_null=True)
    adherence_28 = serializers.FloatField(source="rate_28", allow_null=True)
    adherence_program = serializers.FloatField(source="rate_program", allow_null=True)
    baseline_pain = serializers.IntegerField(allow_null=True)
    pain_now = serializers.IntegerField(allow_null=True)
    open_alerts = serializers.IntegerField()
    last_session = serializers.DateField(allow_null=True)


class TotalsSerializer(serializers.Serializer):
    prescriptions = serializers.IntegerField()
    scheduled = serializers.IntegerField()
    completed = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    rate_7 = serializers.FloatField(allow_null=True)
    rate_28 = serializers.FloatField(allow_null=True)


class GroupTotalsSerializer(TotalsSerializer):
    name = serializers.CharField()


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField()
    scheduled = serializers.IntegerField()
    completed = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReportRowSerializer(many=True)
    totals = TotalsSerializer()
    by_therapist = GroupTotalsSerializer(many=True)
    by_protocol = GroupTotalsSerializer(many=True)
    weekly = WeekSerializer(many=True)
    computed_at = serializers.DateTimeField()


def _group(items):
    return [{"name": name, **_totals(t)} for name, t in items]


def _totals(t):
    return {
        "prescriptions": t.prescriptions,
        "scheduled": t.scheduled,
        "completed": t.completed,
        "rate": t.rate,
        "rate_7": t.rate_7,
        "rate_28": t.rate_28,
    }


REPORT_PARAMETERS = {
    "date_from",
    "date_to",
    "therapist",
    "protocol",
    "status",
    "alert",
    "sort",
    "page",
    "page_size",
}
# The list endpoints' page parameters, bounds included (the report pages its rows the same way).
REPORT_PAGES = [
    OpenApiParameter(p["name"], p["schema"], description=p.get("description", ""))
    for p in Pagination().get_schema_operation_parameters(None)
]


class AdherenceReportView(ViewerScopeMixin, APIView):
    """Adherence per program with totals by therapist and protocol and by week (staff)."""

    permission_classes = [IsStaffMember]

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
            OpenApiParameter("therapist", OpenApiTypes.INT),
            OpenApiParameter("protocol", OpenApiTypes.INT),
            OpenApiParameter("status", OpenApiTypes.STR, enum=["active", "paused", "completed"]),
            OpenApiParameter(
                "alert",
                OpenApiTypes.STR,
                enum=["red_flag", "pain_rise", "pain_after_worse", "inactive", "no_improvement"],
            ),
            OpenApiParameter("sort", OpenApiTypes.STR),
            *REPORT_PAGES,
        ],
        responses={200: ReportSerializer, **ERRORS},
    )
    def get(self, request):
        clinic = request.viewer.clinic
        today = selectors.clinic_today(clinic) if clinic else timezone.localdate()
        check_query_params(request, REPORT_PARAMETERS)
        form = reports.ReportFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {
                    field: [error["message"] for error in errors]
                    for field, errors in form.errors.get_json_data().items()
                }
            )
        filters = reports.filters_from(form, today)
        report = reports.build_report(request.user, filters, today)
        rows = report.rows
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        totals = report.totals
        data = {
            "count": len(rows),
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": ReportRowSerializer(page, many=True).data,
            "totals": _totals(totals["clinic"]),
            "by_therapist": _group(totals["by_therapist"]),
            "by_protocol": _group(totals["by_protocol"]),
            "weekly": WeekSerializer(report.weekly, many=True).data,
            "computed_at": report.computed_at,
        }
        return Response(data)

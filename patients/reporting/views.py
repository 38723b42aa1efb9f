"""The clinic's adherence report page and its CSV export."""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.access import staff_required
from patients import selectors
from patients.reporting import reports
from patients.rules.progress import whole_percent

CSV_COLUMNS = [
    ("patient", _("Patient")),
    ("therapist", _("Therapist")),
    ("program", _("Program")),
    ("status", _("Status")),
    ("phase", _("Phase")),
    ("start_date", _("Start date")),
    ("scheduled", _("Sessions scheduled (range)")),
    ("completed", _("Sessions completed (range)")),
    ("adherence_7", _("Adherence 7 days")),
    ("adherence_28", _("Adherence 28 days")),
    ("adherence_program", _("Adherence whole program")),
    ("baseline_pain", _("Pain at baseline")),
    ("pain_now", _("Pain now")),
    ("open_alerts", _("Open alerts")),
    ("last_session", _("Last session")),
]


#: What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell that would start a formula, quoted so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _percent(rate):
    return "" if rate is None else whole_percent(rate)


def csv_values(row: reports.ReportRow) -> list:
    """One CSV line; every text a person typed (names) is made spreadsheet-safe."""
    return [spreadsheet_safe(value) for value in _raw_values(row)]


def _raw_values(row: reports.ReportRow) -> list:
    return [
        row.patient_name,
        row.therapist_name,
        row.name,
        row.status_label,
        row.phase_name,
        row.start_date.isoformat(),
        row.range_scheduled,
        row.range_completed,
        _percent(row.rate_7),
        _percent(row.rate_28),
        _percent(row.rate_program),
        "" if row.baseline_pain is None else row.baseline_pain,
        "" if row.pain_now is None else row.pain_now,
        row.open_alerts,
        row.last_session.isoformat() if row.last_session else "",
    ]


def _report_inputs(request):
    clinic = request.viewer.clinic
    today = selectors.clinic_today(clinic) if clinic else timezone.localdate()
    form = reports.ReportFilterForm(request.GET, user=request.user)
    return form, form.is_valid(), today


@staff_required
def adherence_report(request):
    """Rows per prescription with filters, sorting and pages; totals and a weekly chart."""
    form, valid, today = _report_inputs(request)
    if not valid:
        return render(request, "staff/report.html", {"form": form}, status=400)
    filters = reports.filters_from(form, today)
    report = reports.build_report(request.user, filters, today)
    page = Paginator(report.rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = request.GET.copy()
    sort_query.pop("sort", None)
    sort_query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "totals": report.totals,
        "weekly": report.weekly,
        "computed_at": report.computed_at,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
    }
    return render(request, "staff/report.html", context)


class _Echo:
    def write(self, value):
        return value


@staff_required
def adherence_report_csv(request):
    """The same report as CSV, streamed in patient order with the filters applied.

    Rows are read and summed a chunk at a time, so a large clinic's export never sits in
    memory whole.
    """
    form, valid, today = _report_inputs(request)
    if not valid:
        return render(request, "staff/report.html", {"form": form}, status=400)
    filters = reports.filters_from(form, today)
    rows = reports.iter_report_rows(request.user, filters, today)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([label for _key, label in CSV_COLUMNS])
        for row in rows:
            yield writer.writerow(csv_values(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adherence-{today}.csv"'
    return response

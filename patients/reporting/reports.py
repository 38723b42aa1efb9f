"""Clinic adherence reports: one row per prescription, summed from the adherence ledger in SQL.

Three queries whatever the clinic's size: the prescriptions in scope (with pain, last
session and open alerts read per row through indexes), the ledger summed per prescription
in one grouped pass, and the weekly totals. Rows are merged and sorted in Python.

The per-row figures use exactly the windows of ``patients.rules.progress`` (a test compares them on
random data): a day is scheduled when the schedule has anything due, completed when a session
that day counts, and today only counts once it is done (before that, the 7- and 28-day windows
end yesterday and keep their length).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import User
from clinic.tenancy import THERAPIST, viewer_for
from patients.models import (
    AdherenceDay,
    Alert,
    AlertKind,
    Assessment,
    Prescription,
    PrescriptionStatus,
)
from patients.rules.progress import whole_percent
from programs.models import Protocol

SORT_ORDER = [
    "patient",
    "therapist",
    "protocol",
    "start_date",
    "scheduled",
    "completed",
    "adherence_7",
    "adherence_28",
    "adherence_program",
    "pain_now",
    "last_session",
    "open_alerts",
]


class ReportFilterForm(forms.Form):
    """The report's filters; every value is checked before it reaches a query."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    therapist = forms.ModelChoiceField(
        label=_("Therapist"), queryset=User.objects.none(), required=False
    )
    protocol = forms.ModelChoiceField(
        label=_("Protocol"), queryset=Protocol.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), *PrescriptionStatus.choices],
        required=False,
    )
    alert = forms.ChoiceField(
        label=_("Open alert"), choices=[("", _("Any")), *AlertKind.choices], required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[(key, key) for name in SORT_ORDER for key in (name, f"-{name}")],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = User.objects.clinic_staff(user).order_by("last_name")
        self.fields["protocol"].queryset = Protocol.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the date range is after its end."))
        return data


@dataclass
class Filters:
    date_from: date
    date_to: date
    therapist: User | None = None
    protocol: Protocol | None = None
    status: str = ""
    alert: str = ""
    sort: str = "patient"


def filters_from(form: ReportFilterForm, today: date) -> Filters:
    data = form.cleaned_data
    return Filters(
        date_from=data.get("date_from") or today - timedelta(days=27),
        date_to=data.get("date_to") or today,
        therapist=data.get("therapist"),
        protocol=data.get("protocol"),
        status=data.get("status") or "",
        alert=data.get("alert") or "",
        sort=data.get("sort") or "patient",
    )


def rate(done: int, scheduled: int) -> float | None:
    return done / scheduled if scheduled else None


class WindowRates:
    """Adherence over the last 7 and 28 days, from the counts a row or a total carries."""

    @property
    def rate_7(self):
        return rate(self.completed_7, self.scheduled_7)

    @property
    def rate_28(self):
        return rate(self.completed_28, self.scheduled_28)


@dataclass
class ReportRow(WindowRates):
    """One prescription's line of the report."""

    pk: int
    patient_id: int
    patient_name: str
    therapist_id: int
    therapist_name: str
    name: str
    protocol_id: int | None
    status: str
    phase_name: str
    start_date: date
    baseline_pain: int | None
    pain_now: int | None
    open_alerts: int
    last_session: date | None
    range_scheduled: int = 0
    range_completed: int = 0
    scheduled_7: int = 0
    completed_7: int = 0
    scheduled_28: int = 0
    completed_28: int = 0
    program_scheduled: int = 0
    program_completed: int = 0

    @property
    def rate_program(self):
        return rate(self.program_completed, self.program_scheduled)

    @property
    def rate_range(self):
        return rate(self.range_completed, self.range_scheduled)

    @property
    def status_label(self) -> str:
        return str(PrescriptionStatus(self.status).label)


ROW_FIELDS = {
    "pk": "pk",
    "patient_id": "patient_id",
    "first": "patient__user__first_name",
    "last": "patient__user__last_name",
    "email": "patient__user__email",
    "therapist_id": "patient__primary_therapist_id",
    "therapist_first": "patient__primary_therapist__first_name",
    "therapist_last": "patient__primary_therapist__last_name",
    "name": "name",
    "protocol_id": "protocol_id",
    "status": "status",
    "phase_name": "current_phase__name",
    "start_date": "start_date",
}


def scoped_prescriptions(user, filters: Filters):
    """The prescriptions the report covers: a therapist's are those they write for (the one
    rule, ``clinic.tenancy.ClinicScopedQuerySet.written_by``); the manager's, the clinic's."""
    viewer = viewer_for(user)
    if viewer.role == THERAPIST:
        rows = Prescription.objects.written_by(user)
    else:
        rows = Prescription.objects.visible_to(user)
    if filters.therapist:
        rows = rows.filter(patient__primary_therapist=filters.therapist)
    if filters.protocol:
        rows = rows.filter(protocol=filters.protocol)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.alert:
        rows = rows.filter(
            patient__in=Alert.objects.filter(
                kind=filters.alert, acknowledged_at__isnull=True
            ).values("patient_id")
        )
    return rows


def _with_pain_and_alerts(queryset):
    """Per-row facts: pain at baseline and now, last session (kept on the prescription by
    the ledger), and open alerts (read through an index)."""
    return queryset.annotate(
        pain_now=F("latest_pain"),
        last_session=F("last_session_on"),
        baseline_pain=Coalesce(
            Subquery(
                Assessment.objects.filter(patient=OuterRef("patient"), baseline_pain__isnull=False)
                .order_by("-assessed_on", "-id")
                .values("baseline_pain")[:1]
            ),
            F("first_pain"),
            output_field=IntegerField(),
        ),
        open_alerts=Coalesce(
            Subquery(
                Alert.objects.filter(patient=OuterRef("patient"), acknowledged_at__isnull=True)
                .order_by()
                .values("patient")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            Value(0),
        ),
    )


def _row(raw: dict) -> ReportRow:
    values = {name: raw[path] for name, path in ROW_FIELDS.items()}
    values.update({k: raw[k] for k in ("pain_now", "last_session", "baseline_pain", "open_alerts")})
    return ReportRow(
        pk=values["pk"],
        patient_id=values["patient_id"],
        patient_name=f"{values['first']} {values['last']}".strip() or values["email"],
        therapist_id=values["therapist_id"],
        therapist_name=f"{values['therapist_first']} {values['therapist_last']}".strip(),
        name=values["name"],
        protocol_id=values["protocol_id"],
        status=values["status"],
        phase_name=values["phase_name"] or "",
        start_date=values["start_date"],
        baseline_pain=values["baseline_pain"],
        pain_now=values["pain_now"],
        open_alerts=values["open_alerts"],
        last_session=values["last_session"],
    )


LEDGER_SQL = """
SELECT prescription_id,
  SUM(CASE WHEN day >= %(from)s AND day <= %(to)s AND (day < %(today)s OR completed)
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN day >= %(from)s AND day <= %(to)s AND completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN day < %(today)s OR completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN day = %(today)s AND completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN day = %(today)s AND NOT completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN day >= %(d6)s AND day < %(today)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN day >= %(d6)s AND day < %(today)s AND completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN day = %(d7)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN day = %(d7)s AND completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN day >= %(d27)s AND day < %(today)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN day >= %(d27)s AND day < %(today)s AND completed THEN 1 ELSE 0 END),
  SUM(CASE WHEN day = %(d28)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN day = %(d28)s AND completed THEN 1 ELSE 0 END)
FROM {table}
WHERE day <= %(today)s {scope}
GROUP BY prescription_id
"""


def ledger_counts(clinic_id, prescription_ids, filters: Filters, today: date) -> dict:
    """Scheduled and completed days per prescription, summed in one grouped query.

    The 7- and 28-day windows follow ``patients.rules.progress``: while today is due and not
    done, each window slides back a day and takes the day before it instead.
    """
    params = {
        "from": filters.date_from,
        "to": filters.date_to,
        "today": today,
        "d6": today - timedelta(days=6),
        "d7": today - timedelta(days=7),
        "d27": today - timedelta(days=27),
        "d28": today - timedelta(days=28),
    }
    if prescription_ids is not None:
        scope = "AND prescription_id IN ({})".format(
            ", ".join(f"%(p{i})s" for i in range(len(prescription_ids)))
        )
        params.update({f"p{i}": pk for i, pk in enumerate(prescription_ids)})
    elif clinic_id is not None:
        scope, params["clinic"] = "AND clinic_id = %(clinic)s", clinic_id
    else:
        scope = ""
    sql = LEDGER_SQL.format(table=AdherenceDay._meta.db_table, scope=scope)
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, *v in cursor.fetchall():
            v = [int(x or 0) for x in v]
            today_done, today_open = v[4], v[5]
            counts[pk] = {
                "range_scheduled": v[0],
                "range_completed": v[1],
                "program_scheduled": v[2],
                "program_completed": v[3],
                "scheduled_7": v[6] + today_done + today_open * v[8],
                "completed_7": v[7] + today_done + today_open * v[9],
                "scheduled_28": v[10] + today_done + today_open * v[12],
                "completed_28": v[11] + today_done + today_open * v[13],
            }
    return counts


def _fill(rows: list[ReportRow], counts: dict) -> list[ReportRow]:
    for row in rows:
        for key, value in counts.get(row.pk, {}).items():
            setattr(row, key, value)
    return rows


SORT_KEYS = {
    "patient": lambda r: (r.patient_name.split()[-1:] or [""])[0].lower(),
    "therapist": lambda r: r.therapist_name.lower(),
    "protocol": lambda r: r.name.lower(),
    "start_date": lambda r: r.start_date,
    "scheduled": lambda r: r.range_scheduled,
    "completed": lambda r: r.range_completed,
    "adherence_7": lambda r: r.rate_7,
    "adherence_28": lambda r: r.rate_28,
    "adherence_program": lambda r: r.rate_program,
    "pain_now": lambda r: r.pain_now,
    "last_session": lambda r: r.last_session,
    "open_alerts": lambda r: r.open_alerts,
}


def _sorted(rows: list[ReportRow], sort: str) -> list[ReportRow]:
    """Sort with empty values last in both directions, ties by prescription."""
    key = SORT_KEYS[sort.lstrip("-")]
    descending = sort.startswith("-")
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    present.sort(key=lambda r: r.pk)
    present.sort(key=key, reverse=descending)
    return present + sorted(missing, key=lambda r: r.pk)


def report_rows(user, filters: Filters, today: date) -> list[ReportRow]:
    """Every row of the report, sorted: three queries whatever the clinic's size."""
    scoped = scoped_prescriptions(user, filters)
    rows = [
        _row(v)
        for v in _with_pain_and_alerts(scoped).values(
            *ROW_FIELDS.values(), "pain_now", "last_session", "baseline_pain", "open_alerts"
        )
    ]
    counts = ledger_counts(viewer_for(user).clinic_id, None, filters, today)
    return _sorted(_fill(rows, counts), filters.sort)


@dataclass
class Report:
    """A computed report: every row (sorted), totals and the weekly series, and when."""

    rows: list[ReportRow]
    totals: dict
    weekly: list[dict]
    computed_at: datetime


def build_report(user, filters: Filters, today: date) -> Report:
    """The whole report, kept for a short while (REPORT_CACHE_SECONDS) per scope and filters.

    Managers page and sort through the same figures; a minute-old report is fine for a
    clinic overview, and sorting or paging then costs nothing. The page says when the
    figures were computed.
    """
    viewer = viewer_for(user)
    unsorted = replace(filters, sort="patient")
    key = (
        "report:"
        + hashlib.sha256(
            repr(
                (
                    viewer.clinic_id,
                    viewer.role,
                    user.pk if viewer.role == THERAPIST else None,
                    unsorted.date_from,
                    unsorted.date_to,
                    getattr(unsorted.therapist, "pk", None),
                    getattr(unsorted.protocol, "pk", None),
                    unsorted.status,
                    unsorted.alert,
                    today,
                )
            ).encode()
        ).hexdigest()
    )
    report = cache.get(key)
    if report is None:
        rows = report_rows(user, unsorted, today)
        report = Report(
            rows=rows,
            totals=aggregates(rows),
            weekly=weekly_adherence(user, unsorted, today),
            computed_at=timezone.now(),
        )
        cache.set(key, report, settings.REPORT_CACHE_SECONDS)
    if filters.sort != "patient":
        report = replace(report, rows=_sorted(list(report.rows), filters.sort))
    return report


def iter_report_rows(user, filters: Filters, today: date, chunk: int = 2000):
    """The report's rows in patient order, a chunk at a time (memory stays bounded)."""
    scoped = _with_pain_and_alerts(scoped_prescriptions(user, filters)).order_by(
        "patient__user__last_name", "patient__user__first_name", "pk"
    )
    values = scoped.values(
        *ROW_FIELDS.values(), "pain_now", "last_session", "baseline_pain", "open_alerts"
    ).iterator(chunk_size=chunk)
    batch = []
    for value in values:
        batch.append(_row(value))
        if len(batch) == chunk:
            yield from _fill(batch, ledger_counts(None, [r.pk for r in batch], filters, today))
            batch = []
    if batch:
        yield from _fill(batch, ledger_counts(None, [r.pk for r in batch], filters, today))


@dataclass
class Totals(WindowRates):
    scheduled_7: int = 0
    completed_7: int = 0
    scheduled_28: int = 0
    completed_28: int = 0
    scheduled: int = 0
    completed: int = 0
    prescriptions: int = 0

    def add(self, row: ReportRow) -> None:
        self.prescriptions += 1
        self.scheduled_7 += row.scheduled_7
        self.completed_7 += row.completed_7
        self.scheduled_28 += row.scheduled_28
        self.completed_28 += row.completed_28
        self.scheduled += row.range_scheduled
        self.completed += row.range_completed

    @property
    def rate(self):
        return rate(self.completed, self.scheduled)


def aggregates(rows) -> dict:
    """Totals by therapist and by protocol, from already-fetched rows (no queries)."""
    clinic = Totals()
    by_therapist: dict[str, Totals] = defaultdict(Totals)
    by_protocol: dict[str, Totals] = defaultdict(Totals)
    for row in rows:
        clinic.add(row)
        by_therapist[row.therapist_name].add(row)
        by_protocol[row.name].add(row)
    return {
        "clinic": clinic,
        "by_therapist": sorted(by_therapist.items()),
        "by_protocol": sorted(by_protocol.items()),
    }


def weekly_adherence(user, filters: Filters, today: date) -> list[dict]:
    """Clinic adherence by week over the date range (one grouped query)."""
    days = (
        AdherenceDay.objects.filter(
            prescription__in=scoped_prescriptions(user, filters).order_by().values("pk"),
            day__gte=filters.date_from,
            day__lte=min(filters.date_to, today),
        )
        .filter(Q(day__lt=today) | Q(completed=True))
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(scheduled=Count("id"), completed=Count("id", filter=Q(completed=True)))
        .order_by("week")
    )
    weeks = []
    for row in days:
        rate = row["completed"] / row["scheduled"] if row["scheduled"] else None
        weeks.append(
            {
                "week": row["week"],
                "scheduled": row["scheduled"],
                "completed": row["completed"],
                "rate": rate,
                # The chart draws this figure, so it reads as the table and the readiness text.
                "percent": None if rate is None else whole_percent(rate),
            }
        )
    return weeks

"""Clinic adherence reports: one row per prescription, summed from the adherence ledger in SQL.

The per-row figures use exactly the windows of ``patients.progress`` (a test compares them on
random data): a day is scheduled when the schedule has anything due, completed when a session
that day counts, and today only counts once it is done (before that, the 7- and 28-day windows
end yesterday and keep their length).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf, TruncWeek
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
    SessionLog,
)
from programs.models import Protocol

SORTABLE = {
    "patient": "patient__user__last_name",
    "therapist": "patient__primary_therapist__last_name",
    "protocol": "name",
    "start_date": "start_date",
    "scheduled": "range_scheduled",
    "completed": "range_completed",
    "adherence_7": "rate_7",
    "adherence_28": "rate_28",
    "adherence_program": "rate_program",
    "pain_now": "pain_now",
    "last_session": "last_session",
    "open_alerts": "open_alerts",
}


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
        choices=[(key, key) for name in SORTABLE for key in (name, f"-{name}")],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        viewer = viewer_for(user)
        self.fields["therapist"].queryset = User.objects.filter(
            membership__clinic_id=viewer.clinic_id
        ).order_by("last_name")
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


def _days(q: Q, completed: bool = False):
    condition = Q(adherence_days__completed=True) & q if completed else q
    return Count("adherence_days", filter=condition)


def _rate(done: str, scheduled: str):
    return Cast(F(done), FloatField()) / NullIf(Cast(F(scheduled), FloatField()), Value(0.0))


def _window(today: date, length: int):
    """Scheduled and completed days of the last ``length`` days, as progress counts them."""
    inside = Q(
        adherence_days__day__gte=today - timedelta(days=length - 1),
        adherence_days__day__lt=today,
    )
    before = Q(adherence_days__day=today - timedelta(days=length))
    return inside, before


def report_rows(user, filters: Filters, today: date):
    """The report's rows, annotated and sorted in SQL (a fixed number of queries)."""
    viewer = viewer_for(user)
    rows = Prescription.objects.visible_to(user)
    if viewer.role == THERAPIST:
        rows = rows.filter(patient__primary_therapist=user)
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
    closed = Q(adherence_days__day__lt=today)
    today_done = Q(adherence_days__day=today, adherence_days__completed=True)
    today_open = Q(adherence_days__day=today, adherence_days__completed=False)
    annotations = {
        "range_scheduled": _days(
            Q(adherence_days__day__gte=filters.date_from, adherence_days__day__lte=filters.date_to)
            & (closed | today_done)
        ),
        "range_completed": _days(
            Q(adherence_days__day__gte=filters.date_from, adherence_days__day__lte=filters.date_to)
            & Q(adherence_days__day__lte=today),
            completed=True,
        ),
        "program_scheduled": _days(closed | today_done),
        "program_completed": _days(Q(adherence_days__day__lte=today), completed=True),
        "today_done": _days(today_done),
        "today_open": _days(today_open),
    }
    for length in (7, 28):
        inside, before = _window(today, length)
        annotations[f"in_{length}"] = _days(inside)
        annotations[f"in_{length}_done"] = _days(inside, completed=True)
        annotations[f"before_{length}"] = _days(before)
        annotations[f"before_{length}_done"] = _days(before, completed=True)
    rows = rows.annotate(**annotations)
    # When today is open the window slides back a day: it takes the day before instead.
    rows = rows.annotate(
        scheduled_7=F("in_7") + F("today_done") + F("today_open") * F("before_7"),
        completed_7=F("in_7_done") + F("today_done") + F("today_open") * F("before_7_done"),
        scheduled_28=F("in_28") + F("today_done") + F("today_open") * F("before_28"),
        completed_28=F("in_28_done") + F("today_done") + F("today_open") * F("before_28_done"),
    ).annotate(
        rate_7=_rate("completed_7", "scheduled_7"),
        rate_28=_rate("completed_28", "scheduled_28"),
        rate_program=_rate("program_completed", "program_scheduled"),
        rate_range=_rate("range_completed", "range_scheduled"),
    )
    sessions = SessionLog.objects.filter(prescription=OuterRef("pk"))
    rows = rows.annotate(
        pain_now=Subquery(
            sessions.order_by("-performed_on", "-logged_at").values("pain_before")[:1]
        ),
        last_session=Subquery(sessions.order_by("-performed_on").values("performed_on")[:1]),
        baseline_pain=Coalesce(
            Subquery(
                Assessment.objects.filter(patient=OuterRef("patient"), baseline_pain__isnull=False)
                .order_by("-assessed_on", "-id")
                .values("baseline_pain")[:1]
            ),
            Subquery(sessions.order_by("performed_on", "logged_at").values("pain_before")[:1]),
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
    field = SORTABLE[filters.sort.lstrip("-")]
    order = (
        F(field).desc(nulls_last=True)
        if filters.sort.startswith("-")
        else F(field).asc(nulls_last=True)
    )
    return rows.select_related(
        "patient__user", "patient__primary_therapist", "current_phase"
    ).order_by(order, "id")


@dataclass
class Totals:
    scheduled_7: int = 0
    completed_7: int = 0
    scheduled_28: int = 0
    completed_28: int = 0
    scheduled: int = 0
    completed: int = 0
    prescriptions: int = 0

    def add(self, row) -> None:
        self.prescriptions += 1
        self.scheduled_7 += row.scheduled_7
        self.completed_7 += row.completed_7
        self.scheduled_28 += row.scheduled_28
        self.completed_28 += row.completed_28
        self.scheduled += row.range_scheduled
        self.completed += row.range_completed

    @staticmethod
    def _rate(done, scheduled):
        return done / scheduled if scheduled else None

    @property
    def rate_7(self):
        return self._rate(self.completed_7, self.scheduled_7)

    @property
    def rate_28(self):
        return self._rate(self.completed_28, self.scheduled_28)

    @property
    def rate(self):
        return self._rate(self.completed, self.scheduled)


def aggregates(rows) -> dict:
    """Totals by therapist and by protocol, from already-fetched rows (no queries)."""
    clinic = Totals()
    by_therapist: dict[str, Totals] = defaultdict(Totals)
    by_protocol: dict[str, Totals] = defaultdict(Totals)
    for row in rows:
        clinic.add(row)
        by_therapist[str(row.patient.primary_therapist)].add(row)
        by_protocol[row.name].add(row)
    return {
        "clinic": clinic,
        "by_therapist": sorted(by_therapist.items()),
        "by_protocol": sorted(by_protocol.items()),
    }


def weekly_adherence(rows, filters: Filters, today: date) -> list[dict]:
    """Clinic adherence by week over the date range (one grouped query)."""
    days = (
        AdherenceDay.objects.filter(
            prescription__in=rows.order_by().values("pk"),
            day__gte=filters.date_from,
            day__lte=min(filters.date_to, today),
        )
        .filter(Q(day__lt=today) | Q(completed=True))
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(scheduled=Count("id"), completed=Count("id", filter=Q(completed=True)))
        .order_by("week")
    )
    return [
        {
            "week": row["week"],
            "scheduled": row["scheduled"],
            "completed": row["completed"],
            "rate": row["completed"] / row["scheduled"] if row["scheduled"] else None,
        }
        for row in days
    ]

"""The caseload's table rows, built in Python: the page lists hundreds of patients, and the
template language took most of its time (about 2 ms a row) for six cells each."""

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from patients import selectors
from patients.rules.progress import whole_percent

register = template.Library()

DASH = "—"


def _rate(window) -> str:
    return f"{whole_percent(window.rate)}%" if window.scheduled else DASH


def _adherence(row) -> str:
    if not row.adherence:
        return _("no program")
    return f"{_rate(row.adherence['last_7_days'])} / {_rate(row.adherence['last_28_days'])}"


def _pain(row) -> str:
    change = row.pain_change
    if change is None:
        return DASH
    sign = "+" if change > 0 else ""
    return f"{row.baseline_pain} → {row.latest_pain} ({sign}{change})"


def _phase(row) -> SafeString:
    if row.phase is None:
        return DASH
    week = ", " + _("week %(w)s") % {"w": row.week} if row.week else ""
    ready = (
        format_html(' <span class="badge text-bg-success">{}</span>', _("ready to advance"))
        if row.ready_to_advance
        else ""
    )
    return format_html("{}{}{}", row.phase.name, week, ready)


def _alerts(row) -> SafeString:
    if not row.open_alerts:
        return DASH
    return format_html_join(
        "",
        '<span class="badge {} me-1">{}</span>',
        (
            (
                "text-bg-danger" if alert.kind in selectors.RED_FLAG_ALERTS else "text-bg-warning",
                alert.get_kind_display(),
            )
            for alert in row.open_alerts
        ),
    )


@register.simple_tag
def caseload_rows(rows, with_therapist=False) -> SafeString:
    """Every row of the caseload table (``patients.reporting.caseload.CaseloadRow``); a
    manager's has the patient's therapist after the patient."""
    link = reverse("staff:patient", args=[0]).removesuffix("0/")  # then the id and "/"
    html = []
    for row in rows:
        program = (
            format_html('<br><span class="small text-muted">{}</span>', row.prescription.name)
            if row.prescription
            else ""
        )
        therapist = (
            format_html("<td>{}</td>", row.patient.primary_therapist.get_full_name())
            if with_therapist
            else ""
        )
        html.append(
            format_html(
                '<tr class="{}"><th scope="row"><a href="{}{}/">{}</a>{}</th>{}'
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                "urgent-row" if row.has_red_flag else "",
                link,
                row.patient.pk,
                row.patient.name,
                program,
                therapist,
                _adherence(row),
                date_format(row.last_session_on, "j M") if row.last_session_on else DASH,
                _pain(row),
                _phase(row),
                _alerts(row),
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308  (each row is built by format_html)

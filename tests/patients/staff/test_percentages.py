"""One percentage rule: whole percent rounded down, the same on every page as in the rules."""

from datetime import date
from pathlib import Path

from django.template import Context, Template

from patients.reporting.reports import ReportRow
from patients.reporting.views import csv_values
from patients.rules.progress import whole_percent

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def test_a_rate_of_79_6_percent_reads_79_percent_in_pages_as_in_the_readiness_rule():
    shown = Template("{% load figures %}{{ rate|percent }}").render(Context({"rate": 0.796}))
    assert shown == "79"
    assert whole_percent(0.796) == 79


def test_an_exact_rate_is_not_rounded_down_by_floating_point():
    assert whole_percent(0.29 / 0.29 * 0.57) == 57
    assert whole_percent(1.0) == 100


def test_no_template_rounds_a_percentage_its_own_way():
    rounding_their_own = [
        path.name for path in TEMPLATES.rglob("*.html") if "widthratio" in path.read_text()
    ]
    assert rounding_their_own == []


STATIC_JS = Path(__file__).resolve().parents[3] / "static" / "js"


def test_the_csv_export_writes_79_6_percent_as_79_like_the_pages():
    row = ReportRow(
        pk=1,
        patient_id=1,
        patient_name="A",
        therapist_id=1,
        therapist_name="B",
        name="Upper back",
        protocol_id=None,
        status="active",
        phase_name="Phase 1",
        start_date=date(2026, 11, 1),
        baseline_pain=None,
        pain_now=None,
        open_alerts=0,
        last_session=None,
        completed_7=199,
        scheduled_7=250,  # 79.6%
    )
    assert csv_values(row)[8] == 79


def test_no_script_rounds_a_percentage_its_own_way():
    """The charts draw the whole percent the server sends (the one rule), never their own."""
    rounding_their_own = [
        path.name
        for path in STATIC_JS.glob("*.js")
        if "Math.round" in path.read_text() or "toFixed" in path.read_text()
    ]
    assert rounding_their_own == []

"""One percentage rule: whole percent rounded down, the same on every page as in the rules."""

from pathlib import Path

from django.template import Context, Template

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

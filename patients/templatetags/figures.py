"""Template filters that show clinical figures by the rules' own conventions."""

from django import template

from patients.rules.progress import whole_percent

register = template.Library()


@register.filter
def percent(rate):
    """A 0-1 rate as a whole percent by the one percentage rule; empty for no rate."""
    return "" if rate is None else whole_percent(rate)

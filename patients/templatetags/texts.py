"""Template filters that put the rules' codes in words (through ``patients.texts``)."""

from django import template

from patients import texts

register = template.Library()


@register.filter
def finding_text(finding):
    """A readiness reason or blocker as a sentence in the active language."""
    return texts.finding_text(finding)


@register.filter
def alert_text(alert):
    """What an alert tells the therapist, in the active language."""
    return texts.alert_text(alert)

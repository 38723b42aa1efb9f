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


@register.filter
def caution_labels(tags):
    """Caution tag codes by their labels, in the active language."""
    return texts.caution_labels(tags)


@register.filter
def caution_overrides_text(details):
    """What a history entry kept despite the patient's conditions, and why ('' if nothing)."""
    return texts.caution_override_summary(details)

"""Codes the rule functions return; labels and sentences are rendered where they are shown."""

from enum import StrEnum


class AlertKind(StrEnum):
    """Why the care team is alerted (stored on ``patients.models.Alert.kind``)."""

    RED_FLAG = "red_flag"
    PAIN_RISE = "pain_rise"
    PAIN_AFTER_WORSE = "pain_after_worse"
    INACTIVE = "inactive"
    NO_IMPROVEMENT = "no_improvement"

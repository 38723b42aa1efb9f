"""What the warning signs a patient reports mean (design, section 3): pure functions.

A session log carries symptom codes. Some are red flags (stop, contact the clinic, the
therapist is alerted at once and the program is paused for review); pain worse after
exercising earns a rest day like a rise in the numbers does; pain that keeps the patient
awake or stops daily tasks calls for a review. Every caller asks these functions, so each
rule has one home.
"""

from collections.abc import Iterable
from enum import StrEnum


class PainCheckStop(StrEnum):
    """Why a session stopped at the quick pain check before its first exercise (the seeds:
    gentle shoulder rolls; stop if pain worsens or radiates into the arms)."""

    PAIN_WORSE = "pain_worse"
    PAIN_RADIATES = "pain_radiates"


class SymptomCode(StrEnum):
    """Warning symptoms a patient can report about a session (labels in ``patients.models``)."""

    NUMBNESS_TINGLING = "numbness_tingling"
    RADIATING_ARM = "radiating_arm"
    SHARP_SHOOTING = "sharp_shooting"
    RECENT_INJURY = "recent_injury"
    WORSE_AFTER = "worse_after"
    SLEEP_DISTURBED = "sleep_disturbed"


#: Red light, stop: numbness or tingling, pain radiating into the arm, sharp or shooting pain
#: with movement, a recent fall or injury.
RED_FLAG_SYMPTOMS = frozenset(
    {
        SymptomCode.NUMBNESS_TINGLING,
        SymptomCode.RADIATING_ARM,
        SymptomCode.SHARP_SHOOTING,
        SymptomCode.RECENT_INJURY,
    }
)


def red_flag_symptoms(symptoms: Iterable[str]) -> list[str]:
    """The red-flag symptoms among those reported, sorted (empty when there is none)."""
    return sorted(str(code) for code in set(symptoms) & RED_FLAG_SYMPTOMS)


def carries_red_flag(symptoms: Iterable[str]) -> bool:
    """Whether a session reporting these symptoms carries a red flag."""
    return bool(red_flag_symptoms(symptoms))


def pain_worse_after(pain_before: int, pain_after: int, symptoms: Iterable[str]) -> bool:
    """Pain was worse after the session: the numbers rose, or the patient said so.

    Such a session earns a rest day the next day, and two in a row alert the therapist.
    """
    return pain_after > pain_before or SymptomCode.WORSE_AFTER in set(symptoms)


def interferes_with_daily_life(symptoms: Iterable[str]) -> bool:
    """Pain keeps the patient awake or stops daily tasks: a review trigger."""
    return SymptomCode.SLEEP_DISTURBED in set(symptoms)


def pain_check_symptoms(reason: str) -> list[str]:
    """The symptoms a stop at the pain check reports: pain radiating into the arm is a red
    flag; pain that got worse is a stop, not a red flag."""
    if reason == PainCheckStop.PAIN_RADIATES:
        return [SymptomCode.RADIATING_ARM]
    return []

"""Conditions and contraindications: which exercises a patient's conditions forbid.

A patient's recorded conditions (``Condition``) are screened against each exercise's caution
tags (``programs.vocabulary.CautionTag``). ``conflicts`` is a pure function over plain data:
the caller (``patients.services.contraindications``) builds the ``ExerciseCautions`` from the
rows and decides what a finding does (the program is refused unless the therapist overrides
it with a reason).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from patients.rules.codes import ContraindicationCode, Finding
from programs.vocabulary import CautionTag


class Condition(StrEnum):
    """A condition or precaution recorded for a patient."""

    OSTEOPOROSIS = "osteoporosis"  # osteoporosis or a vertebral (compression) fracture
    RECENT_SPINAL_SURGERY = "recent_spinal_surgery"
    PREGNANCY = "pregnancy"
    HYPERMOBILITY = "hypermobility"
    INFLAMMATORY_ARTHRITIS = "inflammatory_arthritis"
    #: Anything else, described in free text; the therapist screens it by hand.
    OTHER = "other"


#: What each condition forbids. A fragile spine must not flex or twist under load nor roll
#: on a roller; after spinal surgery lifting is out as well; pregnancy rules out lying face
#: down or long on the back; loose joints must not be stretched to their end range or
#: loaded; inflamed joints should not bear weight on the knees or the hands.
CONTRAINDICATED: dict[Condition, frozenset[CautionTag]] = {
    Condition.OSTEOPOROSIS: frozenset(
        {
            CautionTag.LOADED_SPINAL_FLEXION,
            CautionTag.SPINAL_ROTATION_UNDER_LOAD,
            CautionTag.ROLLING_ON_SPINE,
        }
    ),
    Condition.RECENT_SPINAL_SURGERY: frozenset(
        {
            CautionTag.LOADED_SPINAL_FLEXION,
            CautionTag.SPINAL_ROTATION_UNDER_LOAD,
            CautionTag.ROLLING_ON_SPINE,
            CautionTag.EXTERNAL_LOAD,
        }
    ),
    Condition.PREGNANCY: frozenset({CautionTag.PRONE_LYING, CautionTag.SUPINE_LYING}),
    Condition.HYPERMOBILITY: frozenset({CautionTag.END_RANGE_STRETCH, CautionTag.EXTERNAL_LOAD}),
    Condition.INFLAMMATORY_ARTHRITIS: frozenset({CautionTag.KNEELING, CautionTag.WEIGHT_ON_HANDS}),
    Condition.OTHER: frozenset(),
}


@dataclass(frozen=True, slots=True)
class ExerciseCautions:
    """One exercise as the screen sees it: its slug, its name and its caution tags."""

    slug: str
    name: str
    tags: frozenset[CautionTag]


def conflicts(
    conditions: Iterable[Condition | str], exercises: Iterable[ExerciseCautions]
) -> list[Finding]:
    """One finding per exercise and condition that forbids one of its tags.

    Each finding is ``ContraindicationCode.CONFLICT`` with ``exercise`` (slug), ``name``,
    ``condition`` (code) and ``tags`` (the offending tag codes, sorted). Findings follow the
    order of the exercises, then of ``Condition``; an exercise listed twice is found once.
    """
    present = {Condition(code) for code in conditions}
    ordered = [condition for condition in Condition if condition in present]
    found = []
    seen = set()
    for exercise in exercises:
        if exercise.slug in seen:
            continue
        seen.add(exercise.slug)
        for condition in ordered:
            offending = exercise.tags & CONTRAINDICATED[condition]
            if offending:
                found.append(
                    Finding(
                        ContraindicationCode.CONFLICT,
                        {
                            "exercise": exercise.slug,
                            "name": exercise.name,
                            "condition": str(condition),
                            "tags": sorted(str(tag) for tag in offending),
                        },
                    )
                )
    return found

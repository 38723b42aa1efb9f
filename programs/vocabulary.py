"""The library's plain vocabulary (kinds, frequencies, session order), free of Django.

The rule functions in ``patients.rules`` read these; ``programs.models`` builds its
translated choices from the same values, so both always agree.
"""

from enum import StrEnum


class Kind(StrEnum):
    RELEASE = "release"
    STRETCH = "stretch"
    MOBILITY = "mobility"
    STRENGTHEN = "strengthen"
    ACTIVATION = "activation"


class Resistance(StrEnum):
    """What an exercise is done against. Anything but ``NONE`` is load (design, section 3)."""

    NONE = "none"
    BODY_WEIGHT = "body_weight"
    BAND = "band"
    WEIGHTS = "weights"


class Frequency(StrEnum):
    DAILY = "daily"
    EVERY_OTHER_DAY = "every_other_day"
    DAYS_PER_WEEK = "days_per_week"


# Session order from the clinical rules: release, then stretch and mobility, then
# strengthening and activation.
SESSION_ORDER = {
    Kind.RELEASE: 0,
    Kind.STRETCH: 1,
    Kind.MOBILITY: 1,
    Kind.STRENGTHEN: 2,
    Kind.ACTIVATION: 2,
}

#: Exercises done against these need 48 hours to recover, whatever their kind: the rule
#: follows load, not the label.
LOADED = frozenset({Resistance.BODY_WEIGHT, Resistance.BAND, Resistance.WEIGHTS})


class CautionTag(StrEnum):
    """What an exercise asks of the body that some conditions forbid (from the seeds' cautions).

    Every shipped exercise lists its tags (``caution_tags`` in ``programs.library_data``, an
    empty list when none applies); ``patients.rules.contraindications`` screens a patient's
    conditions against them.
    """

    #: Rounding the spine forward under body weight or a stretch pressing into it.
    LOADED_SPINAL_FLEXION = "loaded_spinal_flexion"
    #: Twisting the trunk while it carries weight (on hands and knees, or holding a load).
    SPINAL_ROTATION_UNDER_LOAD = "spinal_rotation_under_load"
    #: Lying with the spine on a foam roller or ball and rolling along it.
    ROLLING_ON_SPINE = "rolling_on_spine"
    #: Kneeling or on hands and knees, the knees bearing weight.
    KNEELING = "kneeling"
    #: Body weight carried through the hands and wrists (push-ups, all fours).
    WEIGHT_ON_HANDS = "weight_on_hands"
    #: Lying face down (on the floor, pillows or a ball).
    PRONE_LYING = "prone_lying"
    #: Lying on the back.
    SUPINE_LYING = "supine_lying"
    #: Arms raised above the head.
    OVERHEAD = "overhead"
    #: Held against a band or dumbbells.
    EXTERNAL_LOAD = "external_load"
    #: A stretch held at the end of a joint's range (chest, lats, back over a support).
    END_RANGE_STRETCH = "end_range_stretch"


#: The range each dose field may take (inclusive), wherever a dose is written (library,
#: protocol templates, a patient's prescription) and whatever the database: the models'
#: validators, and so the forms, the API and its schema, follow it.
DOSE_BOUNDS = {
    "sets": (1, 20),
    "reps": (1, 200),
    "reps_max": (1, 200),
    "hold_seconds": (1, 600),
    "hold_seconds_max": (1, 600),
    "duration_seconds": (1, 7200),
    "passes": (1, 100),
    "rest_seconds": (0, 900),
    "days_per_week": (1, 7),
    "times_per_day": (1, 10),
}

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

STRENGTHENING_KINDS = frozenset({Kind.STRENGTHEN})

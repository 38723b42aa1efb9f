"""Shared exercise library and protocol templates (seed content), one module per group.

Facts (exercise names, doses, weeks, cautions, progression rules) come from the five seed
articles in ``shared/seeds``; every sentence here is written in our own words. Plain data only:
no Django imports, so migrations, management commands and tests can all load it.

Exercises live in ``exercises/``, one module per exercise group with an ``EXERCISES`` list;
protocol templates in ``protocols/``, one module per protocol with a ``PROTOCOL`` dict. A new
module is added to ``EXERCISE_GROUPS`` or ``PROTOCOL_MODULES`` below (a test fails on a module
left out), in the order ``load_library`` loads them. A slug defined twice is refused when this
package is imported, with both modules named.
"""

from collections.abc import Iterable
from types import ModuleType

from programs.library_data.exercises import (
    clinic_handout,
    desk_posture,
    osteoporosis,
    postural,
    virtual_assessment,
    warm_up,
)
from programs.library_data.protocols import (
    osteoporosis_back_strengthening,
    release_stretch_activate,
    scapular_control_virtual_assessment,
    upper_back_pain,
    wall_push_up_progression,
)

EXERCISE_GROUPS = (
    virtual_assessment,
    postural,
    osteoporosis,
    desk_posture,
    clinic_handout,
    warm_up,
)
PROTOCOL_MODULES = (
    upper_back_pain,
    wall_push_up_progression,
    release_stretch_activate,
    osteoporosis_back_strengthening,
    scapular_control_virtual_assessment,
)


class DuplicateSlugError(ValueError):
    """Two entries of the shipped library share a slug, so one would overwrite the other."""


def _unique(what: str, sources: Iterable[tuple[str, list[dict]]]) -> list[dict]:
    seen: dict[str, str] = {}
    entries = []
    for source, items in sources:
        for entry in items:
            slug = entry["slug"]
            if slug in seen:
                raise DuplicateSlugError(
                    f"{what} slug {slug!r} is defined twice: in {seen[slug]} and in {source}"
                )
            seen[slug] = source
            entries.append(entry)
    return entries


def collect_exercises(groups: Iterable[ModuleType]) -> list[dict]:
    """Every exercise of the given group modules, in order; a repeated slug raises."""
    return _unique("Exercise", ((group.__name__, group.EXERCISES) for group in groups))


def collect_protocols(modules: Iterable[ModuleType]) -> list[dict]:
    """The protocol of each given module, in order; a repeated slug raises."""
    return _unique("Protocol", ((module.__name__, [module.PROTOCOL]) for module in modules))


EXERCISES = collect_exercises(EXERCISE_GROUPS)
PROTOCOLS = collect_protocols(PROTOCOL_MODULES)

"""Exercise demonstrations: an animated jointed figure per shipped exercise, drawn from data.

``poses`` holds each exercise's keyframes by slug, ``render`` draws them as SVG and
``body`` does the forward kinematics. This module is the door the rest of the
project uses: it takes an exercise (anything with ``slug``, ``clinic_id`` and the
dose fields) and answers its demonstration, its animation and its still frames.
Clinic-made exercises have no drawn demonstration; they carry the clinic's own media.
"""

from programs.demonstrations.poses import EXERCISES
from programs.demonstrations.render import (
    Demonstration,
    Tempo,
    stills_size,
    svg_animation,
    svg_stills,
)


def demonstration_for(exercise) -> Demonstration | None:
    """The shipped demonstration of a shared library exercise, or None."""
    if getattr(exercise, "clinic_id", None) is not None:
        return None
    return EXERCISES.get(exercise.slug)


#: The dose fields that set the animation's pace, and the largest each may be asked for.
TEMPO_FIELDS = {"reps": 100, "hold_seconds": 600, "duration_seconds": 3600, "passes": 50}


def tempo_of(exercise, dose=None) -> Tempo:
    """The pace the animation takes from a dose: the patient's own when given, else the
    exercise's default dose."""
    dose = exercise if dose is None else dose
    return Tempo(**{name: getattr(dose, name) for name in TEMPO_FIELDS})


def tempo_query(exercise, dose) -> dict:
    """The query parameters that make the exercise's animation follow ``dose``: only where it
    differs from the exercise's own (so a default dose keeps the plain address); 0 is none."""
    return {
        name: getattr(dose, name) or 0
        for name in TEMPO_FIELDS
        if getattr(dose, name) != getattr(exercise, name)
    }


def animation(exercise, dose=None) -> str | None:
    """The looping SVG animation of the exercise at ``dose``'s pace, or None when it has none."""
    demo = demonstration_for(exercise)
    if demo is None:
        return None
    return svg_animation(demo, tempo_of(exercise, dose), exercise.name)


def stills(exercise) -> str | None:
    """The start and end positions side by side as one SVG, or None."""
    demo = demonstration_for(exercise)
    return None if demo is None else svg_stills(demo, exercise.name)


def stills_dimensions(exercise) -> tuple[int, int] | None:
    """Width and height of the stills image (for the page's layout), or None."""
    demo = demonstration_for(exercise)
    return None if demo is None else stills_size(len(demo.stills))

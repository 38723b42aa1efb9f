"""Exercise demonstrations: an animated jointed figure per shipped exercise, drawn from data.

``poses`` holds each exercise's keyframes by slug, ``render`` draws them as SVG and
``body`` does the forward kinematics. This module is the door the rest of the
project uses: it takes an exercise (anything with ``slug``, ``clinic_id`` and the
dose fields) and answers its demonstration, its animation and its still frames.
Clinic-made exercises have no drawn demonstration; they carry the clinic's own media.
"""

from programs.demonstrations.poses import EXERCISES
from programs.demonstrations.render import Demonstration, Tempo, svg_animation, svg_stills


def demonstration_for(exercise) -> Demonstration | None:
    """The shipped demonstration of a shared library exercise, or None."""
    if getattr(exercise, "clinic_id", None) is not None:
        return None
    return EXERCISES.get(exercise.slug)


def tempo_of(exercise) -> Tempo:
    """The pace the animation takes from the exercise's dose."""
    return Tempo(
        reps=exercise.reps,
        hold_seconds=exercise.hold_seconds,
        duration_seconds=exercise.duration_seconds,
        passes=exercise.passes,
    )


def animation(exercise) -> str | None:
    """The looping SVG animation of the exercise, or None when it has none."""
    demo = demonstration_for(exercise)
    return None if demo is None else svg_animation(demo, tempo_of(exercise), exercise.name)


def stills(exercise) -> str | None:
    """The start and end positions side by side as one SVG, or None."""
    demo = demonstration_for(exercise)
    return None if demo is None else svg_stills(demo, exercise.name)

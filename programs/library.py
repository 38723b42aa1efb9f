"""Loading the shared exercise library and protocol templates that ship with the project."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from programs.library_data import DuplicateSlugError
from programs.models import DOSE_FIELDS, Exercise, Phase, PhaseExercise, Protocol
from programs.vocabulary import CautionTag

DOSE_DEFAULTS = {
    "sets": 1,
    "reps": None,
    "reps_max": None,
    "per_side": False,
    "hold_seconds": None,
    "hold_seconds_max": None,
    "duration_seconds": None,
    "passes": None,
    "rest_seconds": None,
    "load_note": "",
    "days_per_week": None,
    "times_per_day": 1,
}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def full_dose(dose: dict) -> dict:
    """A complete dose from the few keys a library entry gives."""
    unknown = set(dose) - set(DOSE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown dose keys: {sorted(unknown)}")
    return {**DOSE_DEFAULTS, **dose}


def _sync(obj, values: dict, result: LoadResult) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        result.updated += 1
    else:
        result.unchanged += 1


def _upsert(model, lookup: dict, values: dict, result: LoadResult):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        result.created += 1
    else:
        _sync(obj, values, result)
    return obj


class CautionTagsError(ValueError):
    """A shipped exercise whose caution tags were not considered, or name an unknown tag."""


def check_caution_tags(exercises: list[dict]) -> None:
    """Refuse an exercise without a ``caution_tags`` list (``[]`` when none applies, so
    every exercise's cautions were looked at) or with a tag ``CautionTag`` does not know."""
    for entry in exercises:
        tags = entry.get("caution_tags")
        if not isinstance(tags, list):
            raise CautionTagsError(
                f"Exercise {entry['slug']!r} has no caution_tags list: give its tags from "
                "programs.vocabulary.CautionTag, or [] when none applies."
            )
        unknown = sorted(set(tags) - set(CautionTag))
        if unknown or len(set(tags)) != len(tags):
            raise CautionTagsError(
                f"Exercise {entry['slug']!r}: unknown or repeated caution tags {unknown or tags}"
            )


def check_library(exercises: list[dict], protocols: list[dict]) -> None:
    """Refuse a repeated slug, an exercise whose caution tags were not given, or a protocol
    naming an exercise the library does not define."""
    check_caution_tags(exercises)
    for what, entries in (("Exercise", exercises), ("Protocol", protocols)):
        repeated = sorted(s for s, n in Counter(e["slug"] for e in entries).items() if n > 1)
        if repeated:
            raise DuplicateSlugError(f"{what} slugs defined more than once: {repeated}")
    known = {entry["slug"] for entry in exercises}
    for entry in exercises:
        if entry.get("harder") is not None and entry["harder"] not in known:
            raise ValueError(
                f"Exercise {entry['slug']!r} progresses to an exercise the library does not "
                f"define: {entry['harder']!r}"
            )
    for protocol in protocols:
        for phase in protocol["phases"]:
            for item in phase["exercises"]:
                if item["exercise"] not in known:
                    raise ValueError(
                        f"Protocol {protocol['slug']!r}, phase {phase['name']!r}, names "
                        f"an exercise the library does not define: {item['exercise']!r}"
                    )


@transaction.atomic
def load_library(exercises: list[dict], protocols: list[dict]) -> dict[str, LoadResult]:
    """Create or update the shared exercises and protocols; running it again changes nothing.

    The data is checked first (``check_library``), so bad data writes nothing.
    """
    check_library(exercises, protocols)
    results = {"exercises": LoadResult(), "protocols": LoadResult(), "phases": LoadResult()}
    by_slug = {}
    for entry in exercises:
        values = {
            key: value for key, value in entry.items() if key not in ("slug", "dose", "harder")
        }
        values.update(full_dose(entry["dose"]))
        by_slug[entry["slug"]] = _upsert(
            Exercise, {"clinic": None, "slug": entry["slug"]}, values, results["exercises"]
        )
    for entry in exercises:  # progression links, once every exercise exists
        harder = by_slug.get(entry.get("harder"))
        exercise = by_slug[entry["slug"]]
        if exercise.harder_id != (harder.pk if harder else None):
            exercise.harder = harder
            exercise.save(update_fields=["harder"])
    for entry in protocols:
        protocol = _upsert(
            Protocol,
            {"clinic": None, "slug": entry["slug"]},
            {key: entry[key] for key in ("name", "condition", "description")},
            results["protocols"],
        )
        _load_phases(protocol, entry["phases"], by_slug, results["phases"])
    return results


def _load_phases(protocol, phases: list[dict], by_slug: dict, result: LoadResult) -> None:
    kept = []
    for order, spec in enumerate(phases, start=1):
        phase = _upsert(
            Phase,
            {"protocol": protocol, "order": order},
            {
                "name": spec["name"],
                "week_start": spec["week_start"],
                "week_end": spec["week_end"],
                "advancement_criteria": spec.get("advancement_criteria", ""),
            },
            result,
        )
        kept.append(phase.pk)
        kept_exercises = []
        for position, item in enumerate(spec["exercises"], start=1):
            exercise = by_slug[item["exercise"]]
            dose = {**exercise.dose_values(), **item.get("dose", {})}
            if dose["frequency"] != "days_per_week":
                dose["days_per_week"] = None
            phase_exercise = _upsert(
                PhaseExercise,
                {"phase": phase, "exercise": exercise},
                {"order": position, **full_dose(dose)},
                result,
            )
            kept_exercises.append(phase_exercise.pk)
        phase.exercises.exclude(pk__in=kept_exercises).delete()
    protocol.phases.exclude(pk__in=kept).delete()

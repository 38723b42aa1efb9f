"""The shared library ships complete, loads idempotently and is read-only to clinics."""

import pkgutil
from importlib import import_module
from itertools import groupby
from types import ModuleType

import pytest
from django.core.exceptions import ValidationError

from programs import library_data
from programs.library import load_library
from programs.library_data import (
    EXERCISE_GROUPS,
    EXERCISES,
    PROTOCOL_MODULES,
    PROTOCOLS,
    DuplicateSlugError,
    collect_exercises,
    collect_protocols,
)
from programs.library_data.exercises import warm_up
from programs.library_data.protocols import upper_back_pain
from programs.models import Exercise, Kind, PhaseExercise, Protocol, Resistance
from programs.vocabulary import LOADED, SESSION_ORDER
from tests.factories import ExerciseFactory


@pytest.fixture
def library(db):
    load_library(EXERCISES, PROTOCOLS)


def test_library_holds_at_least_thirty_exercises_of_all_five_kinds(library):
    assert Exercise.objects.shared().count() >= 30
    assert set(Exercise.objects.values_list("kind", flat=True)) == set(Kind.values)


def test_every_seed_exercise_is_loaded_with_its_dose(library):
    for entry in EXERCISES:
        exercise = Exercise.objects.get(clinic=None, slug=entry["slug"])
        for field, value in entry["dose"].items():
            assert getattr(exercise, field) == value, (entry["slug"], field)
        assert exercise.steps == entry["steps"]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("pec-minor-ball-release", {"passes": 10, "per_side": True}),
        ("kneeling-t-y-w-i", {"sets": 3, "reps": 6, "per_side": True}),
        ("rhomboid-stretch", {"hold_seconds": 15, "hold_seconds_max": 30}),
        ("resistance-band-row", {"reps": 8, "reps_max": 12}),
        ("wall-push-up", {"reps": 8, "reps_max": 12}),
    ],
)
def test_key_doses_match_the_articles(library, slug, expected):
    exercise = Exercise.objects.get(clinic=None, slug=slug)
    assert {field: getattr(exercise, field) for field in expected} == expected


def test_loading_twice_changes_nothing(library):
    before = list(Exercise.objects.order_by("pk").values())
    phases_before = list(PhaseExercise.objects.order_by("pk").values())
    results = load_library(EXERCISES, PROTOCOLS)
    assert all(r.created == 0 and r.updated == 0 for r in results.values())
    assert list(Exercise.objects.order_by("pk").values()) == before
    assert list(PhaseExercise.objects.order_by("pk").values()) == phases_before


def test_a_corrected_dose_in_the_shipped_data_updates_the_shared_entry(library):
    changed = [dict(e, dose={**e["dose"], "sets": 2}) for e in EXERCISES[:1]]
    load_library(changed + EXERCISES[1:], PROTOCOLS)
    assert Exercise.objects.get(clinic=None, slug=EXERCISES[0]["slug"]).sets == 2


def test_shipped_protocols_have_their_phases_in_week_order(library):
    ladder = Protocol.objects.get(slug="wall-push-up-progression")
    weeks = list(ladder.phases.values_list("week_start", "week_end"))
    assert weeks == [(1, 2), (3, 4), (5, 6), (7, 8), (9, None)]
    upper_back = Protocol.objects.get(slug="upper-back-pain")
    assert list(upper_back.phases.values_list("week_start", "week_end")) == weeks
    for slug in (
        "release-stretch-activate",
        "osteoporosis-back-strengthening",
        "scapular-control-virtual-assessment",
    ):
        assert Protocol.objects.get(slug=slug).phases.exists()


def test_each_phase_lists_exercises_in_session_order(library):
    for phase_exercises in _by_phase():
        ranks = [SESSION_ORDER[pe.exercise.kind] for pe in phase_exercises]
        assert ranks == sorted(ranks)


def test_no_shipped_strengthening_is_scheduled_daily(library):
    assert not PhaseExercise.objects.filter(exercise__kind=Kind.STRENGTHEN, frequency="daily")
    assert not Exercise.objects.filter(kind=Kind.STRENGTHEN, frequency="daily")


def test_every_shipped_exercise_says_what_it_is_done_against(library):
    assert {entry["slug"]: entry["resistance"] for entry in EXERCISES} == dict(
        Exercise.objects.shared().values_list("slug", "resistance")
    )
    assert all(entry["resistance"] in Resistance.values for entry in EXERCISES)


@pytest.mark.parametrize(
    ("slug", "resistance"),
    [
        ("one-arm-ball-cobra", Resistance.WEIGHTS),
        ("ball-cobra-cervical-retraction", Resistance.WEIGHTS),
        ("resistance-band-row", Resistance.BAND),
        ("wall-push-up", Resistance.BODY_WEIGHT),
        ("supine-bridge", Resistance.BODY_WEIGHT),
        ("rhomboid-stretch", Resistance.NONE),
        ("foam-roller-thoracic-release", Resistance.NONE),
    ],
)
def test_the_load_of_key_exercises_matches_the_articles(library, slug, resistance):
    assert Exercise.objects.get(clinic=None, slug=slug).resistance == resistance


def test_every_shipped_strengthening_exercise_is_done_against_a_load(library):
    strengthening = Exercise.objects.shared().filter(kind=Kind.STRENGTHEN)
    assert strengthening and all(e.resistance in LOADED for e in strengthening)


def test_a_strengthening_exercise_must_say_what_it_is_done_against(db):
    exercise = ExerciseFactory.build(kind=Kind.STRENGTHEN, resistance=Resistance.NONE)
    with pytest.raises(ValidationError) as refused:
        exercise.full_clean()
    assert "resistance" in refused.value.message_dict


def _defined_in(package) -> list[ModuleType]:
    """Every module in a library sub-package, found on disk rather than from the lists."""
    return [
        import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


def test_every_exercise_and_protocol_in_the_library_files_is_loaded_exactly_once(db):
    group_files = _defined_in(library_data.exercises)
    protocol_files = _defined_in(library_data.protocols)
    assert set(EXERCISE_GROUPS) == set(group_files)
    assert set(PROTOCOL_MODULES) == set(protocol_files)
    defined_exercises = sorted(e["slug"] for m in group_files for e in m.EXERCISES)
    defined_protocols = sorted(m.PROTOCOL["slug"] for m in protocol_files)
    assert sorted(e["slug"] for e in EXERCISES) == defined_exercises
    assert sorted(p["slug"] for p in PROTOCOLS) == defined_protocols

    load_library(EXERCISES, PROTOCOLS)

    assert sorted(Exercise.objects.shared().values_list("slug", flat=True)) == defined_exercises
    assert sorted(Protocol.objects.values_list("slug", flat=True)) == defined_protocols


def test_an_exercise_slug_defined_in_two_library_files_is_refused_naming_both():
    copy = ModuleType("programs.library_data.exercises.copied")
    copy.EXERCISES = [dict(warm_up.EXERCISES[0], name="Another name")]
    with pytest.raises(
        DuplicateSlugError,
        match=r"'foam-roller-lat-release' is defined twice: "
        r"in programs\.library_data\.exercises\.warm_up "
        r"and in programs\.library_data\.exercises\.copied",
    ):
        collect_exercises([*EXERCISE_GROUPS, copy])


def test_a_protocol_slug_defined_in_two_library_files_is_refused_naming_both():
    copy = ModuleType("programs.library_data.protocols.copied")
    copy.PROTOCOL = dict(upper_back_pain.PROTOCOL)
    with pytest.raises(DuplicateSlugError, match=r"'upper-back-pain' is defined twice"):
        collect_protocols([*PROTOCOL_MODULES, copy])


def test_loading_a_repeated_slug_is_refused_and_writes_nothing(db):
    with pytest.raises(DuplicateSlugError, match=r"\['foam-roller-lat-release'\]"):
        load_library([*EXERCISES, warm_up.EXERCISES[0]], PROTOCOLS)
    assert not Exercise.objects.exists()


def test_a_protocol_naming_an_undefined_exercise_is_refused_and_writes_nothing(db):
    broken = dict(PROTOCOLS[0], phases=[dict(PROTOCOLS[0]["phases"][0])])
    broken["phases"][0]["exercises"] = [{"exercise": "no-such-exercise", "dose": {}}]
    with pytest.raises(ValueError, match=r"does not define: 'no-such-exercise'"):
        load_library(EXERCISES, [broken])
    assert not Exercise.objects.exists()
    assert not Protocol.objects.exists()


def _by_phase():
    rows = PhaseExercise.objects.select_related("exercise").order_by("phase_id", "order")
    return [list(group) for _, group in groupby(rows, key=lambda pe: pe.phase_id)]


def test_the_push_up_ladders_five_surfaces_are_linked_easier_to_harder(library):
    wall = Exercise.objects.shared().get(slug="wall-push-up")
    ladder = [wall.slug]
    step = wall
    while step.harder_id:
        step = step.harder
        ladder.append(step.slug)
    assert ladder == [
        "wall-push-up",
        "counter-push-up",
        "couch-push-up",
        "chair-push-up",
        "floor-push-up",
    ]
    assert list(step.easier.values_list("slug", flat=True)) == ["chair-push-up"]


def test_an_exercise_progressing_to_an_undefined_one_is_refused_and_writes_nothing(db):
    broken = [*EXERCISES[:-1], dict(EXERCISES[-1], harder="no-such-exercise")]
    with pytest.raises(ValueError, match=r"progresses to .* 'no-such-exercise'"):
        load_library(broken, [])
    assert not Exercise.objects.exists()

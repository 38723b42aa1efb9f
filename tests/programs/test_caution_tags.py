"""Every shipped exercise carries the caution tags of the seeds' cautions; load_library checks."""

import pytest
from django.core.exceptions import ValidationError

from patients.rules.contraindications import CONTRAINDICATED, Condition
from programs.library import CautionTagsError, load_library
from programs.library_data import EXERCISES, PROTOCOLS
from programs.models import Exercise
from programs.vocabulary import CautionTag
from tests.factories import ExerciseFactory


def test_every_shipped_exercise_is_loaded_with_its_considered_tags(db):
    load_library(EXERCISES, PROTOCOLS)
    for entry in EXERCISES:
        assert isinstance(entry["caution_tags"], list), entry["slug"]
        loaded = Exercise.objects.get(clinic=None, slug=entry["slug"])
        assert loaded.caution_tags == entry["caution_tags"]
    used = {tag for entry in EXERCISES for tag in entry["caution_tags"]}
    assert used == set(CautionTag)


@pytest.mark.parametrize(
    ("slug", "tags"),
    [
        # Seed 002: child's pose kneels and rounds the back; the rhomboid stretch rounds it.
        ("modified-childs-pose", {"loaded_spinal_flexion", "kneeling"}),
        ("childs-pose", {"loaded_spinal_flexion", "kneeling"}),
        ("rhomboid-stretch", {"loaded_spinal_flexion"}),
        # Seed 000: rotation on all fours; seed 004: rolling the upper back, never the lower.
        ("quadruped-thoracic-rotation", {"spinal_rotation_under_load", "kneeling"}),
        ("foam-roller-thoracic-release", {"rolling_on_spine"}),
        # Seed 001: face down against gravity, light dumbbells once easy; arms overhead.
        ("prone-back-extension", {"prone_lying"}),
        ("prone-y-raise", {"prone_lying", "overhead", "external_load"}),
        ("wall-slide", {"overhead"}),
        # Seed 004: 3-5 lb dumbbells over a ball; seed 002: the band row.
        ("one-arm-ball-cobra", {"prone_lying", "external_load"}),
        ("resistance-band-row", {"external_load"}),
    ],
)
def test_key_exercises_carry_the_seeds_cautions(slug, tags):
    entry = next(entry for entry in EXERCISES if entry["slug"] == slug)
    assert tags <= set(entry["caution_tags"])


def test_the_osteoporosis_protocol_holds_nothing_osteoporosis_rules_out():
    tags = {entry["slug"]: set(entry["caution_tags"]) for entry in EXERCISES}
    protocol = next(p for p in PROTOCOLS if p["slug"] == "osteoporosis-back-strengthening")
    slugs = {item["exercise"] for phase in protocol["phases"] for item in phase["exercises"]}
    assert slugs
    assert all(not tags[slug] & CONTRAINDICATED[Condition.OSTEOPOROSIS] for slug in slugs)


def test_an_exercise_whose_tags_were_not_considered_is_refused_and_writes_nothing(db):
    untagged = {key: value for key, value in EXERCISES[0].items() if key != "caution_tags"}
    with pytest.raises(CautionTagsError, match=r"'pec-minor-ball-release' has no caution_tags"):
        load_library([untagged, *EXERCISES[1:]], PROTOCOLS)
    assert not Exercise.objects.exists()


def test_an_unknown_caution_tag_is_refused(db):
    typo = dict(EXERCISES[0], caution_tags=["kneel"])
    with pytest.raises(CautionTagsError, match=r"\['kneel'\]"):
        load_library([typo, *EXERCISES[1:]], PROTOCOLS)
    assert not Exercise.objects.exists()


def test_a_clinic_exercise_refuses_an_unknown_tag(db):
    exercise = ExerciseFactory.build(caution_tags=["kneel"])
    with pytest.raises(ValidationError) as refused:
        exercise.full_clean(exclude=["clinic"])
    assert "caution_tags" in refused.value.message_dict

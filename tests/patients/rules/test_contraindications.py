"""The contraindication screen: a patient's conditions against exercises' caution tags."""

from hypothesis import given
from hypothesis import strategies as st

from patients.rules.codes import ContraindicationCode
from patients.rules.contraindications import (
    CONTRAINDICATED,
    Condition,
    ExerciseCautions,
    conflicts,
)
from programs.vocabulary import CautionTag as Tag

CHILDS_POSE = ExerciseCautions(
    "childs-pose", "Child's pose", frozenset({Tag.LOADED_SPINAL_FLEXION, Tag.KNEELING})
)
ROLLING = ExerciseCautions(
    "foam-roller-thoracic-release", "Foam roller", frozenset({Tag.ROLLING_ON_SPINE})
)
ROTATION = ExerciseCautions(
    "quadruped-thoracic-rotation", "Rotation", frozenset({Tag.SPINAL_ROTATION_UNDER_LOAD})
)
BRIDGE = ExerciseCautions("supine-bridge", "Bridge", frozenset({Tag.SUPINE_LYING}))
NOTHING = ExerciseCautions("shoulder-roll-sequence", "Shoulder rolls", frozenset())


def test_osteoporosis_rules_out_loaded_flexion_rotation_and_rolling_on_the_spine():
    found = conflicts([Condition.OSTEOPOROSIS], [CHILDS_POSE, ROLLING, ROTATION, BRIDGE, NOTHING])
    assert [(f.code, f.params["exercise"], f.params["tags"]) for f in found] == [
        (ContraindicationCode.CONFLICT, "childs-pose", ["loaded_spinal_flexion"]),
        (ContraindicationCode.CONFLICT, "foam-roller-thoracic-release", ["rolling_on_spine"]),
        (
            ContraindicationCode.CONFLICT,
            "quadruped-thoracic-rotation",
            ["spinal_rotation_under_load"],
        ),
    ]
    assert found[0].params == {
        "exercise": "childs-pose",
        "name": "Child's pose",
        "condition": "osteoporosis",
        "tags": ["loaded_spinal_flexion"],
    }


def test_each_condition_is_its_own_finding_with_only_its_tags():
    found = conflicts(
        ["inflammatory_arthritis", "osteoporosis"], [CHILDS_POSE]
    )  # stored codes as plain strings, in any order
    assert [(f.params["condition"], f.params["tags"]) for f in found] == [
        ("osteoporosis", ["loaded_spinal_flexion"]),
        ("inflammatory_arthritis", ["kneeling"]),
    ]


def test_pregnancy_rules_out_lying_on_the_back_or_front():
    assert [f.params["exercise"] for f in conflicts([Condition.PREGNANCY], [BRIDGE, ROLLING])] == [
        "supine-bridge"
    ]


def test_no_conditions_or_only_other_find_nothing():
    assert conflicts([], [CHILDS_POSE, ROLLING]) == []
    assert conflicts([Condition.OTHER], [CHILDS_POSE, ROLLING]) == []


def test_an_exercise_listed_twice_is_found_once():
    assert len(conflicts([Condition.OSTEOPOROSIS], [CHILDS_POSE, CHILDS_POSE])) == 1


def test_every_condition_says_what_it_rules_out():
    assert set(CONTRAINDICATED) == set(Condition)
    assert all(CONTRAINDICATED[c] for c in Condition if c is not Condition.OTHER)


@given(
    conditions=st.sets(st.sampled_from(list(Condition))),
    tag_sets=st.lists(st.frozensets(st.sampled_from(list(Tag))), max_size=6),
)
def test_a_finding_exactly_where_a_condition_forbids_one_of_the_tags(conditions, tag_sets):
    exercises = [ExerciseCautions(f"e{i}", f"E{i}", tags) for i, tags in enumerate(tag_sets)]
    found = {
        (f.params["exercise"], f.params["condition"]): f for f in conflicts(conditions, exercises)
    }
    for exercise in exercises:
        for condition in Condition:
            forbidden = exercise.tags & CONTRAINDICATED[condition]
            key = (exercise.slug, str(condition))
            if condition in conditions and forbidden:
                assert found[key].params["tags"] == sorted(forbidden)
            else:
                assert key not in found

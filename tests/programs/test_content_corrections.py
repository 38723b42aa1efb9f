"""Corrections of the shipped protocols against the seeds (issue 13, point 9)."""

from programs.library_data import EXERCISES, PROTOCOLS

LIBRARY = {entry["slug"]: entry for entry in EXERCISES}


def _protocol(slug):
    return next(protocol for protocol in PROTOCOLS if protocol["slug"] == slug)


def _slugs(phase):
    return [item["exercise"] for item in phase["exercises"]]


def test_upper_back_building_criterion_forbids_moving_up_the_ladder_with_pain():
    building = _protocol("upper-back-pain")["phases"][1]
    criteria = building["advancement_criteria"]
    assert "never move up the ladder with pain" in criteria
    assert "step down" not in criteria


def test_upper_back_maintenance_follows_the_push_up_ladder_to_couch_chair_and_floor():
    phases = _protocol("upper-back-pain")["phases"]
    push_ups = [next(s for s in _slugs(phase) if s.endswith("push-up")) for phase in phases]
    assert push_ups == [
        "wall-push-up",
        "counter-push-up",
        "couch-push-up",
        "chair-push-up",
        "floor-push-up",
    ]
    # Each rung is the library's harder variant of the one before (the builder's step).
    assert all(LIBRARY[a]["harder"] == b for a, b in zip(push_ups, push_ups[1:], strict=False))
    assert [(p["week_start"], p["week_end"]) for p in phases[2:]] == [(5, 6), (7, 8), (9, None)]
    for phase in phases[2:]:
        # Maintenance: stretching and strengthening three days a week.
        assert all(item["dose"]["days_per_week"] == 3 for item in phase["exercises"])


def test_the_upper_back_program_asks_for_at_least_six_weeks():
    protocol = _protocol("upper-back-pain")
    assert "at least six weeks" in protocol["description"]
    assert "five-week" not in protocol["description"]
    bounded = [phase["week_end"] for phase in protocol["phases"] if phase["week_end"]]
    assert max(bounded) >= 6 and protocol["phases"][-1]["week_end"] is None


def test_release_stretch_activate_starts_with_the_one_arm_cobra_and_adds_the_chin_tuck_later():
    first, later = _protocol("release-stretch-activate")["phases"]
    assert "one-arm-ball-cobra" in _slugs(first)
    assert "ball-cobra-cervical-retraction" not in _slugs(first)
    assert _slugs(later).index("one-arm-ball-cobra") < _slugs(later).index(
        "ball-cobra-cervical-retraction"
    )
    chin_tuck = next(i for i in later["exercises"] if i["exercise"].startswith("ball-cobra"))
    assert "3-5 lb at most" in chin_tuck["dose"]["load_note"]

"""Protocol template: Upper back pain: stretch and strengthen."""

#: Stretches and strength work of the maintenance weeks: three days a week each (seed 002).
_THREE_DAYS = {"frequency": "days_per_week", "days_per_week": 3}


def _maintenance(name: str, week_start: int, week_end: int | None, push_up: str, criteria: str):
    """A maintenance phase: the stretches and the band row three days a week, with the
    push-up ladder's rung for these weeks."""
    return {
        "name": name,
        "week_start": week_start,
        "week_end": week_end,
        "advancement_criteria": criteria,
        "exercises": [
            {"exercise": "rhomboid-stretch", "dose": dict(_THREE_DAYS)},
            {"exercise": "modified-childs-pose", "dose": dict(_THREE_DAYS)},
            {"exercise": "shoulder-roll-sequence", "dose": dict(_THREE_DAYS)},
            {"exercise": push_up, "dose": {"sets": 2, **_THREE_DAYS}},
            {"exercise": "resistance-band-row", "dose": {"sets": 2, **_THREE_DAYS}},
        ],
    }


_REVIEW = (
    " Review if nothing improves after two weeks of steady practice or pain disturbs sleep "
    "or daily life."
)

PROTOCOL = {
    "slug": "upper-back-pain",
    "name": "Upper back pain: stretch and strengthen",
    "condition": "Upper back pain with rounded shoulders",
    "description": (
        "Daily stretching and gentle push-ups first, then a maintenance routine that keeps "
        "climbing the push-up ladder (couch, chair, floor). Plan on at least six weeks: gains "
        "are small at first. Strength work never falls on two days in a row."
    ),
    "phases": [
        {
            "name": "Foundation",
            "week_start": 1,
            "week_end": 2,
            "advancement_criteria": (
                "Move on after two weeks if the stretches give only a mild pull, wall "
                "push-ups are pain-free and every rep is done with good form."
            ),
            "exercises": [
                {"exercise": "rhomboid-stretch", "dose": {}},
                {"exercise": "modified-childs-pose", "dose": {}},
                {"exercise": "shoulder-roll-sequence", "dose": {}},
                {
                    "exercise": "wall-push-up",
                    "dose": {"sets": 1, "frequency": "every_other_day"},
                },
            ],
        },
        {
            "name": "Building",
            "week_start": 3,
            "week_end": 4,
            "advancement_criteria": (
                "Move on when two sets of each strength exercise are done pain-free with "
                "good form. Stay on the counter (or go back to the wall) while it hurts or "
                "reps are not all done well; never move up the ladder with pain."
            ),
            "exercises": [
                {"exercise": "rhomboid-stretch", "dose": {}},
                {"exercise": "modified-childs-pose", "dose": {}},
                {"exercise": "shoulder-roll-sequence", "dose": {}},
                {"exercise": "counter-push-up", "dose": {"sets": 2}},
                {"exercise": "resistance-band-row", "dose": {"sets": 2}},
            ],
        },
        _maintenance(
            "Maintenance: couch push-ups",
            5,
            6,
            "couch-push-up",
            "Step up to the chair only when couch push-ups are easy and pain-free with good "
            "form; otherwise stay on the couch." + _REVIEW,
        ),
        _maintenance(
            "Maintenance: chair push-ups",
            7,
            8,
            "chair-push-up",
            "Step up to the floor only when chair push-ups are easy and pain-free with good "
            "form; otherwise stay on the chair." + _REVIEW,
        ),
        _maintenance(
            "Maintenance: floor push-ups",
            9,
            None,
            "floor-push-up",
            "Ongoing. Go back to chair push-ups if floor push-ups hurt or cannot be done "
            "with good form." + _REVIEW,
        ),
    ],
}

"""Protocol template: Upper back pain: stretch and strengthen."""

PROTOCOL = {
    "slug": "upper-back-pain",
    "name": "Upper back pain: stretch and strengthen",
    "condition": "Upper back pain with rounded shoulders",
    "description": (
        "A five-week start that builds from daily stretching and gentle push-ups to a "
        "maintenance routine. Strength work never falls on two days in a row."
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
                "good form. Keep the wall push-up instead of the counter if the patient "
                "is not ready; never step down the ladder with pain."
            ),
            "exercises": [
                {"exercise": "rhomboid-stretch", "dose": {}},
                {"exercise": "modified-childs-pose", "dose": {}},
                {"exercise": "shoulder-roll-sequence", "dose": {}},
                {"exercise": "counter-push-up", "dose": {"sets": 2}},
                {"exercise": "resistance-band-row", "dose": {"sets": 2}},
            ],
        },
        {
            "name": "Maintenance",
            "week_start": 5,
            "week_end": None,
            "advancement_criteria": (
                "Ongoing. Change the push-up surface only when the current one is easy and "
                "pain-free. Review if nothing improves after two weeks of steady practice or "
                "pain disturbs sleep or daily life."
            ),
            "exercises": [
                {
                    "exercise": "rhomboid-stretch",
                    "dose": {"frequency": "days_per_week", "days_per_week": 3},
                },
                {
                    "exercise": "modified-childs-pose",
                    "dose": {"frequency": "days_per_week", "days_per_week": 3},
                },
                {
                    "exercise": "shoulder-roll-sequence",
                    "dose": {"frequency": "days_per_week", "days_per_week": 3},
                },
                {
                    "exercise": "counter-push-up",
                    "dose": {"sets": 2, "frequency": "days_per_week", "days_per_week": 3},
                },
                {
                    "exercise": "resistance-band-row",
                    "dose": {"sets": 2, "frequency": "days_per_week", "days_per_week": 3},
                },
            ],
        },
    ],
}

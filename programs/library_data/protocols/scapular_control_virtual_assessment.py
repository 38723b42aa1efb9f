"""Protocol template: Shoulder blade control after a virtual assessment."""

PROTOCOL = {
    "slug": "scapular-control-virtual-assessment",
    "name": "Shoulder blade control after a virtual assessment",
    "condition": "Rounded shoulders, weak shoulder blade muscles, stiff upper back",
    "description": (
        "Release the pec minor, free up the upper and lower back, and teach the shoulder "
        "blades to do their share of arm movement."
    ),
    "phases": [
        {
            "name": "Release and shoulder blade control",
            "week_start": 1,
            "week_end": 2,
            "advancement_criteria": (
                "Move on when all 3 sets of T-Y-W-I are led by the shoulder blade with no "
                "shrugging or trunk twist, and pain has not risen."
            ),
            "exercises": [
                {"exercise": "pec-minor-ball-release", "dose": {}},
                {"exercise": "quadruped-thoracic-rotation", "dose": {}},
                {"exercise": "cat-cow-hollowing", "dose": {}},
                {"exercise": "kneeling-t-y-w-i", "dose": {}},
            ],
        },
        {
            "name": "Build control",
            "week_start": 3,
            "week_end": 6,
            "advancement_criteria": (
                "Clinic progression, not from the source: release twice a day and a few "
                "more T-Y-W-I reps with a longer pause. Reassess at week 6."
            ),
            "exercises": [
                {"exercise": "pec-minor-ball-release", "dose": {"times_per_day": 2}},
                {"exercise": "quadruped-thoracic-rotation", "dose": {}},
                {"exercise": "cat-cow-hollowing", "dose": {}},
                {
                    "exercise": "kneeling-t-y-w-i",
                    "dose": {
                        "reps": 8,
                        "reps_max": 10,
                        "hold_seconds": 3,
                        "hold_seconds_max": 5,
                    },
                },
            ],
        },
    ],
}

"""Protocol template: Release, stretch, activate warm-up."""

PROTOCOL = {
    "slug": "release-stretch-activate",
    "name": "Release, stretch, activate warm-up",
    "condition": "Upper back and neck pain; warm-up before upper body exercise",
    "description": (
        "Foam rolling first, then a chest and lat stretch, then light activation of the "
        "posture muscles: the one-arm ball cobra first, its harder chin-tuck version once the "
        "form is solid. Load stays at 3-5 lb at most."
    ),
    "phases": [
        {
            "name": "Learn the routine (body weight)",
            "week_start": 1,
            "week_end": 4,
            "advancement_criteria": (
                "Move on to 3-5 lb dumbbells and the chin-tuck version only when every "
                "one-arm cobra rep keeps the shoulders down and the back neutral, with no pain."
            ),
            "exercises": [
                {"exercise": "foam-roller-lat-release", "dose": {}},
                {"exercise": "foam-roller-thoracic-release", "dose": {}},
                {"exercise": "ball-chest-lat-stretch", "dose": {}},
                {
                    "exercise": "one-arm-ball-cobra",
                    "dose": {"load_note": "Body weight only"},
                },
            ],
        },
        {
            "name": "Light load and the chin-tuck version",
            "week_start": 5,
            "week_end": None,
            "advancement_criteria": (
                "Ongoing. Never go above 3-5 lb; make it harder with more reps or an extra "
                "set. Drop back to body weight if the shoulders start to hitch up."
            ),
            "exercises": [
                {"exercise": "foam-roller-lat-release", "dose": {}},
                {"exercise": "foam-roller-thoracic-release", "dose": {}},
                {"exercise": "ball-chest-lat-stretch", "dose": {}},
                {
                    "exercise": "one-arm-ball-cobra",
                    "dose": {"load_note": "3-5 lb dumbbells"},
                },
                {
                    "exercise": "ball-cobra-cervical-retraction",
                    "dose": {"load_note": "Body weight first; 3-5 lb at most once form is solid"},
                },
            ],
        },
    ],
}

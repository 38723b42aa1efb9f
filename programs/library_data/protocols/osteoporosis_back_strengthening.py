"""Protocol template: Osteoporosis back strengthening."""

PROTOCOL = {
    "slug": "osteoporosis-back-strengthening",
    "name": "Osteoporosis back strengthening",
    "condition": "Osteoporosis, including after a spine fracture",
    "description": (
        "Ten weeks of back, hip and shoulder blade strengthening done several times a "
        "week at home, first for form and then with longer holds."
    ),
    "phases": [
        {
            "name": "Learning form",
            "week_start": 1,
            "week_end": 4,
            "advancement_criteria": (
                "Move on when each exercise is done without trunk twist, sagging, back "
                "arching or neck strain, pain has not risen, and most sessions were done."
            ),
            "exercises": [
                {"exercise": "supine-bridge", "dose": {}},
                {"exercise": "bird-dog", "dose": {}},
                {"exercise": "prone-back-extension", "dose": {}},
                {"exercise": "prone-arm-lift", "dose": {}},
                {"exercise": "wall-slide", "dose": {}},
            ],
        },
        {
            "name": "Longer holds",
            "week_start": 5,
            "week_end": 10,
            "advancement_criteria": (
                "The program ends after week 10. The therapist reviews progress and agrees "
                "an ongoing home routine."
            ),
            "exercises": [
                {"exercise": "supine-bridge", "dose": {}},
                {
                    "exercise": "bird-dog",
                    "dose": {"hold_seconds": 5, "hold_seconds_max": 10},
                },
                {
                    "exercise": "prone-back-extension",
                    "dose": {"hold_seconds": 8, "hold_seconds_max": 10},
                },
                {
                    "exercise": "prone-arm-lift",
                    "dose": {"hold_seconds": 8, "hold_seconds_max": 10},
                },
                {"exercise": "wall-slide", "dose": {}},
            ],
        },
    ],
}

"""Protocol template: Wall push-up ladder."""

PROTOCOL = {
    "slug": "wall-push-up-progression",
    "name": "Wall push-up ladder",
    "condition": "Weak shoulder blade control (serratus anterior)",
    "description": (
        "Five steps from the wall to the floor, two weeks each, so the shoulder blade "
        "muscles get stronger without being overloaded."
    ),
    "phases": [
        {
            "name": "Wall push-ups",
            "week_start": 1,
            "week_end": 2,
            "advancement_criteria": (
                "Step to the counter only if all 8-12 reps are pain-free with good form. "
                "Never advance with pain or when reps cannot be finished well."
            ),
            "exercises": [{"exercise": "wall-push-up", "dose": {}}],
        },
        {
            "name": "Counter push-ups",
            "week_start": 3,
            "week_end": 4,
            "advancement_criteria": (
                "Step to the couch only if all 8-12 reps are pain-free with good form. "
                "Never advance with pain or when reps cannot be finished well."
            ),
            "exercises": [{"exercise": "counter-push-up", "dose": {}}],
        },
        {
            "name": "Couch push-ups",
            "week_start": 5,
            "week_end": 6,
            "advancement_criteria": (
                "Step to the chair only if all 8-12 reps are pain-free with good form. "
                "Never advance with pain or when reps cannot be finished well."
            ),
            "exercises": [{"exercise": "couch-push-up", "dose": {}}],
        },
        {
            "name": "Chair push-ups",
            "week_start": 7,
            "week_end": 8,
            "advancement_criteria": (
                "Go to the floor only when chair push-ups feel easy, pain-free and all reps "
                "keep good form. Never advance with pain."
            ),
            "exercises": [{"exercise": "chair-push-up", "dose": {}}],
        },
        {
            "name": "Floor push-ups",
            "week_start": 9,
            "week_end": None,
            "advancement_criteria": (
                "Final step. Go back one surface if pain appears or form slips before the "
                "reps are done."
            ),
            "exercises": [{"exercise": "floor-push-up", "dose": {}}],
        },
    ],
}

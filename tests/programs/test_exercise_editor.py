"""A clinic's own exercise is edited in rows and tick boxes, never as JSON, with a preview."""

from django.urls import reverse

from programs.models import Exercise
from tests.factories import ExerciseFactory


def _new_exercise(**extra):
    data = {
        "name": "Towel chin tuck",
        "slug": "towel-chin-tuck",
        "kind": "mobility",
        "resistance": "none",
        "region": "neck",
        "summary": "Draws the head back over the shoulders.",
        "steps": ["Sit tall with a towel behind your neck.", "", "Slide your chin straight back."],
        "cautions": ["Keep the chin level.", ""],
        "target_muscles": ["deep neck flexors"],
        "variations": [""],
        "equipment": ["towel", "chair"],
        "caution_tags": [],
        "sets": 1,
        "reps": 8,
        "frequency": "daily",
        "times_per_day": 1,
    }
    data.update(extra)
    return data


def test_the_add_form_offers_rows_and_tick_boxes_not_json(client, north):
    client.force_login(north.therapist)
    page = client.get(reverse("admin:programs_exercise_add")).content.decode()
    assert 'name="steps" id="id_steps-1"' in page
    assert 'type="checkbox" name="equipment" value="foam_roller"' in page
    assert "JSON" not in page


def test_saving_rows_keeps_the_filled_ones_in_order(client, north):
    client.force_login(north.therapist)
    response = client.post(reverse("admin:programs_exercise_add"), _new_exercise())
    assert response.status_code == 302, response.content.decode()[:2000]
    exercise = Exercise.objects.get(slug="towel-chin-tuck")
    assert exercise.clinic == north.clinic
    assert exercise.steps == [
        "Sit tall with a towel behind your neck.",
        "Slide your chin straight back.",
    ]
    assert exercise.cautions == ["Keep the chin level."]
    assert exercise.variations == []
    assert exercise.equipment == ["towel", "chair"]


def test_an_exercise_without_steps_or_with_unknown_equipment_is_refused(client, north):
    client.force_login(north.therapist)
    response = client.post(
        reverse("admin:programs_exercise_add"),
        _new_exercise(steps=["", ""], equipment=["trampoline"]),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "steps" in errors and "equipment" in errors
    assert not Exercise.objects.filter(slug="towel-chin-tuck").exists()


def test_the_change_page_shows_each_step_in_its_row_and_a_patient_preview(client, north):
    exercise = ExerciseFactory(clinic=north.clinic, steps=["Lie down.", "Breathe out."])
    client.force_login(north.therapist)
    page = client.get(reverse("admin:programs_exercise_change", args=[exercise.pk])).content
    page = page.decode()
    assert 'value="Lie down."' in page and 'value="Breathe out."' in page
    assert "What the patient sees" in page
    assert "<ol><li>Lie down.</li><li>Breathe out.</li></ol>" in page

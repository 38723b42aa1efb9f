"""The program builder in the API: POST, PATCH and DELETE on a prescription's exercises."""

from patients.models import PrescriptionChange
from tests.api_fixtures import api_client
from tests.conftest import prescribe_small_program
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory


def _base(program):
    return f"/api/v1/prescriptions/{program.prescription.pk}/"


def _names(program, order=1):
    phase = program.prescription.phases.get(order=order)
    return [item.exercise.name for item in phase.exercises.select_related("exercise")]


def test_post_adds_an_exercise_with_its_library_dose_or_the_dose_sent(north):
    program = prescribe_small_program(north)
    chin = ExerciseFactory(name="Chin tuck", reps=6)
    client = api_client(north.therapist)

    response = client.post(
        _base(program) + "exercises/",
        {"phase": program.stretch.phase_id, "exercise": chin.pk, "sets": 2},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["reps"], response.json()["sets"]) == (
        "Chin tuck",
        6,
        2,
    )
    assert _names(program)[-1] == "Chin tuck"


def test_patch_swaps_moves_steps_or_changes_the_dose_one_at_a_time(north):
    program = prescribe_small_program(north)
    easier = ExerciseFactory(name="Wall slide", harder=program.strengthen.exercise)
    row = ExerciseFactory(name="Band row")
    client = api_client(north.therapist)
    url = _base(program) + "exercises/{}/"

    moved = client.patch(url.format(program.strengthen.pk), {"order": 1}, format="json")
    assert moved.status_code == 200 and _names(program) == ["Wall push-up", "Rhomboid stretch"]

    stepped = client.patch(url.format(program.strengthen.pk), {"step": "easier"}, format="json")
    assert stepped.status_code == 200 and stepped.json()["name"] == "Wall slide"

    swapped = client.patch(url.format(program.stretch.pk), {"exercise": row.pk}, format="json")
    assert swapped.status_code == 200 and _names(program) == ["Wall slide", "Band row"]

    dosed = client.patch(url.format(swapped.json()["id"]), {"sets": 3}, format="json")
    assert dosed.status_code == 200 and dosed.json()["sets"] == 3
    assert easier.pk == stepped.json()["exercise_id"]

    mixed = client.patch(url.format(swapped.json()["id"]), {"sets": 2, "order": 1}, format="json")
    assert mixed.status_code == 400
    actions = set(
        PrescriptionChange.objects.filter(prescription=program.prescription).values_list(
            "details__action", flat=True
        )
    )
    assert {"moved", "regressed", "swapped"} <= actions


def test_delete_removes_an_exercise_from_the_program(north):
    program = prescribe_small_program(north)
    client = api_client(north.therapist)
    response = client.delete(_base(program) + f"exercises/{program.stretch.pk}/")
    assert response.status_code == 204
    assert _names(program) == ["Wall push-up"]
    again = client.delete(_base(program) + f"exercises/{program.stretch.pk}/")
    assert again.status_code == 404


def test_another_clinics_exercise_in_the_body_is_not_found(north, south):
    program = prescribe_small_program(north)
    theirs = ExerciseFactory(clinic=south.clinic)
    client = api_client(north.therapist)
    response = client.post(
        _base(program) + "exercises/",
        {"phase": program.stretch.phase_id, "exercise": theirs.pk},
        format="json",
    )
    assert response.status_code == 404
    swap = client.patch(
        _base(program) + f"exercises/{program.stretch.pk}/", {"exercise": theirs.pk}, format="json"
    )
    assert swap.status_code == 404
    assert _names(program) == ["Rhomboid stretch", "Wall push-up"]


def test_another_patients_exercise_id_in_the_path_is_not_found(north):
    program = prescribe_small_program(north)
    other = prescribe_small_program(north, patient=north.other_patient)
    client = api_client(north.therapist)
    response = client.delete(_base(program) + f"exercises/{other.stretch.pk}/")
    assert response.status_code == 404


def test_phases_from_another_protocol_and_saving_as_a_protocol(north):
    program = prescribe_small_program(north)
    ladder = PhaseFactory(order=1, week_start=1, week_end=2, name="Wall")
    PhaseExerciseFactory(phase=ladder, exercise=ExerciseFactory(name="Ladder wall push-up"))
    client = api_client(north.therapist)

    combined = client.post(
        _base(program) + "phases/", {"protocol": ladder.protocol_id}, format="json"
    )
    assert combined.status_code == 201, combined.content
    assert [p["name"] for p in combined.json()["phases"]][-1] == "Wall"

    empty = client.post(
        _base(program) + "phases/", {"name": "Keep going", "week_start": 7}, format="json"
    )
    assert empty.status_code == 201 and empty.json()["phases"][-1]["name"] == "Keep going"

    bad = client.post(_base(program) + "phases/", {"week_start": 2}, format="json")
    assert bad.status_code == 400

    saved = client.post(_base(program) + "save-as-protocol/", {"name": "Desk"}, format="json")
    assert saved.status_code == 201 and saved.json()["name"] == "Desk"


def test_the_schema_documents_the_builder_operations(north):
    schema = api_client(north.therapist).get("/api/v1/schema/?format=json").json()
    exercises = schema["paths"]["/api/v1/prescriptions/{id}/exercises/{exercise_pk}/"]
    assert {"patch", "delete"} <= set(exercises)
    assert "post" in schema["paths"]["/api/v1/prescriptions/{id}/exercises/"]
    assert "post" in schema["paths"]["/api/v1/prescriptions/{id}/phases/"]


def test_a_patient_made_through_the_api_is_invited_only_once_a_program_exists(north):
    from django.core import mail

    client = api_client(north.therapist)
    made = client.post(
        "/api/v1/patients/",
        {
            "email": "api.new@example.test",
            "first_name": "Api",
            "last_name": "New",
            "primary_therapist": north.therapist.pk,
        },
        format="json",
    )
    assert made.status_code == 201 and mail.outbox == []
    early = client.post(f"/api/v1/patients/{made.json()['id']}/invitation/")
    assert early.status_code == 409 and mail.outbox == []

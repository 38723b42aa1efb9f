"""The program builder page: staff tailor one program through forms, scoped to their clinic."""

from django.urls import reverse

from patients.models import PrescriptionChange
from tests.conftest import prescribe_small_program
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory


def _url(program, action=None):
    if action:
        return reverse("staff:program_action", args=[program.prescription.pk, action])
    return reverse("staff:program", args=[program.prescription.pk])


def _names(program, order=1):
    phase = program.prescription.phases.get(order=order)
    return [item.exercise.name for item in phase.exercises.select_related("exercise")]


def test_the_page_lists_phases_exercises_and_a_library_search(client, north):
    program = prescribe_small_program(north)
    ExerciseFactory(name="Chin tuck", kind="mobility", region="neck")
    ExerciseFactory(name="Band pull-apart", kind="strengthen", equipment=["resistance_band"])
    client.force_login(north.therapist)

    page = client.get(_url(program), {"q": "tuck"}).content.decode()

    assert "Rhomboid stretch" in page and "Wall push-up" in page
    assert "Chin tuck" in page and "Band pull-apart" not in page
    by_equipment = client.get(_url(program), {"equipment": "resistance_band"}).content.decode()
    assert "Band pull-apart" in by_equipment and "Chin tuck" not in by_equipment


def test_adding_swapping_stepping_moving_and_removing_through_the_page(client, north):
    program = prescribe_small_program(north)
    first = program.prescription.phases.get(order=1)
    chin = ExerciseFactory(name="Chin tuck")
    row = ExerciseFactory(name="Band row", kind="strengthen")
    easier = ExerciseFactory(name="Wall slide", harder=program.strengthen.exercise)
    client.force_login(north.therapist)

    client.post(_url(program, "place"), {"exercise": chin.pk, "target": f"phase-{first.pk}"})
    assert _names(program) == ["Rhomboid stretch", "Wall push-up", "Chin tuck"]

    client.post(_url(program, "easier"), {"item": program.strengthen.pk, "to_exercise": easier.pk})
    assert _names(program) == ["Rhomboid stretch", "Wall slide", "Chin tuck"]

    stretch = first.exercises.get(exercise__name="Rhomboid stretch")
    client.post(_url(program, "place"), {"exercise": row.pk, "target": f"item-{stretch.pk}"})
    assert _names(program) == ["Band row", "Wall slide", "Chin tuck"]

    last = first.exercises.get(exercise=chin)
    client.post(_url(program, "move"), {"item": last.pk, "position": 1})
    assert _names(program) == ["Chin tuck", "Band row", "Wall slide"]

    response = client.post(_url(program, "remove"), {"item": last.pk}, follow=True)
    assert _names(program) == ["Band row", "Wall slide"]
    assert "Removed Chin tuck." in response.content.decode()
    actions = PrescriptionChange.objects.filter(prescription=program.prescription).values_list(
        "details__action", flat=True
    )
    assert sorted(a for a in actions if a) == ["added", "moved", "regressed", "removed", "swapped"]


def test_a_refused_change_says_why_and_changes_nothing(client, north):
    program = prescribe_small_program(north)
    first = program.prescription.phases.get(order=1)
    client.force_login(north.therapist)
    response = client.post(
        _url(program, "place"),
        {"exercise": program.stretch.exercise.pk, "target": f"phase-{first.pk}"},
        follow=True,
    )
    assert "already in this phase" in response.content.decode()
    assert _names(program) == ["Rhomboid stretch", "Wall push-up"]
    bad = client.post(_url(program, "place"), {"exercise": "x", "target": "nowhere"}, follow=True)
    assert bad.status_code == 200 and "Check the form" in bad.content.decode()


def test_phases_from_another_protocol_and_saving_as_a_clinic_protocol(client, north):
    program = prescribe_small_program(north)
    ladder = PhaseFactory(protocol__name="Ladder", order=1, week_start=1, week_end=2, name="Wall")
    PhaseExerciseFactory(phase=ladder, exercise=ExerciseFactory(name="Ladder wall push-up"))
    client.force_login(north.therapist)

    client.post(_url(program, "combine"), {"source": f"protocol-{ladder.protocol.pk}"})
    assert _names(program, order=3) == ["Ladder wall push-up"]

    client.post(_url(program, "save"), {"name": "Desk workers"})
    saved = north.clinic.protocols.get(name="Desk workers")
    assert saved.phases.count() == 3


def test_another_clinics_program_is_not_found(client, north, south):
    program = prescribe_small_program(north)
    client.force_login(south.therapist)
    assert client.get(_url(program)).status_code == 404
    response = client.post(_url(program, "remove"), {"item": program.stretch.pk})
    assert response.status_code == 404
    assert _names(program) == ["Rhomboid stretch", "Wall push-up"]


def test_a_patient_cannot_open_the_builder(client, north):
    program = prescribe_small_program(north)
    client.force_login(north.patient.user)
    assert client.get(_url(program)).status_code == 403


#: Session, user, authenticator devices; the prescription; its phases; their exercises with
#: library entries and harder variants; which harder variants the viewer sees; the easier
#: variants; library results; protocols; their phases; history; the next free week; the
#: audit row (and its savepoint pair); the session's save.
BUILDER_QUERIES = 17


def test_the_page_runs_the_same_queries_for_a_small_and_a_large_program(
    client, north, django_assert_max_num_queries
):
    program = prescribe_small_program(north)
    client.force_login(north.therapist)
    client.get(_url(program))
    with django_assert_max_num_queries(BUILDER_QUERIES):
        client.get(_url(program))
    first = program.prescription.phases.get(order=1)
    for number in range(12):
        harder = ExerciseFactory(name=f"Harder {number}")
        extra = ExerciseFactory(name=f"Extra {number}", harder=harder)
        ExerciseFactory(name=f"Easier {number}", harder=extra)
        first.exercises.create(exercise=extra, order=10 + number)
    with django_assert_max_num_queries(BUILDER_QUERIES):
        page = client.get(_url(program)).content.decode()
    assert "Harder: Harder 11" in page and "Easier: Easier 11" in page

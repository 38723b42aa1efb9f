"""Tailoring one patient's program: add, remove, swap, reorder, step, combine, save as template."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clinic.errors import StateConflict
from patients import selectors, services
from patients.models import PrescribedExercise, PrescriptionChange, ProgramNotice
from patients.services import builder
from programs.models import Protocol
from tests.conftest import log_stretch, prescribe_small_program
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory


def _first_phase(program):
    return program.prescription.phases.get(order=1)


def _names(phase):
    return [item.exercise.name for item in phase.exercises.select_related("exercise")]


def test_adding_an_exercise_puts_it_last_with_its_library_dose_and_records_it(north):
    program = prescribe_small_program(north)
    chin_tuck = ExerciseFactory(name="Chin tuck", reps=7, hold_seconds=5)
    phase = _first_phase(program)

    item = builder.add_exercise(
        prescription=program.prescription, phase_id=phase.pk, exercise=chin_tuck, by=north.therapist
    )

    assert _names(phase)[-1] == "Chin tuck"
    assert (item.reps, item.hold_seconds) == (7, 5)
    change = PrescriptionChange.objects.filter(prescription=program.prescription).first()
    assert change.changed_by == north.therapist
    assert change.details["action"] == "added"
    assert change.details["before"] is None
    assert change.details["after"]["exercise"] == chin_tuck.slug
    program.prescription.refresh_from_db()
    assert program.prescription.version == 2


def test_each_change_gives_the_patient_one_notice(north):
    program = prescribe_small_program(north)
    extra = ExerciseFactory(name="Chin tuck")
    builder.add_exercise(
        prescription=program.prescription,
        phase_id=_first_phase(program).pk,
        exercise=extra,
        by=north.therapist,
    )
    notices = ProgramNotice.objects.filter(patient=north.patient)
    assert notices.count() == 1
    assert "Chin tuck" in notices.get().title


def test_an_exercise_already_in_the_phase_is_refused(north):
    program = prescribe_small_program(north)
    with pytest.raises(ValidationError, match="already in this phase"):
        builder.add_exercise(
            prescription=program.prescription,
            phase_id=_first_phase(program).pk,
            exercise=program.stretch.exercise,
            by=north.therapist,
        )


def test_another_clinics_exercise_or_program_is_refused(north, south):
    program = prescribe_small_program(north)
    theirs = ExerciseFactory(clinic=south.clinic)
    with pytest.raises(ValidationError, match="library"):
        builder.add_exercise(
            prescription=program.prescription,
            phase_id=_first_phase(program).pk,
            exercise=theirs,
            by=north.therapist,
        )
    with pytest.raises(PermissionDenied):
        builder.remove_exercise(
            prescription=program.prescription, item_id=program.stretch.pk, by=south.therapist
        )


def test_a_removed_exercise_leaves_the_plan_but_keeps_its_logged_sessions(north):
    program = prescribe_small_program(north)
    session = log_stretch(north.patient, program)

    builder.remove_exercise(
        prescription=program.prescription, item_id=program.stretch.pk, by=north.therapist
    )

    assert _names(_first_phase(program)) == ["Wall push-up"]
    assert session.exercise_logs.get().prescribed_exercise.exercise.name == "Rhomboid stretch"
    assert PrescribedExercise.all_objects.filter(pk=program.stretch.pk).exists()
    page = selectors.today_page(north.patient)
    assert all(due.item.pk != program.stretch.pk for due in page.due)


def test_a_removed_exercise_can_be_added_again(north):
    program = prescribe_small_program(north)
    builder.remove_exercise(
        prescription=program.prescription, item_id=program.stretch.pk, by=north.therapist
    )
    again = builder.add_exercise(
        prescription=program.prescription,
        phase_id=_first_phase(program).pk,
        exercise=program.stretch.exercise,
        by=north.therapist,
    )
    assert again.pk != program.stretch.pk


def test_swapping_takes_the_place_and_the_new_exercises_dose(north):
    program = prescribe_small_program(north)
    band_row = ExerciseFactory(name="Band row", kind="strengthen", reps=15)

    new = builder.swap_exercise(
        prescription=program.prescription,
        item_id=program.stretch.pk,
        exercise=band_row,
        by=north.therapist,
    )

    assert new.order == program.stretch.order
    assert new.reps == 15
    assert _names(_first_phase(program)) == ["Band row", "Wall push-up"]
    change = PrescriptionChange.objects.filter(prescription=program.prescription).first()
    assert change.details["before"]["exercise"] == program.stretch.exercise.slug
    assert change.details["after"]["exercise"] == band_row.slug


def test_progress_and_regress_follow_the_library_links_and_keep_the_dose(north):
    program = prescribe_small_program(north)
    wall = program.strengthen.exercise
    counter = ExerciseFactory(name="Counter push-up", kind="strengthen", reps=3)
    wall.harder = counter
    wall.save()
    services.change_dose(
        prescribed_exercise=program.strengthen, changes={"reps": 9}, by=north.therapist
    )

    up = builder.step_exercise(
        prescription=program.prescription,
        item_id=program.strengthen.pk,
        harder=True,
        by=north.therapist,
    )
    assert (up.exercise, up.reps) == (counter, 9)

    down = builder.step_exercise(
        prescription=program.prescription, item_id=up.pk, harder=False, by=north.therapist
    )
    assert (down.exercise, down.reps) == (wall, 9)
    actions = list(
        PrescriptionChange.objects.filter(prescription=program.prescription)
        .order_by("id")
        .values_list("details__action", flat=True)
    )
    assert actions[-2:] == ["progressed", "regressed"]


def test_an_exercise_without_a_harder_variant_cannot_progress(north):
    program = prescribe_small_program(north)
    with pytest.raises(ValidationError, match="no harder variant"):
        builder.step_exercise(
            prescription=program.prescription,
            item_id=program.stretch.pk,
            harder=True,
            by=north.therapist,
        )


def test_moving_an_exercise_renumbers_its_phase(north):
    program = prescribe_small_program(north)
    builder.move_exercise(
        prescription=program.prescription,
        item_id=program.strengthen.pk,
        position=1,
        by=north.therapist,
    )
    assert _names(_first_phase(program)) == ["Wall push-up", "Rhomboid stretch"]
    change = PrescriptionChange.objects.filter(prescription=program.prescription).first()
    assert change.details["after"][0] == program.strengthen.exercise.slug


def test_adding_a_phase_closes_an_open_ended_last_phase(north):
    program = prescribe_small_program(north)  # phase 2: week 3 on
    phase = builder.add_phase(
        prescription=program.prescription,
        name="Maintenance",
        week_start=builder.next_free_week(program.prescription),
        week_end=None,
        by=north.therapist,
    )
    second = program.prescription.phases.get(order=2)
    assert (second.week_start, second.week_end) == (3, 4)
    assert (phase.order, phase.week_start) == (3, 5)


def test_a_phase_overlapping_the_program_is_refused(north):
    program = prescribe_small_program(north)
    with pytest.raises(ValidationError, match="Start after week 3"):
        builder.add_phase(
            prescription=program.prescription,
            name="Too early",
            week_start=2,
            week_end=None,
            by=north.therapist,
        )


def _push_up_ladder(clinic=None):
    first = PhaseFactory(protocol__clinic=clinic, order=1, week_start=1, week_end=2, name="Wall")
    second = PhaseFactory(
        protocol=first.protocol, order=2, week_start=3, week_end=4, name="Counter"
    )
    PhaseExerciseFactory(phase=first, exercise=ExerciseFactory(name="Wall push-up (ladder)"))
    PhaseExerciseFactory(phase=second, exercise=ExerciseFactory(name="Counter push-up (ladder)"))
    return first.protocol


def test_another_protocols_phases_follow_the_program(north):
    program = prescribe_small_program(north)
    ladder = _push_up_ladder()

    phases = builder.add_protocol_phases(
        prescription=program.prescription, protocol=ladder, by=north.therapist
    )

    assert [(p.name, p.week_start, p.week_end) for p in phases] == [
        ("Wall", 5, 6),
        ("Counter", 7, 8),
    ]
    assert _names(phases[0]) == ["Wall push-up (ladder)"]


def test_one_phase_of_another_protocol_joins_a_phase_of_the_program(north):
    program = prescribe_small_program(north)
    ladder = _push_up_ladder()
    counter = ladder.phases.get(order=2)

    builder.add_protocol_phases(
        prescription=program.prescription,
        protocol=ladder,
        phase_id=counter.pk,
        into_phase_id=_first_phase(program).pk,
        by=north.therapist,
    )

    assert _names(_first_phase(program))[-1] == "Counter push-up (ladder)"
    assert program.prescription.phases.count() == 2


def test_a_tailored_program_becomes_a_protocol_of_the_clinic(north):
    program = prescribe_small_program(north)
    extra = ExerciseFactory(name="Chin tuck")
    builder.add_exercise(
        prescription=program.prescription,
        phase_id=_first_phase(program).pk,
        exercise=extra,
        by=north.therapist,
    )
    services.change_dose(
        prescribed_exercise=program.stretch, changes={"hold_seconds": 45}, by=north.therapist
    )

    protocol = builder.save_as_protocol(
        prescription=program.prescription, name="Desk worker", by=north.therapist
    )

    assert protocol.clinic == north.clinic
    first = protocol.phases.get(order=1)
    assert [pe.exercise.name for pe in first.exercises.order_by("order")] == [
        "Rhomboid stretch",
        "Wall push-up",
        "Chin tuck",
    ]
    assert first.exercises.get(exercise=program.stretch.exercise).hold_seconds == 45
    with pytest.raises(ValidationError, match="already has a protocol"):
        builder.save_as_protocol(
            prescription=program.prescription, name="desk worker", by=north.therapist
        )
    assert Protocol.objects.filter(clinic=north.clinic).count() == 2  # the small one, this one


def test_a_completed_program_cannot_be_tailored(north):
    program = prescribe_small_program(north)
    services.set_status(prescription=program.prescription, status="completed", by=north.therapist)
    with pytest.raises(StateConflict):
        builder.remove_exercise(
            prescription=program.prescription, item_id=program.stretch.pk, by=north.therapist
        )

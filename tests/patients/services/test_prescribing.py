"""Prescribing: a snapshot of the protocol, per-patient doses with history, pause and complete."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clinic.errors import StateConflict
from patients import selectors, services
from patients.models import PrescribedExercise, PrescriptionChange, PrescriptionStatus
from programs.models import PhaseExercise
from tests.conftest import consented_assessment, prescribe_small_program
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory


def test_prescribing_copies_every_phase_and_dose(north, north_program):
    prescription = north_program.prescription
    protocol = prescription.protocol
    assert list(prescription.phases.values_list("order", "week_start", "week_end")) == list(
        protocol.phases.values_list("order", "week_start", "week_end")
    )
    copied = PrescribedExercise.objects.filter(phase__prescription=prescription).count()
    assert copied == PhaseExercise.objects.filter(phase__protocol=protocol).count()
    assert prescription.current_phase.order == 1
    assert prescription.current_phase.started_on == prescription.start_date


def test_later_template_edits_do_not_change_the_prescription(north, north_program):
    template_item = PhaseExercise.objects.get(
        phase__protocol=north_program.prescription.protocol,
        exercise=north_program.stretch.exercise,
    )
    template_item.hold_seconds = 45
    template_item.save()
    template_item.phase.name = "Renamed"
    template_item.phase.save()
    north_program.stretch.refresh_from_db()
    assert north_program.stretch.hold_seconds == 20
    assert north_program.prescription.phases.get(order=1).name != "Renamed"


def test_a_dose_change_is_kept_in_the_history_with_who_and_what(north, north_program):
    services.change_dose(
        prescribed_exercise=north_program.strengthen,
        changes={"sets": 2, "reps": 8, "reps_max": 12},
        by=north.therapist,
    )
    north_program.strengthen.refresh_from_db()
    assert (north_program.strengthen.sets, north_program.strengthen.reps_max) == (2, 12)
    change = PrescriptionChange.objects.filter(prescription=north_program.prescription).first()
    assert change.changed_by == north.therapist
    assert change.details["changes"]["sets"] == [1, 2]


def test_an_insane_dose_change_is_refused(north, north_program):
    with pytest.raises(ValidationError):
        services.change_dose(
            prescribed_exercise=north_program.strengthen,
            changes={"reps": 12, "reps_max": 8},
            by=north.therapist,
        )


def test_another_clinics_therapist_cannot_change_a_dose(north, south, north_program):
    with pytest.raises(PermissionDenied):
        services.change_dose(
            prescribed_exercise=north_program.strengthen, changes={"sets": 3}, by=south.therapist
        )


def test_pause_resume_and_complete_are_recorded(north, north_program):
    prescription = north_program.prescription
    for status in ("paused", "active", "completed"):
        prescription = services.set_status(
            prescription=prescription, status=status, by=north.therapist
        )
    assert prescription.status == PrescriptionStatus.COMPLETED
    summaries = list(
        PrescriptionChange.objects.filter(prescription=prescription).values_list(
            "details__status", flat=True
        )
    )
    assert [s for s in reversed(summaries) if s] == [
        ["active", "paused"],
        ["paused", "active"],
        ["active", "completed"],
    ]
    with pytest.raises(ValidationError):
        services.set_status(prescription=prescription, status="active", by=north.therapist)


def test_a_patient_with_an_active_program_cannot_be_prescribed_a_second(north, north_program):
    other = PhaseFactory(protocol__clinic=north.clinic, order=1, week_start=1, week_end=None)
    PhaseExerciseFactory(phase=other)
    for protocol in (north_program.prescription.protocol, other.protocol):
        with pytest.raises(StateConflict) as refused:
            services.prescribe(
                patient=north.patient,
                protocol=protocol,
                therapist=north.therapist,
                start_date=north_program.prescription.start_date,
                by=north.therapist,
            )
        assert "one active program at a time" in " ".join(refused.value.messages)
    assert north.patient.prescriptions.count() == 1


def test_a_therapist_cannot_prescribe_to_another_clinics_patient(north, south):
    with pytest.raises(PermissionDenied):
        prescribe_small_program(north, patient=south.patient)


def test_prescribing_copies_the_template_dose_not_the_library_default(north):
    phase = PhaseFactory(protocol__clinic=north.clinic, order=1, week_start=1, week_end=None)
    exercise = ExerciseFactory(kind="stretch", sets=1, reps=5, hold_seconds=10)
    template = PhaseExerciseFactory(phase=phase, exercise=exercise, sets=3, reps=8, hold_seconds=30)
    assert template.dose_values() != exercise.dose_values()
    consented_assessment(north.patient)
    prescription = services.prescribe(
        patient=north.patient,
        protocol=phase.protocol,
        therapist=north.therapist,
        start_date=selectors.clinic_today(north.clinic),
        by=north.therapist,
    )
    prescribed = PrescribedExercise.objects.get(phase__prescription=prescription)
    assert prescribed.dose_values() == template.dose_values()

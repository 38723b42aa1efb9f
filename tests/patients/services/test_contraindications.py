"""Conditions are screened against every program change: refused unless overridden with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from patients import selectors, services
from patients.models import (
    CautionOverride,
    Patient,
    PatientCondition,
    PrescribedExercise,
    Prescription,
    PrescriptionChange,
)
from patients.services import builder, rights
from patients.services.contraindications import CautionConflict
from programs.library import load_library
from programs.library_data import EXERCISES, PROTOCOLS
from programs.models import Protocol
from tests.conftest import consented_assessment, prescribe_small_program
from tests.factories import ExerciseFactory, PhaseExerciseFactory


@pytest.fixture
def library(db):
    load_library(EXERCISES, PROTOCOLS)


def _prescribe(actors, slug, **kwargs):
    consented_assessment(actors.patient)
    return services.prescribe(
        patient=actors.patient,
        protocol=Protocol.objects.get(clinic=None, slug=slug),
        therapist=actors.therapist,
        start_date=selectors.clinic_today(actors.clinic),
        by=actors.therapist,
        **kwargs,
    )


def test_prescribing_upper_back_to_osteoporosis_is_refused_per_exercise(north, library):
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": "T8 wedge fracture"}, by=north.therapist
    )
    with pytest.raises(CautionConflict) as refused:
        _prescribe(north, "upper-back-pain")
    conflicting = [f.params["exercise"] for f in refused.value.findings]
    assert conflicting == ["rhomboid-stretch", "modified-childs-pose"]
    messages = refused.value.message_dict["caution_reason"]
    assert messages[0].startswith("Rhomboid stretch (seated or standing) involves loaded spinal")
    assert len(messages) == 3  # one per exercise, then the request for a reason
    assert not Prescription.objects.filter(patient=north.patient).exists()


def test_an_override_with_a_reason_is_recorded_with_the_change(north, library):
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    prescription = _prescribe(north, "upper-back-pain", caution_reason="  Gentle range only  ")
    overrides = CautionOverride.objects.filter(prescription=prescription).order_by("id")
    assert [
        (o.exercise.slug, o.condition, o.tags, o.reason, o.overridden_by) for o in overrides
    ] == [
        (
            "rhomboid-stretch",
            "osteoporosis",
            ["loaded_spinal_flexion"],
            "Gentle range only",
            north.therapist,
        ),
        (
            "modified-childs-pose",
            "osteoporosis",
            ["loaded_spinal_flexion"],
            "Gentle range only",
            north.therapist,
        ),
    ]
    change = PrescriptionChange.objects.get(prescription=prescription)
    assert overrides[0].change == change
    assert change.details["caution_reason"] == "Gentle range only"
    assert [item["exercise"] for item in change.details["caution_overrides"]] == [
        "rhomboid-stretch",
        "modified-childs-pose",
    ]


def test_the_osteoporosis_protocol_passes_its_own_patients_cleanly(north, library):
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": "T8 wedge fracture"}, by=north.therapist
    )
    prescription = _prescribe(north, "osteoporosis-back-strengthening")
    assert not CautionOverride.objects.filter(prescription=prescription).exists()
    # Every later change of its program passes too: each dose, and resuming.
    for item in PrescribedExercise.objects.filter(phase__prescription=prescription):
        services.change_dose(prescribed_exercise=item, changes={"sets": 2}, by=north.therapist)
    services.set_status(prescription=prescription, status="paused", by=north.therapist)
    services.set_status(prescription=prescription, status="active", by=north.therapist)
    assert not CautionOverride.objects.exists()


def test_a_patient_without_conditions_is_not_asked_for_a_reason(north, library):
    assert _prescribe(north, "upper-back-pain").status == "active"


def _flexion_program(north):
    program = prescribe_small_program(north)
    stretch = program.stretch.exercise
    stretch.caution_tags = ["loaded_spinal_flexion"]
    stretch.save()
    return program


def test_a_dose_change_of_a_ruled_out_exercise_needs_a_reason_once(north):
    program = _flexion_program(north)
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    with pytest.raises(CautionConflict):
        services.change_dose(
            prescribed_exercise=program.stretch, changes={"hold_seconds": 30}, by=north.therapist
        )
    program.stretch.refresh_from_db()
    assert program.stretch.hold_seconds == 20
    services.change_dose(
        prescribed_exercise=program.stretch,
        changes={"hold_seconds": 30},
        by=north.therapist,
        caution_reason="Supported, small range",
    )
    assert CautionOverride.objects.get().reason == "Supported, small range"
    # The pair is overridden on this program: the next change does not ask again.
    services.change_dose(
        prescribed_exercise=program.stretch, changes={"hold_seconds": 25}, by=north.therapist
    )
    assert CautionOverride.objects.count() == 1


def test_a_dose_change_of_an_exercise_without_conflict_goes_through(north):
    program = _flexion_program(north)
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    services.change_dose(
        prescribed_exercise=program.strengthen, changes={"sets": 2}, by=north.therapist
    )
    assert not CautionOverride.objects.exists()


def test_resuming_a_program_screens_it_against_conditions_added_meanwhile(north):
    program = _flexion_program(north)
    services.set_status(prescription=program.prescription, status="paused", by=north.therapist)
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    with pytest.raises(CautionConflict):
        services.set_status(prescription=program.prescription, status="active", by=north.therapist)
    program.prescription.refresh_from_db()
    assert program.prescription.status == "paused"
    services.set_status(
        prescription=program.prescription,
        status="active",
        by=north.therapist,
        caution_reason="Reviewed in clinic",
    )
    override = CautionOverride.objects.get()
    assert override.change.details["status"] == ["paused", "active"]


def test_advancing_into_a_phase_with_a_ruled_out_exercise_needs_a_reason(north):
    program = prescribe_small_program(north)
    twist = ExerciseFactory(name="Twist", caution_tags=["spinal_rotation_under_load"])
    second = program.prescription.phases.get(order=2)
    PrescribedExercise.objects.create(phase=second, exercise=twist, order=2, reps=10)
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    advance = dict(
        prescription=program.prescription,
        by=north.therapist,
        from_phase_id=program.prescription.current_phase_id,
        override_reason="Doing well in clinic",
    )
    with pytest.raises(CautionConflict) as refused:
        services.advance_phase(**advance)
    assert [f.params["name"] for f in refused.value.findings] == ["Twist"]
    services.advance_phase(**advance, caution_reason="Unloaded, seated only")
    assert CautionOverride.objects.get().exercise == twist


def test_a_too_long_reason_is_refused(north):
    program = _flexion_program(north)
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    with pytest.raises(ValidationError) as refused:
        services.change_dose(
            prescribed_exercise=program.stretch,
            changes={"hold_seconds": 30},
            by=north.therapist,
            caution_reason="x" * 501,
        )
    assert "under 500" in refused.value.message_dict["caution_reason"][0]


def test_conditions_are_set_whole_and_other_needs_details(north):
    services.set_conditions(
        patient=north.patient,
        conditions={"pregnancy": "", "hypermobility": " Beighton 6/9 "},
        by=north.therapist,
    )
    services.set_conditions(
        patient=north.patient,
        conditions={"hypermobility": "Beighton 7/9", "other": "Shoulder replacement 2024"},
        by=north.therapist,
    )
    rows = PatientCondition.objects.filter(patient=north.patient)
    assert sorted(rows.values_list("condition", "details")) == [
        ("hypermobility", "Beighton 7/9"),
        ("other", "Shoulder replacement 2024"),
    ]
    with pytest.raises(ValidationError):
        services.set_conditions(
            patient=north.patient, conditions={"other": " "}, by=north.therapist
        )
    with pytest.raises(ValidationError):
        services.set_conditions(patient=north.patient, conditions={"gout": ""}, by=north.therapist)
    assert rows.count() == 2


def test_another_clinic_cannot_set_a_patients_conditions(north, south):
    with pytest.raises(PermissionDenied):
        services.set_conditions(
            patient=north.patient, conditions={"pregnancy": ""}, by=south.therapist
        )
    with pytest.raises(PermissionDenied):
        services.set_conditions(
            patient=north.patient, conditions={"pregnancy": ""}, by=north.patient.user
        )


def test_conditions_and_overrides_are_in_the_export_and_anonymised(north):
    program = _flexion_program(north)
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": "T8 wedge fracture"}, by=north.therapist
    )
    services.change_dose(
        prescribed_exercise=program.stretch,
        changes={"hold_seconds": 30},
        by=north.therapist,
        caution_reason="Seen by Dr Lee, small range",
    )
    data = rights.export_patient_data(north.patient)
    assert [(c["condition"], c["details"]) for c in data["conditions"]] == [
        ("osteoporosis", "T8 wedge fracture")
    ]
    assert data["caution_overrides"][0]["reason"] == "Seen by Dr Lee, small range"
    assert data["caution_overrides"][0]["tags"] == ["loaded_spinal_flexion"]
    assert "T8" not in str(rights.export_patient_data(north.other_patient))

    services.set_conditions(patient=north.patient, conditions={}, by=north.therapist)
    services.set_conditions(
        patient=north.patient, conditions={"other": "Lives alone"}, by=north.therapist
    )
    Patient.objects.filter(pk=north.patient.pk).update(closure_requested_at=timezone.now())
    rights.anonymise_patient(patient=north.patient, by=north.manager)
    assert not PatientCondition.objects.filter(patient=north.patient).exists()
    assert CautionOverride.objects.get().reason == "[removed]"


def test_the_builder_refuses_adding_or_swapping_in_a_ruled_out_exercise_without_a_reason(north):
    program = prescribe_small_program(north)
    phase = program.prescription.phases.get(order=1)
    roll = ExerciseFactory(name="Roll along the spine", caution_tags=["rolling_on_spine"])
    services.set_conditions(
        patient=north.patient, conditions={"osteoporosis": ""}, by=north.therapist
    )
    with pytest.raises(CautionConflict) as refused:
        builder.add_exercise(
            prescription=program.prescription, phase_id=phase.pk, exercise=roll, by=north.therapist
        )
    assert refused.value.message_dict["caution_reason"][0].startswith("Roll along the spine")
    assert not PrescribedExercise.objects.filter(exercise=roll).exists()
    with pytest.raises(CautionConflict):
        builder.swap_exercise(
            prescription=program.prescription,
            item_id=program.stretch.pk,
            exercise=roll,
            by=north.therapist,
        )
    builder.swap_exercise(
        prescription=program.prescription,
        item_id=program.stretch.pk,
        exercise=roll,
        by=north.therapist,
        override_reason="Upper back only, watched in clinic",
    )
    override = CautionOverride.objects.get()
    assert (override.exercise, override.reason) == (roll, "Upper back only, watched in clinic")
    assert override.change.details["action"] == "swapped"


def test_combining_a_protocol_names_every_ruled_out_exercise_at_once(north):
    program = prescribe_small_program(north)
    other = PhaseExerciseFactory(
        phase__protocol__clinic=north.clinic,
        exercise=ExerciseFactory(name="Kneel A", caution_tags=["kneeling"]),
    ).phase
    PhaseExerciseFactory(
        phase=other, order=2, exercise=ExerciseFactory(name="Kneel B", caution_tags=["kneeling"])
    )
    services.set_conditions(
        patient=north.patient, conditions={"inflammatory_arthritis": ""}, by=north.therapist
    )
    with pytest.raises(CautionConflict) as refused:
        builder.add_protocol_phases(
            prescription=program.prescription, protocol=other.protocol, by=north.therapist
        )
    assert [f.params["name"] for f in refused.value.findings] == ["Kneel A", "Kneel B"]
    builder.add_protocol_phases(
        prescription=program.prescription,
        protocol=other.protocol,
        by=north.therapist,
        override_reason="Padded kneeling, short holds",
    )
    assert CautionOverride.objects.count() == 2

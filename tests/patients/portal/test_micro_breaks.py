"""Micro-breaks are prescribed like any exercise and logged with one tap each on Today."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from patients import selectors
from patients.models import MicroBreakLog, Prescription
from patients.rules import progress
from patients.rules.schedule import micro_breaks_on
from patients.services import builder
from programs.library_data import EXERCISES
from programs.models import Exercise
from tests.conftest import prescribe_small_program
from tests.factories import ExerciseFactory


@pytest.fixture
def with_micro_break(north):
    program = prescribe_small_program(north)
    shoulder_rolls = ExerciseFactory(
        name="Desk break: shoulder rolls",
        kind="mobility",
        micro_break=True,
        times_per_day=8,
        reps=5,
    )
    item = builder.add_exercise(
        prescription=program.prescription,
        phase_id=program.prescription.current_phase_id,
        exercise=shoulder_rolls,
        by=north.therapist,
    )
    return program, item


def _tap(client, item, key):
    return client.post(reverse("patients:micro_break_done", args=[item.pk]), {"key": str(key)})


def test_the_shipped_micro_breaks_are_marked_as_such():
    flagged = {e["slug"] for e in EXERCISES if e.get("micro_break")}
    assert flagged == {
        "micro-break-shoulder-rolls",
        "micro-break-breathing-squeeze",
        "micro-break-neck-stretch",
    }


def test_a_micro_break_is_one_tap_on_today_not_a_row_of_the_session_form(
    client, north, with_micro_break
):
    _program, item = with_micro_break
    client.force_login(north.patient.user)
    today = client.get(reverse("patients:today")).content.decode()
    assert "Desk micro-breaks" in today and "0 of 8 today" in today
    assert reverse("patients:micro_break_done", args=[item.pk]) in today
    listed = today.split('<ol class="list-unstyled"')[1].split("</ol>")[0]
    assert "Rhomboid stretch" in listed
    assert "Desk break: shoulder rolls" not in listed
    form = client.get(reverse("patients:log_session")).content.decode()
    assert "Desk break: shoulder rolls" not in form

    key = uuid.uuid4()
    assert _tap(client, item, key).status_code == 302
    assert _tap(client, item, key).status_code == 302  # a double tap counts once
    assert MicroBreakLog.objects.filter(patient=north.patient).count() == 1
    assert "1 of 8 today" in client.get(reverse("patients:today")).content.decode()
    _tap(client, item, uuid.uuid4())
    assert "2 of 8 today" in client.get(reverse("patients:today")).content.decode()


def test_only_the_patients_own_micro_breaks_can_be_tapped(client, north, with_micro_break):
    program, item = with_micro_break
    client.force_login(north.other_patient.user)
    response = _tap(client, item, uuid.uuid4())
    assert response.status_code == 302
    client.force_login(north.patient.user)
    _tap(client, program.stretch, uuid.uuid4())  # not a micro-break
    assert client.post(reverse("patients:micro_break_done", args=[item.pk]), {"key": "x"})
    assert not MicroBreakLog.objects.exists()


def test_micro_breaks_are_in_the_patients_export(north, with_micro_break):
    from patients import services
    from patients.services import rights

    _program, item = with_micro_break
    services.log_micro_break(
        patient=north.patient, prescribed_exercise_id=item.pk, key=uuid.uuid4()
    )
    data = rights.export_patient_data(north.patient)
    assert data["micro_breaks"][0]["prescribed_exercise__exercise__name"] == (
        "Desk break: shoulder rolls"
    )
    assert Exercise.objects.filter(micro_break=True).count() == 1


def test_a_micro_break_never_counts_in_the_programs_adherence(north, with_micro_break):
    """Adherence, the ledger and missed-day alerts count sessions: desk breaks stay out."""
    program, item = with_micro_break
    prescription = Prescription.objects.prefetch_related("phases__exercises__exercise").get(
        pk=program.prescription.pk
    )
    plan = selectors.plan_for(prescription)
    start = prescription.start_date
    per_exercise = progress.exercise_adherence(plan, [], start, start + timedelta(days=6))
    assert program.stretch.pk in per_exercise
    assert item.pk not in per_exercise
    assert [p.prescribed_exercise_id for p in micro_breaks_on(plan, start)] == [item.pk]

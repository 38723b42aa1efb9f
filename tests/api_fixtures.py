"""Shared setup for the API tests: token clients and a north-clinic patient with history."""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from clinic import tokens
from patients import services
from patients.models import Alert, Assessment, SessionLog
from programs.models import Exercise
from tests.conftest import consented_assessment, log_stretch, prescribe_small_program
from tests.factories import AssessmentFactory, PhaseExerciseFactory, PhaseFactory


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        key, _ = tokens.issue(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@dataclass
class NorthRecords:
    program: object
    session: SessionLog
    assessment: Assessment
    alert: Alert
    spare_protocol: object


def session_body(program, **overrides):
    body = {
        "prescription": program.prescription.pk,
        "pain_before": 4,
        "pain_after": 3,
        "effort": 5,
        "symptoms": [],
        "note": "ok",
        "exercises": [
            {"prescribed_exercise": program.stretch.pk, "done": True, "hold_seconds_done": 20},
            {
                "prescribed_exercise": program.strengthen.pk,
                "done": True,
                "sets_done": 1,
                "reps_done": 10,
                "good_form": True,
            },
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def north_records(north) -> NorthRecords:
    program = prescribe_small_program(north)
    # The program's exercises belong to the north clinic's own library.
    Exercise.objects.filter(
        pk__in=[program.stretch.exercise_id, program.strengthen.exercise_id]
    ).update(clinic=north.clinic)
    session = log_stretch(north.patient, program, pain=(5, 4), symptoms=("numbness_tingling",))
    # The red flag paused the program for review; the therapist reviewed it and resumed it.
    services.resume_after_review(
        prescription=program.prescription, reason="Called the patient: posture", by=north.therapist
    )
    program.prescription.refresh_from_db()
    # The second patient is assessed, consents and has no program: free to be prescribed one.
    consented_assessment(north.other_patient)
    assessment = AssessmentFactory(patient=north.patient, therapist=north.therapist)
    spare = PhaseFactory(protocol__clinic=north.clinic, order=1, week_start=1, week_end=None)
    PhaseExerciseFactory(phase=spare, exercise=program.stretch.exercise)
    return NorthRecords(program, session, assessment, Alert.objects.get(), spare.protocol)

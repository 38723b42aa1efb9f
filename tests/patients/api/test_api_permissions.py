"""Permission matrix: every API endpoint × every role → the expected status.

One table drives it; a test fails if an API route has no row, so a new endpoint cannot be
added without deciding who may use it.
"""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from patients.models import Prescription
from programs.models import Exercise, ExerciseMedia
from tests.api_fixtures import api_client, session_body
from tests.factories import ExerciseFactory
from tests.media_samples import mp4_bytes

ROLES = ["anonymous", "patient", "other_patient", "therapist", "foreign_therapist", "manager"]


def body_new_patient(ctx):
    return {
        "email": f"new-{uuid.uuid4().hex[:8]}@example.test",
        "first_name": "New",
        "last_name": "Patient",
        "primary_therapist": ctx["north"].therapist.pk,
    }


def body_new_assessment(ctx):
    return {
        "patient": ctx["north"].patient.pk,
        "assessed_on": "2026-01-10",
        "mode": "in_person",
        "problem_areas": "Neck",
        "red_flag_numbness": False,
        "red_flag_sharp_pain": False,
        "red_flag_trauma": False,
        "red_flag_persistent": False,
    }


def body_new_prescription(ctx):
    return {
        "patient": ctx["north"].other_patient.pk,
        "protocol": ctx["records"].spare_protocol.pk,
        "start_date": "2026-01-10",
    }


def held_for_review(ctx):
    """The program paused for review after a red flag; the body of the therapist's review."""
    Prescription.objects.filter(pk=ctx["records"].program.prescription.pk).update(
        status="paused", hold_reason="red_flag"
    )
    return {"reason": "Called the patient: no new symptoms"}


def drawn_exercise_id(ctx) -> int:
    """The patient's stretch made a shared, drawn exercise (a shipped exercise's slug)."""
    exercise_id = ctx["records"].program.stretch.exercise_id
    Exercise.objects.filter(pk=exercise_id).update(clinic=None, slug="childs-pose")
    return exercise_id


def clinic_video_id(ctx) -> int:
    """A captioned clinic video on the patient's stretch (the north clinic's own exercise)."""
    video = ExerciseMedia(
        clinic=ctx["north"].clinic,
        exercise_id=ctx["records"].program.stretch.exercise_id,
        file=SimpleUploadedFile("clip.mp4", mp4_bytes()),
        description="Therapist doing the stretch",
        captions="WEBVTT\n\n00:00.000 --> 00:02.000\nSlowly.\n",
    )
    video.full_clean()
    video.save()
    return video.pk


# (route name, method, path builder, body builder, {role: status})
A, P, OTH, T, F, M = ROLES
MATRIX = [
    ("api:me", "get", lambda c: "me/", None, {A: 401, P: 200, OTH: 200, T: 200, F: 200, M: 200}),
    (
        "api:token",
        "post",
        lambda c: "auth/token/",
        lambda c: {"email": "x@example.test", "password": "nope"},
        dict.fromkeys(ROLES, 401),
    ),
    # The schema and its docs describe the API, not anyone's data: public.
    ("api:schema", "get", lambda c: "schema/", None, dict.fromkeys(ROLES, 200)),
    ("api:docs", "get", lambda c: "docs/", None, dict.fromkeys(ROLES, 200)),
    ("api:api-root", "get", lambda c: "", None, {A: 401, P: 200, OTH: 200, T: 200, F: 200, M: 200}),
    (
        "api:exercise-list",
        "get",
        lambda c: "exercises/",
        None,
        {A: 401, P: 200, OTH: 200, T: 200, F: 200, M: 200},
    ),
    (
        "api:exercise-detail",
        "get",
        lambda c: f"exercises/{c['records'].program.stretch.exercise_id}/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:exercise-demonstration",
        "get",
        lambda c: f"exercises/{drawn_exercise_id(c)}/demonstration/",
        None,
        # The shared library is every clinic's; a patient sees only what they were given.
        {A: 401, P: 200, OTH: 404, T: 200, F: 200, M: 200},
    ),
    (
        "api:exercise-demonstration-stills",
        "get",
        lambda c: f"exercises/{drawn_exercise_id(c)}/demonstration/stills/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 200, M: 200},
    ),
    (
        "api:exercise-media-file",
        "get",
        lambda c: f"exercise-media/{clinic_video_id(c)}/file/",
        None,
        # The clinic's own staff, and its patient who was given the exercise.
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:exercise-media-captions",
        "get",
        lambda c: f"exercise-media/{clinic_video_id(c)}/captions/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:protocol-list",
        "get",
        lambda c: "protocols/",
        None,
        {A: 401, P: 200, OTH: 200, T: 200, F: 200, M: 200},
    ),
    (
        "api:protocol-detail",
        "get",
        lambda c: f"protocols/{c['records'].program.prescription.protocol_id}/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:patient-list",
        "get",
        lambda c: "patients/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 200, M: 200},
    ),
    (
        "api:patient-list",
        "post",
        lambda c: "patients/",
        body_new_patient,
        {A: 401, P: 403, OTH: 403, T: 201, F: 404, M: 201},
    ),
    (
        "api:patient-detail",
        "get",
        lambda c: f"patients/{c['north'].patient.pk}/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 200},
    ),
    (
        "api:patient-progress",
        "get",
        lambda c: f"patients/{c['north'].patient.pk}/progress/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:patient-conditions",
        "get",
        lambda c: f"patients/{c['north'].patient.pk}/conditions/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 200},
    ),
    (
        "api:patient-conditions",
        "put",
        lambda c: f"patients/{c['north'].patient.pk}/conditions/",
        lambda c: {"conditions": [{"condition": "pregnancy"}]},
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 403},
    ),
    (
        "api:assessment-list",
        "get",
        lambda c: "assessments/",
        None,
        {A: 401, P: 200, OTH: 200, T: 200, F: 200, M: 200},
    ),
    (
        "api:assessment-list",
        "post",
        lambda c: "assessments/",
        body_new_assessment,
        # The manager reads clinical records and reassigns; the patient's therapist writes.
        {A: 401, P: 403, OTH: 403, T: 201, F: 404, M: 403},
    ),
    (
        "api:assessment-detail",
        "get",
        lambda c: f"assessments/{c['records'].assessment.pk}/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:prescription-list",
        "get",
        lambda c: "prescriptions/",
        None,
        {A: 401, P: 200, OTH: 200, T: 200, F: 200, M: 200},
    ),
    (
        "api:prescription-list",
        "post",
        lambda c: "prescriptions/",
        body_new_prescription,
        {A: 401, P: 403, OTH: 403, T: 201, F: 404, M: 403},
    ),
    (
        "api:prescription-detail",
        "get",
        lambda c: f"prescriptions/{c['records'].program.prescription.pk}/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:prescription-status",
        "post",
        lambda c: f"prescriptions/{c['records'].program.prescription.pk}/status/",
        lambda c: {"status": "paused"},
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 403},
    ),
    (
        "api:prescription-resume",
        "post",
        lambda c: f"prescriptions/{c['records'].program.prescription.pk}/resume/",
        lambda c: held_for_review(c),
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 403},
    ),
    (
        "api:prescription-change-dose",
        "patch",
        lambda c: (
            f"prescriptions/{c['records'].program.prescription.pk}/exercises/{c['records'].program.stretch.pk}/"
        ),
        lambda c: {"sets": 2},
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 403},
    ),
    (
        "api:patient-invitation",
        "post",
        lambda c: f"patients/{c['north'].patient.pk}/invitation/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 200},
    ),
    (
        "api:prescription-change-dose",
        "delete",
        lambda c: (
            f"prescriptions/{c['records'].program.prescription.pk}/exercises/{c['records'].program.strengthen.pk}/"
        ),
        None,
        {A: 401, P: 403, OTH: 403, T: 204, F: 404, M: 403},
    ),
    (
        # The stretch is not on hold here: staff of the clinic get 409 (the success path is in
        # tests/patients/services/test_warning_signs.py).
        "api:prescription-review-hold",
        "post",
        lambda c: (
            f"prescriptions/{c['records'].program.prescription.pk}/exercises/"
            f"{c['records'].program.stretch.pk}/review-hold/"
        ),
        lambda c: {"note": "seen"},
        {A: 401, P: 403, OTH: 403, T: 409, F: 404, M: 403},
    ),
    (
        "api:prescription-exercises",
        "post",
        lambda c: f"prescriptions/{c['records'].program.prescription.pk}/exercises/",
        lambda c: {
            "phase": c["records"].program.stretch.phase_id,
            "exercise": ExerciseFactory(clinic=c["north"].clinic).pk,
        },
        {A: 401, P: 403, OTH: 403, T: 201, F: 404, M: 403},
    ),
    (
        "api:prescription-phases",
        "post",
        lambda c: f"prescriptions/{c['records'].program.prescription.pk}/phases/",
        lambda c: {"protocol": c["records"].spare_protocol.pk},
        {A: 401, P: 403, OTH: 403, T: 201, F: 404, M: 403},
    ),
    (
        "api:prescription-save-as-protocol",
        "post",
        lambda c: f"prescriptions/{c['records'].program.prescription.pk}/save-as-protocol/",
        lambda c: {"name": "Saved from the matrix"},
        {A: 401, P: 403, OTH: 403, T: 201, F: 404, M: 403},
    ),
    (
        "api:today",
        "get",
        lambda c: "today/",
        None,
        {A: 401, P: 200, OTH: 200, T: 403, F: 403, M: 403},
    ),
    (
        "api:session-list",
        "get",
        lambda c: "sessions/",
        None,
        {A: 401, P: 200, OTH: 200, T: 200, F: 200, M: 200},
    ),
    (
        "api:session-list",
        "post",
        lambda c: "sessions/",
        lambda c: session_body(c["records"].program),
        {A: 401, P: 201, OTH: 404, T: 403, F: 403, M: 403},
    ),
    (
        "api:session-detail",
        "get",
        lambda c: f"sessions/{c['records'].session.pk}/",
        None,
        {A: 401, P: 200, OTH: 404, T: 200, F: 404, M: 200},
    ),
    (
        "api:report-adherence",
        "get",
        lambda c: "reports/adherence/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 200, M: 200},
    ),
    (
        "api:alert-list",
        "get",
        lambda c: "alerts/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 200, M: 200},
    ),
    (
        "api:alert-detail",
        "get",
        lambda c: f"alerts/{c['records'].alert.pk}/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 200},
    ),
    (
        "api:alert-acknowledge",
        "post",
        lambda c: f"alerts/{c['records'].alert.pk}/acknowledge/",
        None,
        {A: 401, P: 403, OTH: 403, T: 200, F: 404, M: 403},
    ),
]


def user_for(role, north, south):
    return {
        "anonymous": None,
        "patient": north.patient.user,
        "other_patient": north.other_patient.user,
        "therapist": north.therapist,
        "foreign_therapist": south.therapist,
        "manager": north.manager,
    }[role]


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "role", "expected"),
    [
        pytest.param(name, method, path, body, role, expected[role], id=f"{method}-{name}-{role}")
        for name, method, path, body, expected in MATRIX
        for role in ROLES
    ],
)
def test_permission_matrix(north, south, north_records, name, method, path, body, role, expected):
    ctx = {"north": north, "south": south, "records": north_records}
    client = api_client(user_for(role, north, south))
    headers = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    response = getattr(client, method)(
        f"/api/v1/{path(ctx)}", body(ctx) if body else None, format="json", **headers
    )
    assert response.status_code == expected, response.content[:400]
    if expected in (403, 404) and response.get("Content-Type", "").startswith("application/json"):
        text = response.content.decode()
        assert "Upper back" not in text and north.patient.user.email not in text


def api_route_names():
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "api" and pattern.name:
                names.add(f"api:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return {name for name in names if not name.endswith("-format") and "format" not in name}


def test_every_api_route_has_a_row_in_the_matrix():
    covered = {row[0] for row in MATRIX}
    assert api_route_names() - covered == set()

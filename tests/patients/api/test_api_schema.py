"""The OpenAPI schema and its docs page, and schema fuzzing of the API (schemathesis).

The fuzz tests drive every operation of the served schema in-process (WSGI, same database
transaction as the test) as the north patient and as the north therapist, with token auth.
Each generated request answers without a 5xx, with a documented status code and with a body
that matches the documented schema. Generated ids are mixed with real ones from the north
clinic (the caller's own rows) and from the south clinic (another tenant's rows).
"""

import json
import re
import sys
from contextlib import contextmanager

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from clinic import tokens
from clinic.api import SchemaGenerator
from programs.models import Exercise
from tests.conftest import PASSWORD, prescribe_small_program

SCHEMA_URL = "/api/v1/schema/?format=json"
METHODS = {"get", "post", "put", "patch", "delete"}


def generated_schema() -> dict:
    """The schema as `manage.py spectacular` writes it, as plain JSON."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))


DOCUMENT = generated_schema()
#: Operations whose path says it all: acknowledging an alert, (re)sending an invitation.
BODYLESS = {"/api/v1/alerts/{id}/acknowledge/", "/api/v1/patients/{id}/invitation/"}
OPERATIONS = [
    (method, path)
    for path, item in DOCUMENT["paths"].items()
    for method in item
    if method in METHODS
]


# ---------------------------------------------------------------- the document


def test_the_served_schema_is_a_valid_openapi_3_document(db):
    response = Client().get(SCHEMA_URL)
    assert response.status_code == 200
    served = response.json()
    assert served["openapi"].startswith("3.")
    validate_schema(served)
    # The fuzz tests below run against this exact document.
    assert served == DOCUMENT


def test_schema_generation_has_no_warnings_or_errors(tmp_path):
    GENERATOR_STATS.reset()
    out = tmp_path / "schema.yml"
    # Raises CommandError on any warning or error, and validates the written schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert not GENERATOR_STATS
    assert out.read_text().startswith("openapi: 3.")


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_documents_its_bodies_and_errors(method, path):
    operation = DOCUMENT["paths"][path][method]
    responses = operation["responses"]
    ok = [code for code in responses if code.startswith("2")]
    assert ok, "no 2xx response"
    for code in ok:
        if code != "204":
            assert responses[code].get("content"), f"{code} has no body"
    for code, response in responses.items():
        if not code.startswith("2"):
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, code
    assert "401" in responses
    assert "403" in responses or "404" in responses
    assert "406" in responses  # an Accept header the API cannot serve
    if method in {"post", "put", "patch"} and path not in BODYLESS:
        assert operation.get("requestBody", {}).get("content"), "no request body"
    if "requestBody" in operation:
        assert "400" in responses
        assert "415" in responses  # a body that is not JSON, form or multipart


def test_the_docs_page_renders_from_local_static_files(db):
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for cdn in ("cdn.", "unpkg", "jsdelivr", "cdnjs"):
        assert cdn not in html
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        served = Client().get(asset)
        served.close()  # a static file is streamed from an open file
        assert served.status_code == 200, asset


# ---------------------------------------------------------------- fuzzing

# Requests per operation and role, valid ones and (for operations that take any input) invalid
# ones. With 27 operations, the 2 x 27 x 40 requests take 40-80 s on SQLite or PostgreSQL.
# No operation is left out: sign-in (auth/token) too, its rate limit being reset per request.
EXAMPLES = 40
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

# Requests that found a bug once, sent first on every run, with the caller's real ids unless
# they say "generated".
REPLAYS = {
    ("get", "/api/v1/patients/"): [
        # An id past 64 bits was an OverflowError in SQLite: a 500.
        {"query": {"primary_therapist": 2**63}, "ids_from": "generated"},
    ],
    ("post", "/api/v1/assessments/"): [
        # Consent given in the year 247 came back as "0247-09-08T05:00:35-05:17:32" (Toronto's
        # local mean time, before standard time), which is not an RFC 3339 date-time.
        {
            "media_type": "application/json",
            "body": {
                "patient": 1,
                "assessed_on": "2026-01-10",
                "mode": "virtual",
                "problem_areas": "Neck",
                "red_flag_numbness": False,
                "red_flag_sharp_pain": False,
                "red_flag_trauma": False,
                "red_flag_persistent": False,
                "consent_given_at": "0247-09-08T10:18:07Z",
            },
        },
    ],
    ("post", "/api/v1/prescriptions/"): [
        # A body neither JSON, form nor multipart is a 415, which was not documented.
        {"media_type": "text/plain", "body": "patient=1"},
    ],
    ("get", "/api/v1/me/"): [
        # An Accept header the API cannot serve is a 406, which was not documented.
        {"headers": {"Accept": "text/csv"}},
    ],
}


@contextmanager
def in_process_app():
    """Django's WSGI app, sharing the test's connection and transaction, reporting crashes.

    A bare WSGIHandler closes "old" database connections when a request starts and ends,
    which would end the test transaction; Django's test client disconnects the same handler.
    Yields the app and the list of exceptions it raised (each also answered as a 500).
    """
    crashes: list[BaseException] = []

    def record(sender, request=None, **kwargs):
        crashes.append(sys.exc_info()[1])

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(record)
    try:
        yield WSGIHandler(), crashes
    finally:
        got_request_exception.disconnect(record)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def known_ids(actors, program, records=None) -> dict:
    """Real ids, by the body field or query parameter they fill, or by resource for a path id."""
    ids = {
        "email": actors.patient.user.email,
        "password": PASSWORD,
        "patient": actors.patient.pk,
        "primary_therapist": actors.therapist.pk,
        "therapist": actors.therapist.pk,
        "prescription": program.prescription.pk,
        "protocol": program.prescription.protocol_id,
        "prescribed_exercise": program.strengthen.pk,
        "exercise_pk": program.strengthen.pk,
        "exercises": program.stretch.exercise_id,
        "patients": actors.patient.pk,
        "prescriptions": program.prescription.pk,
        "protocols": program.prescription.protocol_id,
    }
    if records is not None:
        ids |= {
            "protocol": records.spare_protocol.pk,  # prescribable: no active prescription of it
            "alerts": records.alert.pk,
            "assessments": records.assessment.pk,
            "sessions": records.session.pk,
        }
    return ids


def use_real_ids(case, ids: dict) -> bool:
    """Swap generated values for real ones of the same type, keeping the rest of the request.

    A value of the wrong type (an invalid request) stays as generated. Says whether a path
    parameter was swapped, that is whether the request names a real row.
    """

    def swap(values, name, key=None) -> bool:
        real = ids.get(key or name)
        if real is None or type(values[name]) is not type(real):
            return False
        values[name] = real
        return True

    resource = case.path.split("/")[3]
    path_swapped = False
    for name in list(case.path_parameters or {}):
        path_swapped |= swap(case.path_parameters, name, resource if name == "id" else name)
    for name in list(case.query or {}):
        swap(case.query, name)
    if isinstance(case.body, dict):
        for name in list(case.body):
            swap(case.body, name)
        entries = case.body.get("exercises")
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and "prescribed_exercise" in entry:
                swap(entry, "prescribed_exercise")
    return path_swapped


@pytest.fixture
def real_ids(north, south, north_records) -> dict:
    """Ids of the caller's own clinic (north, with a patient's history) and of another (south)."""
    south_program = prescribe_small_program(south)
    # The south program's exercises belong to the south library (not the shared one).
    Exercise.objects.filter(
        pk__in=[south_program.stretch.exercise_id, south_program.strengthen.exercise_id]
    ).update(clinic=south.clinic)
    return {
        "north": known_ids(north, north_records.program, north_records),
        "south": known_ids(south, south_program),
    }


@pytest.fixture
def private_cache(settings):
    """A cache of the test's own, emptied before each request.

    Each request then starts with fresh rate limits (the sign-in limit is 10 a minute; the
    429 is documented, but a run of 429s would fuzz nothing) and no in-flight markers, and
    the run is the same whatever cache REDIS_URL would point at.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-schema-fuzz",
        }
    }
    return cache


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ["patient", "therapist"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_fuzz_the_api(role, method, path, north, real_ids, private_cache):
    """No 5xx, a documented status code and a body matching its schema, for any request."""
    user = north.patient.user if role == "patient" else north.therapist
    key, _ = tokens.issue(user)
    headers = {"Authorization": f"Token {key}"}
    operation = schemathesis.openapi.from_dict(DOCUMENT)[path][method.upper()]
    spec = DOCUMENT["paths"][path][method]
    strategy = operation.as_strategy(headers=headers)
    if spec.get("parameters") or spec.get("requestBody"):
        # Invalid input as well: wrong types, out-of-range values, missing required fields.
        # (An operation without any input has no invalid request to make.)
        strategy |= operation.as_strategy(headers=headers, generation_mode=GenerationMode.NEGATIVE)

    with in_process_app() as (app, crashes):

        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,  # the same requests on every run, so CI failures reproduce
            database=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.filter_too_much,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
            ],
        )
        @given(case=strategy, ids_from=st.sampled_from(["generated", "north", "south"]))
        def request_conforms(case, ids_from):
            names_a_row = ids_from != "generated" and use_real_ids(case, real_ids[ids_from])
            private_cache.clear()
            crashes.clear()
            # Each request in a savepoint rolled back afterwards: examples don't leak into
            # each other, so a failure replays alone.
            with transaction.atomic():
                try:
                    response = case.call_and_validate(app=app, checks=CHECKS)
                finally:
                    transaction.set_rollback(True)
                    if crashes:
                        raise crashes[0]  # the server's own traceback, rather than "500"
            if names_a_row and ids_from == "south":
                # Another clinic's row is not found (or not allowed), never served or changed.
                assert response.status_code >= 400, case.as_curl_command()

        for replay in REPLAYS.get((method, path), []):
            replay = {**replay, "headers": {**headers, **replay.get("headers", {})}}
            ids_from = replay.pop("ids_from", "north")
            case = operation.Case(**replay)
            request_conforms = hypothesis.example(case=case, ids_from=ids_from)(request_conforms)
        request_conforms()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_has_a_summary(method, path):
    summary = DOCUMENT["paths"][path][method].get("summary", "")
    assert summary and len(summary) > 8 and not summary.startswith("Create a ")

"""The OpenAPI schema and its docs page, and schema fuzzing of the API (schemathesis).

The fuzz tests drive every operation of the served schema in-process (WSGI, same database
transaction as the test) as the north patient and as the north therapist, with token auth.
Each generated request answers without a 5xx, with a documented status code and with a body
that matches the documented schema. Generated ids are mixed with real ones from the north
clinic (the caller's own rows) and from the south clinic (another tenant's rows).
"""

import json
import re
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA_URL = "/api/v1/schema/?format=json"
METHODS = {"get", "post", "put", "patch", "delete"}


def generated_schema() -> dict:
    """The schema as `manage.py spectacular` writes it, as plain JSON."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))


DOCUMENT = generated_schema()
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
    if method in {"post", "put", "patch"} and path != "/api/v1/alerts/{id}/acknowledge/":
        # Acknowledging an alert takes no body by design: the alert id says it all.
        assert operation.get("requestBody", {}).get("content"), "no request body"
    assert operation.get("description") or operation.get("summary") or operation["operationId"]


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


@contextmanager
def in_process_app():
    """Django's WSGI app that keeps the test's database connection and reports crashes.

    A bare WSGIHandler closes "old" connections at the start and end of each request, which
    would break the test transaction; Django's own test client disconnects the same handler.
    """
    crashes: list[BaseException] = []

    def record(sender, request=None, **kwargs):
        import sys

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


def known_ids(actors, records=None) -> dict:
    """Real ids, by the field or path parameter name they fill."""
    ids = {
        "patient": actors.patient.pk,
        "primary_therapist": actors.therapist.pk,
        "therapist": actors.therapist.pk,
    }
    if records is not None:
        program = records.program
        ids |= {
            "prescription": program.prescription.pk,
            "protocol": records.spare_protocol.pk,
            "prescribed_exercise": program.strengthen.pk,
            "exercise_pk": program.strengthen.pk,
            "alerts": records.alert.pk,
            "assessments": records.assessment.pk,
            "exercises": program.stretch.exercise_id,
            "patients": actors.patient.pk,
            "prescriptions": program.prescription.pk,
            "protocols": program.prescription.protocol_id,
            "sessions": records.session.pk,
        }
    return ids


def use_real_ids(case, ids: dict) -> None:
    """Swap generated ids for real ones, keeping the rest of the generated request."""
    resource = case.path.split("/")[3]
    for name in list(case.path_parameters or {}):
        key = resource if name == "id" else name
        if key in ids:
            case.path_parameters[name] = ids[key]
    for name in list(case.query or {}):
        if name in ids:
            case.query[name] = ids[name]
    if isinstance(case.body, dict):
        for name, value in case.body.items():
            if name in ids and isinstance(value, int):
                case.body[name] = ids[name]
        for entry in case.body.get("exercises") or []:
            if isinstance(entry, dict) and isinstance(entry.get("prescribed_exercise"), int):
                entry["prescribed_exercise"] = ids["prescribed_exercise"]


@pytest.fixture
def fuzz_world(north, south, north_records):
    """Both clinics, with the north patient's prescription, session, assessment and alert."""
    return {
        "north": known_ids(north, north_records),
        "south": known_ids(south, None),
    }


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ["patient", "therapist"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_fuzz_the_api(role, method, path, north, fuzz_world):
    user = north.patient.user if role == "patient" else north.therapist
    token, _ = Token.objects.get_or_create(user=user)
    schema = schemathesis.openapi.from_dict(DOCUMENT)
    operation = schema[path][method.upper()]
    auth = {"Authorization": f"Token {token.key}"}

    with in_process_app() as (app, crashes):

        @settings(
            max_examples=30,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=operation.as_strategy(headers=auth),
            world=st.sampled_from(["generated", "north", "south"]),
        )
        def run(case, world):
            if world != "generated":
                use_real_ids(case, fuzz_world[world])
            crashes.clear()
            with transaction.atomic():
                try:
                    case.call_and_validate(
                        app=app,
                        checks=[
                            not_a_server_error,
                            status_code_conformance,
                            response_schema_conformance,
                        ],
                    )
                finally:
                    transaction.set_rollback(True)
                    if crashes:
                        raise crashes[0]

        run()

"""Nothing of clinic A is reachable by clinic B: every page, admin screen and API route.

Walks every named URL in the project, fills each id in the route with the ids of clinic
A's records, and asks as clinic B's manager, therapist and patient. Whatever the status,
the answer never contains clinic A's patient names, emails, notes or findings.
"""

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from clinic.models import User
from patients.models import Alert, Patient
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program
from tests.factories import AssessmentFactory

SECRETS = ["Zanzibar", "zanzibar-a@north.test", "secret-note-A", "finding-A-only"]


@pytest.fixture
def clinic_a(north):
    user = north.patient.user
    user.last_name, user.email = "Zanzibar", "zanzibar-a@north.test"
    user.save()
    program = prescribe_small_program(north)
    session = log_stretch(
        north.patient,
        program,
        pain=(5, 4),
        symptoms=("numbness_tingling",),
        note="secret-note-A",
    )
    assessment = AssessmentFactory(
        patient=north.patient, therapist=north.therapist, findings="finding-A-only"
    )
    ids = {
        north.patient.pk,
        north.patient.user.pk,
        program.prescription.pk,
        program.stretch.pk,
        program.strengthen.pk,
        program.prescription.current_phase_id,
        program.prescription.protocol_id,
        session.pk,
        assessment.pk,
        Alert.objects.get().pk,
        north.therapist.pk,
        north.therapist.membership.pk,
        north.clinic.pk,
    }
    return sorted(ids)


def routes():
    """Every URL pattern as a regex string with its parameter names."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return found


def concrete_paths(ids):
    """Fill each route's parameters with clinic A's ids (one path per id)."""
    paths = set()
    for route in routes():
        route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
        if "format" in route or "(?P<url>" in route:
            continue
        if "<" not in route and "(?P<" not in route:
            paths.add("/" + route)
            continue
        for value in ids:
            path = re.sub(r"<(?:int:|path:|str:)?(\w+)>", str(value), route)
            path = re.sub(r"\(\?P<\w+>[^)]*\)", str(value), path)
            if "<" not in path and "(" not in path:
                paths.add("/" + path)
    return sorted(paths)


@pytest.mark.parametrize("who", ["manager", "therapist", "patient"])
def test_clinic_b_never_sees_clinic_a(client, north, south, clinic_a, who):
    prescribe_small_program(south)
    user = south.patient.user if who == "patient" else getattr(south, who)
    client.force_login(user)
    token_client = api_client(user)
    checked = 0
    for path in concrete_paths(clinic_a):
        if path.startswith(("/accounts/logout", "/admin/logout", "/invitation/")):
            continue
        caller = token_client if path.startswith("/api/") else client
        response = caller.get(path)
        assert response.status_code != 500, path
        if response.status_code == 200 and not getattr(response, "streaming", False):
            body = response.content.decode(errors="ignore")
            leaked = [secret for secret in SECRETS if secret in body]
            assert not leaked, (path, leaked)
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content).decode(errors="ignore")
            assert not [s for s in SECRETS if s in body], path
        checked += 1
    assert checked > 150  # the walk really covered the site


def test_the_walk_covers_the_admin_of_every_clinical_model(clinic_a):
    paths = concrete_paths(clinic_a)
    for model in admin.site._registry:
        label = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert any(path.startswith(label) and path.endswith("/change/") for path in paths), label


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/assessments/", "patient"),
        ("/api/v1/prescriptions/", "patient"),
    ],
)
def test_a_request_body_cannot_attach_records_to_another_clinics_patient(
    north, south, clinic_a, path, field
):
    body = {
        "patient": north.patient.pk,
        "protocol": 1,
        "start_date": "2026-01-05",
        "assessed_on": "2026-01-05",
        "mode": "virtual",
        "problem_areas": "x",
        "red_flag_numbness": False,
        "red_flag_sharp_pain": False,
        "red_flag_trauma": False,
        "red_flag_persistent": False,
    }
    response = api_client(south.therapist).post(path, body, format="json")
    assert response.status_code == 404  # as for an id that does not exist
    assert field in response.json()["errors"]


def test_mass_assignment_of_staff_flags_and_clinic_is_refused(north, south):
    response = api_client(south.manager).post(
        "/api/v1/patients/",
        {
            "email": "mass@example.test",
            "first_name": "M",
            "last_name": "A",
            "primary_therapist": north.therapist.pk,
            "is_staff": True,
            "clinic": north.clinic.pk,
        },
        format="json",
    )
    assert response.status_code == 404
    assert "primary_therapist" in response.json()["errors"]
    created = api_client(south.manager).post(
        "/api/v1/patients/",
        {
            "email": "mass2@example.test",
            "first_name": "M",
            "last_name": "B",
            "primary_therapist": south.therapist.pk,
            "is_staff": True,
            "clinic": north.clinic.pk,
        },
        format="json",
    )
    assert created.status_code == 201
    patient = Patient.objects.select_related("user").get(pk=created.json()["id"])
    assert patient.clinic_id == south.clinic.pk
    assert not patient.user.is_staff


@pytest.mark.parametrize("who", ["manager", "therapist"])
def test_admin_search_of_every_model_finds_nothing_of_clinic_a(client, south, clinic_a, who):
    client.force_login(getattr(south, who))
    for model, model_admin in admin.site._registry.items():
        if not model_admin.search_fields:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for term in ("Zanzibar", "zanzibar-a@north.test", "finding-A-only"):
            response = client.get(url, {"q": term})
            assert response.status_code in (200, 403), url
            if response.status_code == 200:
                # The page repeats the search term; what matters is that nothing matched.
                assert response.context["cl"].result_count == 0, (url, term)


def test_this_clinics_staff_is_one_query_that_leaves_out_patients_and_other_clinics(north, south):
    offered = set(User.objects.clinic_staff(north.therapist))
    assert north.therapist in offered
    assert north.manager in offered
    assert north.patient.user not in offered
    assert south.therapist not in offered

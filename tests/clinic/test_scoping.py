"""Clinic scoping that cannot be forgotten (clinic.tenancy, clinic.middleware).

A query that forgets ``visible_to`` in request code raises or stays in the viewer's clinic;
the same query in a management command or a task, which run as the system, works.

This module is also the URL configuration of its own tests: one careless page, written
the way the scope is there to catch.
"""

import csv
import io
import pkgutil
from importlib import import_module

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.http import HttpResponse
from django.tasks import Task, TaskResultStatus
from django.urls import path, reverse
from django_scopes import ScopeError, scope

import patients
from clinic import api_urls
from clinic.api import SchemaGenerator, ViewerScopeMixin
from clinic.tenancy import SystemCommand
from patients.engagement import tasks
from patients.models import Patient, Prescription
from tests.conftest import PASSWORD, prescribe_small_program


def careless_patient_page(request, pk):
    """A page written without ``visible_to``: what the scope is there to catch."""
    return HttpResponse(Patient.objects.get(pk=pk).name)


urlpatterns = [path("careless/<int:pk>/", careless_patient_page)]

careless = pytest.mark.urls(__name__)


# ---------------------------------------------------------------- request code


@careless
def test_an_unscoped_get_in_a_signed_out_request_raises(client, north):
    with pytest.raises(ScopeError):
        client.get(f"/careless/{north.patient.pk}/")


@careless
def test_an_unscoped_get_for_staff_never_reaches_another_clinic(client, north, south):
    client.force_login(north.therapist)
    with pytest.raises(Patient.DoesNotExist):
        client.get(f"/careless/{south.patient.pk}/")


@careless
def test_an_unscoped_get_for_staff_finds_their_own_clinics_rows(client, north):
    client.force_login(north.therapist)
    response = client.get(f"/careless/{north.patient.pk}/")
    assert response.content.decode() == north.patient.name


@careless
def test_an_unscoped_get_for_a_patient_never_reaches_another_patient(client, north):
    client.force_login(north.patient.user)
    with pytest.raises(Patient.DoesNotExist):
        client.get(f"/careless/{north.other_patient.pk}/")
    assert client.get(f"/careless/{north.patient.pk}/").content.decode() == north.patient.name


def test_outside_any_scope_a_clinical_query_raises(north):
    with scope(), pytest.raises(ScopeError):  # no viewer, no system mark: request code
        Patient.objects.get(pk=north.patient.pk)


def test_the_api_opens_the_scope_of_a_caller_signed_in_by_token(client, north):
    token = client.post(
        reverse("api:token"), {"email": north.therapist.email, "password": PASSWORD}
    ).json()["token"]
    response = client.get(reverse("api:patient-list"), HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {north.patient.pk, north.other_patient.pk}


def test_every_api_view_opens_the_callers_scope():
    """Token callers are known only inside the view: each view must open their scope."""

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    # They read no clinical rows: the list of endpoints, the schema, its page, sign-in.
    open_to_anyone = {
        "APIRootView",
        "SpectacularAPIView",
        "SpectacularSwaggerSplitView",
        "ObtainTokenView",
    }
    unscoped = {
        getattr(view, "cls", view).__name__
        for view in views(api_urls.urlpatterns)
        if not issubclass(getattr(view, "cls", object), ViewerScopeMixin)
    }
    assert unscoped == open_to_anyone


def test_the_csv_export_streams_its_rows_in_the_viewers_scope(client, north):
    prescribe_small_program(north)
    client.force_login(north.manager)
    response = client.get(reverse("staff:report_csv"))
    with scope():  # the server reads the stream after the view returned, outside its scope
        body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2  # the header and the one prescription


def test_the_schema_is_built_without_a_clinic_scope():
    with scope():
        assert SchemaGenerator().get_schema(request=None, public=True)["paths"]


# ---------------------------------------------------------------- system code


def test_a_management_command_reads_every_clinic(north, south):
    prescribe_small_program(north)
    prescribe_small_program(south)
    out = io.StringIO()
    with scope():
        call_command("refresh_progress", stdout=out)
        with pytest.raises(ScopeError):
            Prescription.objects.count()
    assert "scheduled day(s) in the ledger" in out.getvalue()


def test_a_task_reads_the_rows_it_names(north):
    prescribe_small_program(north)
    with scope():
        result = tasks.send_reminder.enqueue(
            patient_id=north.patient.pk, day="2026-01-05", kind="reminder"
        )
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_every_management_command_of_the_project_runs_as_the_system():
    ours = {
        name: app
        for name, app in get_commands().items()
        if app in ("clinic", "patients", "programs")
    }
    assert ours
    for name, app in ours.items():
        assert isinstance(load_command_class(app, name), SystemCommand), name


def test_every_task_of_the_project_runs_as_the_system():
    found = []
    for module in pkgutil.walk_packages(patients.__path__, "patients."):
        if module.name.endswith(".tasks"):
            for value in vars(import_module(module.name)).values():
                if isinstance(value, Task):
                    found.append(value)
    assert found
    assert all(getattr(task.func, "runs_as_system", False) for task in found)

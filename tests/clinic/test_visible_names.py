"""Names refuse invisible characters (bidi overrides, zero-width ones): a name shows as typed."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from clinic.text import visible_text
from tests.api_fixtures import api_client

SPOOFS = [
    "Ana\u202eavlis",
    "Ana\u200bSilva",
    "\u2066Ana\u2069",
    "\ufeffAna",
    "Ana\u200d",
    "A\x07na",
]


@pytest.mark.parametrize("name", SPOOFS)
def test_a_name_with_hidden_characters_is_refused(name):
    with pytest.raises(ValidationError) as refused:
        visible_text(name)
    assert "U+" in str(refused.value)


@pytest.mark.parametrize(
    "name", ["Siobhán Ó Sé", "Łukasz", "Дмитрий", "محمد", "李小龍", "O'Neil-Smith"]
)
def test_names_in_any_script_are_accepted(name):
    visible_text(name)


def test_every_name_field_of_the_project_refuses_hidden_characters():
    fields = [
        (model._meta.label, field.name)
        for model in apps.get_models()
        if model._meta.app_label in ("clinic", "programs", "patients")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and field.name in ("name", "first_name", "last_name")
    ]
    assert ("clinic.User", "first_name") in fields and ("programs.Exercise", "name") in fields
    missing = [
        (label, name)
        for label, name in fields
        if visible_text not in apps.get_model(label)._meta.get_field(name).validators
    ]
    assert missing == []


def test_the_api_refuses_a_new_patient_with_a_bidi_override_in_their_name(north):
    body = {
        "email": "new@example.com",
        "first_name": "Ana\u202e",
        "last_name": "Silva",
        "date_of_birth": "1980-01-01",
    }
    response = api_client(north.therapist).post("/api/v1/patients/", body, format="json")
    assert response.status_code == 400
    assert "first_name" in response.json()["errors"]


def test_the_admin_refuses_a_new_staff_member_with_a_zero_width_space(client, north):
    client.force_login(north.manager)
    response = client.post(
        reverse("admin:clinic_membership_add"),
        {
            "email": "x@example.com",
            "first_name": "Bo\u200bb",
            "last_name": "Lee",
            "role": "therapist",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "invisible characters" in response.content.decode()

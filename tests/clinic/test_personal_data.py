"""The personal-data register: every installed model declares what it holds about people."""

import pytest
from django.apps import apps
from django.core import checks
from django.db import models
from django.test.utils import isolate_apps
from knox.models import AuthToken

from clinic import personal_data
from clinic.personal_data import THIRD_PARTY, Holds, PersonalData, declaration_for
from patients.models import Reminder, WeeklyCheckIn


def test_every_installed_model_is_declared_in_the_register():
    undeclared = [m._meta.label for m in apps.get_models() if declaration_for(m) is None]
    assert undeclared == []


def test_every_third_party_declaration_names_an_installed_model():
    installed = {model._meta.label for model in apps.get_models()}
    assert set(THIRD_PARTY) - installed == set()


def test_the_register_has_no_problems():
    assert personal_data.problems() == []


def test_a_model_without_a_declaration_fails_the_system_check(monkeypatch):
    monkeypatch.delattr(WeeklyCheckIn, "personal_data")
    monkeypatch.delitem(THIRD_PARTY, "axes.AccessLog")
    errors = [e for e in checks.run_checks() if e.id == "clinic.E001"]
    assert [e.msg.split()[0] for e in errors] == ["axes.AccessLog", "patients.WeeklyCheckIn"]


def test_a_declaration_naming_a_model_that_does_not_exist_fails(monkeypatch):
    monkeypatch.setitem(THIRD_PARTY, "axes.AccessRecord", PersonalData(Holds.NOTHING, "gone"))
    assert personal_data.problems() == [
        "THIRD_PARTY names axes.AccessRecord, which is not an installed model."
    ]


def test_a_declaration_naming_a_field_the_model_lacks_fails(monkeypatch):
    declaration = PersonalData(
        Holds.PATIENT, "x", rows="patient", export=("week", "feeling"), anonymise={"mood": ""}
    )
    monkeypatch.setattr(WeeklyCheckIn, "personal_data", declaration)
    assert personal_data.problems() == [
        "patients.WeeklyCheckIn: the register names no field 'feeling'.",
        "patients.WeeklyCheckIn: the register names no field 'mood'.",
    ]


@isolate_apps("patients")
def test_a_declaration_is_not_inherited_by_a_subclass():
    # A new model must think about its own data, not borrow its parent's declaration.
    class Base(models.Model):
        personal_data = PersonalData(Holds.NOTHING, "the parent's data")

        class Meta:
            abstract = True

    class Child(Base):
        class Meta:
            app_label = "patients"

        def __str__(self):
            return "child"

    assert declaration_for(Child) is None


@isolate_apps("knox")
def test_a_proxy_shares_its_models_declaration():
    class TokenProxy(AuthToken):
        class Meta:
            app_label = "knox"
            proxy = True

    assert declaration_for(TokenProxy) is THIRD_PARTY["knox.AuthToken"]


def test_patient_data_must_say_how_to_find_the_patients_rows():
    with pytest.raises(ValueError):
        PersonalData(Holds.PATIENT, "rows of nobody knows whom")
    with pytest.raises(ValueError):
        PersonalData(Holds.NOTHING, "nothing, yet exported", export=("name",))


def test_the_audit_covers_exactly_the_models_declared_audited():
    audited = {m._meta.label for m in apps.get_models() if personal_data.is_audited(m)}
    assert "patients.SessionLog" in audited and "patients.WeeklyCheckIn" in audited
    assert "patients.Reminder" not in audited and "patients.AdherenceDay" not in audited
    assert "clinic.Membership" in audited  # who holds which role is security-relevant
    assert all(
        declaration_for(apps.get_model(label)).holds is not Holds.NOTHING for label in audited
    )
    assert not personal_data.is_audited(Reminder)

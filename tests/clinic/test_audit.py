"""The audit log: reads, changes, exports, refusals and sign-ins, append-only, no clinical text."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from clinic.models import AuditEvent
from patients.models import Prescription, Reminder, ReminderKind, ReminderOutcome
from tests.api_fixtures import api_client
from tests.conftest import PASSWORD, log_stretch


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).values_list("action", flat=True))


def test_a_staff_read_of_a_patient_page_is_recorded_with_who_what_and_where(client, north):
    client.force_login(north.therapist)
    client.get(reverse("staff:patient", args=[north.patient.pk]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="read", object_type="staff:patient")
    assert event.object_id == str(north.patient.pk)
    assert event.actor_id == north.therapist.pk
    assert event.clinic_id == north.clinic.pk
    assert event.ip == "10.1.2.3"


def test_a_staff_read_through_the_api_is_recorded(north, north_records):
    api_client(north.therapist).get(f"/api/v1/sessions/{north_records.session.pk}/")
    assert AuditEvent.objects.filter(
        action="read",
        object_type="api:session-detail",
        object_id=str(north_records.session.pk),
        actor_id=north.therapist.pk,
    ).exists()


def test_an_export_is_recorded(client, north):
    client.force_login(north.manager)
    response = client.get(reverse("staff:report_csv"))
    b"".join(response.streaming_content)
    assert "export" in events(actor_id=north.manager.pk)


def test_a_refused_access_is_recorded(client, north, south):
    client.force_login(south.therapist)
    client.get(reverse("staff:patient", args=[north.patient.pk]))
    event = AuditEvent.objects.get(action="denied")
    assert (event.actor_id, event.status_code) == (south.therapist.pk, 404)


def test_sign_in_and_failed_sign_in_are_recorded_without_the_typed_email(client, north):
    client.post(reverse("login"), {"username": "nobody@example.test", "password": "x"})
    client.post(reverse("login"), {"username": north.patient.user.email, "password": PASSWORD})
    failed = AuditEvent.objects.get(action="login_failed")
    assert "nobody" not in str(failed.__dict__)
    assert AuditEvent.objects.filter(action="login", actor_id=north.patient.user.pk).exists()


def test_audit_rows_name_the_user_by_id_never_by_email_or_name(client, north):
    client.post(reverse("login"), {"username": north.patient.user.email, "password": PASSWORD})
    client.post(reverse("logout"))
    client.force_login(north.therapist)
    client.get(reverse("staff:patient", args=[north.patient.pk]))
    rows = [str(row) for row in AuditEvent.objects.values()]
    assert len(rows) >= 3
    for user in (north.patient.user, north.therapist):
        assert not any(user.email in row or user.last_name in row for row in rows)


def test_the_audit_log_shows_the_users_current_email(client, north):
    client.force_login(north.therapist)
    client.get(reverse("staff:patient", args=[north.patient.pk]))
    client.force_login(north.manager)
    response = client.get("/admin/clinic/auditevent/")
    assert north.therapist.email in response.content.decode()


def test_changes_and_bulk_changes_to_clinical_data_are_recorded(north, north_program):
    log_stretch(
        north.patient,
        north_program,
        pain=(4, 6),
        note="my secret pain note about my divorce",
    )
    Prescription.objects.filter(pk=north_program.prescription.pk).update(name="Renamed")
    types = set(AuditEvent.objects.values_list("object_type", "action"))
    assert ("patients.sessionlog", "create") in types
    assert ("patients.exerciselog", "create") in types  # a bulk create, no signals
    assert ("patients.prescription", "bulk_update") in types
    for row in AuditEvent.objects.values():
        assert "secret pain note" not in str(row)


def test_the_audit_log_cannot_be_changed_or_deleted_through_the_app(north):
    event = AuditEvent.objects.create(action="read", object_type="x")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="login")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE clinic_auditevent SET action = 'login'", "DELETE FROM clinic_auditevent"]
)
def test_on_postgresql_the_database_refuses_to_change_or_delete_audit_rows(north, sql):
    AuditEvent.objects.create(action="read", object_type="x")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        assert AuditEvent.objects.filter(action="read", object_type="x").exists()
    else:
        # SQLite is for development only: there the model's own refusal is the guard.
        with pytest.raises(PermissionError):
            AuditEvent.objects.filter(action="read").update(action="login")


def test_the_manager_sees_the_clinics_log_and_therapists_do_not(client, north, south):
    client.force_login(south.therapist)
    client.get(reverse("staff:patient", args=[north.patient.pk]))  # a south event
    client.force_login(north.therapist)
    client.get(reverse("staff:patient", args=[north.patient.pk]))
    client.force_login(north.manager)
    response = client.get("/admin/clinic/auditevent/")
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert shown and all(event.clinic_id == north.clinic.pk for event in shown)
    client.force_login(north.therapist)
    assert client.get("/admin/clinic/auditevent/").status_code == 403


def test_a_reminder_claim_writes_no_audit_event(north):
    before = AuditEvent.objects.count()
    Reminder.objects.create(
        clinic=north.clinic,
        patient=north.patient,
        day=datetime.date(2026, 3, 2),
        kind=ReminderKind.values[0],
        outcome=ReminderOutcome.values[0],
    )
    assert AuditEvent.objects.count() == before

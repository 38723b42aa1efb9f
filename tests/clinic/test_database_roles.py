"""On PostgreSQL the audit log belongs to its own role: the app's role may only add and read
rows, never truncate the table, switch its trigger off or rewrite the trigger's function."""

import uuid
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from clinic.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and grants are PostgreSQL's"
)

TABLE = "clinic_auditevent"


@pytest.fixture
def roles(db):
    """An app role (as a deployment creates it) and the audit role's name; both roles,
    like everything in this test's transaction, are rolled back afterwards."""
    suffix = uuid.uuid4().hex[:8]
    app, audit = f"test_app_{suffix}", f"test_audit_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {app} NOLOGIN")
    call_command("grant_app_role", app, "--audit-role", audit)
    return app, audit


@contextmanager
def as_role(role):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        yield cursor


def refused(role, sql):
    try:
        with as_role(role) as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return "permission denied" in str(error) or "must be owner" in str(error)
    return False


def test_the_audit_role_owns_the_table_its_sequence_and_the_trigger_function(roles):
    app, audit = roles
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [TABLE])
        assert cursor.fetchone() == (audit,)
        cursor.execute(
            "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = %s",
            [f"{TABLE}_append_only"],
        )
        assert cursor.fetchone() == (audit,)
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_name = %s AND grantee = %s ORDER BY 1",
            [TABLE, app],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]


def test_the_app_role_adds_and_reads_audit_rows_and_nothing_more(roles):
    app, _audit = roles
    user = UserFactory()
    with as_role(app) as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (at, actor_id, action, object_type, object_id, path) "
            "VALUES (now(), %s, 'read', '', '', '') RETURNING id",
            [user.pk],
        )
        (new_id,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE id = %s", [new_id])
        assert cursor.fetchone() == (1,)
    for sql in [
        f"UPDATE {TABLE} SET path = 'x'",
        f"DELETE FROM {TABLE}",
        f"TRUNCATE {TABLE}",
        f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL",
        f"DROP TRIGGER {TABLE}_append_only ON {TABLE}",
        f"CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS "
        "$$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
        f"DROP TABLE {TABLE}",
    ]:
        assert refused(app, sql), sql
    assert AuditEvent.objects.filter(actor_id=user.pk).count() == 1


def test_the_app_role_keeps_normal_use_of_the_other_tables(roles, north):
    app, _audit = roles
    with as_role(app) as cursor:
        cursor.execute("UPDATE clinic_clinic SET phone = '1' WHERE id = %s", [north.clinic.pk])
        cursor.execute("SELECT count(*) FROM patients_patient")


def test_the_command_refuses_one_role_for_both_and_an_unknown_app_role(db):
    with pytest.raises(CommandError):
        call_command("grant_app_role", "same", "--audit-role", "same")
    with pytest.raises(CommandError):
        call_command("grant_app_role", f"nobody_{uuid.uuid4().hex[:6]}")

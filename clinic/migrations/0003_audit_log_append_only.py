"""On PostgreSQL the database itself refuses to change or delete audit rows.

Row triggers stop UPDATE and DELETE from any client. TRUNCATE (a table owner's
maintenance operation, also used by test runners to reset the database) is left to the
database's own privileges: grant the app role no TRUNCATE in production. SQLite, for
development only, relies on the model's own refusal.
"""

from django.db import migrations

TABLE = "clinic_auditevent"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
    END $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
    """,
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_append_only()")


class Migration(migrations.Migration):
    dependencies = [("clinic", "0002_audit_log")]

    operations = [migrations.RunPython(forwards, backwards)]

"""Give the application's PostgreSQL role what it needs, and the audit log to another role.

Run once after each ``migrate``, as a role that may change ownership (the database owner
or a superuser)::

    manage.py grant_app_role hep_app --audit-role hep_audit

Every table and sequence of the schema is granted to the app role for normal use, except
the audit log: it is owned by the audit role (created without login if missing), together
with the trigger function that keeps it append-only, and the app role may only INSERT and
SELECT its rows. Not being its owner, the app role cannot TRUNCATE it, drop or disable its
trigger, or replace the trigger's function.
"""

from django.core.management.base import CommandError
from django.db import connection, transaction

from clinic.models import AuditEvent
from clinic.tenancy import SystemCommand

APPEND_ONLY_FUNCTION = "clinic_auditevent_append_only()"


def statements(app_role: str, audit_role: str) -> list[str]:
    """The SQL, in order (identifiers quoted)."""
    quote = connection.ops.quote_name
    app, audit = quote(app_role), quote(audit_role)
    table = quote(AuditEvent._meta.db_table)
    sequence = quote(f"{AuditEvent._meta.db_table}_id_seq")
    return [
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app}",
        f"ALTER TABLE {table} OWNER TO {audit}",
        f"ALTER SEQUENCE {sequence} OWNER TO {audit}",
        f"ALTER FUNCTION {APPEND_ONLY_FUNCTION} OWNER TO {audit}",
        f"REVOKE ALL ON {table} FROM {app}",
        f"GRANT SELECT, INSERT ON {table} TO {app}",
        f"REVOKE ALL ON SEQUENCE {sequence} FROM {app}",
        f"GRANT USAGE ON SEQUENCE {sequence} TO {app}",
    ]


class Command(SystemCommand):
    help = "Grant the app's PostgreSQL role its tables; the audit log to a separate owner."

    def add_arguments(self, parser):
        parser.add_argument("app_role", help="The role the app servers connect as.")
        parser.add_argument(
            "--audit-role", default="hep_audit", help="Owner of the audit log (no login)."
        )

    def handle(self, *args, app_role, audit_role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Roles and grants are PostgreSQL's; SQLite has none.")
        if app_role == audit_role:
            raise CommandError("The audit log's owner must be another role than the app's.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [audit_role])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE ROLE {connection.ops.quote_name(audit_role)} NOLOGIN")
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no role {app_role!r}: create it first.")
            for statement in statements(app_role, audit_role):
                cursor.execute(statement)
        self.stdout.write(
            f"{app_role}: the app's tables; {audit_role}: owns the audit log "
            f"({app_role} may insert and select only)."
        )

"""A database trigger that keeps every session on or after its program's start date.

A check constraint sees one row, and this rule joins two tables (a session and its
prescription), so it lives in a trigger on both supported databases: a session inserted or
moved before its program's start, or a program's start moved after one of its sessions, is
refused with a check violation (``IntegrityError`` in Django).
"""

MESSAGE = "CHECK constraint failed: session_log_not_before_program"
SESSIONS = "patients_sessionlog"
PROGRAMS = "patients_prescription"

SESSION_TOO_EARLY = f"""
    {{row}}.performed_on < (SELECT start_date FROM {PROGRAMS} WHERE id = {{row}}.prescription_id)
"""
START_TOO_LATE = f"""
    EXISTS (SELECT 1 FROM {SESSIONS} s
            WHERE s.prescription_id = {{row}}.id AND s.performed_on < {{row}}.start_date)
"""


def install_sql(vendor: str) -> list[str]:
    """The statements that create the triggers on this database."""
    if vendor == "postgresql":
        return [
            f"""
            CREATE OR REPLACE FUNCTION {SESSIONS}_not_before_program() RETURNS trigger AS $$
            BEGIN
                IF {SESSION_TOO_EARLY.format(row="NEW")} THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            """,
            f"""
            CREATE TRIGGER {SESSIONS}_not_before_program
            BEFORE INSERT OR UPDATE OF performed_on, prescription_id ON {SESSIONS}
            FOR EACH ROW EXECUTE FUNCTION {SESSIONS}_not_before_program();
            """,
            f"""
            CREATE OR REPLACE FUNCTION {PROGRAMS}_start_before_sessions() RETURNS trigger AS $$
            BEGIN
                IF {START_TOO_LATE.format(row="NEW")} THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            """,
            f"""
            CREATE TRIGGER {PROGRAMS}_start_before_sessions
            BEFORE UPDATE OF start_date ON {PROGRAMS}
            FOR EACH ROW EXECUTE FUNCTION {PROGRAMS}_start_before_sessions();
            """,
        ]
    if vendor == "sqlite":
        return [
            *(
                f"""
                CREATE TRIGGER {SESSIONS}_not_before_program_{name} BEFORE {event} ON {SESSIONS}
                WHEN {SESSION_TOO_EARLY.format(row="NEW")}
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
                """
                for name, event in (
                    ("insert", "INSERT"),
                    ("update", "UPDATE OF performed_on, prescription_id"),
                )
            ),
            f"""
            CREATE TRIGGER {PROGRAMS}_start_before_sessions BEFORE UPDATE OF start_date
            ON {PROGRAMS} WHEN {START_TOO_LATE.format(row="NEW")}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
            """,
        ]
    raise NotImplementedError(f"No session-date trigger for the {vendor} database.")


def remove_sql(vendor: str) -> list[str]:
    """The statements that drop the triggers again."""
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {SESSIONS}_not_before_program ON {SESSIONS}",
            f"DROP FUNCTION IF EXISTS {SESSIONS}_not_before_program()",
            f"DROP TRIGGER IF EXISTS {PROGRAMS}_start_before_sessions ON {PROGRAMS}",
            f"DROP FUNCTION IF EXISTS {PROGRAMS}_start_before_sessions()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {SESSIONS}_not_before_program_insert",
        f"DROP TRIGGER IF EXISTS {SESSIONS}_not_before_program_update",
        f"DROP TRIGGER IF EXISTS {PROGRAMS}_start_before_sessions",
    ]


def install(apps, schema_editor):
    """Migration step: create the triggers for whichever database is in use."""
    for statement in install_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def remove(apps, schema_editor):
    """Migration step back: drop them."""
    for statement in remove_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)

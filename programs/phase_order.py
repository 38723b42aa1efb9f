"""Database triggers that keep a program's phases in order: weeks ascend and never overlap.

A check constraint can only look at one row, so the rule lives in a trigger on
both supported databases. On PostgreSQL it is a deferred constraint trigger, so
a form that shifts several phases at once is checked at commit, when the rows
are consistent again.
"""

OVERLAP = """
    {alias}.{parent} = {row}.{parent} AND {alias}.id <> {row}.id AND (
        ({alias}."order" < {row}."order"
            AND ({alias}.week_end IS NULL OR {alias}.week_end >= {row}.week_start))
        OR ({alias}."order" > {row}."order"
            AND ({row}.week_end IS NULL OR {row}.week_end >= {alias}.week_start))
    )
"""
MESSAGE = "CHECK constraint failed: phases must follow one another, weeks ascending"


def install_sql(vendor: str, table: str, parent: str) -> list[str]:
    """The statements that create the trigger for ``table`` whose phases share ``parent``."""
    if vendor == "postgresql":
        clash = OVERLAP.format(alias="other", row="cur", parent=parent)
        return [
            f"""
            CREATE OR REPLACE FUNCTION {table}_weeks_check() RETURNS trigger AS $$
            DECLARE cur {table}%ROWTYPE;
            BEGIN
                SELECT * INTO cur FROM {table} WHERE id = NEW.id;
                IF NOT FOUND THEN RETURN NULL; END IF;
                IF EXISTS (SELECT 1 FROM {table} other WHERE {clash}) THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql;
            """,
            f"""
            CREATE CONSTRAINT TRIGGER {table}_weeks AFTER INSERT OR UPDATE ON {table}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {table}_weeks_check();
            """,
        ]
    if vendor == "sqlite":
        clash = OVERLAP.format(alias="other", row="NEW", parent=parent)
        return [
            f"""
            CREATE TRIGGER {table}_weeks_{event.lower()} BEFORE {event} ON {table}
            WHEN EXISTS (SELECT 1 FROM {table} other WHERE {clash})
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
            """
            for event in ("INSERT", "UPDATE")
        ]
    raise NotImplementedError(f"No phase-order trigger for the {vendor} database.")


def remove_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_weeks ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_weeks_check()",
        ]
    return [f"DROP TRIGGER IF EXISTS {table}_weeks_{event}" for event in ("insert", "update")]


def migration_operations(table: str, parent: str):
    """A RunPython pair that installs the trigger for whichever database is in use."""

    def forwards(apps, schema_editor):
        for statement in install_sql(schema_editor.connection.vendor, table, parent):
            schema_editor.execute(statement, params=None)

    def backwards(apps, schema_editor):
        for statement in remove_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)

    return forwards, backwards

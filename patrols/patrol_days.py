"""Each village's current patrol logs per day (``PatrolDay``), kept exact by the database.

Patrol coverage (``patrols.coverage``) counts each village's patrols this week and this month.
Counted from the logs, that read every current log of the month: at county scale 7,400 logs on
the 8th of December (2.8 ms of the county dashboard's database time, EXPLAIN ANALYZE), and four
times as many by the month's end. Read from here, it is a row per village and day: at most 31
rows of each village, whatever the number of logs (docs/PERFORMANCE.md, thirty-first session).
A joint patrol's other villages are still counted from the logs: a log counts there only where
its own village lies in the reader's scope, which a row per village cannot tell.

How the rows stay exact, whatever writes the logs (a service, the admin, the scale generator's
bulk load, raw SQL), as the case summaries do (``cases/summary.py``):
- PostgreSQL: statement triggers with transition tables add the new current logs and subtract
  the old ones in one aggregated upsert per statement; a log updated without a change to its
  village, date or withdrawal cancels out and writes nothing. The upsert takes its rows in key
  order, so two writers cannot deadlock on them. The triggers are ``ENABLE ALWAYS``: they run
  under ``session_replication_role = replica`` too, which the scale generator's bulk load sets.
- SQLite (``make run``): row triggers doing the same upsert per row. SQLite alters most columns
  by copying the table and dropping the old one, which drops its triggers with it: a migration
  that alters ``patrols_patrollog`` or ``patrols_patrolday`` wraps its operations in
  ``paused_on_sqlite`` (tests/patrols/test_patrol_days.py checks the triggers after every
  migration on SQLite).
Rows that fall to zero stay (a count of 0 adds nothing). The table is left out of the audit
trail and of the data versions (``landwatch.audit.EXCLUDED_TABLES``, ``data_version_untracked``).
"""

from __future__ import annotations

import datetime

from django.db import migrations

TABLE = "patrols_patrolday"
LOGS = "patrols_patrollog"
_FUNCTION = "patrols_patrol_days"
_EVENTS = ("insert", "update", "delete")
# The log columns a row depends on: an UPDATE OF any other column leaves the rows as they are (SQLite).
_KEY_COLUMNS = "village_id, patrolled_on, withdrawn_at"


def _rows(r: str, sign: int, rest: str = "") -> str:
    """The deltas of the logs ``r`` (``rest``: where they come from): +1 or -1 per current log."""
    return f"SELECT {r}.patrolled_on AS d, {r}.village_id AS v, {sign} AS s {rest} WHERE {r}.withdrawn_at IS NULL"


def _upsert(*sources: str) -> str:
    """Add the summed deltas of ``sources`` to the rows, keys in order (no deadlock between writers);
    keys whose deltas cancel out are left out (nothing written, no row locked)."""
    return (
        f"INSERT INTO {TABLE} (day, village_id, n) SELECT d, v, sum(s) FROM ({' UNION ALL '.join(sources)}) x "
        f"WHERE true GROUP BY d, v HAVING sum(s) <> 0 ORDER BY d, v "
        f"ON CONFLICT (day, village_id) DO UPDATE SET n = {TABLE}.n + excluded.n;"
    )


def postgresql_sql() -> str:
    """The trigger function and the statement triggers (idempotent)."""
    new, old = _rows("r", 1, "FROM new_rows r"), _rows("r", -1, "FROM old_rows r")
    triggers = []
    for event, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        name = f"{_FUNCTION}_{event.lower()}"
        triggers.append(
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {LOGS} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_FUNCTION}();\n"
            f"ALTER TABLE {LOGS} ENABLE ALWAYS TRIGGER {name};"
        )
    return f"""
CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_upsert(new)}
  ELSIF TG_OP = 'DELETE' THEN
    {_upsert(old)}
  ELSE
    {_upsert(old, new)}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

{chr(10).join(triggers)}
"""


def sqlite_sql() -> list[str]:
    """The same upserts as row triggers (SQLite has no statement triggers nor transition tables)."""
    bodies = {
        "insert": ("AFTER INSERT", [_rows("NEW", 1)]),
        "update": (f"AFTER UPDATE OF {_KEY_COLUMNS}", [_rows("OLD", -1), _rows("NEW", 1)]),
        "delete": ("AFTER DELETE", [_rows("OLD", -1)]),
    }
    statements = []
    for event, (when, sources) in bodies.items():
        name = f"{_FUNCTION}_{event}"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} {when} ON {LOGS} BEGIN {_upsert(*sources)} END")
    return statements


def rebuild_sql() -> list[str]:
    """The rows counted again from the logs (the migration's first fill; a repair)."""
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (day, village_id, n) SELECT patrolled_on, village_id, count(*) FROM {LOGS} "
        f"WHERE withdrawn_at IS NULL GROUP BY patrolled_on, village_id",
    ]


def install(connection) -> None:
    """Create the triggers for the connection's database (PostgreSQL or SQLite) and fill the rows."""
    statements = [postgresql_sql()] if connection.vendor == "postgresql" else sqlite_sql()
    with connection.cursor() as cursor:
        for statement in statements + rebuild_sql():
            cursor.execute(statement)


def uninstall(connection) -> None:
    """Drop the triggers (the migration's way back, before the table goes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {_FUNCTION}() CASCADE")
            return
        for event in _EVENTS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {_FUNCTION}_{event}")


def _install(apps, schema_editor) -> None:
    install(schema_editor.connection)


def _uninstall(apps, schema_editor) -> None:
    uninstall(schema_editor.connection)


def installed() -> migrations.RunPython:
    """A migration's step that creates the triggers (again) and fills the rows afresh from the logs,
    in the migration's transaction. Back: the triggers go."""
    return migrations.RunPython(_install, _uninstall, elidable=False)


def _drop_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        uninstall(schema_editor.connection)


def _install_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        install(schema_editor.connection)


def paused_on_sqlite(*operations) -> list:
    """A migration's ``operations`` with the SQLite triggers dropped before and re-created after
    (the module's docstring); the re-creation fills the rows again. PostgreSQL alters in place."""
    return [
        migrations.RunPython(_drop_on_sqlite, _install_on_sqlite, elidable=False),
        *operations,
        migrations.RunPython(_install_on_sqlite, _drop_on_sqlite, elidable=False),
    ]


def triggers(connection) -> set[str]:
    """The names of the triggers installed on the logs."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE %s",
                           [LOGS, f"{_FUNCTION}%"])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name LIKE %s",
                           [LOGS, f"{_FUNCTION}%"])
        return {row[0] for row in cursor.fetchall()}


def drift() -> list[tuple]:
    """Where a row differs from a count over the logs: ``(day, village, kept, counted)``; empty when exact."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT day, village_id, n FROM {TABLE} WHERE n <> 0")
        kept = {(_day(d), v): n for d, v, n in cursor.fetchall()}
        cursor.execute(f"SELECT patrolled_on, village_id, count(*) FROM {LOGS} WHERE withdrawn_at IS NULL "
                       "GROUP BY patrolled_on, village_id")
        counted = {(_day(d), v): n for d, v, n in cursor.fetchall()}
    return sorted((*key, kept.get(key), counted.get(key))
                  for key in kept.keys() | counted.keys() if kept.get(key) != counted.get(key))


def _day(value) -> str:
    """A day as ``drift`` compares it (SQLite may read a date as its text)."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)

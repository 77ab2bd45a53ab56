"""Counts of the patrols app's rows that the database keeps exact, for the figures that count them.

- ``PatrolDay``: each village's current (not withdrawn) patrol logs per patrol date. Patrol
  coverage (``patrols.coverage``) counts each village's patrols this week and this month. Counted
  from the logs, that read every current log of the month: at county scale 7,400 logs on the 8th
  of December (2.8 ms of the county dashboard's database time, EXPLAIN ANALYZE), and four times as
  many by the month's end. Read from here, it is at most 31 rows a village, whatever the number
  of logs (docs/PERFORMANCE.md, thirty-first session). A joint patrol's other villages are still
  counted from the logs: a log counts there only where its own village lies in the reader's
  scope, which a row per village cannot tell.
- ``FindingCount``: each village's findings per status. The dashboards count the findings
  awaiting registration and the coverage page each village's findings; counted from the
  findings, that read the 25,000 reported findings of the bench county through their index
  (2.5 ms); read from here, a row per village and status.

How the rows stay exact, whatever writes the logs and findings (a service, the admin, the scale
generator's bulk load, raw SQL), as the case summaries do (``cases/summary.py``):
- PostgreSQL: statement triggers with transition tables add the new rows that count and
  subtract the old ones in one aggregated upsert per statement; a row updated without a change to
  its key or to whether it counts cancels out and writes nothing. The upsert takes its rows in
  key order, so two writers cannot deadlock on them. The triggers are ``ENABLE ALWAYS``: they run
  under ``session_replication_role = replica`` too, which the scale generator's bulk load sets.
- SQLite (``make run``): row triggers doing the same upsert per row. SQLite alters most columns
  by copying the table and dropping the old one, which drops its triggers with it: a migration
  that alters a counted table or a table of counts wraps its operations in ``paused_on_sqlite``
  (tests/patrols/test_kept_counts.py checks the triggers after every migration on SQLite).
Rows that fall to zero stay (a count of 0 adds nothing). The tables of counts are left out of the
audit trail and of the data versions (``landwatch.audit.EXCLUDED_TABLES``, which both read).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import migrations

from landwatch import kept_by_triggers


@dataclass(frozen=True)
class Counted:
    """A table of counts: per key, how many rows of ``source`` that count (``counts``) have that key."""

    table: str
    source: str
    # (a column of the counts, the source's column it counts by), in the order of the conflict target
    keys: tuple[tuple[str, str], ...]
    counts: str  # which source rows count, a condition on the row "{r}" ("" for all)
    columns: str  # the source's columns the key and the condition read: an UPDATE OF another leaves the counts
    trigger: str  # the name of its trigger function, and the prefix of its triggers'

    def rows(self, r: str, sign: int, rest: str = "") -> str:
        """The deltas of the source rows ``r`` (``rest``: where they come from): +1 or -1 per row that counts."""
        columns = ", ".join(f"{r}.{column} AS k{i}" for i, (_kept, column) in enumerate(self.keys, 1))
        where = f" WHERE {self.counts.format(r=r)}" if self.counts else ""
        return f"SELECT {columns}, {sign} AS s {rest}".rstrip() + where

    def upsert(self, *sources: str) -> str:
        """Add the summed deltas of ``sources``, keys in order (no deadlock between writers); keys
        whose deltas cancel out are left out (nothing written, no row locked)."""
        kept = ", ".join(column for column, _source in self.keys)
        keys = ", ".join(f"k{i}" for i in range(1, len(self.keys) + 1))
        return (
            f"INSERT INTO {self.table} ({kept}, n) SELECT {keys}, sum(s) FROM ({' UNION ALL '.join(sources)}) x "
            f"WHERE true GROUP BY {keys} HAVING sum(s) <> 0 ORDER BY {keys} "
            f"ON CONFLICT ({kept}) DO UPDATE SET n = {self.table}.n + excluded.n;"
        )

    def counted(self) -> str:
        """The counts from the source rows: ``kept columns..., n``."""
        columns = ", ".join(column for _kept, column in self.keys)
        where = f" WHERE {self.counts.format(r=self.source)}" if self.counts else ""
        return f"SELECT {columns}, count(*) FROM {self.source}{where} GROUP BY {columns}"


PATROL_DAYS = Counted(
    table="patrols_patrolday", source="patrols_patrollog",
    keys=(("day", "patrolled_on"), ("village_id", "village_id")),
    counts="{r}.withdrawn_at IS NULL", columns="village_id, patrolled_on, withdrawn_at", trigger="patrols_patrol_days",
)
FINDINGS = Counted(
    table="patrols_findingcount", source="patrols_patrolfinding",
    keys=(("village_id", "village_id"), ("status", "status")),
    counts="", columns="village_id, status", trigger="patrols_finding_counts",
)
COUNTED = (PATROL_DAYS, FINDINGS)
_EVENTS = ("insert", "update", "delete")


def postgresql_sql(counted: Counted) -> str:
    """Its trigger function and statement triggers (idempotent)."""
    new, old = counted.rows("r", 1, "FROM new_rows r"), counted.rows("r", -1, "FROM old_rows r")
    triggers = []
    for event, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        name = f"{counted.trigger}_{event.lower()}"
        triggers.append(
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {counted.source} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {counted.trigger}();\n"
            f"ALTER TABLE {counted.source} ENABLE ALWAYS TRIGGER {name};"
        )
    return f"""
CREATE OR REPLACE FUNCTION {counted.trigger}() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {counted.upsert(new)}
  ELSIF TG_OP = 'DELETE' THEN
    {counted.upsert(old)}
  ELSE
    {counted.upsert(old, new)}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

{chr(10).join(triggers)}
"""


def sqlite_sql(counted: Counted) -> list[str]:
    """The same upserts as row triggers (SQLite has no statement triggers nor transition tables)."""
    bodies = {
        "insert": ("AFTER INSERT", [counted.rows("NEW", 1)]),
        "update": (f"AFTER UPDATE OF {counted.columns}", [counted.rows("OLD", -1), counted.rows("NEW", 1)]),
        "delete": ("AFTER DELETE", [counted.rows("OLD", -1)]),
    }
    statements = []
    for event, (when, sources) in bodies.items():
        name = f"{counted.trigger}_{event}"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} {when} ON {counted.source} BEGIN {counted.upsert(*sources)} END")
    return statements


def rebuild_sql(counted: Counted) -> list[str]:
    """The rows counted again from the source (the migration's first fill; a repair)."""
    kept = ", ".join(column for column, _source in counted.keys)
    return [f"DELETE FROM {counted.table}", f"INSERT INTO {counted.table} ({kept}, n) {counted.counted()}"]


def _present(connection) -> list[Counted]:
    """The counts whose table the migrations so far have made (a migration before one's table was
    added installs the others)."""
    tables = set(connection.introspection.table_names())
    return [counted for counted in COUNTED if counted.table in tables]


def install(connection) -> None:
    """Create the triggers for the connection's database (PostgreSQL or SQLite) and fill the rows."""
    with connection.cursor() as cursor:
        for counted in _present(connection):
            statements = [postgresql_sql(counted)] if connection.vendor == "postgresql" else sqlite_sql(counted)
            for statement in statements + rebuild_sql(counted):
                cursor.execute(statement)


def uninstall(connection) -> None:
    """Drop the triggers (the migration's way back, before a table goes)."""
    with connection.cursor() as cursor:
        for counted in COUNTED:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {counted.trigger}() CASCADE")
                continue
            for event in _EVENTS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {counted.trigger}_{event}")


def installed() -> migrations.RunPython:
    """A migration's step that creates the triggers (again: a table of counts added, a trigger
    changed) and fills every table of counts afresh (``landwatch.kept_by_triggers.installed``)."""
    return kept_by_triggers.installed(install, uninstall)


def paused_on_sqlite(*operations) -> list:
    """A migration's ``operations`` with the SQLite triggers dropped before and re-created after
    (``landwatch.kept_by_triggers.paused_on_sqlite``): a migration that alters a counted table or
    a table of counts wraps its operations in this."""
    return kept_by_triggers.paused_on_sqlite(install, uninstall, *operations)


def triggers(connection) -> set[str]:
    """The names of the triggers installed on the counted tables."""
    names = set()
    with connection.cursor() as cursor:
        for counted in COUNTED:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE %s",
                               [counted.source, f"{counted.trigger}%"])
            else:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                               "AND name LIKE %s", [counted.source, f"{counted.trigger}%"])
            names |= {row[0] for row in cursor.fetchall()}
    return names


def drift() -> list[tuple]:
    """Where a row differs from a count over its source: ``(table, key, kept, counted)``; empty when exact."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for counted in COUNTED:
            kept = ", ".join(column for column, _source in counted.keys)
            cursor.execute(f"SELECT {kept}, n FROM {counted.table} WHERE n <> 0")
            rows = {_key(row[:-1]): row[-1] for row in cursor.fetchall()}
            cursor.execute(counted.counted())
            counts = {_key(row[:-1]): row[-1] for row in cursor.fetchall()}
            found += sorted((counted.table, key, rows.get(key), counts.get(key))
                            for key in rows.keys() | counts.keys() if rows.get(key) != counts.get(key))
    return found


def _key(values) -> tuple:
    """A key as ``drift`` compares it (SQLite may read a date as its text)."""
    return tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in values)

"""A number that changes whenever a committed write changes data (PostgreSQL), for exact caches.

Figures that read every case (the dashboard, the filter choices of the case list) are cached
under this number: a cached answer is used only while no write has been committed since it
was computed, so a cache can never show a number that the database no longer holds.

How it stays exact:
- every table (``tracked_tables``) has a deferred constraint trigger that adds one to the
  single row of ``landwatch_dataversion`` when the writing transaction commits, in the same
  transaction as the write: the two become visible together or not at all;
- the trigger is queued once per transaction (its WHEN marks the transaction), and it runs
  at commit, after the transaction's other locks: the row lock it takes is the last one a
  writer asks for, so writers cannot deadlock on it;
- a transaction that has written and not yet committed sees its own writes but the old
  number: ``current()`` answers None there, and callers compute live;
- a reader reads the number before the figures, so what it caches is never older than the
  number it caches it under;
- TRUNCATE (tests flush tables with it) adds one too, and a migrate or flush empties the cache.

Bulk loads with triggers off (``generate_scale``) call ``bump()`` when they are done. On
SQLite (``make run``) there are no triggers and ``current()`` is always None: every figure is
computed live.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db import connection

from .audit import EXCLUDED_TABLES, schema_tables

# Tables whose writes never change a figure: the ones the audit trail leaves out (sessions,
# lock-out counters, Django's bookkeeping), the audit trail itself (written with every write
# anyway) and the version.
UNTRACKED_TABLES = EXCLUDED_TABLES | {
    "landwatch_auditentry",
    "landwatch_dataversion",
    "auth_user",  # only the columns below count: a login writes last_login
}
# A user's name (the assignee chart) and whether they are active (coordinators in coverage).
USER_COLUMNS = ("username", "first_name", "last_name", "is_active")

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION landwatch_data_changed() RETURNS boolean AS $$
BEGIN
  IF current_setting('landwatch.data_changed', true) = 'on' THEN
    RETURN false;
  END IF;
  PERFORM set_config('landwatch.data_changed', 'on', true);
  RETURN true;
END $$ LANGUAGE plpgsql VOLATILE;

CREATE OR REPLACE FUNCTION landwatch_bump_data_version() RETURNS trigger AS $$
BEGIN
  UPDATE landwatch_dataversion SET value = value + 1 WHERE id = 1;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _create_triggers(cursor, table: str, events: str) -> None:
    cursor.execute(f'DROP TRIGGER IF EXISTS landwatch_data_version ON "{table}"')
    cursor.execute(
        f'CREATE CONSTRAINT TRIGGER landwatch_data_version AFTER {events} ON "{table}" '
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (landwatch_data_changed()) "
        "EXECUTE FUNCTION landwatch_bump_data_version()"
    )


def install_triggers(using_connection=None) -> list[str]:
    """(Re)create the version triggers on every table; return the tables that have them."""
    conn = using_connection or connection
    if conn.vendor != "postgresql":
        return []
    with conn.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        # Started from the clock, not from 1: a table emptied and refilled (a test database
        # flushed) must not count again through numbers it has already used.
        cursor.execute(
            "INSERT INTO landwatch_dataversion (id, value) "
            "VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint) ON CONFLICT (id) DO NOTHING"
        )
        tracked = []
        for table in schema_tables(cursor):
            if table == "auth_user":
                _create_triggers(cursor, table, f"UPDATE OF {', '.join(USER_COLUMNS)}")
            elif table in UNTRACKED_TABLES:
                continue
            else:
                _create_triggers(cursor, table, "INSERT OR UPDATE OR DELETE")
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER landwatch_data_version_truncate AFTER TRUNCATE ON "{table}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION landwatch_bump_data_version()"
                )
            tracked.append(table)
    return tracked


def current() -> int | None:
    """The committed data's version, or None when caching must not be used.

    None on SQLite, when the version row is missing (a flushed test database), and inside a
    transaction that has written and not committed yet.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value, coalesce(current_setting('landwatch.data_changed', true), '') "
            "FROM landwatch_dataversion WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None or row[1] == "on":
        return None
    return row[0]


def bump() -> None:
    """Mark the data changed, for writes made with the triggers off (bulk loads)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE landwatch_dataversion SET value = value + 1 WHERE id = 1")


def _after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    if sender.name == "landwatch":
        install_triggers(connections[using])
        from django.core.cache import cache

        cache.clear()  # tables were created or emptied: nothing kept before still holds


def connect() -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_after_migrate, dispatch_uid="landwatch_data_version_triggers")


def cached(key: str, compute, *, timeout: int = 3600):
    """``compute()``'s answer, kept under ``key`` for as long as no write is committed.

    ``key`` must name everything else the answer depends on (the user's scope, the day, the
    language). Computed live, and not kept, when ``current()`` is None. One entry per key,
    stamped with its version and replaced when the version has moved on, so a busy day of
    writes does not pile up an entry per version.
    """
    from django.core.cache import cache

    # Inside another cached answer's computation (or a pinned view), its version serves: what
    # is read now is at least that new, and the page is spared a second read of the version.
    with pinned() as version:
        if version is None:
            return compute()
        full_key = f"landwatch:{key}"
        entry = cache.get(full_key)
        if entry is not None and entry[0] == version:
            return entry[1]
        value = compute()
    cache.set(full_key, (version, value), timeout)
    return value


def cached_in_pinned(key: str, compute, *, timeout: int = 3600):
    """``cached()`` where the version is already read (a pinned view); elsewhere ``compute()``.

    For what every page reads about its user (roles, memberships): a pinned view takes them
    from the cache under the version it has read anyway, and any other page reads them live,
    as cheaply as it would read the version.
    """
    if _computing.get() is _UNPINNED:
        return compute()
    return cached(key, compute, timeout=timeout)


@contextlib.contextmanager
def pinned():
    """Read the version once, now: ``cached()`` calls inside use it instead of reading it again.

    For a view that reads rows itself before it asks for a cached part built from them (the
    case detail reads the case, then its cached facts and timeline): read after the version,
    those rows are at least as new as the number the part is kept under. ``cached()`` pins
    the version around its own computation the same way. Also a decorator, for a read-only
    view: one read of the version serves the whole request. Not for a view that writes: what
    it reads after its write would be kept under the version from before it.
    """
    version = _computing.get()
    if version is _UNPINNED:
        version = current()
    token = _computing.set(version)
    try:
        yield version
    finally:
        _computing.reset(token)


# Not pinned yet, as distinct from pinned to None (nothing may be kept: computed live).
_UNPINNED = object()
_computing: contextvars.ContextVar = contextvars.ContextVar("landwatch_data_version", default=_UNPINNED)

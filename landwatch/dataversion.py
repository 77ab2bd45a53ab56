"""Versions of the committed data, one per township and one for the county-wide data, for exact caches.

The one rule of every kept answer (``cached``): an answer is kept under the versions of the
scopes it shows, and served only to a request that has read exactly those versions. A
township office's list shows its township's rows and county-wide rows (names of users, the
territory tree): it is kept under those two versions, and a patrol log filed in another
township leaves it valid. The county's dashboard shows every township: it is kept under all
the versions, read in one query.

Scopes. Every row belongs to the townships its path to a unit reaches (``township_paths``,
derived from the models' foreign keys: a case through its village, its 办案机关 and its
party; an event or a document through its case...). A row that reaches no township (a user,
a holiday, the county's own units) is county-wide. The units and the memberships are
county-wide too: they are the users' scopes, shown or applied on every page. Every kept
answer depends on the county-wide version, so a county-wide write invalidates them all.

Topics. A write to the rows of some apps (``TOPICS``: cases, patrols, patches, campaigns,
territory, documents) also raises that app's version in each of its townships. An answer
that reads only those apps' rows there (the dashboard's share of a township's case tallies,
the case list, a case's page) is kept under them, and the writes to other apps leave it
kept (a patrol log leaves both the list and a case's page, a document drafted the list).
A version's row is raised once per transaction, so a write takes two rows per township (its
township's and its topic's), both raised in the order of their ids.

How the versions stay exact (PostgreSQL):
- every tracked table has a row trigger that notes the townships of its OLD and NEW rows in
  the transaction (a setting local to it, undone with a rolled-back savepoint), and a
  deferred constraint trigger, queued once per transaction, that raises each noted
  township's version at commit, in the same transaction as the writes: the two become
  visible together or not at all;
- the versions are raised in the order of their ids, after the transaction's other work:
  writers in two townships take no common lock, and two writers of several townships take
  theirs in the same order, so they cannot deadlock on them;
- a transaction that has written and not yet committed sees its own writes but the old
  versions: ``current()`` answers None there, and callers compute live;
- a reader reads the versions before the figures (``pinned``), so what it keeps is never
  older than the versions it keeps it under;
- a township's row is made at its first write, starting from the clock (a township never
  written to reads 0): a flushed and refilled table never reuses a number;
- TRUNCATE (tests flush tables with it) raises the county-wide version, and a migrate or
  flush empties the cache.

Bulk loads with triggers off (``generate_scale``) call ``bump()`` when they are done. On
SQLite (``make run``) there are no triggers and ``current()`` is always None: every figure is
computed live.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import threading
import time
import weakref
from typing import NamedTuple

from django.db import connection

from .audit import EXCLUDED_TABLES, schema_tables

# Tables whose writes never change a figure: the ones the audit trail leaves out (sessions,
# lock-out counters, Django's bookkeeping), the audit trail itself (written with every write
# anyway) and the versions.
UNTRACKED_TABLES = EXCLUDED_TABLES | {
    "landwatch_auditentry",
    "landwatch_dataversion",
    "auth_user",  # only the columns below count: a login writes last_login
}


def untracked_tables() -> set[str]:
    """``UNTRACKED_TABLES`` and the tables of models marked ``data_version_untracked = True``.

    A model is marked when its rows are written only beside the rows that carry the change (a
    case number's counter and the case it numbers): counted county-wide, its write would throw
    away every township's kept pages at each registration.
    """
    return UNTRACKED_TABLES | {
        model._meta.db_table for model in _models_by_table().values() if getattr(model, "data_version_untracked", False)
    }


# A user's name (the assignee chart) and whether they are active (coordinators in coverage).
USER_COLUMNS = ("username", "first_name", "last_name", "is_active")

COUNTY_WIDE = 0  # the id of the county-wide data's version; a township's is its unit's id
MAX_PATH = 3  # foreign keys followed from a table to a unit, at most

# Apps whose writes raise, besides their townships' versions, a version of their own in each
# of those townships (a topic): an answer that reads, besides the county-wide data, only the
# rows of some apps is kept under their topics (``Scope.topics``) and outlives the township's
# writes to other apps. The dashboard's shares do (dashboards/shares.py): a patrol log leaves
# a township's case tallies kept; so do the case list and the patrol log list, and a case's
# page, which reads every app's rows but the patrols' (a coordinator's patrol log left every
# case page of the township to be drawn again). The codes are stored in the versions' ids
# (a topic's version is ``code * TOPIC_ID_BASE + township``): never reuse one.
TOPICS = {"cases": 1, "patrols": 2, "patches": 3, "campaigns": 4, "territory": 5, "documents": 6}
TOPIC_ID_BASE = 2**40  # above every unit id
_TOPIC_NAMES = {code: name for name, code in TOPICS.items()}

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION landwatch_data_changed() RETURNS boolean AS $$
BEGIN
  IF current_setting('landwatch.version_queued', true) = 'on' THEN
    RETURN false;
  END IF;
  PERFORM set_config('landwatch.data_changed', 'on', true);  -- not reset at commit: see current()
  PERFORM set_config('landwatch.version_queued', 'on', true);
  RETURN true;
END $$ LANGUAGE plpgsql VOLATILE;

CREATE OR REPLACE FUNCTION landwatch_note_townships(ids bigint[], topic bigint) RETURNS void AS $$
DECLARE
  noted text := coalesce(nullif(current_setting('landwatch.townships_written', true), ''), ',');
  township bigint;
  added boolean := false;
BEGIN
  ids := array_remove(ids, NULL);
  IF cardinality(ids) = 0 THEN
    ids := ARRAY[0];  -- no township: county-wide
  ELSIF topic > 0 THEN
    ids := ids || ARRAY(SELECT topic * {TOPIC_ID_BASE} + x FROM unnest(ids) AS x);  -- and its topic in each
  END IF;
  FOREACH township IN ARRAY ids LOOP
    IF position(',' || township || ',' IN noted) = 0 THEN
      noted := noted || township || ',';
      added := true;
    END IF;
  END LOOP;
  IF added THEN
    PERFORM set_config('landwatch.townships_written', noted, true);
  END IF;
END $$ LANGUAGE plpgsql VOLATILE;

CREATE OR REPLACE FUNCTION landwatch_raise_version(scope bigint) RETURNS void AS $$
BEGIN
  INSERT INTO landwatch_dataversion (id, value)
  VALUES (scope, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
  ON CONFLICT (id) DO UPDATE SET value = landwatch_dataversion.value + 1;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION landwatch_bump_data_version() RETURNS trigger AS $$
BEGIN
  -- One statement for every version noted (a township's and its topic's), in the order of
  -- their ids: the rows are locked as they are inserted or updated, one after the other.
  INSERT INTO landwatch_dataversion (id, value)
  SELECT scope, (extract(epoch FROM clock_timestamp()) * 1000)::bigint
  FROM (SELECT DISTINCT x::bigint AS scope FROM unnest(string_to_array(
          current_setting('landwatch.townships_written', true), ',')) AS x
        WHERE x <> '') AS noted
  ORDER BY scope
  ON CONFLICT (id) DO UPDATE SET value = landwatch_dataversion.value + 1;
  -- Raised: later writes of the transaction (after SET CONSTRAINTS ... IMMEDIATE) queue again.
  PERFORM set_config('landwatch.townships_written', '', true);
  PERFORM set_config('landwatch.version_queued', '', true);
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION landwatch_county_wide_written() RETURNS trigger AS $$
BEGIN
  PERFORM landwatch_note_townships(ARRAY[]::bigint[], 0);
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION landwatch_county_wide_truncated() RETURNS trigger AS $$
BEGIN
  PERFORM landwatch_raise_version(0);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


# The model whose rows carry ``township_id`` (named, not imported: territory is above landwatch).
UNIT_MODEL = "territory.ResponsibilityUnit"
# The tables a user's scope is read from (territory.selectors.scope_roots): a write there moves
# what users see, so it is county-wide, and a user's places can be kept under the county-wide
# version alone (they are read on every page, and change with the staff, not with the work).
SCOPE_MODELS = (UNIT_MODEL, "territory.UnitMembership")


def _unit_model():
    from django.apps import apps

    return apps.get_model(UNIT_MODEL)


def _foreign_keys(model) -> list:
    """The model's concrete foreign keys and one-to-one fields, users and self-references left out."""
    from django.contrib.auth import get_user_model

    user = get_user_model()
    return [
        field for field in model._meta.concrete_fields
        if (field.many_to_one or field.one_to_one) and field.related_model not in (user, model)
    ]


def township_paths(model, depth: int = MAX_PATH) -> list[tuple]:
    """Every chain of foreign keys from ``model`` to a unit, shortest first.

    A row belongs to the townships of the nearest units it reaches: those of the shortest
    chains that reach a township (a case: its village's and its 办案机关's; an event: its
    case's; a document: its own township's, or its case's when it has none, as a county
    department's). The trigger tries the next length only when the shorter ones reach no
    township. Chains stop at the first unit; users are no path (a user is county-wide). The
    tables of the users' scopes (``SCOPE_MODELS``: the units, the memberships) have none:
    they are county-wide.
    """
    from django.apps import apps

    unit = _unit_model()
    if depth == 0 or model in [apps.get_model(label) for label in SCOPE_MODELS]:
        return []
    paths = []
    for field in _foreign_keys(model):
        if field.related_model is unit:
            paths.append((field,))
        else:
            paths.extend((field, *rest) for rest in township_paths(field.related_model, depth - 1))
    return sorted(paths, key=len)


def _path_sql(path: tuple, row: str) -> str:
    """A SELECT of the township reached from trigger row ``row`` (OLD or NEW) through ``path``."""
    unit_table = _unit_model()._meta.db_table
    first = path[0]
    value = f'{row}."{first.column}"'
    if len(path) == 1:
        return f'SELECT u.township_id FROM "{unit_table}" u WHERE u."{first.target_field.column}" = {value}'
    joins, previous = [], "t1"
    sql_from = f'"{first.related_model._meta.db_table}" t1'
    for i, field in enumerate(path[1:-1], start=2):
        joins.append(
            f'JOIN "{field.related_model._meta.db_table}" t{i} '
            f'ON t{i}."{field.target_field.column}" = {previous}."{field.column}"'
        )
        previous = f"t{i}"
    last = path[-1]
    joins.append(f'JOIN "{unit_table}" u ON u."{last.target_field.column}" = {previous}."{last.column}"')
    return (
        f"SELECT u.township_id FROM {sql_from} {' '.join(joins)} "
        f'WHERE t1."{first.target_field.column}" = {value}'
    )


def _townships_sql(paths: list[tuple], row: str) -> str:
    """PL/pgSQL that sets ``found`` to the townships of ``row`` (OLD or NEW): the shortest paths first."""
    levels: dict[int, list[tuple]] = {}
    for path in paths:
        levels.setdefault(len(path), []).append(path)
    steps = []
    for i, level in enumerate(levels.values()):
        select = " UNION ALL ".join(_path_sql(path, row) for path in level)
        assign = f"found := ARRAY({select});"
        steps.append(assign if i == 0 else f"IF cardinality(array_remove(found, NULL)) = 0 THEN {assign} END IF;")
    return "\n    ".join(steps)


def _note_function_sql(table: str, paths: list[tuple], topic: int) -> tuple[str, str]:
    """The name and body of the row trigger function that notes the townships of a table's rows
    (and their ``topic``'s version in each, 0 for none: ``TOPICS``)."""
    name = "landwatch_written_" + hashlib.sha256(table.encode()).hexdigest()[:16]
    # An update that keeps the row's foreign keys keeps its townships: the old row's are not looked up.
    columns = sorted({path[0].column for path in paths})
    same = " AND ".join(f'OLD."{column}" IS NOT DISTINCT FROM NEW."{column}"' for column in columns)
    return name, f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE
  townships bigint[] := ARRAY[]::bigint[];
  found bigint[];
BEGIN
  -- Written by landwatch/dataversion.py for "{table}".
  BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NOT ({same})) THEN
      {_townships_sql(paths, "OLD")}
      townships := townships || found;
    END IF;
    IF TG_OP <> 'DELETE' THEN
      {_townships_sql(paths, "NEW")}
      townships := townships || found;
    END IF;
  EXCEPTION WHEN undefined_column OR undefined_table THEN
    -- A schema older than this function (migrated back without migrate's reinstall, as the
    -- migration tests do): the write is counted county-wide, which every kept answer reads.
    townships := ARRAY[]::bigint[];
  END;
  PERFORM landwatch_note_townships(townships, {topic});
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _columns_used(path: tuple) -> set[tuple[str, str]]:
    """The (table, column) pairs a path's SQL reads, the trigger row's own column included."""
    used = set()
    for field in path:
        used.add((field.model._meta.db_table, field.column))
        used.add((field.related_model._meta.db_table, field.target_field.column))
    used.add((_unit_model()._meta.db_table, "township_id"))
    return used


def _schema_columns(cursor) -> set[tuple[str, str]]:
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
    )
    return set(cursor.fetchall())


def _models_by_table() -> dict:
    from django.apps import apps

    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


def _create_triggers(cursor, table: str, events: str, note_function: str) -> None:
    cursor.execute(f'DROP TRIGGER IF EXISTS landwatch_data_version ON "{table}"')
    cursor.execute(
        f'CREATE OR REPLACE TRIGGER landwatch_data_written AFTER {events} ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {note_function}()"
    )
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
    models = _models_by_table()
    with conn.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        cursor.execute(
            "INSERT INTO landwatch_dataversion (id, value) "
            "VALUES (0, (extract(epoch FROM clock_timestamp()) * 1000)::bigint) ON CONFLICT (id) DO NOTHING"
        )
        # Only the paths the schema has: migrate runs this after each app's migrations, and an
        # older schema (a database being upgraded) may lack a table or column of today's models.
        columns = _schema_columns(cursor)
        untracked = untracked_tables()
        tracked = []
        for table in schema_tables(cursor):
            if table in untracked and table != "auth_user":
                # Triggers of an earlier install (a model marked untracked since) are removed.
                for trigger in ("landwatch_data_version", "landwatch_data_written", "landwatch_data_version_truncate"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS {trigger} ON "{table}"')
                continue
            paths = [
                path for path in (township_paths(models[table]) if table in models else [])
                if _columns_used(path) <= columns
            ]
            note_function = "landwatch_county_wide_written"
            if paths:
                topic = TOPICS.get(models[table]._meta.app_label, 0)
                note_function, sql = _note_function_sql(table, paths, topic)
                cursor.execute(sql)
            if table == "auth_user":
                _create_triggers(cursor, table, f"UPDATE OF {', '.join(USER_COLUMNS)}", note_function)
            else:
                _create_triggers(cursor, table, "INSERT OR UPDATE OR DELETE", note_function)
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER landwatch_data_version_truncate AFTER TRUNCATE ON "{table}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION landwatch_county_wide_truncated()"
                )
            tracked.append(table)
        # Replaced by the two-argument function above, which every trigger now calls.
        cursor.execute("DROP FUNCTION IF EXISTS landwatch_note_townships(bigint[])")
    return tracked


class Scope(NamedTuple):
    """The townships whose rows an answer shows (None: every township), besides the county-wide data,
    and, when it reads only some apps' rows there, their topics (``TOPICS``; None: every app)."""

    townships: frozenset[int] | None
    topics: frozenset[str] | None = None


COUNTY = Scope(None)
# Only the county-wide data: users, their groups, the territory tree.
COUNTY_WIDE_DATA = Scope(frozenset())


def township(pk: int | None, *, topics: frozenset[str] | None = None) -> Scope:
    """One township's rows (of the apps ``topics`` only, when given); a unit of no township (the
    county's own) shows the whole county."""
    return of_topics(COUNTY if pk is None else Scope(frozenset({pk})), topics)


def of_topics(scope: Scope, topics: frozenset[str] | None) -> Scope:
    """``scope``'s rows of the apps ``topics`` only (``TOPICS``; None: of every app)."""
    if topics is not None and not topics <= TOPICS.keys():
        raise ValueError(f"not a topic: {set(topics) - TOPICS.keys()}")
    return scope._replace(topics=topics)


def current() -> dict[int | tuple[int, str], int] | None:
    """The committed versions by scope (``COUNTY_WIDE``, townships' ids, and (township, topic)
    pairs), or None when caching must not be used.

    One query for all of them (a row per township and per topic written there). None on SQLite
    and inside a transaction that has written and not committed yet.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(current_setting('landwatch.data_changed', true), ''), "
            "array_agg(id ORDER BY id), array_agg(value ORDER BY id) FROM landwatch_dataversion"
        )
        changed, ids, values = cursor.fetchone()
    if changed == "on":
        return None
    versions: dict = {}
    for pk, value in zip(ids or [], values or [], strict=True):
        if pk < TOPIC_ID_BASE:
            versions[pk] = value
        elif pk // TOPIC_ID_BASE in _TOPIC_NAMES:  # a topic no longer kept is skipped
            versions[(pk % TOPIC_ID_BASE, _TOPIC_NAMES[pk // TOPIC_ID_BASE])] = value
    return versions


def _stamp(versions: dict[int, int], scope: Scope) -> tuple:
    """The versions an answer of ``scope`` is kept under: the county-wide one and its townships'
    (or their topics', for an answer of some apps' rows)."""
    if scope.townships is None:
        if scope.topics is None:
            return tuple(sorted((pk, value) for pk, value in versions.items() if not isinstance(pk, tuple)))
        # The versions of those topics in every township written there (one never written
        # there is absent, then has its first version).
        return ((COUNTY_WIDE, versions.get(COUNTY_WIDE, 0)), *sorted(
            (key, value) for key, value in versions.items() if isinstance(key, tuple) and key[1] in scope.topics
        ))
    if scope.topics is None:
        scopes = [COUNTY_WIDE, *sorted(scope.townships)]
    else:
        scopes = [COUNTY_WIDE, *((pk, topic) for pk in sorted(scope.townships) for topic in sorted(scope.topics))]
    return tuple((key, versions.get(key, 0)) for key in scopes)


def bump() -> None:
    """Mark all data changed, for writes made with the triggers off (bulk loads)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT landwatch_raise_version(0)")


def _after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    if sender.name == "landwatch":
        install_triggers(connections[using])
        from django.core.cache import cache

        cache.clear()  # tables were created or emptied: nothing kept before still holds


def connect() -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_after_migrate, dispatch_uid="landwatch_data_version_triggers")


# How long one worker may hold a key's computation before others stop waiting and compute
# themselves (its answer is seconds old at most; a dead worker's claim expires with it).
COMPUTING_SECONDS = 10
_POLL_SECONDS = 0.02

_key_locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
_key_locks_guard = threading.Lock()


def _lock_for(key: str) -> threading.Lock:
    with _key_locks_guard:
        lock = _key_locks.get(key)
        if lock is None:
            lock = _key_locks[key] = threading.Lock()
        return lock


def cached(key: str, compute, *, scope: Scope, timeout: int = 3600):
    """``compute()``'s answer, kept under ``key`` and the versions of ``scope``.

    The one cache rule of LandWatch. ``scope`` names the townships whose rows the answer
    shows (``territory.selectors.data_scope(user)``, ``township(pk)``, ``COUNTY``); the county-wide version always
    counts. ``key`` must name everything else the answer depends on (the user's scope, the
    day, the language). An answer is served only to a request that has read the very
    versions it was computed under; computed live, and not kept, when ``current()`` is None.
    One entry per key, replaced when the versions have moved on.

    One computation per key at a time: the requests of one process that ask for a key while
    it is computed wait for it (a lock per key), and those of other processes too (a claim
    made with ``cache.add``); each then takes the answer if it was computed under the
    versions it has read itself, and computes otherwise.
    """
    from django.core.cache import cache

    # Inside another kept answer's computation (or a pinned view), its versions serve: what
    # is read now is at least that new, and the page is spared a second read of them.
    with pinned() as versions:
        if versions is None:
            return compute()
        stamp = _stamp(versions, scope)
        full_key = f"landwatch:{key}"
        entry = cache.get(full_key)
        if entry is not None and entry[0] == stamp:
            return entry[1]
        lock = _lock_for(full_key)
        locked = lock.acquire(timeout=COMPUTING_SECONDS)
        try:
            entry = cache.get(full_key)  # computed while this request waited?
            if entry is not None and entry[0] == stamp:
                return entry[1]
            return _compute_once_across_workers(cache, full_key, stamp, compute, timeout)
        finally:
            if locked:
                lock.release()


def _compute_once_across_workers(cache, full_key: str, stamp: tuple, compute, timeout: int):
    claim = f"{full_key}:computing"
    claimed = cache.add(claim, stamp, COMPUTING_SECONDS)
    if not claimed:
        deadline = time.monotonic() + COMPUTING_SECONDS
        # Wait only for a computation under this request's versions: another's would not serve.
        while cache.get(claim) == stamp and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
            entry = cache.get(full_key)
            if entry is not None and entry[0] == stamp:
                return entry[1]
        entry = cache.get(full_key)
        if entry is not None and entry[0] == stamp:
            return entry[1]
    try:
        value = compute()
        cache.set(full_key, (stamp, value), timeout)
        return value
    finally:
        if claimed:
            cache.delete(claim)


def cached_in_pinned(key: str, compute, *, scope: Scope, timeout: int = 3600):
    """``cached()`` where the versions are already read (a pinned view); elsewhere ``compute()``.

    For what many pages read about their user (roles, the assign menu): a pinned view takes
    them from the cache under the versions it has read anyway, and any other page reads them
    live, as cheaply as it would read the versions.
    """
    if _computing.get() is _UNPINNED:
        return compute()
    return cached(key, compute, scope=scope, timeout=timeout)


def cached_parts(parts: dict[str, Scope], compute, *, timeout: int = 3600) -> dict:
    """An answer made of parts, each kept under its own key (``parts``: key -> scope) as ``cached()`` would.

    ``compute(keys)`` answers ``{key: value}`` for every part not kept under the versions this
    request has read, in one go (one grouped query): a figure summed over the townships costs,
    right after a write in one township, that township's part alone. No claim across workers:
    for parts cheap enough to compute twice.
    """
    from django.core.cache import cache

    with pinned() as versions:
        if versions is None:
            return compute(list(parts))
        stamps = {key: _stamp(versions, scope) for key, scope in parts.items()}
        kept = cache.get_many([f"landwatch:{key}" for key in parts])
        answers, stale = {}, []
        for key in parts:
            entry = kept.get(f"landwatch:{key}")
            if entry is not None and entry[0] == stamps[key]:
                answers[key] = entry[1]
            else:
                stale.append(key)
        if stale:
            computed = compute(stale)
            cache.set_many({f"landwatch:{key}": (stamps[key], computed[key]) for key in stale}, timeout)
            answers.update(computed)
    return answers


@contextlib.contextmanager
def pinned():
    """Read the versions once, now: ``cached()`` calls inside use them instead of reading again.

    For a view that reads rows itself before it asks for a kept part built from them (the
    case detail reads the case, then its kept facts and timeline): read after the versions,
    those rows are at least as new as the versions the part is kept under. ``cached()`` pins
    the versions around its own computation the same way. Also a decorator, for a read-only
    view: one read of the versions serves the whole request. Not for a view that writes: what
    it reads after its write would be kept under the versions from before it.
    """
    versions = _computing.get()
    if versions is _UNPINNED:
        versions = current()
    token = _computing.set(versions)
    try:
        yield versions
    finally:
        _computing.reset(token)


# Not pinned yet, as distinct from pinned to None (nothing may be kept: computed live).
_UNPINNED = object()
_computing: contextvars.ContextVar = contextvars.ContextVar("landwatch_data_version", default=_UNPINNED)

"""Install the audit triggers (PostgreSQL) or signal receivers (SQLite), and carry the actor.

Who did it: ``AuditContextMiddleware`` puts the acting user's id and the request line into
connection settings (``landwatch.actor``, ``landwatch.context``) for the duration of each
writing request; management commands can use ``audit_context(...)``. The triggers read
them, so the database itself records who changed what, whatever the code path.

Append-only tables (the models marked with ``landwatch.appendonly.AppendOnly``: timelines and
evidence) get a second trigger that refuses UPDATE and DELETE, for superusers too; only the
marked ``fill_once`` columns may go once from empty to a value.
"""

import contextlib
import contextvars
import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from django.forms.models import model_to_dict
from django.utils import timezone

from .appendonly import append_only_models, refuse_delete, refuse_unlink

# Tables whose rows are never audited: the audit trail itself, sessions and login-attempt
# counters (noise, and they hold no case data), and Django's bookkeeping.
EXCLUDED_TABLES = {
    "landwatch_auditentry",
    "django_session",
    "django_migrations",
    "django_admin_log",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "axes_accessattemptexpiration",
    # Written by the cases' triggers beside the case rows that carry the change (cases/summary.py).
    "cases_casesummary",
    "cases_assigneesummary",
    "cases_causesummary",
    "cases_closuresummary",
    "cases_townshipcasesummary",
    "cases_townshipassigneesummary",
    "cases_townshipcausesummary",
    "cases_townshipclosuresummary",
    "cases_deadlinesummary",
    "cases_townshipdeadlinesummary",
    # Written by the patrol logs' and findings' triggers beside them (patrols/kept_counts.py).
    "patrols_patrolday",
    "patrols_findingcount",
}
# Columns never copied into the trail.
SECRET_COLUMNS = ("password",)
# Columns whose value the trail replaces by MASK (an empty value stays empty): the row is traced,
# whether the value was given is seen, the value itself is not. A public reporter's name and phone
# are seen by the office and above only, on the report itself (reports.rules, issue 23); the
# trail is read by whoever has the admin's audit page, so it never holds them.
MASKED_COLUMNS = {
    "reports_publicreport": ("reporter_name", "reporter_phone"),
}
MASK = "***"

_actor = contextvars.ContextVar("landwatch_audit_actor", default=(None, ""))

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION landwatch_audit() RETURNS trigger AS $$
DECLARE
  old_j jsonb; new_j jsonb; changed jsonb; pk text; actor text; ctx text; col text;
BEGIN
  actor := nullif(current_setting('landwatch.actor', true), '');
  ctx := coalesce(current_setting('landwatch.context', true), '');
  IF TG_OP = 'INSERT' THEN
    new_j := to_jsonb(NEW) - 'password'; pk := new_j->>'id';
  ELSIF TG_OP = 'DELETE' THEN
    old_j := to_jsonb(OLD) - 'password'; pk := old_j->>'id';
  ELSE
    old_j := to_jsonb(OLD) - 'password'; new_j := to_jsonb(NEW) - 'password'; pk := new_j->>'id';
    SELECT jsonb_object_agg(key, value) INTO changed FROM jsonb_each(new_j) WHERE old_j->key IS DISTINCT FROM value;
    IF changed IS NULL THEN RETURN NULL; END IF;
    SELECT jsonb_object_agg(key, value) INTO old_j FROM jsonb_each(old_j) WHERE changed ? key;
    new_j := changed;
  END IF;
  -- The trigger's arguments name the masked columns (MASKED_COLUMNS).
  FOREACH col IN ARRAY coalesce(TG_ARGV, ARRAY[]::text[]) LOOP
    IF coalesce(new_j->>col, '') <> '' THEN new_j := jsonb_set(new_j, ARRAY[col], to_jsonb('***'::text)); END IF;
    IF coalesce(old_j->>col, '') <> '' THEN old_j := jsonb_set(old_j, ARRAY[col], to_jsonb('***'::text)); END IF;
  END LOOP;
  INSERT INTO landwatch_auditentry (table_name, row_id, action, old_values, new_values, actor_id, context, at)
  VALUES (TG_TABLE_NAME, coalesce(pk, ''), left(TG_OP, 1), old_j, new_j, actor::bigint, left(ctx, 300), now());
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- The trigger's arguments name the fill-once columns: each may go once from empty to a value.
CREATE OR REPLACE FUNCTION landwatch_append_only() RETURNS trigger AS $$
DECLARE
  old_j jsonb; new_j jsonb; col text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    old_j := to_jsonb(OLD); new_j := to_jsonb(NEW);
    FOR col IN SELECT key FROM jsonb_each(new_j) WHERE old_j->key IS DISTINCT FROM value LOOP
      IF NOT (col = ANY(TG_ARGV)) OR coalesce(old_j->>col, '') NOT IN ('', '0') THEN
        RAISE EXCEPTION 'rows of % are append-only: % of % refused', TG_TABLE_NAME, TG_OP, col
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    END LOOP;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'rows of % are append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$ LANGUAGE plpgsql;
"""


def schema_tables(cursor) -> list[str]:
    """Every table of the database's schema (PostgreSQL), in name order."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def append_only_tables() -> dict[str, tuple[str, ...]]:
    """The table of every model marked ``AppendOnly``, with the columns of its fill-once fields,
    and the link table of each of its many-to-many fields (the units an enforcement involved)."""
    tables = {}
    for model in append_only_models():
        tables[model._meta.db_table] = tuple(model._meta.get_field(name).column for name in model.fill_once)
        for m2m in model._meta.local_many_to_many:
            tables[m2m.remote_field.through._meta.db_table] = ()
    return tables


def install_triggers(using_connection=None) -> list[str]:
    """(Re)create the audit and append-only triggers on every table; return the audited tables."""
    conn = using_connection or connection
    if conn.vendor != "postgresql":
        return []
    append_only = append_only_tables()
    with conn.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        audited = []
        for table in schema_tables(cursor):
            if table in EXCLUDED_TABLES:
                # A trigger of an earlier install (a table excluded since) is removed.
                cursor.execute(f'DROP TRIGGER IF EXISTS landwatch_audit ON "{table}"')
                continue
            masked = ", ".join(f"'{column}'" for column in MASKED_COLUMNS.get(table, ()))
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER landwatch_audit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION landwatch_audit({masked})"
            )
            audited.append(table)
            if table in append_only:
                arguments = ", ".join(f"'{column}'" for column in append_only[table])
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER landwatch_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                    f"FOR EACH ROW EXECUTE FUNCTION landwatch_append_only({arguments})"
                )
            else:  # a model no longer marked (or never): no stale trigger left behind
                cursor.execute(f'DROP TRIGGER IF EXISTS landwatch_append_only ON "{table}"')
    return audited


def _after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    if sender.name == "landwatch":
        install_triggers(connections[using])


def set_actor(user_id: int | None, context: str) -> None:
    """Name the actor of the writes that follow on this connection (and thread)."""
    _actor.set((user_id, context))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('landwatch.actor', %s, false), set_config('landwatch.context', %s, false)",
                [str(user_id) if user_id else "", context[:300]],
            )


def clear_actor() -> None:
    _actor.set((None, ""))
    if connection.vendor == "postgresql" and connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('landwatch.actor', '', false), set_config('landwatch.context', '', false)"
            )


@contextlib.contextmanager
def audit_context(user=None, context: str = ""):
    """For management commands and scripts: ``with audit_context(user, "loaddemo"): ...``."""
    set_actor(getattr(user, "pk", None), context)
    try:
        yield
    finally:
        clear_actor()


class AuditContextMiddleware:
    """Record the acting user for writing requests (reads write nothing worth auditing)."""

    SAFE = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method in self.SAFE or user is None or not user.is_authenticated:
            return self.get_response(request)
        set_actor(user.pk, f"{request.method} {request.path}")
        try:
            return self.get_response(request)
        finally:
            clear_actor()


# --- SQLite fallback (make run): ORM saves and deletes through signals ---


def _signal_audit(sender, instance, created=None, **kwargs) -> None:
    entry = _entry(sender, instance, created)
    if entry is not None:
        entry.save()


def mask(table: str, values: dict | None) -> dict | None:
    """``values`` of a row of ``table`` as the trail keeps them: the masked columns' values hidden."""
    if not values:
        return values
    return {key: MASK if key in MASKED_COLUMNS.get(table, ()) and value not in ("", None) else value
            for key, value in values.items()}


def _entry(sender, instance, created):
    """The audit row of one save (``created`` True or False) or delete (``created`` None), unsaved."""
    table = sender._meta.db_table
    if table in EXCLUDED_TABLES or sender._meta.app_label == "landwatch" and sender.__name__ == "AuditEntry":
        return None
    from .models import AuditEntry

    values = json.loads(json.dumps(model_to_dict(instance), cls=DjangoJSONEncoder, default=str))
    for column in SECRET_COLUMNS:
        values.pop(column, None)
    values = mask(table, values)
    deleting = created is None
    actor_id, context = _actor.get()
    return AuditEntry(
        table_name=table,
        row_id=str(instance.pk),
        action="D" if deleting else ("I" if created else "U"),
        old_values=values if deleting else None,
        new_values=None if deleting else values,
        actor_id=actor_id,
        context=context,
        at=timezone.now(),
    )


def bulk_created(model, instances) -> None:
    """Audit rows for rows saved with ``bulk_create``, which sends no signals.

    PostgreSQL's triggers have already written them; only the SQLite fallback needs this.
    """
    if connection.vendor == "postgresql":
        return
    from .models import AuditEntry

    entries = [e for e in (_entry(model, instance, True) for instance in instances) if e is not None]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def connect() -> None:
    post_migrate.connect(_after_migrate, dispatch_uid="landwatch_audit_triggers")
    for model in append_only_models():  # deletes that cascade, on SQLite as well
        pre_delete.connect(refuse_delete, sender=model, dispatch_uid=f"append_only_{model._meta.label}")
        for m2m in model._meta.local_many_to_many:
            m2m_changed.connect(refuse_unlink, sender=m2m.remote_field.through,
                                dispatch_uid=f"append_only_{model._meta.label}_{m2m.name}")
    if connection.vendor == "postgresql":
        return  # the triggers do it, for every path
    for model in apps.get_models():
        if model._meta.db_table in EXCLUDED_TABLES:
            continue
        post_save.connect(_signal_audit, sender=model, dispatch_uid=f"audit_save_{model._meta.label}")
        post_delete.connect(_signal_audit, sender=model, dispatch_uid=f"audit_delete_{model._meta.label}")

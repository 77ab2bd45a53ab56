"""Trigram indexes for the case list's search (number, title, location, party name).

The search is a substring match (``icontains``, i.e. ``UPPER(col) LIKE UPPER('%…%')``),
which a B-tree cannot serve; pg_trgm's GIN operator class can, for Chinese text too as
long as the database's ctype is UTF-8 (scripts/with-postgres.sh creates it so). The
indexes are on the same ``UPPER(col::text)`` expression Django writes, or the planner
would not use them. PostgreSQL only: on SQLite (``make run``) this migration does nothing
and the search scans, which is fine at a township's size.
"""

from django.db import migrations

INDEXES = [
    ("case_number_trgm", "cases_violationcase", "number"),
    ("case_title_trgm", "cases_violationcase", "title"),
    ("case_location_trgm", "cases_violationcase", "location_text"),
    ("party_name_trgm", "cases_party", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_source_finding")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

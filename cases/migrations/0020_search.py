"""Character n-gram indexes for searches of one or two characters (a surname, a village's name).

pg_trgm (migration 0003) has no trigram to look up in a word shorter than three characters,
so such a search used to read every case of the scope. ``case_search_grams(...)`` is the set
of every 1- and 2-character piece of its arguments, upper-cased as the search compares them
(``UPPER(col) LIKE UPPER('%…%')``); a GIN index on it answers "which rows contain this
piece" for the case's number, title and location together, and for the party's name. The
index only narrows the rows: the search keeps its LIKE on each column, so its results are
those of the plain LIKE (which SQLite, without this migration, still runs).
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION case_search_grams(VARIADIC parts text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(upper(part), i, n)), '{}')
  FROM unnest(parts) AS part, generate_series(1, 2) AS n,
       generate_series(1, char_length(upper(part)) - n + 1) AS i
$$;

-- The pieces a word of one or two characters must find: itself, upper-cased; the 2-character
-- pieces of a longer upper case (ß → SS).
CREATE OR REPLACE FUNCTION case_search_word_grams(word text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(upper(word)) <= 1 THEN ARRAY[upper(word)]
  ELSE ARRAY(SELECT DISTINCT substr(upper(word), i, 2)
             FROM generate_series(1, char_length(upper(word)) - 1) AS i) END
$$;
"""

INDEXES = [
    ("case_search_grams_idx", "cases_violationcase", '"number", "title", "location_text"'),
    ("party_search_grams_idx", "cases_party", '"name"'),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (case_search_grams({columns}))")
        # The statistics of the new expression, or the planner guesses how many rows a piece finds.
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS case_search_grams(VARIADIC text[])")
    schema_editor.execute("DROP FUNCTION IF EXISTS case_search_word_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_reminder_event")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

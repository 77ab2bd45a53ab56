"""Expressions that several apps annotate their rows with: correlated subqueries, ``Joined``,
which packs a group's rows into one text (a subquery's several rows on its outer row), and
``Packed``, which packs a row's columns into one text for it."""

from django.db.models import Aggregate, CharField, Func, IntegerField, QuerySet, Subquery


class Joined(Aggregate):
    """The group's texts joined with commas (PostgreSQL's string_agg, SQLite's group_concat);
    the texts must hold no comma."""

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


class Packed(Func):
    """A row's columns as one text, each cast to text and joined with ``:`` ("township:12:2026-03-01");
    NULL when any of them is NULL. The same SQL on PostgreSQL and SQLite.

    Django's ``Concat`` nests a pair per column and, on PostgreSQL, wraps each in COALESCE and a
    cast, copying the expressions pair by pair: the campaign's phases packed with it took 1.7 ms
    to compile, most of the campaign's query (docs/PERFORMANCE.md, thirtieth session).
    """

    template = "CAST(%(expressions)s AS text)"
    arg_joiner = " AS text) || ':' || CAST("
    output_field = CharField()


class _CountRows(Func):
    """COUNT(*) of a subquery's rows as a plain function, not an aggregate: Django adds no GROUP BY."""

    template = "COUNT(*)"
    output_field = IntegerField()


def count_of(rows: QuerySet) -> Subquery:
    """How many of ``rows`` (filtered on an ``OuterRef``) each outer row has: an ungrouped COUNT(*)
    subquery, 0 for none. Grouped on the column that refers to the outer row, PostgreSQL grouped
    what the index gave before counting it: the bench county's 25,000 findings awaiting
    registration, counted village by village, took a quarter longer (EXPLAIN ANALYZE)."""
    return Subquery(rows.order_by().annotate(n=_CountRows()).values("n"), output_field=IntegerField())

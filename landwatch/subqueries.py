"""Expressions that several apps annotate their rows with: correlated subqueries, and ``Joined``,
which packs a group's rows into one text (a subquery's several rows on its outer row)."""

from django.db.models import Aggregate, CharField, Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


class Joined(Aggregate):
    """The group's texts joined with commas (PostgreSQL's string_agg, SQLite's group_concat);
    the texts must hold no comma."""

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def count_of(rows: QuerySet, *, per: str) -> Coalesce:
    """How many of ``rows`` (filtered on an ``OuterRef``) each outer row has, 0 for none: a COUNT
    subquery grouped on ``per``, the column that refers to the outer row."""
    counted = rows.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

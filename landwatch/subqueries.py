"""Expressions over correlated subqueries that several apps annotate their rows with."""

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet, *, per: str) -> Coalesce:
    """How many of ``rows`` (filtered on an ``OuterRef``) each outer row has, 0 for none: a COUNT
    subquery grouped on ``per``, the column that refers to the outer row."""
    counted = rows.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

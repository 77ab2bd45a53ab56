"""The query parameters of the lists, read only through forms (issue #26, finding 7).

Every list reads its GET parameters through a filter form (a django-filter ``FilterSet`` or a
plain ``forms.Form``): a value the form refuses is left out of the filtering and its error is
shown above the list (``templates/_filter_errors.html``), never a 500 and never a list that is
silently narrowed to nothing. A row is chosen with ``RowChoiceField`` (or ``RowChoiceFilter``),
which refuses anything that is not a row id (``99999999999999999999``, ``-1``, ``²``, ``1.5``)
before the database is asked: SQLite cannot even bind an integer beyond 64 bits, and an id is
the first thing a hand-typed URL gets wrong. ``tests/landwatch/test_query_strings.py`` fuzzes
the query string of every page, ``tests/landwatch/test_filter_forms.py`` holds every filter to
these fields.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

# Ids are positive 64-bit integers (BigAutoField), written in ASCII digits.
_ID = re.compile(r"[0-9]{1,19}", re.ASCII)
ID_MAX = 2**63 - 1


def parse_id(value) -> int | None:
    """``value`` as a row id, or None when it cannot be one (so no query is sent for it)."""
    text = value if isinstance(value, str) else str(value) if isinstance(value, int) else ""
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= ID_MAX else None


def get_row_or_404(queryset: QuerySet, pk):
    """The row ``pk`` of ``queryset``; 404 for one it lacks and for anything that is not a row id
    (a typed-in ``?village=²`` or an id beyond 64 bits is asked of no database)."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    return get_object_or_404(queryset, pk=number)


class RowIdMixin:
    """A model choice that refuses a value which is not a row id with the field's own message."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        null_label = getattr(self, "null_label", None)
        if null_label is not None and value == self.null_value:
            return super().to_python(value)
        if self.to_field_name is None and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return super().to_python(value)


class RowChoiceField(RowIdMixin, forms.ModelChoiceField):
    pass


class RowFilterChoiceField(RowIdMixin, FilterModelChoiceField):
    pass


class RowChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RowFilterChoiceField


def drawn_row_choices(field, columns: tuple[str, ...], label=None) -> list[tuple[str, str]]:
    """A row choice field's choices as its select draws them, read as plain values.

    The same list as iterating ``field.choices`` (the empty and the null choice first, then one
    per row, labelled ``label(*columns)`` or the first column), without what a model choice
    costs per row: a model instance each, and a server-side cursor for the query
    (``ModelChoiceIterator`` reads with ``iterator()``) — two thirds of the case list's filter
    when nothing is kept.
    """
    head = [("", str(field.empty_label))] if field.empty_label is not None else []
    if getattr(field, "null_label", None) is not None:
        head.append((str(field.null_value), str(field.null_label)))
    rows = field.queryset.values_list("pk", *columns)
    return head + [(str(pk), str(label(*values) if label else values[0])) for pk, *values in rows]


def applied(form: forms.Form) -> dict:
    """The values of ``form``'s fields that are valid: a refused field filters nothing.

    The form keeps its errors, for the page to show (``templates/_filter_errors.html``).
    """
    form.is_valid()
    return dict(getattr(form, "cleaned_data", {}))

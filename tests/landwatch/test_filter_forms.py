"""Every list's filter chooses rows with landwatch.filtering's fields (issue #26, finding 7).

A model choice that reaches the database with ``99999999999999999999`` overflows SQLite's
integer (a 500 under ``make run``) and, before the fields below, PostgreSQL answered "no such
row" with an empty list. These tests hold every FilterSet and filter form of the project to
``RowChoiceFilter`` / ``RowChoiceField``, so a new filter cannot bring the old field back.
"""

import django_filters
import pytest
from django import forms

from landwatch.filtering import ID_MAX, RowIdMixin, parse_id


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _ours(cls) -> bool:
    apps = {"landwatch", "territory", "patrols", "patches", "cases", "campaigns", "documents", "dashboards"}
    return cls.__module__.split(".")[0] in apps


def test_every_filterset_chooses_rows_by_id():
    import cases.filters  # noqa: F401 - the FilterSets register as subclasses when imported

    filtersets = [cls for cls in _subclasses(django_filters.FilterSet) if _ours(cls)]
    assert filtersets, "no FilterSet found: the scan proves nothing"
    wrong = [f"{cls.__name__}.{name}" for cls in filtersets for name, flt in cls.base_filters.items()
             if isinstance(flt, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter)
             and not issubclass(flt.field_class, RowIdMixin)]
    assert not wrong, f"model choice filters not using landwatch.filtering.RowChoiceFilter: {wrong}"


def test_every_filter_form_chooses_rows_by_id():
    import campaigns.forms  # noqa: F401
    import patrols.forms  # noqa: F401

    filter_forms = [cls for cls in _subclasses(forms.Form) if _ours(cls) and cls.__name__.endswith("FilterForm")]
    assert {"LogFilterForm", "FindingFilterForm", "ProjectFilterForm", "PledgeFilterForm", "TaskFilterForm"} <= {
        cls.__name__ for cls in filter_forms}
    wrong = [f"{cls.__name__}.{name}" for cls in filter_forms for name, field in cls.base_fields.items()
             if isinstance(field, forms.ModelChoiceField) and not isinstance(field, RowIdMixin)]
    assert not wrong, f"model choice fields not using landwatch.filtering.RowChoiceField: {wrong}"


@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), ("42", 42), (7, 7), (str(ID_MAX), ID_MAX),
    (str(ID_MAX + 1), None), ("99999999999999999999", None), ("0", None), ("-1", None), ("²", None), ("１２", None),
    ("٣", None), ("1.5", None), (" 1", None), ("1\x00", None), ("", None), (None, None), ("abc", None), (1.0, None),
])
def test_parse_id(value, expected):
    assert parse_id(value) == expected

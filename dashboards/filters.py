"""The map filters cases exactly as the case list does.

When the cases app provides its list filter (``cases.filters``), the map applies that very
filter set to the same GET parameters, so "the map of these cases" and "the list of these
cases" cannot disagree. Until then a small fallback understands the basic parameters.
"""

from django.db.models import QuerySet
from django.http import QueryDict

from cases.models import OPEN_STATUSES, CaseStatus, ViolationCase
from cases.selectors import cases_visible_to

from . import links


def _case_filterset_class():
    try:
        from cases import filters as case_filters
    except ImportError:
        return None
    return getattr(case_filters, "CaseFilter", None) or getattr(case_filters, "ViolationCaseFilter", None)


def filter_cases(user, params: QueryDict) -> tuple[QuerySet[ViolationCase], object | None]:
    cases = cases_visible_to(user)
    filterset_class = _case_filterset_class()
    if filterset_class is not None:
        # As the case list does: an empty or invalid query shows every case.
        filterset = _build_filterset(filterset_class, params or None, cases, user)
        if filterset.is_bound and filterset.is_valid():
            return filterset.qs, filterset
        return cases, filterset
    return _fallback(cases, params), None


def _build_filterset(filterset_class, params, queryset, user):
    try:
        return filterset_class(params, queryset=queryset, user=user)
    except TypeError:
        return filterset_class(params, queryset=queryset)


def _fallback(cases: QuerySet[ViolationCase], params: QueryDict) -> QuerySet[ViolationCase]:
    status = params.get("status")
    if status == links.OPEN:
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    for key, lookup in (("village", "village_id"), ("township", "village__township_id")):
        value = params.get(key)
        if value and value.isdigit():
            cases = cases.filter(**{lookup: int(value)})
    category = params.get("category")
    if category:
        cases = cases.filter(category=category)
    return cases

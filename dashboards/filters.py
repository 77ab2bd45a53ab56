"""The map filters cases exactly as the case list does.

The map applies the case list's own filter set (``cases.filters.CaseFilter``) to the same GET
parameters, so "the map of these cases" and "the list of these cases" cannot disagree.
"""

from django.db.models import QuerySet
from django.http import QueryDict

from cases.filters import CaseFilter
from cases.models import ViolationCase
from cases.selectors import cases_visible_to


def filter_cases(user, params: QueryDict) -> tuple[QuerySet[ViolationCase], CaseFilter]:
    cases = cases_visible_to(user)
    # As the case list does: an empty or invalid query shows every case.
    filterset = CaseFilter(params or None, queryset=cases, user=user)
    if filterset.is_bound and filterset.is_valid():
        return filterset.qs, filterset
    return cases, filterset


"""Where each dashboard number leads: the list it counts, with the same filters.

The parameter names are the case list's (django-filter) and the patrol lists' own GET
parameters; they are kept here, in one place, so that a renamed filter breaks one module
and the click-through test, not every template.
"""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

# The case list's GET parameter for each dimension the dashboard counts by.
CASE_PARAMS = {
    "status": "status",
    "village": "village",
    "township": "township",
    "category": "category",
    "cause": "cause",
    "assignee": "assignee",
    "overdue": "overdue",
    "due_soon": "due_soon",
    "closed_from": "closed_from",
    "closed_to": "closed_to",
}

# Values the case list understands for the status groups.
OPEN = "open"
ALL_BUT_WITHDRAWN = "active"


def _url(name: str, params: dict) -> str | None:
    try:
        base = reverse(name)
    except NoReverseMatch:
        # The list is not there (yet): show the number without a link rather than break the page.
        return None
    clean = [(k, v) for k, v in params.items() if v is not None and v != ""]
    return f"{base}?{urlencode(clean)}" if clean else base


def case_list_url(**filters) -> str | None:
    """The case list filtered like a figure, e.g. ``case_list_url(village=3, status="notified")``."""
    return _url("cases:list", {CASE_PARAMS[k]: v for k, v in filters.items()})


def finding_list_url(**params) -> str | None:
    return _url("patrols:finding-list", params)


def project_list_url(**params) -> str | None:
    return _url("patrols:project-list", params)


def coverage_url() -> str | None:
    return _url("patrols:coverage", {})


def map_url(**filters) -> str | None:
    return _url("dashboards:map", {CASE_PARAMS[k]: v for k, v in filters.items()})

"""Where each figure leads: the list it counts, with the same filters.

Shared by every page that shows a count (the dashboards, the campaign pages), so it lives in the
base package; it knows the lists only by URL name and GET parameter, and imports none of the apps.

The parameter names are the case list's (django-filter) and the patrol lists' own GET
parameters; they are kept here, in one place, so that a renamed filter breaks one module
and the click-through test, not every template.
"""

import contextlib
import contextvars
import functools
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The case list's GET parameter for each dimension the dashboard counts by (cases.filters.CaseFilter).
# None would mean the case list cannot filter by it, and a figure narrowed by it would get no link
# rather than a link to a list showing a different count; today the list filters by all of them.
CASE_PARAMS = {
    "status": "status",
    "village": "village",
    "category": "category",
    "assignee": "assignee",
    "overdue": "overdue",
    "due_soon": "due_soon",
    "township": "township",
    "cause": "cause",
    "closed_from": "closed_from",
    "closed_to": "closed_to",
    "campaign": "campaign",
    "fine": "fine",
}

# The case list's status choice for every open status (registered … deferred).
OPEN = "open"
# The case list's status choice for every case but those withdrawn (cases.filters.NOT_WITHDRAWN):
# the dashboard's total, its area and its charts leave out cases registered in error.
COUNTED = "not_withdrawn"
# The value a checkbox filter (overdue, due soon) sends when ticked.
ON = "on"
# The assignee choice for "nobody yet" (django-filter's null_value on the case list's assignee filter).
UNASSIGNED = "null"


@functools.lru_cache(maxsize=32)
def _reverse(name: str, root_urlconf: str, urlconf: str | None, prefix: str) -> str:
    # Keyed by everything reverse() reads: a live dashboard links a few hundred bars and
    # figures to the same few lists, and reversing each one again was a tenth of its time.
    return reverse(name, urlconf=urlconf)


# The root URLconf, the URLconf and the script prefix of the links made inside ``made_together``, read once.
_READ_ONCE: contextvars.ContextVar[tuple[str, str | None, str] | None] = contextvars.ContextVar("links", default=None)


@contextlib.contextmanager
def made_together():
    """The links made inside (a view decorated with it) read the settings' root URLconf, the request's
    URLconf and its script prefix once.

    Reading the last two (asgiref's ``Local``) is 6 of the 9 µs a link costs, and the county
    dashboard makes about 430 links; the setting, read through the lazy settings object, took
    0.8 ms of the county dashboard's links (py-spy). All are set for the request before its view
    runs, and nothing in a view sets them again.
    """
    token = _READ_ONCE.set((settings.ROOT_URLCONF, get_urlconf(), get_script_prefix()))
    try:
        yield
    finally:
        _READ_ONCE.reset(token)


def _where() -> tuple[str, str | None, str]:
    """The root URLconf, the URLconf and the script prefix links are made for now."""
    return _READ_ONCE.get() or (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


# A pk no page has, reversed in place of the real one: the URL around it is the same for every pk.
_SOME_PK = 987654321


@functools.lru_cache(maxsize=64)
def _around_pk(name: str, root_urlconf: str, urlconf: str | None, prefix: str) -> tuple[str, str]:
    before, after = reverse(name, urlconf=urlconf, args=[_SOME_PK]).split(str(_SOME_PK))
    return before, after


def pk_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` of a page addressed by its integer pk (``<int:pk>``).

    Every model's ``get_absolute_url``: the URL around the pk is reversed once per name, and
    a list's 50 links take 0.2 ms instead of 1.0 (of the 10 ms a case list's rows take to draw).
    """
    before, after = _around_pk(name, *_where())
    return f"{before}{int(pk)}{after}"


def pk_url_pattern(name: str) -> str:
    """``pk_url``'s URL with ``{id}`` in place of the pk: for a script that fills it in (the map's markers)."""
    return "{id}".join(_around_pk(name, *_where()))


def _url(name: str, params: dict) -> str:
    base = _reverse(name, *_where())
    return _with_query(base, tuple((k, v) for k, v in params.items() if v is not None and v != ""))


@functools.lru_cache(maxsize=4096)
def _with_query(base: str, params: tuple) -> str:
    # The same few hundred links come back on every dashboard drawn (about 430 on the county's):
    # 430 links of four parameters took 4.8 ms to encode.
    return f"{base}?{urlencode(params)}" if params else base


def _case_params(filters: dict) -> dict | None:
    params = {}
    for key, value in filters.items():
        if value is None:
            continue
        if CASE_PARAMS[key] is None:
            return None
        params[CASE_PARAMS[key]] = value
    return params


def case_list_url(**filters) -> str | None:
    """The case list filtered like a figure, e.g. ``case_list_url(village=3, status="notified")``.

    None when the list cannot apply one of the filters (see ``CASE_PARAMS``).
    """
    params = _case_params(filters)
    return None if params is None else _url("cases:list", params)


def finding_list_url(**params) -> str | None:
    return _url("patrols:finding-list", params)


def project_list_url(**params) -> str | None:
    return _url("patrols:project-list", params)


def coverage_url() -> str | None:
    return _url("patrols:coverage", {})


def map_url(**filters) -> str | None:
    params = _case_params(filters)
    return None if params is None else _url("dashboards:map", params)

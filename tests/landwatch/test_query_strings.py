"""Every page's query string fuzzed (issue #26, finding 7): a hostile parameter is never a 500.

The pages come from the permission matrix (``permission_matrix.py`` names every URL and who
may GET it): each page our apps serve as HTML or JSON is fetched by the first of the office,
the county bureau and the superuser it answers 200, with one to four parameters drawn from
every name the code reads (django-filter's and the forms' fields, ``request.GET.get("…")`` in
the views, ``request.GET.…`` in the templates) and from unknown names, with hostile values:
integers beyond bigint, negative and non-numeric ids, NUL bytes, impossible dates, Chinese,
huge strings, and a name repeated (``?village=1&village=2``). For every example:

* no 500 (the client re-raises the view's exception, so a failure shows its traceback);
* the page answers with the status it gives without the parameters (a page whose subject
  the query names, ``SUBJECT_PAGES``, may also answer that the subject does not exist);
* every error of the page's filter form is shown on the page;
* a refused value filters nothing: when objects the page lists without the query are gone
  from it, a filter form of the page accepted a value that explains it (today's lists
  without a form narrowed silently: ``?village=99999999999999999999`` listed no log and
  said nothing, ``?village=²`` was a 500).

An object is "listed" by a link to its page (a path with an id). The world holds fewer rows
than a page, so no second page hides one.

Hypothesis prints a failing example as the query string it sent; the examples are the same
on every run (``tests/fuzz.QUERY_SETTINGS``: a fifth of ``FUZZ_EXAMPLES`` per page).
"""

from __future__ import annotations

import html
import pathlib
import re
from urllib.parse import unquote, urlencode

import pytest
from django import forms
from django.core.cache import cache
from django.db import transaction
from django_filters import FilterSet
from hypothesis import given
from hypothesis import strategies as st

from tests import fuzz

from .permission_matrix import EXPECTED, entry_for, routes, url_for

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("landwatch", "territory", "patrols", "patches", "cases", "campaigns", "documents", "dashboards")
# The first of these that the page answers with 200 fetches it.
READERS = ("office", "county", "superuser")
# Pages that take no query string of their own and need none fuzzed: logging in and out.
NOT_PAGES = {"login", "logout", "set_language"}
# Create pages whose subject the query names (the village, the log, the township, the year):
# an id that names nothing there is a 404, as it would be in the path; a pledge that exists
# already for the village and year (a refused year means this year) is edited instead (302).
SUBJECT_PAGES = {
    "patrols:log-create": {404},
    "patrols:finding-create": {404},
    "patrols:plan-create": {404},
    "patrols:pledge-create": {404, 302},
}
OBJECT_LINK = re.compile(r'href="(/[^"?#]*/\d+/[^"?#]*)"')
FETCHED_TYPES = ("text/html", "application/json")


def parameter_names() -> list[str]:
    """Every GET parameter name the code reads: filter forms' fields, views and templates."""
    from campaigns.forms import TaskFilterForm
    from cases.filters import CaseFilter

    names = set(CaseFilter.base_filters) | set(TaskFilterForm.base_fields) | {"page"}
    code = re.compile(r"""(?:GET|params)\s*(?:\.get(?:list)?\(\s*|\[\s*)["'](\w+)["']""")
    template = re.compile(r"request\.GET\.(\w+)")
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            names |= set(code.findall(path.read_text(encoding="utf-8")))
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        names |= set(template.findall(path.read_text(encoding="utf-8"))) - {"urlencode", "copy", "get", "items"}
    return sorted(names)


UNKNOWN_NAMES = st.one_of(st.sampled_from(["x", "village[]", "page ", "PAGE", "页", "", "\x00", "a" * 300]),
                          st.text(max_size=12))
VALUES = st.one_of(
    fuzz.IDS, fuzz.NUMBERS, fuzz.DATES, fuzz.TEXT,
    st.sampled_from(["on", "true", "1", "null", "None", "-", "open", "all", "2022", "1900", "2100"]),
)


def queries(names: list[str]) -> st.SearchStrategy:
    """One to four (name, value) pairs, names mostly known, sometimes one name twice."""
    name = st.one_of(st.sampled_from(names), st.sampled_from(names), UNKNOWN_NAMES)
    pairs = st.lists(st.tuples(name, VALUES), min_size=1, max_size=4)
    twice = st.tuples(st.sampled_from(names), VALUES, VALUES).map(lambda t: [(t[0], t[1]), (t[0], t[2])])
    return st.one_of(pairs, twice)


def pages() -> list:
    params = []
    for key in EXPECTED:
        if key in NOT_PAGES:
            continue
        expected = entry_for(key).expected("GET")
        actor = next((a for a in READERS if expected[a] == "200"), None)
        if actor is not None:
            params.append(pytest.param(key, actor, id=key))
    return params


def _client(world, actor):
    client = world.client(actor)
    client.raise_request_exception = True
    return client


def _bound_forms(context) -> list:
    """The bound forms of the page (a FilterSet's own form included)."""
    found = {}
    contexts = [] if context is None else context if isinstance(context, list) else [context]
    for one in contexts:
        for value in one.flatten().values():
            if isinstance(value, FilterSet):
                value = value.form
            if isinstance(value, forms.BaseForm) and value.is_bound:
                found[id(value)] = value
    return list(found.values())


def _listed(response) -> set[str]:
    if not response["Content-Type"].startswith("text/html"):
        return set()
    return set(OBJECT_LINK.findall(response.content.decode()))


def _explained(forms_of_page) -> bool:
    """Did a filter form of the page accept a value (which may narrow the list)?"""
    return any(value not in (None, "", [], False) for form in forms_of_page
               for value in getattr(form, "cleaned_data", {}).values())


def get(client, url: str, query: list[tuple[str, str]] | None = None):
    """A GET with nothing kept from an earlier request (pages keep their rendering per query)."""
    cache.clear()
    with transaction.atomic():
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}{urlencode(query)}" if query else url)
        transaction.set_rollback(True)
    return response


def check(client, key: str, url: str, query: list[tuple[str, str]], baseline) -> None:
    fuzz.EXAMPLES[f"query:{key}"] += 1
    response = get(client, url, query)
    allowed = {baseline.status_code} | SUBJECT_PAGES.get(key, set())
    assert response.status_code in allowed, f"HTTP {response.status_code} (without the query: {baseline.status_code})"
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return
    page = response.content.decode()
    forms_of_page = _bound_forms(response.context)
    for form in forms_of_page:
        for message in (m for errors in form.errors.values() for m in errors):
            assert html.escape(str(message), quote=True) in page, f"error {message!r} is not on the page"
    gone = _listed(baseline) - _listed(response)
    assert not gone or _explained(forms_of_page), (
        f"{sorted(gone)} are no longer listed, and no filter form of the page accepted a value that explains it"
    )


@pytest.fixture(scope="module", autouse=True)
def _record(world):
    yield
    fuzz.record_examples()


@pytest.mark.parametrize(("key", "actor"), pages())
def test_a_hostile_query_string_is_ignored_or_reported(world, key, actor):
    client = _client(world, actor)
    url = url_for(key, routes()[key], entry_for(key).kwargs(world))
    baseline = get(client, url)
    if not baseline["Content-Type"].startswith(FETCHED_TYPES):
        pytest.skip(f"{baseline['Content-Type']}: rendered at a cost, its query string is not read")
    strategy = queries(parameter_names())

    @fuzz.QUERY_SETTINGS
    @given(query=strategy)
    def run(query):
        check(client, key, url, query, baseline)

    run()


@pytest.mark.parametrize("query", [
    "village=99999999999999999999", "village=-1", "village=abc", "village=²", "village=0", "page=99999999999999999999",
    "page=-1", "page=abc", "page=²", "page=2", "village=1&village=2", "township=99999999999999999999",
    "assignee=99999999999999999999", "discovered_after=2022-02-30", "campaign=99999999999999999999",
    "year=99999999999999999999", "year=²", "status=nonsense", "status=%00",
])
@pytest.mark.parametrize("key", ["patrols:log-list", "patrols:finding-list", "cases:list", "dashboards:map",
                                 "dashboards:map-data", "patrols:pledge-list", "patrols:project-list"])
def test_the_known_hostile_values(world, key, query):
    """The review's own example (``/patrols/logs/?village=99999999999999999999``) and its kin, always."""
    client = _client(world, "office")
    url = url_for(key, routes()[key], entry_for(key).kwargs(world))
    pairs = [(name, unquote(value)) for name, value in (pair.split("=", 1) for pair in query.split("&"))]
    check(client, key, url, pairs, get(client, url))

"""The permission matrix (issue #9, "Access"): every URL pattern × every actor → the expected status.

The rows are in ``permission_matrix.py``. One test per URL pattern and method (``test_get[cases:detail]``)
tries every actor of the row in turn, each request in a savepoint rolled back afterwards (so one actor's
successful POST or logout does not change what the next one meets), and fails once with every
mismatching cell named: pattern, method, actor, status got and status expected. Fewer, fatter tests:
a test per cell cost more in fixture set-up than the requests themselves.

GET is tried on every pattern; POST on every pattern that writes, on every page of ours that only
reads (it must answer 405) and on the admin's delete pages of the evidence models. A refused POST
(403, 404, 405, a redirect to the login page, or ``U``: sent back with an error message) must change
nothing: no audit row appears (the audit trigger records every insert, update and delete on every
table but sessions) and the target row is as it was.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url

from landwatch.models import AuditEntry

from .conftest import ACTORS, ALL_ACTORS, DEPARTMENT_ACTORS
from .permission_matrix import (
    ARGS,
    DEPARTMENT_EXPECTED,
    EXPECTED,
    HANDED_OVER,
    READ_ONLY_POST_PENDING,
    actors_of,
    cells,
    entry_for,
    handed_over_entry,
    is_read_only,
    keys,
    missing_patterns,
    routes,
    url_for,
)

pytestmark = pytest.mark.django_db

LOGIN_PAGES = (resolve_url(settings.LOGIN_URL), "/admin/login/")
REFUSED = ("L", "U", "403", "404", "405")


def _post_params():
    for key in keys("POST"):
        if is_read_only(key) and key in READ_ONLY_POST_PENDING:
            yield pytest.param(key, id=key, marks=pytest.mark.xfail(strict=True, reason=READ_ONLY_POST_PENDING[key]))
        else:
            yield pytest.param(key, id=key)


@pytest.fixture(scope="module", autouse=True)
def pdf_rendered_once():
    """Render each printed page to PDF once, not once per actor.

    The documents' PDF and the evidence zip lay out the same HTML for every actor allowed in, and
    WeasyPrint with CJK fonts takes seconds per page: the first actor gets a real rendering, the
    next ones its bytes. What the matrix checks (who is let in) is decided before the rendering.
    """
    import weasyprint

    real = weasyprint.HTML
    rendered: dict[str, bytes] = {}

    class HTMLOnce(real):
        def __init__(self, *args, string=None, **kwargs):
            super().__init__(*args, string=string, **kwargs)
            self._matrix_key = string

        def write_pdf(self, target=None, **kwargs):
            if target is not None or self._matrix_key is None:
                return super().write_pdf(target, **kwargs)
            if self._matrix_key not in rendered:
                rendered[self._matrix_key] = super().write_pdf(**kwargs)
            return rendered[self._matrix_key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(weasyprint, "HTML", HTMLOnce)
        yield


def test_every_url_pattern_has_an_entry():
    missing = missing_patterns()
    assert not missing, "URL patterns without a row in tests/landwatch/permission_matrix.py: " + ", ".join(missing)


def test_every_entry_is_a_url_pattern():
    """A row left behind by a removed URL is a row nobody checks."""
    known = set(routes())
    stale = sorted((set(ARGS) | set(EXPECTED)) - known)
    assert not stale, "rows without a URL pattern: " + ", ".join(stale)


def test_every_actor_is_in_the_matrix():
    assert ACTORS == ("anonymous", "coordinator_a", "officer_assigned", "officer_unassigned", "office", "leader",
                      "county", "other_office", "inactive", "superuser")
    assert DEPARTMENT_ACTORS == ("dept_head", "dept_legal", "dept_officer", "other_dept_head", "other_dept_legal",
                                 "other_dept_officer", "far_head", "far_legal", "far_officer")
    assert {a for _, a in cells("GET")} == set(ALL_ACTORS)


def test_every_entry_has_its_county_department_row():
    """The county departments' people are actors of every URL of ours, the chain's and the others."""
    assert set(DEPARTMENT_EXPECTED) == set(EXPECTED)


def _snapshot(obj):
    if obj is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def _mismatch(response, expected: str) -> str | None:
    """What is wrong with ``response`` for the cell's expected code (None: nothing)."""
    got = response.status_code
    location = response.get("Location", "")
    shown = f"{got} {location}".strip()
    if expected == "U":  # refused with a message on the page it came from
        expected = "302"
    if expected == "L":
        if got == 302 and location.startswith(LOGIN_PAGES):
            return None
        return f"got {shown}, expected a redirect to the login page"
    if got != int(expected):
        return f"got {shown}, expected {expected}"
    if got == 302 and location.startswith(LOGIN_PAGES):
        return f"got {shown}: sent to log in, expected a redirect elsewhere"
    return None


def _run_row(world, key: str, method: str, *, handed_over: bool = False) -> list[str]:
    """Every actor of ``key`` tried with ``method``; the list of mismatching cells, each named.
    ``handed_over``: the row of ``HANDED_OVER``, every actor on the case handed over to the department."""
    entry = handed_over_entry(key) if handed_over else entry_for(key, world)
    expected = entry.expected(method)
    problems = []
    for actor in ALL_ACTORS if handed_over else actors_of(key):
        # A county department's people meet the department's own twins of the chain's cases.
        seen = world.handed_over() if handed_over else world.seen_by(actor)
        url = url_for(key, routes()[key], entry.kwargs(seen))
        target = seen.objects.get(entry.target) if entry.target else None
        want = expected[actor]
        with transaction.atomic():
            try:
                if method == "GET":
                    response = world.client(actor).get(url)
                    problem = _mismatch(response, want)
                else:
                    before, audit_before = _snapshot(target), AuditEntry.objects.count()
                    response = world.client(actor).post(url, entry.data(seen))
                    problem = _mismatch(response, want)
                    if problem is None and want in REFUSED:
                        if AuditEntry.objects.count() != audit_before:
                            problem = f"refused ({response.status_code}) but wrote audit rows"
                        elif _snapshot(target) != before:
                            problem = f"refused ({response.status_code}) but changed {entry.target}"
            except Exception as exc:  # noqa: BLE001 - a broken cell is reported with the others
                problem = f"raised {type(exc).__name__}: {exc}"
            transaction.set_rollback(True)
        if problem:
            problems.append(f"({key}, {method} {url}, {actor}): {problem}")
    return problems


@pytest.mark.parametrize("key", keys("GET"))
def test_get(world, key):
    problems = _run_row(world, key, "GET")
    assert not problems, f"{len(problems)} cell(s) differ from the table:\n" + "\n".join(problems)


@pytest.mark.parametrize("key", list(_post_params()))
def test_post(world, key):
    problems = _run_row(world, key, "POST")
    assert not problems, f"{len(problems)} cell(s) differ from the table:\n" + "\n".join(problems)


@pytest.mark.parametrize("key", list(HANDED_OVER))
def test_get_on_a_handed_over_case(world, key):
    problems = _run_row(world, key, "GET", handed_over=True)
    assert not problems, f"{len(problems)} cell(s) differ from the table:\n" + "\n".join(problems)


@pytest.mark.parametrize("key", list(HANDED_OVER))
def test_post_on_a_handed_over_case(world, key):
    problems = _run_row(world, key, "POST", handed_over=True)
    assert not problems, f"{len(problems)} cell(s) differ from the table:\n" + "\n".join(problems)


def test_the_unchanged_check_sees_a_write(world):
    """The 'changed nothing' assertion can fail: an office note on the case writes audit rows."""
    from django.urls import reverse

    before = AuditEntry.objects.count()
    response = world.client("office").post(reverse("cases:note-add", args=[world["case"].pk]), {"note": "可见"})
    assert response.status_code == 302
    assert AuditEntry.objects.count() > before


def test_a_mismatch_names_pattern_actor_got_and_expected(world):
    """The table is trusted only if a wrong row fails, naming the cell: the home page is no 403 for the office."""
    from . import permission_matrix

    original = permission_matrix.EXPECTED["home"]
    permission_matrix.EXPECTED["home"] = ("L  200 200 200 403 200 200 200 L   200", None)
    try:
        problems = _run_row(world, "home", "GET")
    finally:
        permission_matrix.EXPECTED["home"] = original
    assert problems == ["(home, GET /, office): got 200, expected 403"]


def test_a_department_cell_is_checked_on_the_departments_own_case(world, monkeypatch):
    """The departments' cells are real requests on the department's twin: a wrong one fails, naming it."""
    from . import permission_matrix

    monkeypatch.setitem(permission_matrix.DEPARTMENT_EXPECTED, "cases:detail",
                        ("404 200 200 404 404 404 404 404 404", None))
    problems = _run_row(world, "cases:detail", "GET")
    twin = world["dept_case"].pk
    assert problems == [f"(cases:detail, GET /cases/{twin}/, dept_head): got 200, expected 404"]

"""Accessibility and valid HTML on every page (issue #26: WCAG 2.1 AA, GB/T 37668-2019).

One crawl, shared by the tests of this module, visits every page template the permission
matrix (``permission_matrix.py``) says renders (a GET answered 200 with HTML; downloads, the
JSON feeds and the Django admin left out) as every actor who may open it, in headless Chromium
against the live server:

- as every actor allowed in, at desktop size (1366×900) and on a phone (390×844, touch);
- the extra states the matrix's URLs do not reach: the case detail in each status (the status
  badges), a served and an issued document;
- each form page once more in its error state: an empty POST re-rendered (as the office, desktop).

On each page it runs axe-core (vendored under ``tests/vendor/axe-core``) with the WCAG 2.1 A
and AA rules, checks that every ``aria-describedby`` / ``aria-labelledby`` names an element
that exists, and on the phone that every form control, and the label of every radio and
checkbox, is at least 44 px tall and wide (WCAG 2.5.5; axe's own target-size rule is 2.2's
24 px). The HTML each page was served with goes through the Nu HTML checker (``vnu.jar``,
fetched by ``scripts/vnu.sh``) in one run. Each test fails listing every finding with its page,
actor and viewport.

The world is the permission matrix's, committed (the live server runs in another thread) and
flushed when the crawl ends.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import screenshot

from .conftest import ACTORS, build_world
from .permission_matrix import admin_keys, entry_for, keys, routes, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
VNU_VERSION = "26.9.27"
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".cache" / "vnu" / f"vnu-{VNU_VERSION}.jar"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MIN_TARGET = 44

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
# Pages whose colours a clerk should look at, at both sizes (name, key or extra page, actor).
SCREENSHOTS = {
    ("home", "office"): "a11y-home",
    ("cases:list", "office"): "a11y-case-list",
    ("case_corrected", "office"): "a11y-case-detail-corrected",
    ("documents:detail:served", "office"): "a11y-document-served",
    ("dashboards:index", "office"): "a11y-dashboard",
    ("patrols:log-create", "coordinator_a"): "a11y-patrol-log-form",
    ("case_fined", "office"): "a11y-case-detail-fined",
    ("cases:fine-arrangement", "leader"): "a11y-fine-arrangement-form",
}

_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({
    target: n.target.join(' '), message: ((n.any[0] || n.all[0] || n.none[0] || {}).message || '')}))}));
}"""

# aria-describedby / aria-labelledby naming an id that is not in the page: the help text or
# label never reaches a screen reader.
_DANGLING_ARIA = """() => {
  const out = [];
  for (const attr of ['aria-describedby', 'aria-labelledby']) {
    for (const el of document.querySelectorAll('[' + attr + ']')) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) out.push(`${el.tagName.toLowerCase()}#${el.id || '?'} ${attr}="${id}"`);
      }
    }
  }
  return out;
}"""

# Form controls smaller than the minimum on a phone. A radio, checkbox or file input is tapped
# through its label (or is drawn as one: Bootstrap's btn-check, the camera button): the larger
# of the two counts.
_SMALL_TARGETS = """(min) => {
  const out = [];
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[name=${el.name}]` : '');
  const controls = 'main form input, main form select, main form textarea, main form button';
  for (const el of document.querySelectorAll(controls)) {
    if (el.type === 'hidden') continue;
    let boxes = [];
    if (el.type === 'radio' || el.type === 'checkbox' || el.type === 'file') {
      for (const label of el.labels || []) if (visible(label)) boxes.push(label.getBoundingClientRect());
      if (visible(el)) boxes.push(el.getBoundingClientRect());
    } else if (visible(el)) {
      boxes.push(el.getBoundingClientRect());
    }
    if (!boxes.length) continue;
    const w = Math.max(...boxes.map(b => b.width)), h = Math.max(...boxes.map(b => b.height));
    if (w < min - 0.5 || h < min - 0.5) out.push(`${name(el)} ${Math.round(w)}×${Math.round(h)} px`);
  }
  return out;
}"""

# An empty POST to the page's own URL (only the CSRF token): the form comes back with its errors.
_EMPTY_POST = """() => {
  const token = document.querySelector('input[name=csrfmiddlewaretoken]');
  const form = document.createElement('form');
  form.method = 'post';
  form.action = location.href;
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'csrfmiddlewaretoken';
  input.value = token ? token.value : (document.cookie.match(/csrftoken=([^;]+)/) || [])[1];
  form.append(input);
  document.body.append(form);
  form.submit();
}"""


@dataclass
class Visit:
    name: str
    url: str
    actor: str
    viewport: str
    state: str = "GET"

    def __str__(self) -> str:
        state = "" if self.state == "GET" else " after an empty POST"
        return f"{self.name} ({self.url}) as {self.actor}, {self.viewport}{state}"


@dataclass
class Crawl:
    # (what is wrong, where: page, actor, viewport)
    axe: list[tuple[str, str]] = field(default_factory=list)
    aria: list[tuple[str, str]] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    html_dir: Path | None = None
    html: dict[str, Visit] = field(default_factory=dict)
    visits: int = 0
    error_states: int = 0
    per_viewport: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def _pages(world) -> list[tuple[str, str, list[str]]]:
    """(name, url, actors answered 200) of every page of ours, the matrix's and the extra states."""
    generated = admin_keys()
    out = []
    for key in keys("GET"):
        if key.startswith("admin:") or key in generated:
            continue
        entry = entry_for(key, world)
        # The county departments' people open the same pages on the department's twins of the
        # chain's cases (another URL): the township's actors cover every template.
        actors = [actor for actor, code in entry.expected("GET").items() if code == "200" and actor in ACTORS]
        if actors:
            out.append((key, url_for(key, routes()[key], entry.kwargs(world)), actors))
    from django.urls import reverse

    readers = ["officer_assigned", "office", "leader"]
    for name in ("case_notified", "case_corrected", "case_enforcing", "case_deferred", "case_closed", "case_fined"):
        out.append((name, reverse("cases:detail", kwargs={"pk": world[name].pk}), readers))
    for name in ("issued", "served", "served_bare"):
        out.append((f"documents:detail:{name}", reverse("documents:detail", kwargs={"pk": world[name].pk}), readers))
    # An archived case (立卷归档): its locked detail page and its case file's page.
    out.append(("case_archived", reverse("cases:detail", kwargs={"pk": world["case_archived"].pk}), readers))
    out.append(("documents:archive:archived",
                reverse("documents:archive", kwargs={"case_pk": world["case_archived"].pk}), readers))
    return out


def _rerenders_on_post(key: str, world) -> bool:
    """The matrix says an office POST to ``key`` comes back as the page (a form with its errors)."""
    if key not in routes():
        return False
    entry = entry_for(key, world)
    return entry.post is not None and entry.expected("POST")["office"] == "200"


def _is_html(world, actor: str, url: str) -> bool:
    response = world.client(actor).get(url)
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def _context(browser, live_server, world, actor: str, viewport: str):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS[viewport])
    if actor in world.cookies:
        cookie = world.cookies[actor][settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def _check(page, visit: Visit, crawl: Crawl, html_dir: Path, html: str | None) -> None:
    crawl.visits += 1
    crawl.error_states += visit.state == "POST"
    page.evaluate(AXE.read_text(encoding="utf-8"))
    for violation in page.evaluate(_AXE_RUN, WCAG_TAGS):
        for node in violation["nodes"]:
            message = node["message"] or violation["help"]
            crawl.axe.append((f"{violation['id']} at {node['target']}: {message}", str(visit)))
    crawl.aria.extend((ref, str(visit)) for ref in page.evaluate(_DANGLING_ARIA))
    if visit.viewport == "phone":
        crawl.targets.extend((small, str(visit)) for small in page.evaluate(_SMALL_TARGETS, MIN_TARGET))
    if html is not None:
        path = html_dir / f"{len(crawl.html):04d}-{re.sub(r'[^a-z0-9]+', '-', visit.name)}-{visit.actor}.html"
        path.write_text(html, encoding="utf-8")
        crawl.html[path.name] = visit
    shot = SCREENSHOTS.get((visit.name, visit.actor))
    if shot and visit.state == "GET":
        screenshot(page, f"{shot}-{visit.viewport}")


def _settle(page, visit: Visit) -> None:
    """The maps fetch their points after the load: wait for them (half a second of quiet) there only."""
    if "map" in visit.name or visit.name.startswith("dashboards:"):
        page.wait_for_load_state("networkidle")


def _visit(page, live_server, visit: Visit, crawl: Crawl, html_dir: Path, *, keep_html: bool) -> None:
    response = page.goto(live_server.url + visit.url)
    if response is None or response.status != 200:
        crawl.errors.append((f"status {response and response.status}", str(visit)))
        return
    _settle(page, visit)
    _check(page, visit, crawl, html_dir, response.text() if keep_html else None)


def _visit_error_state(page, live_server, visit: Visit, crawl: Crawl, html_dir: Path) -> None:
    response = page.goto(live_server.url + visit.url)
    if response is None or response.status != 200 or not page.locator("main form[method=post]").count():
        return
    with page.expect_navigation() as navigation:
        page.evaluate(_EMPTY_POST)
    response = navigation.value
    if response.status >= 500:
        crawl.errors.append((f"status {response.status}", str(visit)))
    if response.status != 200 or response.request.method != "POST":
        return  # refused or redirected: no form to look at
    _settle(page, visit)
    _check(page, visit, crawl, html_dir, response.text())


@pytest.fixture(scope="module")
def crawl(browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory) -> Crawl:
    html_dir = tmp_path_factory.mktemp("a11y-html")
    # The live server's host is allowed only inside a test; this crawl runs before the tests.
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("a11y-media")),
                              ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "localhost", "testserver"])
    media.enable()
    result = Crawl(html_dir=html_dir)
    started = time.monotonic()
    try:
        with django_db_blocker.unblock():
            try:
                world = build_world(None)
                # A page is HTML for every actor let in, or a download for every one.
                pages = [(name, url, actors) for name, url, actors in _pages(world)
                         if _is_html(world, actors[0], url)]
                visits: list[Visit] = []
                for name, url, actors in pages:
                    visits.extend(Visit(name, url, actor, viewport) for viewport in VIEWPORTS for actor in actors)
                forms = [(name, url) for name, url, actors in pages
                         if "office" in actors and _rerenders_on_post(name, world)]
                by_context: dict[tuple[str, str], list[Visit]] = {}
                for visit in visits:
                    by_context.setdefault((visit.actor, visit.viewport), []).append(visit)
                for (actor, viewport), group in by_context.items():
                    group_started = time.monotonic()
                    context = _context(browser, live_server, world, actor, viewport)
                    page = context.new_page()
                    for visit in group:
                        _visit(page, live_server, visit, result, html_dir, keep_html=viewport == "desktop")
                    if (actor, viewport) == ("office", "desktop"):
                        # Last: an empty POST that does pass would change what later pages show.
                        for name, url in forms:
                            _visit_error_state(page, live_server, Visit(name, url, actor, viewport, "POST"),
                                               result, html_dir)
                    context.close()
                    result.per_viewport[viewport] = result.per_viewport.get(viewport, 0.0) + (
                        time.monotonic() - group_started)
            finally:
                call_command("flush", interactive=False, verbosity=0)
    finally:
        media.disable()
    result.seconds = time.monotonic() - started
    print(f"\naccessibility crawl: {result.visits} page checks ({result.error_states} forms after an empty POST), "
          f"{len(result.html)} HTML files, {result.seconds:.0f} s ("
          + ", ".join(f"{viewport} {seconds:.0f} s" for viewport, seconds in result.per_viewport.items()) + ")")
    return result


def _listing(findings: list[tuple[str, str]]) -> str:
    """One line per finding and where it is, the places of a repeated finding folded after the first five."""
    places: dict[str, list[str]] = {}
    for what, where in findings:
        places.setdefault(what, []).append(where)
    lines = []
    for what, wheres in sorted(places.items()):
        more = f" and {len(wheres) - 5} more" if len(wheres) > 5 else ""
        lines.append(f"{what}\n    on " + "\n    on ".join(wheres[:5]) + more)
    return f"{len(findings)} found ({len(places)} distinct):\n" + "\n".join(lines)


def test_every_page_opens(crawl):
    assert crawl.visits > 100
    assert not crawl.errors, _listing(crawl.errors)


def test_every_page_passes_axe_wcag21_aa(crawl):
    assert not crawl.axe, _listing(crawl.axe)


def test_every_aria_reference_names_an_element(crawl):
    """Help texts and labels reach screen readers: no aria-describedby points nowhere."""
    assert not crawl.aria, _listing(crawl.aria)


def test_phone_form_controls_are_at_least_44px(crawl):
    assert not crawl.targets, _listing(crawl.targets)


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    missing = None
    if java is None:
        missing = "no java on PATH (the Nu HTML checker needs Java 11+)"
    elif not VNU_JAR.exists():
        missing = f"no {VNU_JAR}; run scripts/vnu.sh (make test does)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the Nu HTML checker is required in CI: {missing}")
        pytest.skip(missing)
    return [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]


def test_every_page_is_valid_html(crawl):
    command = _vnu_command()
    files = [str(crawl.html_dir / name) for name in crawl.html]
    assert files
    run = subprocess.run([*command, *files], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stdout or "{}").get("messages", [])
    assert run.returncode in (0, 1), run.stderr
    findings = [
        (m.get("message"), f"{crawl.html[Path(m.get('url', '')).name]}, line {m.get('lastLine', '?')}")
        for m in messages if m.get("type") == "error"
    ]
    assert not findings, _listing(findings)

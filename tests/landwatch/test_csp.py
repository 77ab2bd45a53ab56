"""Guards for issue #26: user text reaches HTML in our scripts only through static/landwatch/safe.js,
and nothing we serve needs an inline style (the policy allows none).

These read the source, so a new ``el.innerHTML = …``, ``marker.bindTooltip(title)``, an
ECharts ``formatter`` of our own or a ``style="…"`` in a template fails the suite before any
browser sees it; tests/landwatch/test_browser_script_sinks.py and test_browser_csp.py check
the same in Chromium.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "static" / "landwatch" / "safe.js"

# Sinks that turn a string into markup: never in our scripts, whatever the string.
RAW_SINKS = [
    r"\.innerHTML\b",
    r"\.outerHTML\b",
    r"\binsertAdjacentHTML\b",
    r"\bdocument\.write(ln)?\s*\(",
    r"\bcreateContextualFragment\b",
    r"\bDOMParser\b",
    r"\.srcdoc\b",
    r"\.html\s*\(",  # jQuery-like
    r"\bhtmx\.swap\s*\(",
    r"\bsetAttribute\s*\(\s*['\"](style|on\w+|srcdoc)['\"]",  # inline style (CSP) or handler
]
# Library calls and options that insert a string as HTML (Leaflet's tooltips, popups, divIcon
# and attribution; ECharts' formatters): their value must come from the helper (``LW.``).
HELPED_SINKS = [
    r"\.(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent|setPrefix|addAttribution)\s*\(",
    r"\b(html|content|formatter|attribution|prefix)\s*[:=]",
]


def sinks(source: str) -> list[str]:
    """The lines of a script that reach an HTML sink other than through ``LW.``."""
    source = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), source, flags=re.S)
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        code = re.sub(r"^\s*//.*", "", line)
        if any(re.search(p, code) for p in RAW_SINKS) or any(
            re.search(p + r"(?!\s*LW\.)", code) for p in HELPED_SINKS
        ):
            found.append(f"{number}: {line.strip()}")
    return found


def our_scripts() -> list[Path]:
    static = ROOT / "static"
    return sorted(p for p in static.rglob("*.js") if "vendor" not in p.relative_to(static).parts)


def test_the_guard_catches_each_kind_of_sink():
    for bad in (
        "el.innerHTML = label;",
        "box.insertAdjacentHTML('beforeend', x);",
        "marker.bindTooltip(el.dataset.label, { direction: 'top' });",
        "layer.bindPopup(popup(c.label))",
        "L.tooltip().setContent(name)",
        "L.divIcon({ html: '<b>' + name + '</b>' })",
        "option.tooltip = { formatter: function (p) { return p.name; } };",
        "L.tileLayer(url, { attribution: settings.attribution })",
        "el.setAttribute('style', 'width:' + w)",
        "document.write(x)",
    ):
        assert sinks(bad), bad
    for good in (
        "marker.bindTooltip(LW.el('span', null, [label]), { direction: 'top' });",
        "L.divIcon({ html: LW.el('span', { className: 'pin' }) })",
        "option.tooltip = { formatter: LW.chartTooltip };",
        "L.tileLayer(url, { attribution: LW.escapeHtml(settings.attribution) })",
        "status.textContent = file.name;",
        "el.style.height = h + 'px';",
        "// a comment about innerHTML",
    ):
        assert not sinks(good), good


def test_our_scripts_reach_html_only_through_the_helper():
    scripts = our_scripts()
    assert HELPER in scripts and len(scripts) >= 8
    found = {str(p.relative_to(ROOT)): sinks(p.read_text(encoding="utf-8")) for p in scripts if p != HELPER}
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_the_helper_is_loaded_before_every_page_script():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert base.index("landwatch/safe.js") < base.index("{% block scripts %}")
    # htmx would otherwise inject a <style> element for its indicator (refused by the CSP).
    assert '"includeIndicatorStyles":false' in base


def _templates() -> list[Path]:
    return sorted(
        p for p in ROOT.rglob("templates/**/*.html") if not {".venv", "node_modules"} & set(p.relative_to(ROOT).parts)
    )


# Packed into the evidence ZIP and opened from disk: no server, no CSP, and no stylesheet beside it.
OFFLINE_TEMPLATES = {"documents/templates/documents/evidence_index.html"}


def test_no_template_carries_inline_style_or_script():
    templates = _templates()
    assert len(templates) > 50
    found = {}
    for path in templates:
        name = str(path.relative_to(ROOT))
        if name in OFFLINE_TEMPLATES:
            continue
        html = path.read_text(encoding="utf-8")
        hits = re.findall(r"""\sstyle\s*=|<style\b|\son[a-z]+\s*=\s*["']|<script(?![^>]*\bsrc=)[^>]*>""", html)
        if hits:
            found[name] = hits
    assert found == {}


@pytest.mark.django_db
def test_the_policy_allows_no_inline_style_nor_script(client, office):
    client.force_login(office)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["style-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_error_pages_take_their_style_from_a_file():
    from django.template.loader import render_to_string

    for name in ("500.html", "landwatch/db_unavailable.html"):
        html = render_to_string(name)
        assert "css/plain.css" in html and "style=" not in html

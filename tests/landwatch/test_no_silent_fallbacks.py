"""No silent fallbacks (issue #26, finding 13): a renamed URL, module or class must fail, not vanish.

``except ImportError`` around one of our imports, ``except NoReverseMatch`` around a reverse(),
``getattr(module, "SomeClass", None)`` and a template's ``{% url … as var %}`` (which swallows
NoReverseMatch and leaves the variable empty) all turn a rename into a link or a filter that
quietly disappears from the page while every test stays green. Where something is legitimately
absent (a link a role may not follow, a report without a campaign) the code says so with an
explicit condition instead. This test reads the sources and names every place that brings the
pattern back.
"""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = (
    "landwatch", "territory", "patrols", "patches", "cases", "campaigns", "documents", "dashboards", "bench", "scripts",
    "tests",
)
TEMPLATE_DIRS = ("templates", *(f"{app}/templates" for app in PACKAGES))

PYTHON_PATTERNS = {
    "except ImportError": re.compile(r"except\b[^:\n]*\b(ImportError|ModuleNotFoundError)\b"),
    "except NoReverseMatch": re.compile(r"except\b[^:\n]*\bNoReverseMatch\b"),
    "getattr(…, 'Class', default)": re.compile(r"getattr\([^,\n]+,\s*[\"'][A-Z]\w*[\"']\s*,"),
}
TEMPLATE_PATTERNS = {
    "{% url … as var %}": re.compile(r"\{%\s*url\b[^%]*\bas\s+\w+\s*%\}"),
}


def _offences(files, patterns) -> list[str]:
    found = []
    for path in files:
        if path.resolve() == pathlib.Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for name, pattern in patterns.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {name}: {line.strip()}")
    return found


def _python_files():
    for package in PACKAGES:
        yield from (p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from (ROOT / folder).rglob("*.html")


def test_no_python_fallback_hides_a_missing_url_module_or_class():
    found = _offences(_python_files(), PYTHON_PATTERNS)
    assert not found, "silent fallbacks (remove them; an absent thing is an explicit condition):\n" + "\n".join(found)


def test_no_template_url_tag_swallows_a_missing_url():
    found = _offences(_templates(), TEMPLATE_PATTERNS)
    assert not found, "{% url … as var %} hides a renamed URL; write {% url … %} in place:\n" + "\n".join(found)


def test_the_scan_sees_the_patterns(tmp_path):
    """The patterns match what they are meant to (a scan that matches nothing proves nothing)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "try:\n    import x\nexcept ImportError:\n    pass\n"
        "try:\n    reverse('a')\nexcept (NoReverseMatch, KeyError):\n    pass\n"
        "cls = getattr(filters, 'CaseFilter', None)\n"
        "ok = getattr(user, 'pk', None)\n",
        encoding="utf-8",
    )
    template = tmp_path / "t.html"
    template.write_text("{% url 'cases:list' as u %}{% url 'cases:list' %}", encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert len(_offences([sample], PYTHON_PATTERNS)) == 3
        assert len(_offences([template], TEMPLATE_PATTERNS)) == 1
    finally:
        ROOT = saved

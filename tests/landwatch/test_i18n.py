"""The zh_Hans catalogs are complete, and every committed .mo matches its .po."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["territory", "patrols", "patches", "cases", "campaigns", "dashboards", "documents"]
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "media", "staticfiles", "node_modules", "__pycache__", "test-artifacts"
)


def _catalogs() -> list[Path]:
    return sorted(p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts)


pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext (msgfmt) is not installed")


def test_there_is_a_project_catalog():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in _catalogs()


@pytest.mark.parametrize("po", _catalogs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_has_no_untranslated_or_fuzzy_entries(po):
    stats = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert stats.returncode == 0, stats.stderr
    assert "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr, stats.stderr


@pytest.mark.parametrize("po", _catalogs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_translation_is_the_one_the_pages_show(po):
    """Django merges every catalog, the earlier app (and the admin's) winning a msgid they share.

    So an entry translated one way here and another way elsewhere shows the other way: 警告 on a
    disciplinary measure read 预警, the re-inspection's findings read 线索. A word that means
    something else in one place takes a context (pgettext); a synonym takes the shown wording.
    """
    import polib
    from django.utils import translation

    shown_otherwise = []
    with translation.override("zh-hans"):
        for entry in polib.pofile(str(po)):
            if entry.obsolete:
                continue
            context, msgid, plural = entry.msgctxt, entry.msgid, entry.msgid_plural
            if plural:
                want = entry.msgstr_plural[0]
                if context:
                    shown = translation.npgettext(context, msgid, plural, 1)
                else:
                    shown = translation.ngettext(msgid, plural, 1)
            else:
                want = entry.msgstr
                shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if shown != want:
                shown_otherwise.append(f"{context or ''}|{msgid}: {want} is shown as {shown}")
    assert not shown_otherwise, "\n".join(shown_otherwise)


@pytest.mark.parametrize("po", _catalogs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_mo_matches_po(po, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    assert fresh.read_bytes() == po.with_suffix(".mo").read_bytes(), f"run `make compilemessages` for {po}"


def test_every_source_string_is_in_a_catalog(tmp_path):
    """Regenerate the catalogs from the source in a copy and compare msgid sets."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    # The django-admin script, not ``python -m django``: the latter would put the app folder
    # on sys.path, where patrols/selectors.py shadows the standard library's selectors.
    django_admin = [str(Path(sys.executable).parent / "django-admin")]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    for app in APPS:
        if (copy / app / "locale").is_dir():
            subprocess.run(
                [*django_admin, "makemessages", "-l", "zh_Hans"],
                cwd=copy / app, env=env, check=True, capture_output=True,
            )
    ignores = [arg for app in APPS for arg in ("-i", app)] + ["-i", "tests", "-i", "scripts", "-i", "bench"]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", *ignores],
        cwd=copy,
        env={**env, "DEBUG": "true", "PYTHONPATH": str(copy)},
        check=True,
        capture_output=True,
    )
    missing = []
    for po in copy.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        committed = ROOT / po.relative_to(copy)
        result = subprocess.run(
            ["msgcmp", "--use-untranslated", str(committed), str(po)], capture_output=True, text=True
        )
        if result.returncode != 0:
            missing.append(result.stderr[-2000:])
    assert not missing, "\n".join(missing) + "\nrun `make messages` and translate the new entries"

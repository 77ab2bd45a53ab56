"""The import direction of docs/ARCHITECTURE.md, checked by import-linter with the suite.

The contract is in pyproject.toml ([tool.importlinter]). The second test proves the check is
live: a copy of the sources with one upward import added must break it.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd, env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        capture_output=True, text=True, timeout=300,
    )


def test_apps_import_only_downward():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_is_in_the_contract():
    """A new app must be given its layer, or the check would silently not look at it."""
    from django.conf import settings

    ours = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    assert ours == set(_config()["root_packages"])


def test_an_upward_import_breaks_the_contract(tmp_path):
    for package in _config()["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns(
            "__pycache__", "locale", "templates", "static", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    assert _lint(tmp_path).returncode == 0
    (tmp_path / "landwatch" / "upward.py").write_text("from cases.models import ViolationCase  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "landwatch is not allowed to import cases" in result.stdout

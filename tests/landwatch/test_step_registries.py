"""The demo and the scale generator are each app's own steps, named in settings; landwatch only runs them.

So a new feature extends its own app's demo or scale step, and landwatch does not know every
app's tables (issue #18, point 3).
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

ROOT = Path(settings.BASE_DIR)
RUNNERS = [
    "landwatch/demo.py",
    "landwatch/scale.py",
    "landwatch/management/commands/loaddemo.py",
    "landwatch/management/commands/generate_scale.py",
]
DOMAIN_APPS = {"patrols", "territory", "cases", "documents", "campaigns", "dashboards"}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", RUNNERS)
def test_the_runners_import_no_domain_app(path):
    assert not _imported_packages(ROOT / path) & DOMAIN_APPS


@pytest.mark.parametrize("setting", ["LANDWATCH_DEMO_STEPS", "LANDWATCH_SCALE_STEPS"])
def test_every_step_is_an_apps_own_and_imports(setting):
    for path in getattr(settings, setting):
        assert path.split(".")[0] in DOMAIN_APPS, path
        assert callable(import_string(path)), path

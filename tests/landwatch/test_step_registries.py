"""The demo and the scale generator are each app's own steps, named in settings; landwatch only runs them.

So a new feature extends its own app's demo or scale step, and landwatch does not know every
app's tables (issue #18, point 3). That the runners import no app is the import contract's
(tests/landwatch/test_architecture.py).
"""

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

DOMAIN_APPS = {"deadlines", "patrols", "patches", "territory", "cases", "documents", "campaigns", "reports",
               "dashboards", "reminders"}


@pytest.mark.parametrize("setting", ["LANDWATCH_DEMO_STEPS", "LANDWATCH_SCALE_STEPS"])
def test_every_step_is_an_apps_own_and_imports(setting):
    for path in getattr(settings, setting):
        assert path.split(".")[0] in DOMAIN_APPS, path
        assert callable(import_string(path)), path

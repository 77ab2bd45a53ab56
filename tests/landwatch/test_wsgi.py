"""A gunicorn worker starts with what it loaded frozen out of the garbage collector's walks.

A full collection walked the worker's whole heap (Django, the apps, the views: ~145,000
objects) in 37-47 ms, inside whichever request triggered it; ``landwatch.wsgi`` freezes what
it loaded, views included, so that a collection walks what the requests allocate only.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json, sys
import landwatch.wsgi
views = [name for name in ("cases.views", "dashboards.views", "campaigns.views") if name in sys.modules]
print(json.dumps({"frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects()), "views": views}))
"""


def test_the_worker_freezes_what_it_loaded_with_its_views():
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "landwatch.settings"},
    )
    assert run.returncode == 0, run.stderr
    probe = json.loads(run.stdout.strip().splitlines()[-1])
    # The views are loaded before the first request, and frozen with the rest.
    assert probe["views"] == ["cases.views", "dashboards.views", "campaigns.views"]
    assert probe["frozen"] > 50_000
    assert probe["tracked"] < 1_000

"""`make run` on SQLite: the demo loads and every page its logins reach opens, none an error page.

The suite's database is PostgreSQL, so the SQLite world is made in a process of its own
(``sqlite_pages.py``, the environment of `make run`: DEBUG on, a SQLite file, the demo). A query
SQLite refuses, or a page that fails on the demo's own data, shows here with its URL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_the_demo_logins_reach_opens_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG"}}
    env |= {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MEDIA_ROOT": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests/landwatch/sqlite_pages.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    views = set().union(*map(set, outcome["opened"].values()))
    # The crawl reached the pages a clerk and a leader live in, and most of the others.
    assert {"dashboards:index", "cases:list", "cases:detail", "patrols:coverage", "documents:evidence",
            "campaigns:detail"} <= views, sorted(views)
    assert len(views) >= 100, sorted(views)
    assert all(len(opened) >= 30 for opened in outcome["opened"].values()), outcome["opened"]

"""`make run` on SQLite: clerks who save at the same moment all get their case, none an error page.

The suite's database is PostgreSQL, so the SQLite world is made in a process of its own
(``sqlite_writers.py``, the environment of `make run`: DEBUG on, a SQLite file).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_eight_simultaneous_registrations_on_sqlite_all_succeed_with_distinct_numbers(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG"}}
    env |= {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MEDIA_ROOT": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests/landwatch/sqlite_writers.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    # 302: each was sent on to its new case; a 500/503 here is the "database is locked" page.
    assert outcome["statuses"] == [302] * 8, result.stderr[-3000:]
    assert len(set(outcome["numbers"])) == 8

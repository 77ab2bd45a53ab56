"""Run a script of the suite on SQLite, `make run`'s database, in a process of its own (the suite's
database is PostgreSQL): DEBUG on, a fresh SQLite file and media folder under ``tmp_path``."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_on_sqlite(script: str, tmp_path: Path, *, timeout: int) -> dict:
    """The JSON of the last line ``script`` (a path from the project's root) printed; its error
    output in the failure when it did not end well."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG"}}
    env |= {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MEDIA_ROOT": str(tmp_path)}
    result = subprocess.run([sys.executable, str(ROOT / script)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])

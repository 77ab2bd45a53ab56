"""A test stuck for good is stopped, fails, and is named with where it waited (tests/watchdog.py).

Each case runs pytest in a subprocess on a small test file, with the watchdog's limit at two
seconds, and reads what that run printed at its end.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

STUCK = '''
import os, signal, threading

import psycopg2
import pytest
from django.conf import settings

from landwatch.backup import pg_params
from tests import watchdog


def _connect(**extra):
    params = pg_params(settings.DATABASES["default"]) | {"dbname": "postgres", **extra}
    return psycopg2.connect(**{k: v for k, v in params.items() if v})


def test_on_a_lock_another_session_holds():
    holder = _connect(application_name="the-holder")
    holder.autocommit = True
    holder.cursor().execute("SELECT pg_advisory_lock(4242)")
    waiter = _connect(application_name=watchdog.APPLICATION_NAME)
    waiter.autocommit = True
    waiter.cursor().execute("SELECT pg_advisory_lock(4242)")


def test_on_a_thread_that_never_answers():
    threading.Event().wait()


def test_on_a_pipe_nobody_writes():
    read, write = os.pipe()
    os.read(read, 1)


def test_that_runs_after_them():
    pass


def test_deaf_to_the_signal():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})
    threading.Event().wait()
'''


def _run(tmp_path, *select: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_stuck.py").write_text(textwrap.dedent(STUCK))
    env = os.environ | {"TEST_WATCHDOG_SECONDS": "2", "TEST_WATCHDOG_GRACE_SECONDS": "3",
                        "DJANGO_SETTINGS_MODULE": "landwatch.settings", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.watchdog", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         *(f"{tmp_path / 'test_stuck.py'}::{name}" for name in select)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the lock is PostgreSQL's")
def test_a_test_waiting_on_a_lock_fails_and_the_end_of_the_run_names_it_and_its_blocker(tmp_path):
    result = _run(tmp_path, "test_on_a_lock_another_session_holds", "test_that_runs_after_them")
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 failed, 1 passed" in result.stdout
    tail = result.stderr.strip().splitlines()
    assert tail[-1] == "WATCHDOG stopped test_stuck.py::test_on_a_lock_another_session_holds (call)"
    report = "\n".join(tail)
    assert "call still running after 2 s" in report
    # The waiting session, what it waits for and who holds it; the line of the test it stopped in.
    waiting = next(line for line in tail if "pg_advisory_lock(4242)" in line and "Lock:advisory" in line)
    holder = next(line for line in tail if "[the-holder]" in line)
    assert f"blocked by [{holder.split()[1]}]" in waiting
    assert ' in test_on_a_lock_another_session_holds: waiter.cursor().execute("SELECT pg_advisory_lock(4242)")' \
        in report
    assert "StuckTest: stopped by tests/watchdog.py after 2 s" in result.stdout


def test_a_wait_in_python_or_in_a_system_call_is_stopped_too(tmp_path):
    result = _run(tmp_path, "test_on_a_thread_that_never_answers", "test_on_a_pipe_nobody_writes",
                  "test_that_runs_after_them")
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 failed, 1 passed" in result.stdout
    # Each failure's error line (the short summary at the end is cut or not, as CI is set or not).
    stopped = [line for line in result.stdout.splitlines()
               if line.startswith("E ") and "StuckTest: stopped by tests/watchdog.py after 2 s" in line]
    assert len(stopped) == 2, result.stdout[-3000:]
    tail = result.stderr.strip().splitlines()
    assert tail[-1] == "WATCHDOG stopped test_stuck.py::test_on_a_pipe_nobody_writes (call)"
    assert "WATCHDOG stopped test_stuck.py::test_on_a_thread_that_never_answers (call)" in tail


def test_a_test_that_cannot_be_stopped_ends_the_run_with_its_report(tmp_path):
    result = _run(tmp_path, "test_deaf_to_the_signal", "test_that_runs_after_them")
    assert result.returncode == 3, result.stdout[-3000:] + result.stderr[-3000:]
    tail = result.stderr.strip().splitlines()
    assert tail[-1].startswith("WATCHDOG: the main thread did not return within 3 s")
    assert tail[-2] == "WATCHDOG stopped test_stuck.py::test_deaf_to_the_signal (call)"

"""A test that hangs is stopped, and the run says where it hung (a pytest plugin, tests/conftest.py).

CI keeps only the last lines a run prints, and stops the whole run at its time limit. A test that
waits forever (on a lock another session holds, on a thread or a process that never answers)
would use up the run and leave, at best, the bottom of a stack whose top was cut off.

pytest-timeout was considered: its thread method dumps every thread's stack (the top again lost
in a cut tail) and ends the process; its signal method cannot interrupt a wait inside libpq, which
retries its poll() on EINTR. So this plugin, on a test phase (set-up, call, tear-down) still
running after ``LIMIT_SECONDS``:

- writes a short report: the test, the innermost frames of the main thread and each other
  thread's innermost frame, and the database sessions of the cluster (state, what each waits
  for, whom it is blocked by, its query), and writes it again as the very last lines of the run;
- stops the wait: raises ``StuckTest`` in the main thread by a signal (a blocked system call
  returns on it) and cancels this process's running queries on the server (a wait inside libpq
  returns on that). The test fails with that error and the run goes on.
- If the main thread is still stuck ``GRACE_SECONDS`` later, it ends the run (exit status 3)
  rather than let the CI limit end it with nothing said.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback

import pytest

# Above the longest phase that is not stuck: the browser suite's set-up with its pages (300 s
# here), the benchmark's and the soak's subprocesses (60 and 80 s here; their own limits, 600 + 240
# and 630 s, stop them first). A run of about 30 minutes survives two stuck tests in CI's 90.
LIMIT_SECONDS = int(os.environ.get("TEST_WATCHDOG_SECONDS", "900"))
GRACE_SECONDS = int(os.environ.get("TEST_WATCHDOG_GRACE_SECONDS", "120"))
APPLICATION_NAME = f"pytest-{os.getpid()}"  # this process's database sessions, named in tests/conftest.py

PYTEST_FILES = ("/_pytest/", "/pluggy/")

_reports: list[str] = []
_stuck: list[threading.Event] = []
_capture = None  # pytest's capture manager  # the phase the watchdog fired on, until it ends


class StuckTest(Exception):  # noqa: N818 - what the failed test's report names
    pass


def _raise_stuck(signum, frame):
    if not any(not done.is_set() for done in _stuck):
        return  # the phase ended just before the signal came
    raise StuckTest(f"stopped by tests/watchdog.py after {LIMIT_SECONDS} s: see the report at the end of the run")


def _frames(frame, limit: int) -> list[str]:
    """The innermost ``limit`` frames of a stack, pytest's own left out, one line each, innermost last."""
    lines = []
    stack = [s for s in traceback.extract_stack(frame) if not any(part in s.filename for part in PYTEST_FILES)]
    for summary in stack[-limit:]:
        where = os.path.relpath(summary.filename) if not summary.filename.startswith("<") else summary.filename
        lines.append(f"{where}:{summary.lineno} in {summary.name}: {(summary.line or '').strip()[:100]}")
    return lines


def _server():
    """A connection of its own to the test cluster (autocommit), or None off PostgreSQL."""
    import psycopg2
    from django.conf import settings

    from landwatch.backup import pg_params

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    params = pg_params(db) | {"dbname": "postgres", "connect_timeout": 10}
    conn = psycopg2.connect(**{k: v for k, v in params.items() if v})
    conn.autocommit = True
    return conn


def _database_sessions() -> list[str]:
    """Every other session of the test cluster: who waits for what, blocked by whom, running what."""
    try:
        conn = _server()
        if conn is None:
            return []
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT pid, datname, application_name, state, wait_event_type || ':' || wait_event,"
                " pg_blocking_pids(pid), extract(epoch FROM now() - xact_start)::int,"
                " left(regexp_replace(query, '\\s+', ' ', 'g'), 160)"
                " FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname IS NOT NULL ORDER BY pid"
            )
            rows = cursor.fetchall()
        conn.close()
    except Exception as exc:  # noqa: BLE001 - the report says what it could not read
        return [f"(the sessions could not be read: {type(exc).__name__}: {exc})"]
    return [f"pid {pid} {name} [{app}] {state} waits {wait} blocked by {blockers} in transaction {age} s: {query}"
            for pid, name, app, state, wait, blockers, age, query in rows]


def _cancel_own_queries() -> None:
    """Cancel what this process's sessions are running: a wait on a lock ends in an error."""
    try:
        conn = _server()
        if conn is None:
            return
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity"
                           " WHERE application_name = %s AND state = 'active'", [APPLICATION_NAME])
        conn.close()
    except Exception:  # noqa: BLE001, S110 - the signal still stops a wait outside the database
        pass


def _report(nodeid: str, phase: str) -> str:
    main = threading.main_thread()
    frames = sys._current_frames()
    lines = [f"WATCHDOG {nodeid}: {phase} still running after {LIMIT_SECONDS} s"]
    for thread in threading.enumerate():
        if thread not in (main, threading.current_thread()) and thread.ident in frames:
            inner = _frames(frames[thread.ident], 1)
            lines.append(f"  thread {thread.name}: {inner[0] if inner else '?'}")
    lines.append("  database sessions:")
    lines += [f"    {line}" for line in _database_sessions()]
    lines.append("  main thread, innermost frames last:")
    lines += [f"    {line}" for line in _frames(frames.get(main.ident), 12)] if main.ident in frames else []
    lines.append(f"WATCHDOG stopped {nodeid} ({phase})")
    return "\n".join(lines)


def _fire(nodeid: str, phase: str, done: threading.Event) -> None:
    if done.is_set():
        return
    _stuck.append(done)
    report = _report(nodeid, phase)
    _reports.append(report)
    sys.__stderr__.write(f"\n{report}\n")
    sys.__stderr__.flush()
    # The signal first: pending when a cancelled query returns, it turns the test's error into StuckTest.
    signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR2)
    _cancel_own_queries()
    if not done.wait(GRACE_SECONDS):
        if _capture is not None:  # the test's output is captured: the report must reach the real stderr
            _capture.suspend_global_capture(in_=True)
        sys.__stderr__.write(f"\n{report}\nWATCHDOG: the main thread did not return within {GRACE_SECONDS} s;"
                             " the run ends here\n")
        sys.__stderr__.flush()
        os._exit(3)


def _watched(item, phase: str):
    done = threading.Event()
    timer = threading.Timer(LIMIT_SECONDS, _fire, args=(item.nodeid, phase, done))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        done.set()
        timer.cancel()
        _stuck.clear()


def pytest_configure(config):
    global _capture
    _capture = config.pluginmanager.getplugin("capturemanager")
    signal.signal(signal.SIGUSR2, _raise_stuck)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield from _watched(item, "set-up")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield from _watched(item, "call")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield from _watched(item, "tear-down")


def pytest_unconfigure(config):
    for report in _reports:
        sys.__stderr__.write(f"\n{report}\n")
    sys.__stderr__.flush()

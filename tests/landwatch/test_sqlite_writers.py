"""`make run` on SQLite: clerks who save at the same moment all get their case, none an error page.

The suite's database is PostgreSQL, so the SQLite world is made in a process of its own
(``sqlite_writers.py``, the environment of `make run`: DEBUG on, a SQLite file).
"""

from tests.on_sqlite import run_on_sqlite


def test_eight_simultaneous_registrations_on_sqlite_all_succeed_with_distinct_numbers(tmp_path):
    outcome = run_on_sqlite("tests/landwatch/sqlite_writers.py", tmp_path, timeout=120)
    # 302: each was sent on to its new case; a 500/503 here is the "database is locked" page.
    assert outcome["statuses"] == [302] * 8
    assert len(set(outcome["numbers"])) == 8

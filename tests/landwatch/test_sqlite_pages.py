"""`make run` on SQLite: the demo loads and every page its logins reach opens, none an error page.

The suite's database is PostgreSQL, so the SQLite world is made in a process of its own
(``sqlite_pages.py``, the environment of `make run`: DEBUG on, a SQLite file, the demo). A query
SQLite refuses, or a page that fails on the demo's own data, shows here with its URL.
"""

from tests.on_sqlite import run_on_sqlite


def test_every_page_the_demo_logins_reach_opens_on_sqlite(tmp_path):
    outcome = run_on_sqlite("tests/landwatch/sqlite_pages.py", tmp_path, timeout=600)
    assert outcome["errors"] == []
    views = set().union(*map(set, outcome["opened"].values()))
    # The crawl reached the pages a clerk and a leader live in, and most of the others.
    assert {"dashboards:index", "cases:list", "cases:detail", "patrols:coverage", "documents:evidence",
            "campaigns:detail"} <= views, sorted(views)
    assert len(views) >= 100, sorted(views)
    assert all(len(opened) >= 30 for opened in outcome["opened"].values()), outcome["opened"]

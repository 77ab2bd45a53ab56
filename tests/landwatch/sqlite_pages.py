"""Every page of the demo opens on SQLite (`make run`'s database), as every demo login.

Run by ``test_sqlite_pages.py`` in a process of its own (the suite's database is PostgreSQL),
with ``DATABASE_URL`` naming a fresh SQLite file. It migrates and loads the demo as ``make run``
does, then, as each login of ``territory.demo.LOGINS``, follows every link of ours from the home
page (GET only, breadth first), each view with at most ``VARIANTS`` URLs (objects, filters, pages),
and prints one JSON line: the views each login opened and every answer of 500 or more with its
URL and error. A query that
PostgreSQL takes and SQLite refuses (an ORDER BY inside a UNION, a function SQLite lacks) shows
here and nowhere else in the suite.
"""

import io
import json
import os
import re
import sys
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landwatch.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"  # the test client's host

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

VARIANTS = 3  # URLs followed per view (its objects, a list's filters and pages)
LEFT_OUT = ("/accounts/logout", "/admin/", "/static/", "/media/", "/i18n/")
HREF = re.compile(r'href="(/[^"]*)"')


def crawl(client: Client, errors: list) -> set:
    """The views opened following links from the home page; what failed appended to ``errors``."""
    seen, per_view, queue, opened = {"/"}, Counter(), deque(["/"]), set()
    while queue:
        url = queue.popleft()
        try:
            response = client.get(url)
        except Exception as error:  # noqa: BLE001 (every failure is the finding, with its URL)
            errors.append({"url": url, "error": f"{type(error).__name__}: {error}"[:500]})
            continue
        opened.add(resolve(urlsplit(url).path).view_name)
        if response.status_code >= 500:
            errors.append({"url": url, "error": str(response.status_code)})
            continue
        if 300 <= response.status_code < 400:
            hrefs = [response["Location"]]
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            hrefs = HREF.findall(response.content.decode())
        else:
            continue
        for href in hrefs:
            link = urldefrag(href.replace("&amp;", "&"))[0]
            path = urlsplit(link).path
            if not link.startswith("/") or link in seen or path.startswith(LEFT_OUT):
                continue
            try:
                view = resolve(path).view_name
            except Resolver404:
                continue
            if per_view[view] >= VARIANTS:
                continue
            seen.add(link)
            per_view[view] += 1
            queue.append(link)
    return opened


def main() -> None:
    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0)
    call_command("loaddemo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    from territory.demo import LOGINS

    opened, errors = {}, []
    for username, _label in LOGINS:
        client = Client(raise_request_exception=True)
        client.force_login(get_user_model().objects.get(username=username))
        opened[username] = sorted(crawl(client, errors))
    print(json.dumps({"opened": opened, "errors": errors}, ensure_ascii=False))


if __name__ == "__main__":
    main()

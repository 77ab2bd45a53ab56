"""Eight office clerks register a case at the same moment on a SQLite file, as under `make run`.

Run by ``test_sqlite_writers.py`` in a process of its own (the suite's database is
PostgreSQL): ``python tests/landwatch/sqlite_writers.py`` with ``DATABASE_URL`` naming a
fresh SQLite file and ``DEBUG=true``, the environment `make run` gives. It migrates, loads the
demo territory, logs eight clients in as the office clerk, and lets eight threads (each with
its own connection, as the development server's threads have) post the registration form
behind one barrier. It prints one JSON line: the status of each answer and the case numbers
the database holds afterwards.
"""

import io
import json
import os
import sys
import threading
from pathlib import Path

WRITERS = 8

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landwatch.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def main() -> None:
    assert connection.vendor == "sqlite", connection.vendor
    setup_test_environment()  # the test client's host name, and mail kept in memory
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from cases.models import ViolationCase
    from territory import demo
    from territory.models import ResponsibilityUnit

    demo.load_territory(stdout=io.StringIO())
    office = get_user_model().objects.get(username=demo.OFFICE_CLERK[0])
    village = ResponsibilityUnit.objects.get(code="T01-V01")
    clients = []
    for _ in range(WRITERS):
        client = Client(raise_request_exception=False)
        client.force_login(office)
        clients.append(client)
    connection.close()

    barrier = threading.Barrier(WRITERS)
    statuses: list[int] = [0] * WRITERS

    def register(i: int) -> None:
        form = {
            "party_kind": "person",
            "party_name": f"并发当事人{i}",
            "title": f"并发立案{i}",
            "village": village.pk,
            "location_text": f"第{i}组",
            "land_type": "farmland",
            "area_m2": "120",
            "farmland_area_m2": "0",
            "category": "other",
            "source": "dynamic_patrol",
            "discovered_on": timezone.localdate().isoformat(),
            "confirm_duplicate": "on",
        }
        try:
            barrier.wait()
            statuses[i] = clients[i].post("/cases/register/", form).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = list(ViolationCase.objects.order_by("number").values_list("number", flat=True))
    print(json.dumps({"statuses": statuses, "numbers": numbers}))


if __name__ == "__main__":
    main()

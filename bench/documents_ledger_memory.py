"""Peak memory of the ledger (台账) export for 10,000 and 100,000 cases.

Run against a throwaway PostgreSQL (it creates data!):

    SECRET_KEY=bench DEBUG=false scripts/with-postgres.sh .venv/bin/python bench/documents_ledger_memory.py

It migrates the database, bulk-creates the cases (a tenth of them with a served
rectification notice), then writes the ledger exactly as the download view does
(``documents.ledger.write_ledger`` on the scoped case list) and reports the Python heap
peak (tracemalloc) and the process's peak RSS growth for each size. Bounded memory means
the 100,000-row peak is about the 10,000-row peak, not ten times it.
"""

import datetime
import os
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landwatch.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

SIZES = [10_000, 100_000]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_territory():
    from territory.models import ResponsibilityUnit, UnitKind
    from tests.factories import UserFactory

    township = ResponsibilityUnit.objects.create(name="基准镇", code="BENCH-T", kind=UnitKind.TOWNSHIP,
                                                 document_prefix="基土监")
    village = ResponsibilityUnit.objects.create(name="基准村", code="BENCH-V", kind=UnitKind.VILLAGE, parent=township)
    user = UserFactory(username="bench", is_superuser=True, is_staff=True)
    return township, village, user


def add_cases(total: int, township, village, user) -> None:
    """Bring the number of cases up to ``total``; every tenth one has a served notice."""
    from cases.models import Party, ViolationCase
    from documents.models import CaseDocument

    party, _ = Party.objects.get_or_create(township=township, name="基准当事人")
    existing = ViolationCase.objects.count()
    batch = []
    for n in range(existing, total):
        batch.append(ViolationCase(
            number=f"B{n:07d}", title=f"基准案件{n}", party=party, village=village, location_text=f"{n}号地块",
            area_m2=Decimal("100.50"), farmland_area_m2=Decimal("20"), category="commercial",
            source="dynamic_patrol", discovered_on=datetime.date(2022, 3, 1), created_by=user,
            status="notified" if n % 10 == 0 else "registered",
            deadline=datetime.date(2022, 5, 1) if n % 10 == 0 else None,
        ))
        if len(batch) == 5000:
            ViolationCase.objects.bulk_create(batch)
            batch = []
    if batch:
        ViolationCase.objects.bulk_create(batch)
    docs = []
    notified = ViolationCase.objects.filter(status="notified", documents__isnull=True)
    for pk, number in notified.values_list("pk", "number"):
        seq = int(number[1:]) + 1
        docs.append(CaseDocument(case_id=pk, township=township, kind="rectification", status="served", year=2022,
                                 sequence=seq, reference=f"基土监〔2022〕整改第{seq:03d}号", party_name="基准当事人",
                                 location_text="x", facts="x", legal_basis="x", deadline_days=30,
                                 deadline=datetime.date(2022, 5, 1), issued_on=datetime.date(2022, 4, 1),
                                 created_by=user))
        if len(docs) == 5000:
            CaseDocument.objects.bulk_create(docs)
            docs = []
    if docs:
        CaseDocument.objects.bulk_create(docs)


def measure(user) -> tuple[float, float, float, int]:
    from cases.selectors import case_list
    from documents.ledger import write_ledger

    rss_before = rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    out = write_ledger(case_list(user), title="基准")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = len(out.read())
    return peak / 1024 / 1024, rss_mb() - rss_before, elapsed, size


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    township, village, user = make_territory()
    for total in SIZES:
        add_cases(total, township, village, user)
        peak, rss_growth, elapsed, size = measure(user)
        print(f"{total:>7} cases: Python heap peak {peak:6.1f} MB, peak RSS growth {rss_growth:6.1f} MB, "
              f"file {size / 1024 / 1024:5.1f} MB, {elapsed:5.1f} s")


if __name__ == "__main__":
    main()

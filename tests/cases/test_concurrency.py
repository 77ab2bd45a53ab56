"""Two people at once, on PostgreSQL with real connections: one wins, no duplicate numbers."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, CaseStatus, ViolationCase
from landwatch.vocabulary import DiscoverySource

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(funcs):
    barrier = threading.Barrier(len(funcs))
    results: list = [None] * len(funcs)

    def worker(i, func):
        try:
            barrier.wait(timeout=10)
            results[i] = func()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(funcs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_simultaneous_transitions_exactly_one_wins(case_in, office, officer):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    case = case_in(CaseStatus.NOTIFIED)
    # Each click loaded the case before either pressed the button.
    seen = [ViolationCase.objects.get(pk=case.pk) for _ in range(2)]
    for user in (office, officer):
        user.has_perm("cases.act", case)  # warm the per-user membership cache
    results = run_together([
        lambda: services.record_self_correction(seen[0], by=office, corrected_on=timezone.localdate()),
        lambda: services.record_self_correction(seen[1], by=officer, corrected_on=timezone.localdate()),
    ])
    wins = [r for r in results if isinstance(r, ViolationCase)]
    losses = [r for r in results if isinstance(r, services.StaleCaseError)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert "刚刚被" in losses[0].message or "just changed" in losses[0].message
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED
    assert CaseEvent.objects.filter(case=case, kind="self_corrected").count() == 1


def test_concurrent_registration_gives_no_duplicate_numbers(territory, office, party):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    office.has_perm("cases.register")

    def register(i):
        return lambda: services.register_case(
            by=office, village=territory.village_a, party=party, title=f"并发立案{i}", location_text=f"地块{i}",
            area_m2=Decimal("10"), source=DiscoverySource.REPORT, discovered_on=datetime.date(2026, 11, 1),
        )

    results = run_together([register(i) for i in range(8)])
    assert all(isinstance(r, ViolationCase) for r in results), results
    numbers = sorted(ViolationCase.objects.values_list("number", flat=True))
    year = timezone.localdate().year
    assert numbers == [f"{year}-{n:03d}" for n in range(1, 9)]

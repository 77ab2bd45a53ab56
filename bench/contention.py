#!/usr/bin/env python
"""Write contention: commits per second of concurrent writers, over many townships or in one.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/<a copy of the county> SECRET_KEY=x DEBUG=false \\
        .venv/bin/python bench/contention.py [--seconds 10] [--writers 1,2,5,10]

Each writer is a thread with its own connection that commits small real writes, one per
transaction, for ``--seconds``: a patrol log in a village of its township, a note on a case of
its township, the case handed to another officer (or taken back), and again. Each writer of a
township has a case of its own, in a village of its own where the township has enough. Run
once with the writers spread over the townships (writer i in township i mod 10) and once with
all of them in one township. What it shows: whether writers wait on each other at commit (the
data versions' row locks, landwatch/dataversion.py; the case summaries' rows, per village and
per township, which a reassignment changes: cases/summary.py): spread over townships, commits
per second should grow with the writers as far as the machine allows; in one township they
share one version row and the township's summary rows.

It writes into the database it is given: use a copy (``createdb -T county ...``), never the
county itself. The triggers measured are those of the code that last ran ``migrate`` on it.
"""

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landwatch.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def places(count: int) -> list[dict]:
    """For each of ``count`` townships: a village, cases of the township (one per village, up to
    ten) and a user of it."""
    from django.contrib.auth import get_user_model

    from cases.models import ViolationCase
    from territory.models import ResponsibilityUnit, UnitMembership

    fallback = get_user_model().objects.filter(is_active=True).order_by("pk").first()
    found = []
    for township in ResponsibilityUnit.objects.filter(kind="township").order_by("pk")[:count]:
        village = ResponsibilityUnit.objects.filter(kind="village", township=township).order_by("pk").first()
        cases = list(ViolationCase.objects.filter(village__township=township, status="registered")
                     .order_by("village_id", "pk").distinct("village_id")[:10])
        membership = UnitMembership.objects.filter(unit__township=township, active=True).order_by("pk").first()
        if village is None or not cases:
            continue
        found.append({
            "township": township.pk,
            "village": village,
            "cases": cases,
            "user": membership.user if membership else fallback,
        })
    return found


def write_once(place: dict, n: int, writer: int = 0) -> None:
    """One committed write, by ``n`` mod 3: a patrol log, a note on the writer's case, or that
    case handed to the place's user or taken back (its assignee summaries' rows change)."""
    from django.db import transaction

    from cases.models import CaseEvent, EventKind, ViolationCase
    from patrols.models import PatrolLog

    case = place["cases"][writer % len(place["cases"])]
    with transaction.atomic():
        if n % 3 == 0:
            PatrolLog.objects.create(
                village=place["village"], patrolled_on=datetime.date.today(), started_at=datetime.time(9, 0),
                duration_minutes=60, route="contention bench", created_by=place["user"],
            )
        elif n % 3 == 1:
            CaseEvent.objects.create(case=case, kind=EventKind.NOTE, actor=place["user"], note="contention bench")
        else:
            handed = ViolationCase.objects.filter(pk=case.pk, assignee=place["user"]).update(assignee=None)
            if not handed:
                ViolationCase.objects.filter(pk=case.pk).update(assignee=place["user"])


def run(writer_places: list[dict], seconds: float) -> dict:
    """``len(writer_places)`` writers at once for ``seconds``: commits per second and commit latency."""
    from django.db import connection

    start = threading.Barrier(len(writer_places) + 1)
    latencies: list[list[float]] = [[] for _ in writer_places]
    errors: list[str] = []

    def writer(index: int) -> None:
        try:
            start.wait()
            deadline = time.perf_counter() + seconds
            n = index
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    write_once(writer_places[index], n, index)
                except Exception as error:  # a deadlock or serialization failure counts, and the writer goes on
                    errors.append(type(error).__name__)
                    continue
                latencies[index].append((time.perf_counter() - began) * 1000)
                n += 1
        finally:
            connection.close()

    waiting: list[int] = []
    done = threading.Event()

    def sample_lock_waits() -> None:
        """How many writers wait on a lock (pg_stat_activity), every 10 ms while they run."""
        try:
            with connection.cursor() as cursor:
                while not done.wait(0.01):
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                    waiting.append(cursor.fetchone()[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(writer_places))]
    for thread in threads:
        thread.start()
    sampler = threading.Thread(target=sample_lock_waits)
    start.wait()
    began = time.perf_counter()
    sampler.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    done.set()
    sampler.join()
    all_latencies = sorted(ms for per_writer in latencies for ms in per_writer)
    return {
        "commits_per_s": round(len(all_latencies) / elapsed, 1),
        "median_ms": round(statistics.median(all_latencies), 1) if all_latencies else None,
        "p95_ms": round(all_latencies[int(len(all_latencies) * 0.95) - 1], 1) if all_latencies else None,
        "waiting": round(statistics.mean(waiting), 2) if waiting else 0.0,
        "errors": len(errors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--writers", default="1,2,5,10", help="writer counts, comma-separated")
    parser.add_argument("--townships", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    found = places(args.townships)
    if not found:
        print("no township with a village and a case: load the county first (generate_scale)")
        return 1
    print(f"{len(found)} townships; {args.seconds:g} s per run; writes: a patrol log, a case note, a case "
          "reassigned, in turn")
    print("waiting: writers waiting on a lock, on average (pg_stat_activity sampled every 10 ms)")
    print(f"{'writers':>7} | {'spread: commits/s':>17} {'median ms':>9} {'p95 ms':>7} {'waiting':>7} | "
          f"{'one township: commits/s':>23} {'median ms':>9} {'p95 ms':>7} {'waiting':>7}")
    for count in (int(n) for n in args.writers.split(",")):
        spread = run([found[i % len(found)] for i in range(count)], args.seconds)
        single = run([found[0]] * count, args.seconds)
        print(
            f"{count:>7} | {spread['commits_per_s']:>17} {spread['median_ms']:>9} {spread['p95_ms']:>7} "
            f"{spread['waiting']:>7} | "
            f"{single['commits_per_s']:>23} {single['median_ms']:>9} {single['p95_ms']:>7} {single['waiting']:>7}"
            + (f"   errors: {spread['errors']} / {single['errors']}" if spread["errors"] or single["errors"] else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

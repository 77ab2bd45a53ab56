"""The benchmark's writer: a township at work, committing small real writes while pages are read.

Each write goes through the service a user's request would call, in its own transaction, as
that township's office: a patrol log (patrols.services.create_patrol_log), a case event (the
case handed to the other of two officers, cases.services.assign_cases) or a document (a
stop-work notice drafted, documents.services.create_document). The writes rotate over the
townships and, township by township, over the three kinds, so every township gets every kind.
"""

from __future__ import annotations

import collections
import itertools
import threading
import time
from dataclasses import dataclass

KINDS = ("patrol_log", "case_event", "document")
# Cases a township's writes rotate over: open and still at the office (registered), so that
# both the assignment and the stop-work draft are allowed on them.
CASES_PER_TOWNSHIP = 50


@dataclass
class Township:
    office: object
    officers: list
    villages: list
    cases: list


def townships() -> list[Township]:
    """Every generated township (``SCALE-Tnn``) with its office login, two officers, villages, cases."""
    from django.contrib.auth import get_user_model

    from cases.models import ViolationCase
    from territory.models import ResponsibilityUnit

    User = get_user_model()
    found = []
    for town in ResponsibilityUnit.objects.filter(kind="township", code__startswith="SCALE-T").order_by("code"):
        number = town.code.removeprefix("SCALE-T")
        office = User.objects.filter(username=f"scale_office_{number}").first()
        officers = list(User.objects.filter(username__in=[f"scale_officer_{number}_{i}" for i in (0, 1)]))
        villages = list(ResponsibilityUnit.objects.filter(kind="village", township_id=town.pk).order_by("code")[:20])
        cases = list(
            ViolationCase.objects.filter(village__township_id=town.pk, status="registered").order_by("pk")
            [:CASES_PER_TOWNSHIP]
        )
        if office and len(officers) == 2 and villages and cases:
            found.append(Township(office, officers, villages, cases))
    return found


def write(kind: str, town: Township, n: int) -> None:
    """One committed write of ``kind`` in ``town`` (``n`` picks the village or the case)."""
    from django.db import transaction
    from django.utils import timezone

    from cases import services as case_services
    from cases.models import ViolationCase
    from documents import services as document_services
    from patrols.models import PatrolLog, PatrolResult
    from patrols.services import create_patrol_log

    with transaction.atomic():
        if kind == "patrol_log":
            log = PatrolLog(
                village=town.villages[n % len(town.villages)], patrolled_on=timezone.localdate(),
                duration_minutes=30, result=PatrolResult.NOTHING_FOUND, notes="巡查无异常（基准测试）",
            )
            create_patrol_log(log, by=town.office)
        elif kind == "case_event":
            case = ViolationCase.objects.get(pk=town.cases[n % len(town.cases)].pk)
            to = town.officers[1] if case.assignee_id == town.officers[0].pk else town.officers[0]
            case_services.assign_cases([case], to=to, by=town.office, note="基准测试：轮换承办人")
        elif kind == "document":
            case = town.cases[n % len(town.cases)]
            document_services.create_document(case, by=town.office, kind="stop_work")
        else:
            raise ValueError(kind)


class Writer(threading.Thread):
    """Commits ``rate`` writes a second (on average, paced by the clock) until ``stop()``."""

    def __init__(self, towns: list[Township], *, rate: float) -> None:
        super().__init__(daemon=True)
        self.towns = towns
        self.rate = rate
        self.done: collections.Counter = collections.Counter()
        self.failed: collections.Counter = collections.Counter()
        self.failures: list[str] = []
        self._stop_event = threading.Event()
        self.started_at = self.stopped_at = None

    def run(self) -> None:
        from django.db import connection

        self.started_at = time.monotonic()
        # The first write one interval after the start: over T seconds, T × rate writes.
        next_at = self.started_at + 1 / self.rate
        try:
            for n in itertools.count():
                if self._stop_event.wait(max(0.0, next_at - time.monotonic())):
                    break
                # Township by township, then the next kind: every township gets every kind.
                town = self.towns[n % len(self.towns)]
                kind = KINDS[(n // len(self.towns)) % len(KINDS)]
                try:
                    write(kind, town, n // len(self.towns))
                    self.done[kind] += 1
                except Exception as exc:  # counted and reported: a refused write is a finding, not a crash
                    self.failed[kind] += 1
                    if len(self.failures) < 5:
                        self.failures.append(f"{kind}: {type(exc).__name__}: {exc}")
                next_at += 1 / self.rate
        finally:
            self.stopped_at = time.monotonic()
            connection.close()

    def stop(self) -> dict:
        """Stop, wait for the write under way, and return what was written."""
        self._stop_event.set()
        self.join(timeout=120)
        seconds = (self.stopped_at or time.monotonic()) - self.started_at
        committed = sum(self.done.values())
        return {
            "asked_rate": self.rate,
            "achieved_rate": round(committed / seconds, 2) if seconds else None,
            "seconds": round(seconds, 1),
            "committed": dict(self.done),
            "failed": dict(self.failed),
            "failures": self.failures,
            "townships": len(self.towns),
        }

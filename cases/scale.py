"""The cases' part of the county-scale data (``landwatch/scale.py``): parties, cases, their events and causes.

Inserted in bulk for speed, but as the services would write them (issue #26): the numbers come
from ``services.allocate_case_numbers`` (one call per batch, in the year ``SCALE_YEAR`` that no
real case has, so 9999-001 … tell them apart), and every event's ``data`` from the builder of
its kind in ``events.py``. The served notices of the "notified" events are the documents' part
(``documents/scale.py``).
"""

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from landwatch.scale import COMPANIES, PLACES, VILLAGE_WORDS, ScaleRun, indexes_deferred, insert, person_name
from landwatch.vocabulary import Category, Cause, DiscoverySource
from patches.models import Judgement, Patch, PatchStatus

from . import events
from .enforcement_scale import load_enforcement_stages
from .models import CaseCause, CaseEvent, CaseStatus, Disposition, EventKind, Party, ViolationCase
from .penalty_scale import load_penalty_stages
from .services import allocate_case_numbers
from .summary import SUMMARY_TABLES
from .transitions import default_disposition

CASE_TITLES = ["违法占地建房", "非法占用耕地", "未批先建", "擅自改变土地用途"]
# How often each state occurs in a mature county's data: most cases closed, a real backlog.
STATUS_WEIGHTS_BY_STATUS = {
    "registered": 10,
    "notified": 18,
    "corrected": 8,
    "enforcing": 6,
    "deferred": 4,
    "closed": 40,
    "withdrawn": 3,
}
STATUS_WEIGHTS = list(STATUS_WEIGHTS_BY_STATUS.values())
EVENT_FOR_STATUS = {
    "notified": "notified",
    "corrected": "self_corrected",
    "enforcing": "enforcement_approved",
    "deferred": "deferred",
    "closed": "reinspection_passed",
    "withdrawn": "withdrawn",
}
# The year of the scale cases' numbers: a sequence of its own, no real case's.
SCALE_YEAR = 9999


def scale_cases():
    """The cases the generator made (numbered in ``SCALE_YEAR``)."""
    return ViolationCase.objects.filter(number__startswith=f"{SCALE_YEAR}-")


def long_timeline_case_pk() -> int | None:
    """The case with about twenty events, for the detail page benchmark."""
    return scale_cases().order_by("number").values_list("pk", flat=True).first()


def load_cases(run: ScaleRun) -> None:
    """Top the cases up to ``run.cases``, in batches of ``run.batch``, each with its party, events and causes."""
    rng, today = run.rng, run.today
    towns, campaign = run.shared["towns"], run.shared["campaign"]
    villages_by_town, office_by_town = run.shared["villages_by_town"], run.shared["office_by_town"]
    officers_by_town = run.shared["officers_by_town"]
    existing = scale_cases().count()
    wanted = max(0, run.cases - existing)
    statuses = list(STATUS_WEIGHTS_BY_STATUS)
    categories = [c.value for c in Category]
    sources = [s.value for s in DiscoverySource]
    made = 0
    with transaction.atomic(), indexes_deferred([Party, ViolationCase, CaseEvent, CaseCause], when=wanted > existing):
        while made < wanted:
            n = min(run.batch, wanted - made)
            parties = []
            for _ in range(n):
                town = rng.choice(towns)
                company = rng.random() < 0.25
                parties.append({
                    "township_id": town.pk,
                    "kind": "company" if company else "person",
                    "name": (rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(COMPANIES))
                    if company
                    else person_name(rng),
                    "phone": f"13{rng.randint(100000000, 999999999)}",
                })
            insert(Party, parties)
            rows = []
            numbers = iter(allocate_case_numbers(SCALE_YEAR, n))
            for party in parties:
                town_id = party["township_id"]
                village = rng.choice(villages_by_town[town_id])
                status = rng.choices(statuses, weights=STATUS_WEIGHTS)[0]
                discovered = today - datetime.timedelta(days=rng.randint(0, 3650))
                area = Decimal(rng.randint(20, 5000))
                deadline = None
                if status in ("notified", "enforcing", "corrected"):
                    deadline = today + datetime.timedelta(days=rng.randint(-60, 60))
                rows.append({
                    "number": next(numbers),
                    "title": party["name"] + rng.choice(CASE_TITLES),
                    "party_id": party["id"],
                    "village_id": village.pk,
                    "location_text": f"{village.name}{rng.choice(PLACES)}",
                    "latitude": Decimal("30.75") + Decimal(rng.randint(0, 40000)) / 100000,
                    "longitude": Decimal("120.60") + Decimal(rng.randint(0, 40000)) / 100000,
                    "area_m2": area,
                    "farmland_area_m2": (area * Decimal(rng.choice([0, 0.3, 0.6, 1]))).quantize(Decimal("0.01")),
                    "category": rng.choice(categories),
                    "source": rng.choice(sources),
                    "discovered_on": discovered,
                    "registered_on": discovered,
                    "assignee_id": rng.choice(officers_by_town[town_id]).pk,
                    "campaign_id": campaign.pk if town_id == campaign.township_id else None,
                    "status": status,
                    "deadline": deadline,
                    "closed_on": discovered + datetime.timedelta(days=rng.randint(10, 200))
                    if status == "closed"
                    else None,
                    "description": "规模测试数据。",
                    "created_by_id": office_by_town[town_id].pk,
                })
            insert(ViolationCase, rows)
            timeline = []
            for case in rows:
                registered = events.registered(number=case["number"], category=case["category"],
                                               proposed_disposition=default_disposition(case["category"]))
                changes = [("", "registered", EventKind.REGISTERED, "登记立案", registered)]
                if case["status"] != "registered":
                    changes.append(("registered", case["status"], EVENT_FOR_STATUS[case["status"]], "状态变更",
                                    _status_event_data(case, today)))
                timeline.extend(
                    {"case_id": case["id"], "kind": kind, "from_status": from_status, "to_status": to_status,
                     "actor_id": case["created_by_id"], "note": note, "data": data, "occurred_on": today}
                    for from_status, to_status, kind, note, data in changes
                )
            insert(CaseEvent, timeline)
            _cause_rows(rows, rng)
            made += n
            run.progress(f"cases: {existing + made}/{run.cases}")
    _long_timeline_case()
    # A few cases further along the penalty chain, where the law makes the next step wait days.
    load_penalty_stages(run)
    # And after the decision: enforcement, fines, referrals and 结案 (cases/enforcement_scale.py).
    load_enforcement_stages(run)


def _status_event_data(case: dict, today: datetime.date) -> dict:
    """The data of the event that moved ``case`` (a row being loaded) to its status, by its kind's builder.

    A notified, corrected or enforcing case was served its notice a week after discovery.
    """
    status = case["status"]
    served_on = min(case["discovered_on"] + datetime.timedelta(days=7), today)
    if status == "notified":
        return events.notified(deadline=case["deadline"], served_on=served_on)
    if status == "corrected":
        return events.self_corrected(corrected_on=min(served_on + datetime.timedelta(days=7), today))
    if status == "enforcing":
        return events.enforcement_approved(deadline=case["deadline"])
    if status == "deferred":
        return events.decided(disposition=Disposition.PLANNING, default=default_disposition(case["category"]),
                              category=case["category"])
    if status == "closed":
        return events.reinspection_passed(inspected_on=case["closed_on"])
    return events.withdrawn()


def _cause_rows(cases: list[dict], rng: random.Random) -> None:
    causes = [c.value for c in Cause]
    insert(
        CaseCause,
        [{"case_id": case["id"], "cause": cause} for case in cases for cause in rng.sample(causes, rng.randint(1, 2))],
    )


def _long_timeline_case() -> None:
    """One case with about twenty events, for the detail page benchmark."""
    case = scale_cases().order_by("number").first()
    if case is None or case.events.count() >= 20:
        return
    insert(
        CaseEvent,
        [
            {"case_id": case.pk, "kind": EventKind.NOTE, "actor_id": case.created_by_id, "note": f"第{i + 1}次处理记录",
             "data": events.note(), "occurred_on": timezone.localdate()}
            for i in range(20 - case.events.count())
        ],
    )


def link_patches(run: ScaleRun) -> None:
    """Two of each township's confirmed illegal 卫片 patches (patches/scale.py) in closed cases of their
    village's township: the soak's desks close them out (销号)."""
    for town in run.shared["towns"]:
        waiting = list(Patch.objects.filter(township=town, status=PatchStatus.CONFIRMED, judgement=Judgement.ILLEGAL,
                                            case__isnull=True, village__isnull=False).order_by("number")[:2])
        closed = list(ViolationCase.objects.filter(village__township=town, status=CaseStatus.CLOSED)
                      .order_by("pk").values_list("pk", flat=True)[:len(waiting)])
        for patch, case in zip(waiting, closed, strict=False):
            Patch.objects.filter(pk=patch.pk).update(case_id=case)


def compact_summaries(run: ScaleRun) -> None:
    """The case summaries (cases/summary.py) rewritten compact after the load.

    Each batch of the load adds to every summary row in one transaction, so each row left one
    dead copy per batch: at county scale the assignee summary took 438 pages for 47 pages of
    rows, and every dashboard and list that read it read them all. A county that registers its
    cases over the years keeps its summaries near their size (autovacuum reclaims the copies).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # VACUUM runs outside a transaction only (a test's load is one)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL {', '.join(SUMMARY_TABLES)}")

"""A small township whose every dashboard figure is counted by hand below.

Township A: village A1 and A2; township B: village B1 (never counted for A's users).

| # | village | status     | category          | area | notes                                   |
|---|---------|------------|-------------------|------|-----------------------------------------|
| 1 | A1      | registered | commercial        | 100  | unassigned; cause planning_limits       |
| 2 | A1      | notified   | extra_homestead   | 200  | officer; deadline 2 days ago (overdue);  |
|   |         |            |                   |      | causes planning_limits, weak_management |
| 3 | A1      | notified   | extra_homestead   |  50  | other officer; deadline tomorrow (soon) |
| 4 | A1      | closed     | farmland_breeding | 300  | officer; closed today                   |
| 5 | A2      | closed     | villager_housing  | 400  | other officer; closed 30 days ago;      |
|   |         |            |                   |      | cause housing_freeze                    |
| 6 | A2      | withdrawn  | other             | 999  | not counted anywhere                    |
| 7 | A2      | deferred   | villager_housing  |  60  | other officer; cause housing_freeze     |
| 8 | B1      | registered | commercial        | 5000 | township B; unassigned                  |
| 9 | B1      | notified   | commercial        |  70  | township B; overdue; assigned to        |
|   |         |            |                   |      | other_office (not a joint-team officer) |

Cases 1 and 8 have no assignee (the assignee chart's "unassigned" bar); case 2 carries two
causes (the cause chart counts it twice, once per bar, and each bar's list once).

Township A: total 6 (withdrawn left out: total = open + closed), withdrawn 1, open 4, closed 2,
overdue 1, due soon 1, closed this week 1, area 1110 m², area restored 700 m².
Findings: two reported in A1, one dismissed in A1, one reported in B1. Projects (active):
one idle card in A1 (warned), one card without warnings in A2, one idle card in B1, one
archived idle card in A1. Patrols: a weekly plan (twice a week) covering A1 and A2 → 4
planned this week; one patrol in A1 today.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cases.models import CaseCause, CaseStatus, Disposition
from landwatch.vocabulary import Category, Cause
from patrols.models import ConstructionStatus, FindingStatus
from tests.factories import (
    LandProjectFactory,
    PartyFactory,
    PatrolFindingFactory,
    PatrolLogFactory,
    PatrolPlanFactory,
    ViolationCaseFactory,
)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def township_data(territory, office, officer, other_officer, other_office, today):
    t = territory
    party_a = PartyFactory(township=t.township)
    party_b = PartyFactory(township=t.other_township)
    day = datetime.timedelta(days=1)

    def case(village, status, category, area, **kw):
        if status in (CaseStatus.NOTIFIED, CaseStatus.CLOSED) or status == CaseStatus.DEFERRED:
            kw.setdefault("disposition", Disposition.DEMOLISH)
        return ViolationCaseFactory(
            village=village,
            party=party_a if village.township_id == t.township.pk else party_b,
            status=status,
            category=category,
            area_m2=Decimal(area),
            created_by=office,
            **kw,
        )

    cases = SimpleNamespace(
        c1=case(t.village_a, CaseStatus.REGISTERED, Category.COMMERCIAL, 100),
        c2=case(
            t.village_a, CaseStatus.NOTIFIED, Category.EXTRA_HOMESTEAD, 200, assignee=officer, deadline=today - 2 * day
        ),
        c3=case(
            t.village_a, CaseStatus.NOTIFIED, Category.EXTRA_HOMESTEAD, 50, assignee=other_officer, deadline=today + day
        ),
        c4=case(t.village_a, CaseStatus.CLOSED, Category.FARMLAND_BREEDING, 300, assignee=officer, closed_on=today),
        c5=case(
            t.village_b,
            CaseStatus.CLOSED,
            Category.VILLAGER_HOUSING,
            400,
            closed_on=today - 30 * day,
            assignee=other_officer,
        ),
        c6=case(t.village_b, CaseStatus.WITHDRAWN, Category.OTHER, 999, assignee=officer),
        c7=case(
            t.village_b,
            CaseStatus.DEFERRED,
            Category.VILLAGER_HOUSING,
            60,
            disposition=Disposition.PLANNING,
            assignee=other_officer,
        ),
        c8=case(t.other_village, CaseStatus.REGISTERED, Category.COMMERCIAL, 5000),
        c9=case(
            t.other_village,
            CaseStatus.NOTIFIED,
            Category.COMMERCIAL,
            70,
            deadline=today - 3 * day,
            assignee=other_office,
        ),
    )
    for c, cause in [
        (cases.c1, Cause.PLANNING_LIMITS),
        (cases.c2, Cause.PLANNING_LIMITS),
        (cases.c2, Cause.WEAK_MANAGEMENT),
        (cases.c5, Cause.HOUSING_FREEZE),
        (cases.c7, Cause.HOUSING_FREEZE),
        (cases.c6, Cause.HOUSING_FREEZE),  # withdrawn: not counted
        (cases.c8, Cause.DEVELOPMENT_PRESSURE),  # township B
    ]:
        CaseCause.objects.create(case=c, cause=cause)

    log_a = PatrolLogFactory(village=t.village_a, patrolled_on=today, created_by=office)
    PatrolFindingFactory(log=log_a)
    PatrolFindingFactory(log=log_a)
    PatrolFindingFactory(
        log=log_a,
        status=FindingStatus.DISMISSED,
        dismiss_reason="已核实合法",
        handled_at=timezone.now(),
        handled_by=office,
    )
    PatrolFindingFactory(log=PatrolLogFactory(village=t.other_village, patrolled_on=today - 10 * day))
    PatrolPlanFactory(
        responsible_unit=t.office_unit,
        times=2,
        villages=[t.village_a, t.village_b],
        valid_from=today - 100 * day,
        created_by=office,
    )

    long_ago = today - 800 * day
    idle = dict(agreed_start_on=long_ago, agreed_completion_on=today + 300 * day, approved_on=long_ago)
    LandProjectFactory(village=t.village_a, **idle)
    LandProjectFactory(
        village=t.village_b,
        agreed_start_on=today - 10 * day,
        agreed_completion_on=today + 300 * day,
        approved_on=today - 20 * day,
        construction_status=ConstructionStatus.NOT_STARTED,
    )
    LandProjectFactory(village=t.other_village, **idle)
    LandProjectFactory(village=t.village_a, active=False, **idle)
    return cases


EXPECTED_A = {
    "total": 6,
    "open": 4,
    "closed": 2,
    "overdue": 1,
    "due_soon": 1,
    "closed_week": 1,
    "area": Decimal("1110"),
    "area_restored": Decimal("700"),
    "patrols_week": 1,
    "findings": 2,
    "projects_warned": 1,
}
EXPECTED_B = {
    "total": 2,
    "open": 2,
    "closed": 0,
    "overdue": 1,
    "due_soon": 0,
    "closed_week": 0,
    "area": Decimal("5070"),
    "area_restored": Decimal("0"),
    "findings": 1,
    "projects_warned": 1,
}
EXPECTED_A1_COORDINATOR = {
    "total": 4,
    "open": 3,
    "closed": 1,
    "overdue": 1,
    "due_soon": 1,
    "closed_week": 1,
    "findings": 2,
}

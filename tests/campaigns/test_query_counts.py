"""The overview and the report cost the same number of queries for 10 and for 1,000 cases."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import CaseCause, CaseStatus, EnforcementAction, ViolationCase
from tests.factories import PartyFactory, UserFactory

D = datetime.date
STATUSES = [
    CaseStatus.REGISTERED,
    CaseStatus.NOTIFIED,
    CaseStatus.CORRECTED,
    CaseStatus.ENFORCING,
    CaseStatus.DEFERRED,
    CaseStatus.CLOSED,
]


def add_cases(campaign, territory, start: int, count: int) -> None:
    party = PartyFactory(township=territory.township)
    user = UserFactory()
    villages = [territory.village_a, territory.village_b]
    cases = []
    for i in range(start, start + count):
        status = STATUSES[i % len(STATUSES)]
        cases.append(
            ViolationCase(
                number=f"2022-{i:05d}",
                title=f"案件{i}",
                party=party,
                village=villages[i % 2],
                location_text="某地",
                area_m2=Decimal(100),
                category=["commercial", "villager_housing", "farmland_breeding", "extra_homestead", "other"][i % 5],
                source="dynamic_patrol",
                discovered_on=D(2022, 3, 1),
                campaign=campaign,
                assignee=user if i % 3 else None,
                status=status,
                deadline=D(2022, 4, 1) + datetime.timedelta(days=i % 90) if status == CaseStatus.NOTIFIED else None,
                closed_on=D(2022, 5, 1) if status == CaseStatus.CLOSED else None,
                created_by=user,
            )
        )
    created = ViolationCase.objects.bulk_create(cases)
    CaseCause.objects.bulk_create([CaseCause(case=c, cause="housing_freeze") for c in created[::2]])
    EnforcementAction.objects.bulk_create(
        [
            EnforcementAction(case=c, kind="demolition", carried_out_on=D(2022, 4, 2), area_m2=10, recorded_by=user)
            for c in created[::4]
        ]
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["", "report/", "report.xlsx"])
def test_query_count_is_flat_from_10_to_1000_cases(client, leader, campaign, territory, page, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2022, 5, 10))
    client.force_login(leader)
    url = f"/campaigns/{campaign.pk}/{page}"
    add_cases(campaign, territory, 0, 10)
    client.get(url)  # warm the session and caches
    small = count_queries(client, url)
    add_cases(campaign, territory, 10, 990)
    assert ViolationCase.objects.filter(campaign=campaign).count() == 1000
    assert count_queries(client, url) == small
    assert small <= 30

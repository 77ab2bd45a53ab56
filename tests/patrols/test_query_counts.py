"""Lists and coverage cost the same number of queries for 10 logs as for 1,000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patrols.coverage import village_coverage
from patrols.models import LandProject, PatrolFinding, PatrolLog
from tests.factories import LandProjectFactory, PatrolPlanFactory, UnitFactory

pytestmark = pytest.mark.django_db


def make_logs(territory, user, n: int) -> None:
    today = timezone.localdate()
    villages = [territory.village_a, territory.village_b] + [
        UnitFactory(kind="village", parent=territory.township, name=f"村{i}") for i in range(3)
    ]
    logs = PatrolLog.objects.bulk_create(
        PatrolLog(
            village=villages[i % len(villages)],
            patrolled_on=today - datetime.timedelta(days=i % 50),
            created_by=user,
            route="路线",
        )
        for i in range(n)
    )
    PatrolFinding.objects.bulk_create(
        PatrolFinding(log=log, village=log.village, location_text="某处", description="情况", reported_by=user)
        for log in logs[: max(1, n // 5)]
    )
    Departments = PatrolLog.departments.through
    Departments.objects.bulk_create(
        Departments(patrollog_id=log.pk, responsibilityunit_id=territory.department.pk) for log in logs
    )
    PatrolPlanFactory(responsible_unit=territory.office_unit, villages=villages, created_by=user)
    LandProject.objects.bulk_create(
        LandProjectFactory.build(village=villages[i % len(villages)], created_by=user, card_no=f"Q-{n}-{i}")
        for i in range(n // 10 or 1)
    )


def count(client, url) -> int:
    """Queries of one page view, leaving out the session bookkeeping (the security middleware
    refreshes the session now and then, which depends on the clock, not on the rows)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len([q for q in ctx.captured_queries if not _bookkeeping(q["sql"])])


def _bookkeeping(sql: str) -> bool:
    return "django_session" in sql or sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT"))


URLS = ["patrols:log-list", "patrols:finding-list", "patrols:coverage", "patrols:project-list", "home"]


def test_pages_do_not_grow_with_rows(client, territory, office):
    make_logs(territory, office, 10)
    client.force_login(office)
    small = {name: count(client, reverse(name)) for name in URLS}
    make_logs(territory, office, 990)
    large = {name: count(client, reverse(name)) for name in URLS}
    # A paged list that fits on one page takes its total from its rows; a longer one adds
    # one capped count (landwatch.pagination), and nothing more.
    paged = {"patrols:log-list", "patrols:finding-list"}
    assert {n: large[n] - small[n] for n in URLS} == {n: int(n in paged) for n in URLS}
    assert max(large.values()) <= 15, large


def test_log_list_counts_findings_per_row_and_caps_the_total(client, territory, office, monkeypatch):
    monkeypatch.setattr("landwatch.pagination.COUNT_CAP", 5)
    make_logs(territory, office, 60)
    client.force_login(office)
    page = client.get(reverse("patrols:log-list")).context["page"]
    assert len(page.rows) == 50 and page.has_next
    assert page.capped and page.total == 5
    by_pk = {log.pk: log.finding_count for log in page.rows}
    for log in PatrolLog.objects.filter(pk__in=by_pk):
        assert by_pk[log.pk] == log.findings.count()
    assert sum(by_pk.values()) > 0
    second = client.get(reverse("patrols:log-list") + "?page=2").context["page"]
    assert len(second.rows) == 10 and not second.has_next and second.has_previous


def test_coverage_takes_a_fixed_handful_of_queries(territory, office, django_assert_max_num_queries):
    make_logs(territory, office, 1000)
    office._landwatch_memberships = None
    with django_assert_max_num_queries(7):
        rows = village_coverage(office, today=timezone.localdate())
    assert sum(r.done_month for r in rows) > 0

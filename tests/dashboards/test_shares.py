"""The county dashboard as the sum of its townships' shares (dashboards/shares.py): after a committed
write in one township only that township's share is read again, and the page stays exact.

These tests commit (transactional database): a township's version moves when a transaction commits.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from territory.models import ResponsibilityUnit
from tests.factories import PartyFactory, PatrolLogFactory, ViolationCaseFactory
from tests.factories.documents import CaseDocumentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version triggers are PostgreSQL's"),
]

URL = reverse("dashboards:index")


def _case(village, *, by, **fields):
    """A case registered by ``by`` (a factory's new user would be a county-wide write)."""
    return ViolationCaseFactory(party=PartyFactory(township=village.township), village=village, created_by=by,
                                **fields)


def _open(response) -> dict:
    """Each township's "open" figure and the county's, as the page shows them."""
    html = response.content.decode()
    rows = {row.township.name: row.cases["open"] for row in response.context["rows"]}
    rows["county"] = int(re.search(r'data-figure="open" data-value="(\d+)"', html).group(1))
    return rows


def _townships_read(queries) -> set[int]:
    """The townships whose cases the page read again: the case queries' township filters."""
    read = set()
    for query in queries.captured_queries:
        if re.search(r'FROM "cases_(violationcase|casesummary|townshipcasesummary)"', query["sql"]):
            found = re.findall(r'"township_id" IN \(([\d, ]+)\)', query["sql"])
            assert found, query["sql"]  # a share's query reads its townships only
            read.update(int(pk) for pks in found for pk in pks.split(","))
    return read


def _patrols_read(queries) -> set[int]:
    """The townships whose patrol logs the page read again: those the patrol queries filter by, or their villages."""
    townships, villages = set(), set()
    for query in queries.captured_queries:
        if '"patrols_patrollog"' in query["sql"]:
            found = re.findall(r'"township_id" IN \(([\d, ]+)\)', query["sql"])
            in_villages = re.findall(r'"(?:village_id|responsibilityunit_id)" IN \(([\d, ]+)\)', query["sql"])
            assert found or in_villages, query["sql"]  # a share's query reads its townships only
            townships.update(int(pk) for pks in found for pk in pks.split(","))
            villages.update(int(pk) for pks in in_villages for pk in pks.split(","))
    return townships | set(ResponsibilityUnit.objects.filter(pk__in=villages).values_list("township", flat=True))


def test_a_write_in_one_township_reads_that_townships_share_alone(client, territory, office, other_office,
                                                                   county_user):
    a, b = territory.township, territory.other_township
    _case(territory.village_a, by=office, status=CaseStatus.REGISTERED)
    _case(territory.other_village, by=other_office, status=CaseStatus.REGISTERED)
    client.force_login(county_user)
    with CaptureQueriesContext(connection) as cold:
        assert _open(client.get(URL)) == {a.name: 1, b.name: 1, "county": 2}
    assert _townships_read(cold) == {a.pk, b.pk}  # both shares at once, in the same queries

    _case(territory.village_a, by=office, status=CaseStatus.NOTIFIED, deadline=datetime.date.today())
    with CaptureQueriesContext(connection) as after_a:
        assert _open(client.get(URL)) == {a.name: 2, b.name: 1, "county": 3}
    assert _townships_read(after_a) == {a.pk}

    closing = _case(territory.other_village, by=other_office, status=CaseStatus.DEFERRED)
    with CaptureQueriesContext(connection) as after_b:
        assert _open(client.get(URL)) == {a.name: 2, b.name: 2, "county": 4}
    assert _townships_read(after_b) == {b.pk}
    closing.status, closing.closed_on = CaseStatus.CLOSED, datetime.date.today()
    closing.save()
    response = client.get(URL)
    assert _open(response) == {a.name: 2, b.name: 1, "county": 3}
    closed = {c["id"]: c["option"] for c in response.context["charts"]}["chart-closed"]
    assert closed["series"][1]["data"][-1][1] == 1  # the running total of closed cases

    # A patrol log in township A: A's coverage again, B's kept, and A's case tallies kept too.
    PatrolLogFactory(village=territory.village_a, created_by=office, patrolled_on=timezone.localdate())
    with CaptureQueriesContext(connection) as after_log:
        response = client.get(URL)
    assert _patrols_read(after_log) == {a.pk}
    assert _townships_read(after_log) == set()
    assert {row.township.name: row.patrols_week for row in response.context["rows"]} == {a.name: 1, b.name: 0}

    # A case written in B: B's case tallies again, nobody's coverage.
    _case(territory.other_village, by=other_office, status=CaseStatus.REGISTERED)
    with CaptureQueriesContext(connection) as after_case:
        assert _open(client.get(URL)) == {a.name: 2, b.name: 2, "county": 4}
    assert _townships_read(after_case) == {b.pk}
    assert _patrols_read(after_case) == set()

    # A document drafted in A: nothing on the dashboard reads documents, so the page is kept whole.
    CaseDocumentFactory(case=closing)
    with CaptureQueriesContext(connection) as after_document:
        response = client.get(URL)
    assert 'data-figure="open" data-value="4"' in response.content.decode()
    assert "rows" not in response.context  # the body was not drawn again
    assert _townships_read(after_document) == _patrols_read(after_document) == set()

    # Nothing written: the page is kept whole, no case read.
    with CaptureQueriesContext(connection) as kept:
        client.get(URL)
    assert _townships_read(kept) == set()


def test_a_county_wide_write_reads_every_share_again(client, territory, office, other_office, county_user):
    _case(territory.village_a, by=office, status=CaseStatus.REGISTERED, assignee=office)
    _case(territory.other_village, by=other_office, status=CaseStatus.REGISTERED)
    client.force_login(county_user)
    client.get(URL)
    office.first_name = "改名的职员"  # the assignee chart names them
    office.save()
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL)
    assert _townships_read(after) == {territory.township.pk, territory.other_township.pk}
    assignees = {c["id"]: c["option"] for c in response.context["charts"]}["chart-assignee"]
    assert "改名的职员" in assignees["yAxis"]["data"]


def test_each_part_of_a_share_reads_only_the_apps_it_is_kept_under(territory, county_user):
    """A part kept under some apps' versions (``shares.PARTS``) that read another app's rows
    would outlive a write there: each part's queries name only its apps' tables and county-wide ones."""
    from django.apps import apps

    from dashboards import shares
    from landwatch import dataversion

    county_wide = {
        model._meta.db_table for model in apps.get_models(include_auto_created=True)
        if not dataversion.township_paths(model)
    }
    app_of = {model._meta.db_table: model._meta.app_label for model in apps.get_models(include_auto_created=True)}
    _case(territory.village_a, by=county_user, status=CaseStatus.REGISTERED)
    PatrolLogFactory(village=territory.village_a, created_by=county_user)
    pks = [territory.township.pk, territory.other_township.pk]
    today = datetime.date.today()
    compute = {
        "cases": lambda: shares._case_parts(county_user, today=today, townships=pks, group_by="village__township"),
        "field": lambda: shares._field_parts(county_user, today=today, townships=pks),
    }
    assert compute.keys() == shares.PARTS.keys()
    for part, topics in shares.PARTS.items():
        with CaptureQueriesContext(connection) as queries:
            compute[part]()
        tables = {t for q in queries.captured_queries for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
        assert tables, part
        assert {app_of[t] for t in tables - county_wide} <= topics, (part, tables - county_wide)


def test_one_townships_dashboard_keeps_its_two_parts_apart(client, territory, office):
    """A township's own dashboard is its scope's one share, kept in the same two parts."""
    _case(territory.village_a, by=office, status=CaseStatus.REGISTERED)
    client.force_login(office)
    client.get(URL)

    PatrolLogFactory(village=territory.village_a, created_by=office, patrolled_on=timezone.localdate())
    with CaptureQueriesContext(connection) as after_log:
        response = client.get(URL)
    assert not any('FROM "cases_violationcase"' in q["sql"] for q in after_log.captured_queries)
    assert any('"patrols_patrollog"' in q["sql"] for q in after_log.captured_queries)
    assert response.context["headline"].patrols_week == 1

    _case(territory.village_b, by=office, status=CaseStatus.REGISTERED)
    with CaptureQueriesContext(connection) as after_case:
        response = client.get(URL)
    assert not any('"patrols_patrollog"' in q["sql"] for q in after_case.captured_queries)
    assert response.context["headline"].cases["open"] == 2

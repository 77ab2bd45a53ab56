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

from cases.models import CaseStatus
from tests.factories import PartyFactory, PatrolLogFactory, ViolationCaseFactory

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
        if 'FROM "cases_violationcase"' in query["sql"] or 'FROM "cases_casesummary"' in query["sql"]:
            found = re.findall(r'"township_id" IN \(([\d, ]+)\)', query["sql"])
            assert found, query["sql"]  # a share's query reads its townships only
            read.update(int(pk) for pks in found for pk in pks.split(","))
    return read


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

    # A patrol log in township A: A's share again (its coverage), B's kept.
    PatrolLogFactory(village=territory.village_a, created_by=office)
    with CaptureQueriesContext(connection) as after_log:
        client.get(URL)
    assert _townships_read(after_log) == {a.pk}

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

"""The case list's total row (count and area) for the county, right after a write in one township.

These tests commit (transactional database): the kept parts depend on committed versions.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseStatus, ViolationCase
from territory.models import UnitKind
from tests.factories import PartyFactory, UnitFactory, ViolationCaseFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version triggers are PostgreSQL's"),
]


def _case(village, area: str, **fields) -> ViolationCase:
    return ViolationCaseFactory(village=village, party=PartyFactory(township=village.township),
                                area_m2=Decimal(area), **fields)


def _list(client, query=None) -> tuple:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:list"), query or {})
    assert response.status_code == 200
    page = response.context["page"]
    totals = [q["sql"] for q in ctx.captured_queries if 'SUM("cases_violationcase"."area_m2")' in q["sql"]]
    return page.total, response.context["totals"]["area"], totals


@pytest.fixture
def two_townships(territory):
    village_b = UnitFactory(kind=UnitKind.VILLAGE, name="乙一村", parent=territory.other_township)
    _case(territory.village_a, "100.00", title="甲镇案一")
    _case(territory.village_b, "20.50", title="甲镇案二")
    _case(village_b, "7.25", title="乙镇案一")
    return territory.village_a, village_b


def test_after_a_write_in_one_township_the_county_list_counts_only_that_township_again(
    client, county_user, territory, two_townships
):
    village_a, village_b = two_townships
    client.force_login(county_user)
    search = {"q": "镇案"}  # a filter no case summary answers: the cases are counted
    assert _list(client, search)[:2] == (3, Decimal("127.75"))

    ViolationCase.objects.filter(title="甲镇案一").update(area_m2=Decimal("101.00"))  # township A's version moves
    count, area, totals = _list(client, search)
    assert (count, area) == (3, Decimal("128.75"))
    assert _recounted(totals, territory) == {"A"}

    _case(village_b, "10.00", title="乙镇案二", created_by=county_user)  # no new user: county-wide
    count, area, totals = _list(client, search)
    assert (count, area) == (4, Decimal("138.75"))
    assert _recounted(totals, territory) == {"B"}


def _recounted(totals: list[str], territory) -> set[str]:
    """The townships whose cases the list's one aggregate counted again (units of no township are
    always counted: their cases, if any, are kept under every township's version)."""
    names = {territory.township.pk: "A", territory.other_township.pk: "B"}
    assert len(totals) == 1, totals
    listed = re.search(r'"township_id" IN \(([\d, ]+)\)', totals[0])
    assert listed, totals[0]
    return {names[int(pk)] for pk in listed.group(1).split(",")}


def test_the_county_total_follows_the_filters_and_each_township(client, county_user, territory, two_townships):
    village_a, village_b = two_townships
    client.force_login(county_user)
    assert _list(client, {"q": "甲镇"})[:2] == (2, Decimal("120.50"))
    assert _list(client, {"township": territory.other_township.pk})[:2] == (1, Decimal("7.25"))
    ViolationCase.objects.filter(title="甲镇案二").update(title="改名案")
    assert _list(client, {"q": "甲镇"})[:2] == (1, Decimal("100.00"))
    ViolationCase.objects.filter(village=village_b).update(village=village_a)  # moved: both townships move
    assert _list(client, {"township": territory.other_township.pk})[:2] == (0, Decimal("0"))
    assert _list(client)[:2] == (3, Decimal("127.75"))


def test_after_a_case_is_written_the_filter_form_keeps_its_places_and_shows_them(
    client, county_user, territory, two_townships
):
    """The townships and villages of the filter form are units (county-wide data): a case written
    in a township leaves them kept, while the form still lists them all."""
    village_a, village_b = two_townships
    client.force_login(county_user)
    client.get(reverse("cases:list"))
    ViolationCase.objects.filter(title="甲镇案一").update(title="改名案")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("cases:list")).content.decode()
    places = [q["sql"] for q in ctx.captured_queries
              if 'FROM "territory_responsibilityunit"' in q["sql"] and "'village'" in q["sql"]]
    assert not places, places
    assert "改名案" in html
    for village in (territory.village_a, territory.village_b, village_b):
        assert f'<option value="{village.pk}">{village.name}</option>' in html


def test_the_filters_a_summary_answers_sum_its_rows_and_count_no_case(client, county_user, territory, two_townships):
    """Township, village, status and category are columns of ``CaseSummary``: the total row sums it."""
    village_a, village_b = two_townships
    ViolationCase.objects.filter(title="甲镇案二").update(status=CaseStatus.WITHDRAWN)
    category = ViolationCase.objects.get(title="甲镇案一").category
    client.force_login(county_user)
    expected = [
        ({}, 3, "127.75"),
        ({"status": "not_withdrawn"}, 2, "107.25"),
        ({"status": CaseStatus.WITHDRAWN}, 1, "20.50"),
        ({"status": "open", "township": territory.other_township.pk}, 1, "7.25"),
        ({"village": village_a.pk}, 1, "100.00"),
        ({"category": category, "township": territory.township.pk}, 2, "120.50"),
        ({"status": "nonsense"}, 3, "127.75"),  # an invalid filter is not applied, to the rows or the total
    ]
    for query, count, area in expected:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("cases:list"), query)
        counted = [q for q in ctx.captured_queries if 'SUM("cases_violationcase"."area_m2")' in q["sql"]]
        totals, rows = response.context["totals"], response.context["page"].rows
        assert (totals["count"], totals["area"], counted) == (count, Decimal(area), []), query
        assert (len(rows), sum(c.area_m2 for c in rows)) == (count, Decimal(area)), query
    assert _list(client, {"q": "镇案", "status": "not_withdrawn"})[:2] == (2, Decimal("107.25"))

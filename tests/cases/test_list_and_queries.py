"""List filters and search, and query counts that do not grow with the number of cases."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase
from landwatch.vocabulary import Category, DiscoverySource
from tests.factories import PartyFactory


def rows(response):
    return set(response.context["page"].rows)


@pytest.fixture
def cases(case_in, territory, other_officer):
    today = timezone.localdate()
    return {
        "overdue": case_in(CaseStatus.NOTIFIED, deadline=today - datetime.timedelta(days=1), title="逾期案"),
        "soon": case_in(CaseStatus.NOTIFIED, deadline=today + datetime.timedelta(days=2), title="临期案"),
        "village_b": case_in(village=territory.village_b, category=Category.COMMERCIAL, title="乙村厂房案",
                             party=PartyFactory(township=territory.township, name="丰华建材厂")),
        "other_officer": case_in(CaseStatus.CLOSED, assignee=other_officer, source=DiscoverySource.SATELLITE,
                                 location_text="国道旁三号地块", discovered_on=datetime.date(2022, 4, 1)),
    }


@pytest.mark.parametrize(
    "query,expected",
    [
        ("overdue=true", {"overdue"}),
        ("due_soon=true", {"soon"}),
        ("category=commercial", {"village_b"}),
        ("source=satellite", {"other_officer"}),
        ("status=closed", {"other_officer"}),
        ("status=open", {"overdue", "soon", "village_b"}),
        ("q=丰华", {"village_b"}),
        ("q=国道旁", {"other_officer"}),
        ("q=逾期", {"overdue"}),
        # Three characters and more take the trigram path (title, location, party, number).
        ("q=丰华建材", {"village_b"}),
        ("q=乙村厂房", {"village_b"}),
        ("q=国道旁三号", {"other_officer"}),
        ("q=  国道旁三号地块 ", {"other_officer"}),
        ("q=不存在的地方", set()),
        ("discovered_before=2022-12-31", {"other_officer"}),
        ("discovered_after=2023-01-01&discovered_before=2030-01-01", {"overdue", "soon", "village_b"}),
    ],
)
def test_filters_and_search(query, expected, client, office, cases):
    client.force_login(office)
    response = client.get(f"{reverse('cases:list')}?{query}")
    assert response.status_code == 200
    assert rows(response) == {cases[k] for k in expected}


def test_filter_by_village_assignee_and_number(client, office, cases, territory, other_officer):
    client.force_login(office)
    url = reverse("cases:list")
    assert rows(client.get(f"{url}?village={territory.village_b.pk}")) == {cases["village_b"]}
    assert rows(client.get(f"{url}?assignee={other_officer.pk}")) == {cases["other_officer"]}
    number = cases["soon"].number
    assert rows(client.get(f"{url}?q={number}")) == {cases["soon"]}


def test_search_stays_in_scope(client, office, cases, case_in, territory):
    outside = case_in(village=territory.other_village, title="丰华建材厂外镇案",
                      party=PartyFactory(township=territory.other_township, name="丰华建材厂"))
    client.force_login(office)
    page = client.get(f"{reverse('cases:list')}?q=丰华建材").context["page"]
    assert set(page.rows) == {cases["village_b"]} and outside not in page.rows and page.total == 1


def test_sorting_by_deadline(client, office, cases):
    client.force_login(office)
    page = client.get(reverse("cases:list") + "?status=notified&sort=deadline").context["page"]
    assert page.rows == [cases["overdue"], cases["soon"]]


def test_overdue_rows_are_marked(client, office, cases):
    client.force_login(office)
    body = client.get(reverse("cases:list")).content.decode()
    assert body.count("data-overdue") == 1


def test_pagination_is_bounded_and_every_page_knows_the_exact_total(client, office, case_in, monkeypatch):
    """The total row's one aggregate counts the filtered list: no page says "more than 5"."""
    import cases.views as views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    for _ in range(7):
        case_in()
    client.force_login(office)
    page = client.get(reverse("cases:list")).context["page"]
    assert len(page.rows) == 3 and page.has_next and (page.total, page.capped) == (7, False)
    last = client.get(reverse("cases:list") + "?page=3").context["page"]
    assert len(last.rows) == 1 and not last.has_next
    assert (last.total, last.capped) == (7, False)
    middle = client.get(reverse("cases:list") + "?page=2").context["page"]
    assert (middle.total, middle.capped) == (7, False)


def test_a_list_on_one_page_is_counted_from_its_rows(client, office, case_in):
    for _ in range(3):
        case_in()
    client.force_login(office)
    page = client.get(reverse("cases:list")).context["page"]
    assert (page.total, page.capped, page.has_next) == (3, False, False)
    empty = client.get(reverse("cases:list"), {"q": "没有这样的案件"}).context["page"]
    assert (empty.total, empty.capped, empty.rows) == (0, False, [])


def _make_many(n, territory, office, officer, party):
    today = timezone.localdate()
    ViolationCase.objects.bulk_create([
        ViolationCase(
            number=f"2030-{i:05d}", title=f"批量案{i}", party=party,
            village=territory.village_a if i % 2 else territory.village_b, location_text=f"地块{i}", area_m2=10,
            category=Category.OTHER, source=DiscoverySource.REPORT, discovered_on=today,
            status=CaseStatus.NOTIFIED if i % 3 else CaseStatus.REGISTERED,
            deadline=today + datetime.timedelta(days=(i % 9) - 4) if i % 3 else None, assignee=officer,
            created_by=office,
        )
        for i in range(n)
    ])


@pytest.mark.parametrize("url_name", ["cases:list", "cases:mine"])
def test_list_queries_do_not_grow(url_name, client, territory, office, officer, party,
                                  django_assert_max_num_queries):
    user = office if url_name == "cases:list" else officer
    client.force_login(user)
    _make_many(10, territory, office, officer, party)
    client.get(reverse(url_name))  # warm caches (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    ViolationCase.objects.all().delete()
    _make_many(1000, territory, office, officer, party)
    # The total row counts and adds up the filtered list in one aggregate, for ten cases as for a thousand.
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        response = client.get(reverse(url_name))
    assert response.status_code == 200 and len(response.context["page"].rows) == 50


@pytest.mark.parametrize("page", ["party", "home_office", "home_officer"])
def test_the_other_pages_drawing_case_rows_do_not_read_them_row_by_row(page, client, territory, office, officer,
                                                                       party, django_assert_max_num_queries):
    """The party's page and the home page's panels draw the same rows (``cases.selectors.ROW_FIELDS``):
    a column they show but the rows do not read would be read once per row."""
    user, url = {"party": (office, reverse("cases:party-detail", args=[party.pk])),
                 "home_office": (office, reverse("home")), "home_officer": (officer, reverse("home"))}[page]
    client.force_login(user)
    _make_many(10, territory, office, officer, party)  # overdue, due soon and later deadlines among them
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    ViolationCase.objects.all().delete()
    _make_many(60, territory, office, officer, party)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "批量案" in html


def test_detail_queries_do_not_grow(client, case_in, office, django_assert_max_num_queries):
    case = case_in(CaseStatus.NOTIFIED)
    client.force_login(office)
    url = reverse("cases:detail", args=[case.pk])
    CaseEvent.objects.bulk_create([CaseEvent(case=case, kind=EventKind.NOTE, actor=office, note=str(i))
                                   for i in range(10)])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    CaseEvent.objects.bulk_create([CaseEvent(case=case, kind=EventKind.NOTE, actor=office, note=str(i))
                                   for i in range(1000)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["events"]) == 1010


def test_a_filed_case_page_does_not_grow_with_pauses_and_records(client, case_in, office, leader,
                                                               django_assert_max_num_queries):
    """The decision clock reads the pauses and extensions in two queries, however many there are."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import ClockPause
    from documents.services import record_document

    today = timezone.localdate()
    case = case_in(CaseStatus.FILED, filed_on=today - datetime.timedelta(days=300),
                   registered_on=today - datetime.timedelta(days=300),
                   discovered_on=today - datetime.timedelta(days=301))
    client.force_login(office)
    url = reverse("cases:detail", args=[case.pk])

    def add(n, offset):
        for i in range(n):
            start = case.filed_on + datetime.timedelta(days=offset + 2 * i)
            ClockPause.objects.create(case=case, kind="suspension", ground="accident", started_on=start,
                                      ended_on=start + datetime.timedelta(days=1))
            record_document(case, by=office, kind="inquiry_record", issued_on=start, facts=f"问答{i}")
        CaseEvent.objects.bulk_create([CaseEvent(case=case, kind=EventKind.DECISION_CLOCK_EXTENDED, actor=leader,
                                                 data={"days": 1}) for _ in range(n)])

    add(2, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(40, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["decision_clock"].paused_days == 42
    assert response.context["decision_clock"].extended_days == 42


def test_a_township_list_sums_its_total_from_the_case_summary(client, office, case_in, territory):
    """The total row of a township office's list (count and area) reads no case: with no filter,
    or filters on the summary's columns (township, village, status, category), it sums a case
    summary's rows, which the database keeps exact (cases/summary.py): on PostgreSQL those per
    township unless a village is asked for; a search counts the cases it keeps."""
    for village in (territory.village_a, territory.village_b):
        case_in(village=village, area_m2=Decimal("10.50"))
    case_in(village=territory.village_b, area_m2=Decimal("10.50"), category=Category.VILLAGE_CONSTRUCTION)
    client.force_login(office)
    per_township = "cases_townshipcasesummary" if connection.vendor == "postgresql" else "cases_casesummary"
    for query, summary, expected in (
        ({}, per_township, 3),
        ({"status": "open", "category": Category.EXTRA_HOMESTEAD}, per_township, 2),
        ({"status": "open", "village": territory.village_a.pk}, "cases_casesummary", 1),
    ):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("cases:list"), query)
        assert response.status_code == 200
        sql = [q["sql"] for q in ctx.captured_queries]
        assert not [q for q in sql if 'SUM("cases_violationcase"."area_m2")' in q]
        assert [q for q in sql if f'SUM("{summary}"."area_m2")' in q]
        assert response.context["totals"] == {"count": expected, "area": Decimal("10.50") * expected}

"""The case list's filters the dashboard links to: township, cause, closed-date range, unassigned.

Each is a GET parameter (bookmarkable), counts each case once (a case with several causes is
one row), and never lets a user filter into what they cannot see: a township, village or
assignee outside their scope is refused as an invalid choice, and the rows stay scoped.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.filters import CaseFilter
from cases.models import CaseCause, CaseStatus, ViolationCase
from cases.selectors import cases_visible_to
from landwatch.roles import Role
from landwatch.vocabulary import Category, Cause, DiscoverySource
from territory.models import UnitKind
from tests.factories import UnitFactory, member

pytestmark = pytest.mark.django_db

URL = reverse("cases:list")
DAY = datetime.timedelta(days=1)


def rows(response) -> set:
    assert response.status_code == 200
    assert not response.context["filter"].errors, response.context["filter"].errors
    return set(response.context["page"].rows)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def cases(case_in, territory, other_officer, today):
    made = {
        "two_causes": case_in(assignee=None),
        "one_cause": case_in(CaseStatus.NOTIFIED, assignee=other_officer),
        "closed_today": case_in(CaseStatus.CLOSED, closed_on=today),
        "closed_monday": case_in(CaseStatus.CLOSED, closed_on=today - today.weekday() * DAY),
        "closed_long_ago": case_in(CaseStatus.CLOSED, closed_on=today - 40 * DAY, assignee=None),
        "other_township": case_in(village=territory.other_village, assignee=None),
    }
    for key, cause in [
        ("two_causes", Cause.PLANNING_LIMITS),
        ("two_causes", Cause.HOUSING_FREEZE),
        ("one_cause", Cause.PLANNING_LIMITS),
        ("other_township", Cause.PLANNING_LIMITS),
    ]:
        CaseCause.objects.create(case=made[key], cause=cause)
    return made


def test_a_case_with_several_causes_is_one_row_under_each_cause(client, office, cases):
    client.force_login(office)
    response = client.get(f"{URL}?cause={Cause.PLANNING_LIMITS}")
    assert rows(response) == {cases["two_causes"], cases["one_cause"]}
    page = response.context["page"]
    assert page.total == 2 and len(page.rows) == 2  # no duplicate row from the cause join
    assert rows(client.get(f"{URL}?cause={Cause.HOUSING_FREEZE}")) == {cases["two_causes"]}
    assert rows(client.get(f"{URL}?cause={Cause.SLOW_PROCEDURE}")) == set()


def test_cause_combines_with_other_filters_and_sorting(client, office, cases):
    client.force_login(office)
    got = client.get(f"{URL}?cause={Cause.PLANNING_LIMITS}&status=open&sort=-number").context["page"]
    assert set(got.rows) == {cases["two_causes"], cases["one_cause"]} and got.total == 2
    assert rows(client.get(f"{URL}?cause={Cause.PLANNING_LIMITS}&assignee=null")) == {cases["two_causes"]}


def test_an_unknown_cause_is_refused_not_ignored(client, office, cases):
    client.force_login(office)
    response = client.get(f"{URL}?cause=bribery")
    assert "cause" in response.context["filter"].errors
    # The clerk reads which filter was refused by its label, not by the parameter's name.
    alert = re.search(r"<div[^>]*data-filter-errors>(.*?)</div></div>", response.content.decode()).group(1)
    # Its id is the one the refused field's aria-describedby names.
    assert alert.startswith('<div id="id_cause_error">成因：') and "bribery" in alert
    assert 'aria-describedby="id_cause_error"' in response.content.decode()


def test_closed_date_range_is_inclusive(client, office, cases, today):
    client.force_login(office)
    monday = today - today.weekday() * DAY
    week = f"{URL}?status=closed&closed_from={monday.isoformat()}&closed_to={today.isoformat()}"
    assert rows(client.get(week)) == {cases["closed_today"], cases["closed_monday"]}
    only_long_ago = f"{URL}?closed_to={(today - 40 * DAY).isoformat()}"
    assert rows(client.get(only_long_ago)) == {cases["closed_long_ago"]}
    from_yesterday = f"{URL}?closed_from={(today - DAY).isoformat()}"
    expected = {cases["closed_today"]} | ({cases["closed_monday"]} if today.weekday() <= 1 else set())
    assert rows(client.get(from_yesterday)) == expected
    # An open case has no closing date: any closed-date bound leaves it out.
    assert cases["two_causes"] not in rows(client.get(f"{URL}?closed_from=2000-01-01"))


def test_unassigned_lists_only_cases_nobody_holds(client, office, officer, cases):
    client.force_login(office)
    assert rows(client.get(f"{URL}?assignee=null")) == {cases["two_causes"], cases["closed_long_ago"]}
    assert rows(client.get(f"{URL}?assignee={officer.pk}")) == {cases["closed_today"], cases["closed_monday"]}


def test_a_former_officer_still_holding_cases_can_be_picked(client, office, officer, cases):
    """An officer who left the joint team keeps their cases findable (and the dashboard's link valid)."""
    officer.memberships.update(active=False)
    client.force_login(office)
    assert rows(client.get(f"{URL}?assignee={officer.pk}")) == {cases["closed_today"], cases["closed_monday"]}


def assignee_choices(response) -> set[str]:
    select = re.search(r'<select name="assignee".*?</select>', response.content.decode(), re.S)
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def test_a_former_officer_is_offered_while_holding_cases_and_no_longer_once_they_are_handed_on(
    client, office, officer, cases
):
    officer.memberships.update(active=False)
    client.force_login(office)
    assert str(officer.pk) in assignee_choices(client.get(URL))
    ViolationCase.objects.filter(assignee=officer).update(assignee=None)
    assert str(officer.pk) not in assignee_choices(client.get(URL))
    assert "assignee" in client.get(f"{URL}?assignee={officer.pk}").context["filter"].errors


def test_township_filter_for_the_county(client, county_user, territory, cases):
    client.force_login(county_user)
    assert rows(client.get(f"{URL}?township={territory.other_township.pk}")) == {cases["other_township"]}
    ours = rows(client.get(f"{URL}?township={territory.township.pk}"))
    assert cases["other_township"] not in ours and len(ours) == 5
    assert rows(client.get(f"{URL}?township={territory.other_township.pk}&cause=planning_limits")) == {
        cases["other_township"]
    }


@pytest.mark.parametrize(
    "param",
    ["township={other_township}", "village={other_village}", "assignee={stranger}"],
)
def test_a_township_user_cannot_filter_into_another_township(client, office, territory, cases, param):
    stranger = member(
        UnitFactory(kind=UnitKind.DEPARTMENT, parent=territory.other_township), Role.OFFICER, username="officer_b"
    )
    ViolationCase.objects.filter(pk=cases["other_township"].pk).update(assignee=stranger)
    client.force_login(office)
    query = param.format(
        other_township=territory.other_township.pk, other_village=territory.other_village.pk, stranger=stranger.pk
    )
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert query.split("=")[0] in response.context["filter"].errors
    # The list falls back to the user's own cases, never the other township's.
    assert cases["other_township"] not in set(response.context["page"].rows)


def test_the_filterset_is_scoped_on_its_own(office, county_user, territory):
    """Used outside the list (the map, the ledger), the choices are still the user's."""
    form = CaseFilter(None, queryset=cases_visible_to(office), user=office).form
    assert list(form.fields["township"].queryset) == [territory.township]
    assert territory.other_village not in form.fields["village"].queryset
    county = CaseFilter(None, queryset=cases_visible_to(county_user), user=county_user).form
    assert set(county.fields["township"].queryset) == {territory.township, territory.other_township}


def test_the_form_shows_the_new_filters_sensibly(client, office, county_user, cases):
    client.force_login(office)
    body = client.get(URL).content.decode()
    # One township: no township select (a hidden field keeps a bookmarked value)
    assert '<select name="township"' not in body and 'type="hidden" name="township"' in body
    assert '<select name="cause"' in body and body.count('<option value="planning_limits"') == 1
    assert 'type="date" name="closed_from"' in body and 'type="date" name="closed_to"' in body
    assert '<option value="null">（未分派）</option>' in body
    assert ">筛选</button>" in body and "过滤器" not in body
    assert 'for="id_overdue">整改逾期</label>' in body and "逾期未巡" not in body
    assert '<option value="" selected>全部</option>' in body
    assert "<details" in body and '<details class="mt-2 case-filters-more" open' not in body
    # A filter under "More filters" in use: the section opens by itself.
    assert '<details class="mt-2 case-filters-more" open' in client.get(f"{URL}?cause=planning_limits").content.decode()
    client.force_login(county_user)
    assert '<select name="township"' in client.get(URL).content.decode()


def test_each_row_select_offers_exactly_the_fields_choices_with_their_labels(client, county_user, officer, cases):
    """The row selects are drawn from plain values (``drawn_row_choices``): the same options, in the
    same order and with the same labels (a name, else the login) as the form field's own choices."""
    officer.first_name, officer.last_name = "晓", "王"
    officer.save()
    nameless = member(officer.memberships.first().unit, Role.OFFICER, username="no_name_officer",
                      first_name="", last_name="")
    client.force_login(county_user)
    body = client.get(URL).content.decode()
    form = CaseFilter(None, queryset=cases_visible_to(county_user), user=county_user).form
    form.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username
    for name in ("township", "village", "assignee", "campaign"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S).group(1)
        shown = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
        assert shown == [(str(value), str(label)) for value, label in form.fields[name].choices], name
    assignees = re.findall(r'<option value="(\d+)">([^<]*)</option>',
                           re.search(r'<select name="assignee"[^>]*>(.*?)</select>', body, re.S).group(1))
    assert (str(officer.pk), "晓 王") in assignees and (str(nameless.pk), "no_name_officer") in assignees


def _many(n, territory, office, officer, party):
    today = timezone.localdate()
    made = ViolationCase.objects.bulk_create(
        [
            ViolationCase(
                number=f"2031-{i:05d}",
                title=f"批量案{i}",
                party=party,
                village=territory.village_a,
                location_text=f"地块{i}",
                area_m2=10,
                category=Category.OTHER,
                source=DiscoverySource.REPORT,
                discovered_on=today,
                status=CaseStatus.CLOSED,
                closed_on=today - (i % 20) * DAY,
                assignee=officer if i % 2 else None,
                created_by=office,
            )
            for i in range(n)
        ]
    )
    CaseCause.objects.bulk_create(
        [CaseCause(case=c, cause=cause) for c in made for cause in (Cause.PLANNING_LIMITS, Cause.HOUSING_FREEZE)]
    )


def test_filtered_list_queries_do_not_grow(client, territory, office, officer, party, django_assert_max_num_queries):
    today = timezone.localdate()
    url = (
        f"{URL}?cause=planning_limits&assignee=null&status=closed"
        f"&closed_from={(today - 30 * DAY).isoformat()}&closed_to={today.isoformat()}"
    )
    client.force_login(office)
    _many(10, territory, office, officer, party)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).context["page"].total == 5
    CaseCause.objects.all().delete()
    ViolationCase.objects.all().delete()
    _many(1000, territory, office, officer, party)
    # The small list fits on one page, so its rows gave the total: the long one adds its count.
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        response = client.get(url)
    assert response.context["page"].total == 500 and len(response.context["page"].rows) == 50


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_filter_form_at_phone_width(phone_page, live_server, territory, office, county_user, case_in):
    """The form a clerk fills on a phone: labels in Chinese, 筛选 on the button, more filters folded."""
    from tests.conftest import browser_login, screenshot

    c = case_in(assignee=None)
    CaseCause.objects.create(case=c, cause=Cause.PLANNING_LIMITS)
    page = phone_page
    page.set_default_timeout(120_000)
    browser_login(page, live_server, "county")
    page.goto(f"{live_server.url}{URL}", wait_until="domcontentloaded")
    assert page.locator(".case-filters button.btn-lw").inner_text().strip() == "筛选"
    assert page.locator("select[name=township]").is_visible()
    assert not page.locator("select[name=cause]").is_visible()  # folded under "more filters"
    screenshot(page, "cases-filters-phone-folded")
    page.locator(".case-filters-more summary").click()
    page.select_option("select[name=cause]", Cause.PLANNING_LIMITS.value)
    page.select_option("select[name=assignee]", "null")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator(".case-filters button.btn-lw").click()
    assert "cause=planning_limits" in page.url and "assignee=null" in page.url
    assert page.locator(".case-filters-more").get_attribute("open") is not None
    assert page.locator("select[name=assignee]").input_value() == "null"
    screenshot(page, "cases-filters-phone-open")
    # No horizontal scrolling at phone width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

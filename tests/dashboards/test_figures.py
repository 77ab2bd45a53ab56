"""Each dashboard figure against the hand-counted township of conftest.py, and who sees what."""

import pytest
from django.urls import reverse

from cases.models import ViolationCase
from cases.selectors import cases_visible_to
from dashboards import selectors

from .conftest import EXPECTED_A, EXPECTED_A1_COORDINATOR, EXPECTED_B

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:index")


def figures(response) -> dict:
    return {f.key: f.value for f in response.context["headline"].figures}


def test_leader_sees_each_figure_of_the_township(client, leader, township_data):
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200
    got = figures(response)
    for key, value in EXPECTED_A.items():
        assert got[key] == value, key
    patrols = next(f for f in response.context["headline"].figures if f.key == "patrols_week")
    assert patrols.of == 4
    assert not response.context["side_by_side"]


def test_office_sees_the_same_figures(client, office, township_data):
    client.force_login(office)
    got = figures(client.get(URL))
    assert {k: got[k] for k in EXPECTED_A} == EXPECTED_A


def test_case_figures_agree_with_the_case_models_named_filters(leader, township_data, today):
    """The dashboard's conditional counts mean what ``open()``, ``overdue()`` and ``due_soon()`` mean."""
    visible = cases_visible_to(leader).filter(village__township=leader.memberships.get().unit.township)
    counts = selectors.case_counts(visible, today=today)
    assert counts["open"] == visible.open().count()
    assert counts["closed"] == visible.closed().count()
    assert counts["overdue"] == visible.overdue(today).count()
    assert counts["due_soon"] == visible.due_soon(today).count()


def test_another_townships_office_sees_none_of_ours(client, other_office, township_data):
    client.force_login(other_office)
    got = figures(client.get(URL))
    for key, value in EXPECTED_B.items():
        assert got[key] == value, key
    assert got["patrols_week"] == 0


def test_county_sees_each_township_side_by_side(client, county_user, territory, township_data):
    client.force_login(county_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["side_by_side"]
    rows = {r.township.pk: r for r in response.context["rows"]}
    assert set(rows) == {territory.township.pk, territory.other_township.pk}
    a, b = rows[territory.township.pk], rows[territory.other_township.pk]
    for key in ("total", "open", "closed", "overdue", "due_soon", "closed_week", "area", "area_restored"):
        assert a.cases[key] == EXPECTED_A[key], key
        assert b.cases[key] == EXPECTED_B[key], key
    assert (a.findings, b.findings) == (2, 1)
    assert (a.projects_warned, b.projects_warned) == (1, 1)
    total = figures(response)
    assert total["total"] == 8 and total["overdue"] == 2 and total["findings"] == 3
    content = response.content.decode()
    assert "甲镇" in content and "乙镇" in content


def test_coordinator_home_shows_only_their_village(client, coordinator_a, territory, township_data):
    client.force_login(coordinator_a)
    response = client.get(reverse("home"))
    panels = [p for p in response.context["panels"] if p.template == "dashboards/_home_village.html"]
    assert len(panels) == 1
    (row,) = panels[0].context["rows"]
    assert row["village"] == territory.village_a
    got = {f.key: f.value for f in row["figures"]}
    assert got == EXPECTED_A1_COORDINATOR
    content = response.content.decode()
    assert 'data-panel="village-figures"' in content
    assert "甲二村案件" not in content


def test_coordinator_of_the_other_village_never_sees_a1(client, coordinator_b, territory, township_data):
    client.force_login(coordinator_b)
    panel = next(p for p in client.get(reverse("home")).context["panels"] if p.template.startswith("dashboards/"))
    (row,) = panel.context["rows"]
    got = {f.key: f.value for f in row["figures"]}
    # A2: case 5 closed, 6 withdrawn (counted nowhere), 7 deferred; no findings.
    assert got == {"total": 2, "open": 1, "closed": 1, "overdue": 0, "due_soon": 0, "closed_week": 0, "findings": 0}


@pytest.mark.parametrize("name", ["dashboards:index", "dashboards:map", "dashboards:map-data"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("actor", ["officer", "coordinator_a"])
@pytest.mark.parametrize("name", ["dashboards:index", "dashboards:map", "dashboards:map-data"])
def test_officers_and_coordinators_may_not_open_the_leaders_dashboard(client, request, actor, name):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("actor", ["leader", "office", "county_user", "superuser"])
def test_readers_open_dashboard_and_map(client, request, actor, township_data):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(URL).status_code == 200
    assert client.get(reverse("dashboards:map")).status_code == 200
    assert client.get(reverse("dashboards:map-data")).status_code == 200


def test_dashboard_charts_count_the_same_cases(client, leader, territory, township_data):
    client.force_login(leader)
    charts = {c["id"]: c["option"] for c in client.get(URL).context["charts"]}
    status = charts["chart-status"]
    assert status["yAxis"]["data"] == ["甲一村", "甲二村"]
    per_village = [sum(s["data"][i]["value"] for s in status["series"]) for i in range(2)]
    assert per_village == [4, 2]  # withdrawn case 6 is not drawn
    category = {d["name"]: d["value"] for d in charts["chart-category"]["series"][0]["data"]}
    assert sum(category.values()) == 6  # the "cases in total" figure: withdrawn left out
    causes = [d["value"] for d in charts["chart-cause"]["series"][0]["data"]]
    # planning_limits, housing_freeze, development, weak_management …; the withdrawn case 6
    # (housing_freeze) left out, like the category chart and the total
    assert causes == [2, 2, 0, 1, 0, 0]
    assignee = charts["chart-assignee"]
    open_counts = [d["value"] for d in assignee["series"][0]["data"]]
    overdue_counts = [d["value"] for d in assignee["series"][1]["data"]]
    assert sum(open_counts) == 4 and sum(overdue_counts) == 1
    closed = charts["chart-closed"]
    assert closed["series"][1]["data"][-1][1] == 2  # running total of closed cases
    coverage = charts["chart-coverage"]
    assert [d["value"] for d in coverage["series"][1]["data"]] == [1, 0]
    assert [d["value"] for d in coverage["series"][0]["data"]] == [2, 2]


def test_map_shows_cases_with_coordinates_and_open_findings(client, leader, township_data):
    c = township_data
    ViolationCase.objects.filter(pk__in=[c.c1.pk, c.c6.pk, c.c8.pk]).update(latitude="30.1", longitude="120.2")
    client.force_login(leader)
    page = client.get(reverse("dashboards:map"))
    assert page.context["map_settings"]["tileUrl"] == ""
    assert page.context["map_data_url"] == reverse("dashboards:map-data")
    data = client.get(reverse("dashboards:map-data")).json()
    # township B's case 8 stays hidden; case 6 was withdrawn (registered in error)
    assert [m["id"] for m in data["cases"]] == [c.c1.pk]
    assert data["summary"] == "显示 1 件有坐标的案件。"


def test_the_map_data_takes_the_case_lists_filter(client, leader, township_data):
    c = township_data
    ViolationCase.objects.filter(pk__in=[c.c1.pk, c.c6.pk]).update(latitude="30.1", longitude="120.2")
    client.force_login(leader)
    page = client.get(reverse("dashboards:map"), {"status": "withdrawn"})
    assert page.context["map_data_url"] == reverse("dashboards:map-data") + "?status=withdrawn"
    data = client.get(page.context["map_data_url"]).json()
    assert [m["id"] for m in data["cases"]] == [c.c6.pk]  # asked for by name, the withdrawn case shows


def test_the_dashboard_carries_no_markers_in_its_html(client, leader, township_data):
    ViolationCase.objects.filter(pk=township_data.c1.pk).update(latitude="30.1", longitude="120.2")
    client.force_login(leader)
    html = client.get(URL).content.decode()
    assert 'data-map-url="/dashboards/map/data/"' in html
    assert township_data.c1.number not in html.split('data-section="map"')[1]


def test_the_closed_chart_shades_the_campaigns_three_phases(client, leader, territory, township_data):
    from tests.factories.campaigns import campaign_with_phases

    campaign_with_phases(territory.township, name="2022年土地监察专项整治行动")
    client.force_login(leader)
    charts = {c["id"]: c["option"] for c in client.get(URL).context["charts"]}
    mark_area = charts["chart-closed"]["series"][0]["markArea"]
    areas = mark_area["data"]
    # From 2022 to today the bars are monthly and each phase a few pixels wide: no names printed over one another.
    assert mark_area["label"]["show"] is False
    assert [(start["name"], start["xAxis"], end["xAxis"]) for start, end in areas] == [
        ("宣传发动", "2022-03-15", "2022-03-26"),
        ("查处纠正", "2022-03-26", "2022-05-21"),
        ("整改提高", "2022-05-21", "2022-06-01"),
    ]


@pytest.mark.parametrize("days_ago, monthly", [(0, False), (199, False), (200, False), (201, True), (900, True)])
def test_the_closed_chart_counts_every_closure_in_its_week_or_month(client, leader, territory, office, today,
                                                                   days_ago, monthly):
    """Weekly bars while every closure is at most 200 days old, monthly beyond: each closure in its
    bar, the running total the closed cases' count, whatever the span (case_tallies counts weeks
    for the last 200 days only)."""
    import datetime

    from cases.models import CaseStatus
    from tests.factories import PartyFactory, ViolationCaseFactory

    party = PartyFactory(township=territory.township)
    old = today - datetime.timedelta(days=days_ago)
    closed_on = [old, old, today - datetime.timedelta(days=3), today]
    for day in closed_on:
        ViolationCaseFactory(village=territory.village_a, party=party, created_by=office, status=CaseStatus.CLOSED,
                             disposition="demolish", closed_on=day)
    client.force_login(leader)
    chart = {c["id"]: c["option"] for c in client.get(URL).context["charts"]}["chart-closed"]
    bars, line = chart["series"][0]["data"], chart["series"][1]["data"]
    assert chart["series"][0]["name"] == ("每月结案" if monthly else "每周结案")
    starts = [datetime.date.fromisoformat(b["value"][0]) for b in bars]
    for day in set(closed_on):
        # The bar whose span holds the day counts it (and the other closures of its span).
        bar = bars[max(i for i, start in enumerate(starts) if start <= day)]
        assert bar["value"][1] == sum(1 for d in closed_on if bar["url"].split("closed_from=")[1][:10] <= d.isoformat()
                                      <= bar["url"].split("closed_to=")[1][:10]), day
    assert line[-1][1] == len(closed_on)

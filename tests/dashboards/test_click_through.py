"""Every dashboard number opens the list it counts, and that list shows the same count.

Each link is followed with the test client and the list's own count is read from its
context: the case list's ``page.total``, the finding list's paginator, the project list's
"cards with warnings", the coverage page's per-village rows. Every figure and every chart
segment has a link (none is left unlinked), including the unassigned bar, each cause (case 2
carries two causes and is counted once in each list), each week of closed cases and, for the
county, each township. An area figure opens the case list whose total row (every case the
filter keeps, not only the page's) shows the same area, written the same way.
"""

import re
from decimal import Decimal

import pytest
from django.urls import resolve, reverse

from cases.models import CaseCause, CaseStatus
from dashboards.selectors import SHOWN_STATUSES
from landwatch import quantities
from landwatch.vocabulary import Category, Cause

pytestmark = pytest.mark.django_db

TOTAL_AREA = re.compile(r"data-total-area>([^<]*)<")
CHARTS = ("chart-status", "chart-category", "chart-cause", "chart-assignee", "chart-closed", "chart-coverage")


def list_count(client, url: str, *, index: int | None = None, series: int | None = None) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    name = resolve(url.split("?")[0]).view_name
    ctx = response.context
    if name == "cases:list":
        # A link whose parameters the list rejects would show every case: never accept that.
        assert not ctx["filter"].errors, (url, ctx["filter"].errors)
        assert not ctx["page"].capped
        return ctx["page"].total
    if name == "patrols:finding-list":
        page = ctx["page"]
        if hasattr(page, "paginator"):
            return page.paginator.count
        assert not page.capped  # landwatch.pagination.CappedPage
        return page.total
    if name == "patrols:project-list":
        return ctx["warned"]
    if name == "patrols:coverage":
        rows = ctx["rows"]
        if index is None:
            return sum(r.done_week for r in rows)
        return rows[index].planned_week if series == 0 else rows[index].done_week
    raise AssertionError(f"no count known for {name}")


def list_area(client, url: str) -> tuple[Decimal, str]:
    """The case list's total area for ``url``: the number, and the text its total row shows."""
    response = client.get(url)
    assert response.status_code == 200 and resolve(url.split("?")[0]).view_name == "cases:list", url
    assert not response.context["filter"].errors, (url, response.context["filter"].errors)
    (shown,) = TOTAL_AREA.findall(response.content.decode())
    return response.context["totals"]["area"] or Decimal(0), shown


def check_figures(client, figures) -> int:
    followed = 0
    for figure in figures:
        assert figure.url, f"{figure.key} has no link"
        if figure.kind == "m2":
            area, shown = list_area(client, figure.url)
            assert area == figure.value, (figure.key, figure.url)
            assert shown == quantities.number(figure.value, quantities.M2), (figure.key, shown)
        else:
            assert list_count(client, figure.url) == figure.value, (figure.key, figure.url)
        followed += 1
    return followed


def check_charts(client, charts: dict) -> dict[str, int]:
    """Follow every segment of every chart; the number followed per chart."""
    followed = {}
    for chart_id in CHARTS:
        n = 0
        for s, series in enumerate(charts[chart_id]["series"]):
            for i, item in enumerate(series["data"]):
                if chart_id == "chart-closed" and s == 1:
                    assert isinstance(item, list)  # the running total is a line, not a count to open
                    continue
                assert item["url"], (chart_id, s, i)
                value = item["value"][1] if chart_id == "chart-closed" else item["value"]
                index = i if chart_id == "chart-coverage" else None
                assert list_count(client, item["url"], index=index, series=s) == value, (chart_id, s, i, item["url"])
                n += 1
        followed[chart_id] = n
    return followed


def _charts(client) -> dict:
    return {c["id"]: c["option"] for c in client.get(reverse("dashboards:index")).context["charts"]}


def test_every_headline_figure_opens_a_list_with_the_same_count(client, leader, township_data):
    client.force_login(leader)
    response = client.get(reverse("dashboards:index"))
    figures = response.context["headline"].figures
    # 11 figures, the two areas among them
    assert check_figures(client, figures) == 11
    closed_week = next(f for f in figures if f.key == "closed_week")
    assert "closed_from=" in closed_week.url and closed_week.value == 1


def test_every_chart_segment_opens_a_list_with_the_same_count(client, leader, township_data):
    client.force_login(leader)
    followed = check_charts(client, _charts(client))
    # 2 villages × every shown status; every category; 6 causes; (unassigned, officer, other officer) × (open, overdue);
    # 2 villages × (planned, done); the closed chart has one bar per week
    assert followed["chart-status"] == 2 * len(SHOWN_STATUSES)
    assert followed["chart-category"] == len(Category)
    assert followed["chart-cause"] == 6
    assert followed["chart-assignee"] == 6
    assert followed["chart-coverage"] == 4
    assert followed["chart-closed"] >= 5


def test_the_unassigned_bar_opens_the_unassigned_cases(client, leader, township_data):
    client.force_login(leader)
    assignee = _charts(client)["chart-assignee"]
    assert assignee["yAxis"]["data"][-1] == "未分派"
    unassigned = assignee["series"][0]["data"][-1]
    assert unassigned["url"].endswith("?assignee=null&status=open") and unassigned["value"] == 1
    page = client.get(unassigned["url"]).context["page"]
    assert page.rows == [township_data.c1]


def test_a_case_with_several_causes_is_listed_once_under_each(client, leader, township_data):
    client.force_login(leader)
    causes = _charts(client)["chart-cause"]["series"][0]["data"]
    by_value = dict(zip(Cause.values, causes, strict=True))
    for cause in (Cause.PLANNING_LIMITS, Cause.WEAK_MANAGEMENT):
        page = client.get(by_value[cause]["url"]).context["page"]
        assert township_data.c2 in page.rows and page.rows.count(township_data.c2) == 1
    # the list counts cases, not cause tags: a further tag on case 2 adds one to its own bar only
    CaseCause.objects.create(case=township_data.c2, cause=Cause.SLOW_PROCEDURE)
    followed = check_charts(client, _charts(client))
    assert followed["chart-cause"] == 6


def test_closed_this_week_and_closed_over_time_count_the_same_cases(client, leader, township_data, today):
    client.force_login(leader)
    bars = _charts(client)["chart-closed"]["series"][0]["data"]
    assert sum(b["value"][1] for b in bars) == 2  # cases 4 and 5
    for bar in bars:
        assert f"status={CaseStatus.CLOSED}" in bar["url"] and "closed_to=" in bar["url"]


def test_coordinator_home_figures_open_lists_with_the_same_count(client, coordinator_a, township_data):
    client.force_login(coordinator_a)
    panel = next(p for p in client.get(reverse("home")).context["panels"] if p.template.startswith("dashboards/"))
    (row,) = panel.context["rows"]
    assert check_figures(client, row["figures"]) == 7


def test_county_total_row_opens_lists_with_the_same_count(client, county_user, township_data):
    client.force_login(county_user)
    response = client.get(reverse("dashboards:index"))
    assert check_figures(client, response.context["headline"].figures) == 11


def test_county_township_rows_open_each_townships_list(client, county_user, territory, township_data):
    client.force_login(county_user)
    rows = client.get(reverse("dashboards:index")).context["rows"]
    assert [r.township for r in rows] == [territory.township, territory.other_township]
    for row in rows:
        assert all(f"township={row.township.pk}" in f.url for f in row.figures)
        # 8 case figures per township, the two areas among them
        assert check_figures(client, row.figures) == 8
    assert {f.key: f.value for f in rows[1].figures}["total"] == 2


def test_county_chart_segments_open_lists_with_the_same_count(client, county_user, township_data):
    client.force_login(county_user)
    charts = _charts(client)
    followed = check_charts(client, charts)
    assert followed["chart-status"] == 2 * len(SHOWN_STATUSES)  # per township
    # unassigned (cases 1 and 8), officer, other officer, other_office (holds case 9, not a joint-team officer)
    assert followed["chart-assignee"] == 4 * 2
    unassigned = charts["chart-assignee"]["series"][0]["data"][-1]
    assert unassigned["value"] == 2


def test_the_area_figures_open_lists_whose_total_row_adds_up_to_them(client, leader, township_data):
    """违法占地面积 1110.00 and 已整改面积 700.00 (m²): the lists they open add up every row to that."""
    client.force_login(leader)
    figures = {f.key: f for f in client.get(reverse("dashboards:index")).context["headline"].figures}
    assert (figures["area"].value, figures["area_restored"].value) == (Decimal(1110), Decimal(700))
    body = client.get(figures["area"].url).content.decode()
    assert TOTAL_AREA.findall(body) == ["1110.00"]
    # one area per case in its own column, the withdrawn case 6 (999 m²) not among them
    assert sorted(re.findall(r"data-area>([^<]*)<", body)) == ["100.00", "200.00", "300.00", "400.00", "50.00",
                                                               "60.00"]
    assert TOTAL_AREA.findall(client.get(figures["area_restored"].url).content.decode()) == ["700.00"]


def test_the_total_row_adds_up_the_whole_filtered_list_not_the_page(client, leader, township_data, monkeypatch):
    import cases.views

    monkeypatch.setattr(cases.views, "PAGE_SIZE", 2)
    client.force_login(leader)
    area = next(f for f in client.get(reverse("dashboards:index")).context["headline"].figures if f.key == "area")
    response = client.get(area.url)
    assert len(response.context["page"].rows) == 2 and response.context["page"].has_next
    assert response.context["page"].total == 6
    assert TOTAL_AREA.findall(response.content.decode()) == ["1110.00"]


def test_the_case_figures_add_up(client, leader, county_user, township_data):
    """案件总数 = 未结案 + 已结案, shown under the total; the withdrawn case is named apart, with its list."""
    client.force_login(leader)
    response = client.get(reverse("dashboards:index"))
    got = {f.key: f for f in response.context["headline"].figures}
    assert got["total"].value == got["open"].value + got["closed"].value == 6
    assert got["total"].note == "未结案 4 + 已结案 2"
    body = response.content.decode()
    assert 'data-note="total">未结案 4 + 已结案 2<' in body
    withdrawn = re.search(r'data-withdrawn="1">另有 <a href="([^"]+)">1 件</a>案件已撤回', body)
    assert withdrawn, body
    assert list_count(client, withdrawn.group(1).replace("&amp;", "&")) == 1
    # the county's side-by-side rows add up the same way, per township and in total
    client.force_login(county_user)
    response = client.get(reverse("dashboards:index"))
    for row in [*response.context["rows"], response.context["headline"]]:
        c = {f.key: f.value for f in row.figures}
        assert c["total"] == c["open"] + c["closed"], row.township


def test_every_patch_figure_opens_the_batch_list_with_the_same_count(client, territory, office, coordinator_b):
    """卫片 (issue 22): the dashboard's figures of the latest batch open the batch page's list of the same patches."""
    from patches import services
    from territory.models import LayerKind
    from tests.factories import make_layer, metre_box
    from tests.patches.conftest import jpeg, load

    make_layer(territory.township, LayerKind.VILLAGE_BOUNDARY, [metre_box(499000, 3339000, 1000, 2000),
                                                               metre_box(500000, 3339000, 1000, 2000)],
               by=office, villages=[territory.village_a, territory.village_b])
    batch = load(territory, office, [({"TBBH": f"P{i}"}, metre_box(500100 + 150 * i, 3340100, 100, 100))
                                     for i in range(5)])
    first, second, third = batch.patches.order_by("number")[:3]
    for p, judgement in ((first, "illegal"), (second, "illegal"), (third, "legal")):
        services.add_photo(p, jpeg(), by=coordinator_b)
        services.judge(p, by=coordinator_b, judgement=judgement, basis="核查", approval_number="批1")
    services.confirm(first, by=office)
    client.force_login(office)
    figures = {f.key: f for f in client.get(reverse("dashboards:index")).context["patch_batch_figures"][1]}
    assert {k: f.value for k, f in figures.items()} == {
        "patches_pending": 2, "patches_judged": 2, "patches_illegal": 2, "patches_closed": 0}
    for figure in figures.values():
        response = client.get(figure.url)
        assert response.status_code == 200 and not response.context["form"].errors, figure.url
        assert response.context["page"].paginator.count == figure.value, (figure.key, figure.url)


def test_the_latest_batch_is_the_latest_with_patches_in_the_users_scope(client, territory, office, county_user):
    """A later county batch whose patches all lie in another township is not the office's latest: its
    figures stay those of the batch with patches in its township (the county sees the later one)."""
    import datetime

    from patches import services
    from tests.factories import metre_box
    from tests.patches.conftest import load, patch_file

    ours = load(territory, office, [({"TBBH": f"P{i}"}, metre_box(500100 + 150 * i, 3340100, 100, 100))
                                    for i in range(3)])
    theirs = services.load_batch(unit=territory.county, name="全县卫片", issued_on=datetime.date(2026, 11, 20),
                                 verify_by=datetime.date(2026, 12, 20), close_by=datetime.date(2027, 3, 1),
                                 upload=patch_file([({"TBBH": "Q1", "XZQDM": territory.other_township.code},
                                                     metre_box(510100, 3340100, 100, 100))]),
                                 by=county_user)
    assert theirs.patches.get().township == territory.other_township
    client.force_login(office)
    batch, figures = client.get(reverse("dashboards:index")).context["patch_batch_figures"]
    assert batch["url"] == ours.get_absolute_url() and figures[0].of == 3
    client.force_login(county_user)
    batch, figures = client.get(reverse("dashboards:index")).context["patch_batch_figures"]
    assert batch["url"] == theirs.get_absolute_url() and figures[0].of == 1

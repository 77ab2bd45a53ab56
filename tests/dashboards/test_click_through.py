"""Every dashboard number opens the list it counts, and that list shows the same count.

Each link is followed with the test client and the list's own count is read from its
context: the case list's ``page.total``, the finding list's paginator, the project list's
"cards with warnings", the coverage page's per-village rows.
"""

import pytest
from django.urls import resolve, reverse

pytestmark = pytest.mark.django_db

# Figures the case list cannot filter for yet (no closed-date filter): shown without a link.
UNLINKED_FIGURES = {"closed_week"}
# Area figures link to the list of the cases they add up.
AREA_OF = {"area": "total", "area_restored": "closed"}


def list_count(client, url: str, *, index: int | None = None, series: int | None = None) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    name = resolve(url.split("?")[0]).view_name
    ctx = response.context
    if name == "cases:list":
        assert not ctx["page"].capped
        return ctx["page"].total
    if name == "patrols:finding-list":
        return ctx["page"].paginator.count
    if name == "patrols:project-list":
        return ctx["warned"]
    if name == "patrols:coverage":
        rows = ctx["rows"]
        if index is None:
            return sum(r.done_week for r in rows)
        return rows[index].planned_week if series == 0 else rows[index].done_week
    raise AssertionError(f"no count known for {name}")


def check_figures(client, figures) -> int:
    by_key = {f.key: f for f in figures}
    followed = 0
    for figure in figures:
        if figure.key in UNLINKED_FIGURES:
            assert figure.url is None, figure.key
            continue
        assert figure.url, f"{figure.key} has no link"
        if figure.key in AREA_OF:
            assert figure.url == by_key[AREA_OF[figure.key]].url
            continue
        assert list_count(client, figure.url) == figure.value, figure.key
        followed += 1
    return followed


def test_every_headline_figure_opens_a_list_with_the_same_count(client, leader, township_data):
    client.force_login(leader)
    response = client.get(reverse("dashboards:index"))
    assert check_figures(client, response.context["headline"].figures) == 8


def test_every_chart_segment_opens_a_list_with_the_same_count(client, leader, township_data):
    client.force_login(leader)
    charts = {c["id"]: c["option"] for c in client.get(reverse("dashboards:index")).context["charts"]}
    followed = 0
    for chart_id in ("chart-status", "chart-category", "chart-assignee", "chart-coverage"):
        for s, series in enumerate(charts[chart_id]["series"]):
            for i, item in enumerate(series["data"]):
                assert item["url"], (chart_id, s, i)
                index = i if chart_id == "chart-coverage" else None
                assert list_count(client, item["url"], index=index, series=s) == item["value"], (chart_id, s, i)
                followed += 1
    # 2 villages × 6 statuses, 5 categories, 2 officers × (open, overdue), 2 villages × (planned, done)
    assert followed == 12 + 5 + 4 + 4


def test_the_unassigned_bar_has_no_link_as_the_case_list_cannot_filter_it():
    from dashboards.selectors import _assignee_url

    assert _assignee_url(None, status="open") is None
    assert _assignee_url(7, status="open").endswith("?assignee=7&status=open")


def test_coordinator_home_figures_open_lists_with_the_same_count(client, coordinator_a, township_data):
    client.force_login(coordinator_a)
    panel = next(p for p in client.get(reverse("home")).context["panels"] if p.template.startswith("dashboards/"))
    (row,) = panel.context["rows"]
    assert check_figures(client, row["figures"]) == 6


def test_county_total_row_opens_lists_with_the_same_count(client, county_user, township_data):
    client.force_login(county_user)
    response = client.get(reverse("dashboards:index"))
    assert check_figures(client, response.context["headline"].figures) == 8

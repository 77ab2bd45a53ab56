"""Markup typed into any free-text field stays text on every page our scripts draw (issue #26).

Each free-text field that reaches a script-rendered view (case title and location, the party,
village and township names, a user's name, a finding registered as a case, the campaign and
its tasks) holds an element with an ``id`` starting ``planted``. Every view that shows them is
opened as a user who may see it, its tooltips and popups are opened, and no such element may
exist anywhere on the page, while the markup shows as literal text where the value belongs.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.services import register_case_from_finding
from territory.models import ResponsibilityUnit
from tests.conftest import browser_login, screenshot
from tests.factories import PartyFactory, PatrolFindingFactory, PatrolLogFactory, PatrolPlanFactory, TaskFactory
from tests.factories.campaigns import campaign_with_phases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKUP = (
    '<img src=x id=planted-{n} onerror="document.title=1">',
    "<b id=planted-{n}>粗</b>",
    '<div id=planted-{n} style="position:fixed;inset:0;background:red">遮</div>',
)


def planted(n: int, prefix: str = "") -> str:
    return prefix + MARKUP[n % len(MARKUP)].format(n=n)


V = {  # every planted value, by what it is
    "village_a": planted(1, "甲一村"),
    "village_b": planted(2, "甲二村"),
    "township": planted(3, "甲镇"),
    "officer": planted(4, "队员"),
    "party": planted(5, "钱塘"),
    "location": planted(6, "东组"),
    "description": planted(7, "地基"),
    "title": planted(8, "违法占地"),
    "finding": planted(9, "河滩"),
    "campaign": planted(10, "专项行动"),
    "task": planted(11, "排摸"),
}
CASE_AT = (Decimal("30.210000"), Decimal("120.150000"))
FINDING_AT = (Decimal("30.230000"), Decimal("120.190000"))


@pytest.fixture
def hostile(territory, office, officer, coordinator_a):
    """A township whose every free-text field holds markup; returns the case registered from a finding."""
    t = territory
    ResponsibilityUnit.objects.filter(pk=t.township.pk).update(name=V["township"])
    # The villages stand where the case and the open finding stand: their labels on the map
    # show where to click for the markers' popups.
    ResponsibilityUnit.objects.filter(pk=t.village_a.pk).update(
        name=V["village_a"], latitude=CASE_AT[0], longitude=CASE_AT[1]
    )
    ResponsibilityUnit.objects.filter(pk=t.village_b.pk).update(
        name=V["village_b"], latitude=FINDING_AT[0], longitude=FINDING_AT[1]
    )
    t.village_a.refresh_from_db()
    t.village_b.refresh_from_db()
    officer.first_name = V["officer"]
    officer.save()
    PatrolPlanFactory(responsible_unit=t.village_a, villages=[t.village_a, t.village_b], created_by=office)
    log = PatrolLogFactory(village=t.village_a, created_by=coordinator_a)
    finding = PatrolFindingFactory(
        log=log, location_text=V["location"], description=V["description"], latitude=CASE_AT[0], longitude=CASE_AT[1]
    )
    PatrolFindingFactory(
        log=PatrolLogFactory(village=t.village_b, created_by=coordinator_a),
        location_text=V["finding"], latitude=FINDING_AT[0], longitude=FINDING_AT[1],
    )
    campaign = campaign_with_phases(
        t.township, name=V["campaign"], start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2027, 12, 31)
    )
    TaskFactory(campaign=campaign, owner_unit=t.village_a, title=V["task"], created_by=office)
    case = register_case_from_finding(
        finding, by=office, title=V["title"], party=PartyFactory(township=t.township, name=V["party"]),
        area_m2=Decimal("120"), assignee=officer, campaign=campaign,
    )
    return case


def _assert_inert(page, where: str) -> None:
    assert page.locator("[id^=planted]").count() == 0, f"planted markup became elements on {where}"


def _text(page, selector: str) -> str:
    return page.locator(selector).first.text_content() or ""


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")


def test_markup_in_free_text_stays_text_in_every_script_rendered_view(
    page, live_server, territory, office, leader, county_user, officer, coordinator_a, hostile
):
    page.set_default_timeout(120_000)  # two shared cores; ECharts is a megabyte of script
    case = hostile
    base = live_server.url

    # The case detail's map: the pin's tooltip is the case's location (from the finding).
    browser_login(page, live_server, "office")
    _open(page, base + case.get_absolute_url())
    page.wait_for_selector("[data-case-map] .case-map-pin")
    page.hover("[data-case-map] .case-map-pin")
    page.wait_for_selector(".leaflet-tooltip")
    _assert_inert(page, "the case detail")
    assert _text(page, ".leaflet-tooltip") == f"{case.number} {V['location']}"
    page.locator("[data-map-section]").scroll_into_view_if_needed()
    screenshot(page, "script-sinks-case-map-tooltip")
    main = page.inner_text("main")
    for key in ("title", "party", "location", "description", "village_a"):
        assert V[key] in main, key

    _open(page, base + reverse("cases:list"))
    _assert_inert(page, "the case list")
    assert V["title"] in page.inner_text("main")

    for url in (
        reverse("campaigns:detail", args=[case.campaign_id]),
        reverse("campaigns:tasks", args=[case.campaign_id]),
        reverse("campaigns:report", args=[case.campaign_id]),
    ):
        _open(page, base + url)
        _assert_inert(page, url)
        assert V["campaign"] in page.inner_text("body"), url
        if url.endswith("/tasks/"):
            assert V["task"] in page.inner_text("main")

    # The case map (leader): village labels, and the popups of the case and the finding.
    page.context.clear_cookies()
    browser_login(page, live_server, "leader")
    _open(page, base + reverse("dashboards:map"))
    _check_map(page, case)

    # The dashboard as the county sees it: townships side by side in the charts, village names
    # in the coverage chart, the officer's name in the assignee chart; every chart's tooltip.
    page.context.clear_cookies()
    browser_login(page, live_server, "county")
    _open(page, base + reverse("dashboards:index"))
    page.wait_for_selector("[data-chart] canvas")
    # A real hover over the first township's bars (of two), as a user does ...
    status = page.locator("[data-chart='chart-status-data']")
    status.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # the bars' entry animation
    box = status.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 36 + (box["height"] - 44) / 4)
    hovered = status.locator(".lw-chart-tooltip")
    hovered.wait_for(state="visible")
    _assert_inert(page, "a hovered chart")
    assert V["township"] in hovered.text_content()
    # ... and every chart's tooltip on its first item.
    tips = _show_every_tooltip(page)
    _assert_inert(page, "the dashboard's chart tooltips")
    assert V["township"] in tips["chart-status-data"]
    assert V["village_a"] in tips["chart-coverage-data"]
    assert V["officer"] in tips["chart-assignee-data"]
    _check_map(page, case)

    # The coordinator's patrol log form and its draft script.
    page.context.clear_cookies()
    browser_login(page, live_server, "coord_a")
    _open(page, base + reverse("patrols:log-create"))
    page.wait_for_selector("form.lw-field-form")
    _assert_inert(page, "the patrol log form")
    assert V["village_a"] in page.inner_text("main")
    # Typed markup is kept as a draft and restored into the field on a fresh page, as text.
    page.fill("[name=route]", planted(12, "村委会"))
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("[data-draft-restored]:not(.d-none)")
    assert page.input_value("[name=route]") == planted(12, "村委会")
    _assert_inert(page, "the restored patrol log draft")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def _check_map(page, case) -> None:
    page.wait_for_selector("[data-map-ready]")
    page.locator("[data-map]").scroll_into_view_if_needed()
    labels = page.locator(".dash-village-label")
    assert sorted(labels.all_text_contents()) == sorted([V["village_a"], V["village_b"]])
    _assert_inert(page, "the map's village labels")
    popups = []
    for name in (V["village_a"], V["village_b"]):
        box = labels.filter(has_text=name).bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".leaflet-popup-content")
        popups.append(_text(page, ".leaflet-popup-content"))
        screenshot(page, f"script-sinks-map-popup-{len(popups)}")
        _assert_inert(page, "a map popup")
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")
    assert popups[0].startswith(f"{case.number} {V['title']}")
    assert V["village_a"] in popups[0]
    assert popups[1].startswith(V["finding"]) and V["village_b"] in popups[1]


def _show_every_tooltip(page) -> dict[str, str]:
    """Opens each chart's tooltip on its first data item (as a hover does) and returns its text by chart."""
    tips = {}
    for chart in page.locator("[data-chart]").all():
        key = chart.get_attribute("data-chart")
        chart.scroll_into_view_if_needed()
        page.evaluate(
            """el => echarts.getInstanceByDom(el).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0})""",
            chart.element_handle(),
        )
        page.wait_for_timeout(300)
        tips[key] = chart.evaluate("el => [...el.children].slice(1).map(c => c.textContent).join(' ')")
        _assert_inert(page, f"the tooltip of {key}")
    return tips

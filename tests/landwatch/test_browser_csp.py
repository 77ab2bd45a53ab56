"""The main pages raise no Content-Security-Policy violation in a real browser (issue #26).

The policy allows no inline script and no inline style ('unsafe-inline' is gone from
style-src): a style attribute in a template, a <style> element, htmx's injected indicator
style or ECharts' default tooltip markup would each be refused, and the browser reports it.
Each page is opened with its scripts' work done (charts drawn, a tooltip shown, the map's
markers loaded) and screenshotted at laptop and phone width for a person to look at.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import CaseStatus
from territory.models import ResponsibilityUnit
from tests.conftest import browser_login, screenshot
from tests.factories import PatrolFindingFactory, PatrolLogFactory, PatrolPlanFactory, TaskFactory, ViolationCaseFactory
from tests.factories.campaigns import campaign_with_phases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation, whatever the console says about it.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


@pytest.fixture
def township_pages(territory, office, officer, coordinator_a):
    """One of each thing the main pages show; returns their URLs by name."""
    from documents.services import create_document, issue_document

    t = territory
    ResponsibilityUnit.objects.filter(pk=t.township.pk).update(letterhead="甲镇人民政府", document_prefix="甲土监")
    ResponsibilityUnit.objects.filter(pk=t.village_a.pk).update(latitude="30.2100", longitude="120.1500")
    PatrolPlanFactory(responsible_unit=t.village_a, villages=[t.village_a, t.village_b], created_by=office)
    PatrolFindingFactory(
        log=PatrolLogFactory(village=t.village_a, created_by=coordinator_a), latitude="30.2200", longitude="120.1700"
    )
    campaign = campaign_with_phases(
        t.township, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2027, 12, 31)
    )
    TaskFactory(campaign=campaign, owner_unit=t.village_a, title="排摸本村违法用地", created_by=office)
    case = ViolationCaseFactory(
        village=t.village_a, status=CaseStatus.REGISTERED, created_by=office, assignee=officer, campaign=campaign,
        latitude=Decimal("30.215"), longitude=Decimal("120.160"), disposition="restore_farmland",
    )
    ViolationCaseFactory(village=t.village_b, status=CaseStatus.CLOSED, closed_on=datetime.date.today(),
                         created_by=office, disposition="demolish")
    document = issue_document(create_document(case, by=office, kind="rectification"), by=office)
    return {
        "home": reverse("home"),
        "case-list": reverse("cases:list"),
        "case-detail": case.get_absolute_url(),
        "dashboard": reverse("dashboards:index"),
        "case-map": reverse("dashboards:map"),
        "campaign": reverse("campaigns:detail", args=[campaign.pk]),
        "campaign-tasks": reverse("campaigns:tasks", args=[campaign.pk]),
        "campaign-report": reverse("campaigns:report", args=[campaign.pk]),
        "document-print": reverse("documents:print", args=[document.pk]),
        "admin-case": reverse("admin:cases_violationcase_change", args=[case.pk]),
    }


def _violations(page, url: str) -> list[str]:
    page.goto(url, wait_until="domcontentloaded")
    if page.locator("[data-chart]").count():
        page.wait_for_selector("[data-chart] canvas", state="attached")
        for chart in reversed(page.locator("[data-chart]").all()):  # every tooltip; the first one's stays
            chart.scroll_into_view_if_needed()
            page.evaluate(
                "el => echarts.getInstanceByDom(el).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0})",
                chart.element_handle(),
            )
    if page.locator("[data-map]").count():
        page.wait_for_selector("[data-map-ready]")
    if page.locator("[data-case-map]").count():
        page.wait_for_selector("[data-case-map] .case-map-pin")
        page.hover("[data-case-map] .case-map-pin")
        page.wait_for_selector(".leaflet-tooltip")
    page.wait_for_timeout(400)
    return page.evaluate("window.__csp")


@pytest.mark.parametrize("width", [1366, 390])
def test_main_pages_raise_no_content_security_policy_violation(browser, live_server, township_pages, superuser, width):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)  # two shared cores; ECharts is a megabyte of script
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type in ("error", "warning") else None)
    found = {}
    try:
        browser_login(page, live_server, "office")
        for name, url in township_pages.items():
            if name.startswith("admin-"):
                continue
            violations = _violations(page, live_server.url + url)
            screenshot(page, f"csp-{name}-{width}")
            if violations:
                found[name] = violations
        page.context.clear_cookies()
        browser_login(page, live_server, "coord_a")
        violations = _violations(page, live_server.url + reverse("patrols:log-create"))
        screenshot(page, f"csp-patrol-log-form-{width}")
        if violations:
            found["patrol-log-form"] = violations
        # The admin's change form: its autocomplete (select2) and filter widgets.
        page.context.clear_cookies()
        browser_login(page, live_server, "root")
        violations = _violations(page, live_server.url + township_pages["admin-case"])
        page.click(".select2-selection")  # open an autocomplete's dropdown
        page.wait_for_selector(".select2-results__option")
        violations += page.evaluate("window.__csp")
        if violations:
            found["admin-case"] = violations
    finally:
        context.close()
    assert found == {}
    assert [m for m in console if "Content Security Policy" in m or "Refused to" in m] == []

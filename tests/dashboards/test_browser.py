"""The dashboard in a real browser, at laptop and phone widths: charts drawn, no console errors."""

import pytest
from django.urls import reverse

from cases.models import ViolationCase
from territory.models import ResponsibilityUnit
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = 6


def _place_on_map(territory, township_data):
    ResponsibilityUnit.objects.filter(pk=territory.village_a.pk).update(latitude="30.2100", longitude="120.1500")
    ResponsibilityUnit.objects.filter(pk=territory.village_b.pk).update(latitude="30.2300", longitude="120.1900")
    for k, case in enumerate([township_data.c1, township_data.c2, township_data.c4, township_data.c7]):
        ViolationCase.objects.filter(pk=case.pk).update(latitude=f"30.2{k}5", longitude=f"120.1{k}7")


def _check_dashboard(page, live_server, name: str) -> None:
    errors: list[str] = getattr(page, "console_errors", None)
    if errors is None:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    # Generous timeouts: the suite shares two cores and ECharts is a megabyte of script.
    page.set_default_timeout(120_000)
    browser_login(page, live_server, "leader")
    page.goto(live_server.url + reverse("dashboards:index"), wait_until="domcontentloaded")
    page.wait_for_selector("[data-chart] canvas")
    page.wait_for_timeout(800)  # let the charts' entry animation finish before the screenshot
    assert page.locator("[data-chart]").count() == CHARTS
    assert page.locator("[data-chart] canvas").count() == CHARTS
    assert page.locator(".leaflet-container").count() == 1
    page.wait_for_selector("[data-map-ready]")  # the markers come as JSON after the page
    assert page.locator("[data-map-summary]").inner_text().startswith("显示 4 件有坐标的案件")
    assert page.locator(".leaflet-interactive, .leaflet-overlay-pane canvas").count() >= 1
    assert page.locator("[data-figure=overdue]").first.inner_text().strip().startswith("整改逾期")
    screenshot(page, name)
    assert errors == []


def test_dashboard_at_laptop_width(page, live_server, territory, leader, township_data):
    _place_on_map(territory, township_data)
    _check_dashboard(page, live_server, "dashboards-laptop")


def test_dashboard_at_phone_width(phone_page, live_server, territory, leader, township_data):
    _place_on_map(territory, township_data)
    _check_dashboard(phone_page, live_server, "dashboards-phone")


def test_figure_click_opens_the_list(page, live_server, territory, leader, township_data):
    page.set_default_timeout(120_000)
    browser_login(page, live_server, "leader")
    page.goto(live_server.url + reverse("dashboards:index"), wait_until="domcontentloaded")
    link = page.locator("a[data-figure=findings]")
    link.click()
    page.wait_for_url("**/patrols/findings/**", wait_until="domcontentloaded")
    assert page.console_errors == []


def test_the_case_map_filter_fits_a_phone(phone_page, live_server, territory, leader, township_data):
    page = phone_page
    page.set_default_timeout(120_000)
    browser_login(page, live_server, "leader")
    page.goto(live_server.url + reverse("dashboards:map") + "?status=notified", wait_until="domcontentloaded")
    width = page.evaluate("window.innerWidth")
    # Every field within the screen, under its label (not squeezed beside it).
    misplaced = page.evaluate("""(width) => [
      ...document.querySelectorAll('[data-map-filter] label[for]')].flatMap(label => {
        const field = document.getElementById(label.htmlFor);
        if (!field || field.type === 'checkbox') return [];
        const l = label.getBoundingClientRect(), f = field.getBoundingClientRect();
        return (f.right <= width && f.left >= 0 && l.bottom <= f.top + 1) ? [] : [field.name];
    })""", width)
    assert misplaced == []
    assert page.locator("[data-map-filter] [name=status]").input_value() == "notified"
    screenshot(page, "dashboards-map-phone")

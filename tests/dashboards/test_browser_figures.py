"""The figures a leader checks, in a real browser: the area tile against the list it opens, the
map without setup text for the leader and with it for the administrator, the pledge list's totals."""

from decimal import Decimal

import pytest
from django.urls import reverse

from patrols.models import PledgeAssessment
from tests.conftest import browser_login, screenshot
from tests.factories import FarmlandPledgeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dashboard(page, live_server, username, password="pw"):
    page.set_default_timeout(120_000)
    browser_login(page, live_server, username, password)
    page.goto(live_server.url + reverse("dashboards:index"), wait_until="domcontentloaded")
    page.wait_for_selector("[data-chart] canvas")
    page.wait_for_selector("[data-map-ready]")
    page.wait_for_timeout(800)


def test_the_area_tile_opens_a_list_whose_total_row_shows_the_same_area(page, live_server, leader, township_data):
    _dashboard(page, live_server, "leader")
    assert page.locator("[data-note=total]").inner_text() == "未结案 4 + 已结案 2"
    assert page.locator("[data-map-setup]").count() == 0
    assert "LANDWATCH_MAP_TILE_URL" not in page.content()
    screenshot(page, "dashboards-figures-leader")
    tile = page.locator("a[data-figure=area] .figure-number").inner_text()
    assert "".join(tile.split()) == "1110.00平方米"
    page.click("a[data-figure=area]")
    page.wait_for_selector("[data-totals]")
    assert page.locator("[data-total-area]").inner_text() == "1110.00"
    assert page.locator("[data-total-count]").inner_text() == "筛选结果合计：6 件"
    assert page.locator("th", has_text="占地面积（平方米）").count() == 1
    screenshot(page, "cases-list-from-area-tile")
    assert page.console_errors == []


def test_the_administrator_sees_the_map_setup(page, live_server, admin_user, township_data):
    _dashboard(page, live_server, admin_user.username, "password")
    hint = page.locator("[data-map-setup]")
    assert "LANDWATCH_MAP_TILE_URL" in hint.inner_text() and "GCJ-02" in hint.inner_text()
    screenshot(page, "dashboards-figures-admin")


def test_the_pledge_list_writes_its_totals_in_mu(page, live_server, territory, office):
    for village, done, task in ((territory.village_a, "12.35", "20"), (territory.village_b, "44.25", "38")):
        pledge = FarmlandPledgeFactory(village=village, year=2026, protected_farmland_mu=Decimal("1234.5"),
                                       basic_farmland_mu=Decimal("1000"), reclamation_done_mu=Decimal(done),
                                       reclamation_task_mu=Decimal(task), created_by=office)
    PledgeAssessment.objects.create(
        pledge=pledge, assessed_on="2026-11-25", farmland_score=Decimal("28.5"), basic_farmland_score=20,
        reclamation_score=Decimal("8.1"), development_score=0, violation_control_score=0,
        total=Decimal("56.6"), result="fail", assessed_by=office,
    )
    page.set_default_timeout(120_000)
    browser_login(page, live_server, "office")
    page.goto(live_server.url + reverse("patrols:pledge-list") + "?year=2026")
    assert page.locator("[data-total=reclamation]").inner_text() == "56.60 / 58.00 亩"
    screenshot(page, "patrols-pledge-list")
    assert page.console_errors == []

"""The leader applies to the court in the browser, from a served decision the party did not carry
out and a served 催告书: the panel's window with its basis, the refusal of a day before it, the
application filed. axe-core runs on the case page and the form at 1366 px and 390 px; the
screenshots are for a person to look at."""

import pytest

from cases.models import CaseStatus
from tests.cases.test_browser_penalty import _axe
from tests.cases.test_enforcement_views import demanded  # noqa: F401  (the fixture)
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_leader_applies_to_the_court(sized_page, live_server, demanded, leader):  # noqa: F811
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "leader")
    page.goto(f"{live_server.url}/cases/{demanded.pk}/")
    panel = page.locator("[data-enforcement-panel]")
    assert "申请人民法院强制执行" in panel.inner_text()
    assert "第五十三条" in (panel.locator("[data-application-window]").get_attribute("title") or "")
    assert not _axe(page), _axe(page)
    panel.scroll_into_view_if_needed()
    screenshot(page, f"enforcement-case-panel-{size}")
    page.click("[data-action=apply_to_court]")
    page.wait_for_selector("#id_court")
    assert not _axe(page), _axe(page)
    page.fill("#id_court", "测试县人民法院")
    page.fill("#id_filed_on", "2025-10-31")
    for box in page.locator("input[name=materials]").all():
        box.check()
    page.click("button[type=submit]")
    page.wait_for_selector("#id_court")
    assert "第五十三条" in page.content()
    assert not _axe(page), _axe(page)
    screenshot(page, f"enforcement-apply-refused-{size}")
    page.fill("#id_filed_on", "2025-12-01")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-court-application]")
    demanded.refresh_from_db()
    assert demanded.status == CaseStatus.DECIDED and demanded.court_applications.count() == 1
    assert "等待裁定" in page.locator("[data-enforcement-panel]").inner_text()
    screenshot(page, f"enforcement-applied-{size}")

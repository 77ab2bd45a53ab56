"""The procedure panel at 1366 px and 390 px, with axe-core: the 集体讨论 step shown only when the
discussion may be recorded, otherwise why not; the presiding officer the last served 听证通知书
names. The screenshots are for a person to look at."""

import pytest

from cases import penalty
from tests.cases.test_browser_penalty import _axe as axe_violations
from tests.cases.test_penalty_procedure import ago, informed, summon
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_panel_says_why_the_discussion_waits(sized_page, live_server, reviewing, leader):
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "leader")
    page.goto(f"{live_server.url}/cases/{reviewing.pk}/")
    panel = page.locator("[data-penalty-panel]")
    assert panel.locator('[data-action="collective_discussion"]').count() == 0
    assert "第五十八条" in panel.locator('[data-refused="collective_discussion"]').inner_text()
    assert not axe_violations(page), axe_violations(page)
    panel.scroll_into_view_if_needed()
    screenshot(page, f"panel-discussion-refused-{size}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_panel_names_the_presiding_officer(sized_page, live_server, reviewing, reviewer, leader, office,
                                               other_officer):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=32)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(30))
    reviewing.refresh_from_db()
    summon(reviewing, by=office, presiding=other_officer, on=ago(28), hearing_on=ago(14))
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/cases/{reviewing.pk}/")
    assert "另一队员" in page.locator("[data-hearing-presiding]").inner_text()
    assert not axe_violations(page), axe_violations(page)
    page.locator("[data-penalty-panel]").scroll_into_view_if_needed()
    screenshot(page, f"panel-presiding-{size}")

"""The inbox in a browser, on a 390 px phone and at 1366 px: the navigation's count, the rows, and
marking one read (screenshots in test-artifacts/)."""

import pytest

from cases.models import CaseStatus
from reminders.services import send_reminders
from tests.conftest import browser_login, screenshot
from tests.factories import ViolationCaseFactory

from .conftest import MON, day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}])
def test_an_officer_reads_a_reminder(sized_page, viewport, live_server, territory, office, officer, holidays):
    page = sized_page
    for deadline in (day(9, 25), day(10, 5)):
        ViolationCaseFactory(village=territory.village_a, status=CaseStatus.NOTIFIED, deadline=deadline,
                             assignee=officer, created_by=office, discovered_on=day(8, 1), title="村民违法占地建房案")
    send_reminders(today=MON, deliver=False)
    browser_login(page, live_server, "officer")
    if page.size_name == "phone":
        page.click("button.navbar-toggler")
        page.wait_for_selector("#mainnav.show")  # the menu opened (its animation over)
    link = page.locator("a[data-unread]")
    assert link.get_attribute("data-unread") == "2"
    with page.expect_navigation():
        link.click()
    assert page.url == f"{live_server.url}/reminders/"
    assert page.locator("[data-item]").count() == 2
    assert page.get_by_text("已逾期").count() >= 1 and page.get_by_text("即将到期").count() >= 1
    screenshot(page, f"reminders-inbox-{page.size_name}")
    with page.expect_navigation():
        page.locator("[data-item] button", has_text="标为已读").first.click()
    assert page.locator(".reminder-unread").count() == 1

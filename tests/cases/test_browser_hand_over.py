"""移送 in the browser: the office hands a county case over from the case page; the department's
head then finds it in the case list and reads the transfer letter (with screenshots to look at)."""

import pytest

from cases.models import CaseStatus
from landwatch.vocabulary import Category
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_hands_over_and_the_department_head_finds_the_case(page, live_server, case_in, county_departments,
                                                                  office, authority_head):
    case = case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=county_departments.natural_resources)
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "测试县自然资源局" in page.inner_text("[data-authority]")
    screenshot(page, "cases-hand-over-case-page")
    page.click("[data-action=hand_over]")
    page.wait_for_selector("#id_occurred_on")
    screenshot(page, "cases-hand-over-form")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert "已于" in page.inner_text("[data-authority]")
    case.refresh_from_db()
    letter = case.documents.get(kind="transfer")
    page.goto(f"{live_server.url}/documents/{letter.pk}/print/")
    page.wait_for_selector(".sheet")
    assert "测试县自然资源局：" in page.inner_text(".addressee")
    screenshot(page, "cases-hand-over-transfer-letter")

    page.context.clear_cookies()
    browser_login(page, live_server, "nr_head")
    page.goto(f"{live_server.url}/cases/")
    assert case.number in page.inner_text("body")
    screenshot(page, "cases-hand-over-department-list")

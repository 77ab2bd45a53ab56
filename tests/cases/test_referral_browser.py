"""移送公安 in the browser: a case over 5 亩 of permanent basic farmland is flagged, the office records
its referral on a phone, the closing is refused until the receipt is in (screenshots at 390 and 1366 px)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.models import CaseStatus
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_records_the_referral_of_a_flagged_case(page, phone_page, live_server, case_in, office):
    today = timezone.localdate()
    case = case_in(CaseStatus.REGISTERED, discovered_on=today - datetime.timedelta(days=20),
                   registered_on=today - datetime.timedelta(days=20), area_m2=Decimal(6200),
                   farmland_area_m2=Decimal(5600), basic_farmland_area_m2=Decimal(4200))
    browser_login(phone_page, live_server, "office")
    phone_page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "刑法第三百四十二条" in phone_page.inner_text("[data-referral-flag]")
    screenshot(phone_page, "cases-referral-flag-390")
    phone_page.click("[data-action=referral-add]")
    phone_page.wait_for_selector("#id_police_organ")
    phone_page.fill("#id_police_organ", "县公安局")
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    phone_page.fill("#id_approved_on", yesterday)
    phone_page.fill("#id_sent_on", (today - datetime.timedelta(days=5)).isoformat())
    phone_page.click("form.case-form button[type=submit]")
    phone_page.wait_for_selector(".invalid-feedback, .alert-danger, .errorlist")
    assert "24小时" in phone_page.inner_text("form.case-form")
    screenshot(phone_page, "cases-referral-form-refused-390")
    phone_page.fill("#id_sent_on", today.isoformat())
    phone_page.click("form.case-form button[type=submit]")
    phone_page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    # The 涉嫌犯罪案件移送书 is drafted and numbered by the system (国务院令第310号 第六条).
    assert "涉刑移送第001号" in phone_page.inner_text("[data-referrals]")
    screenshot(phone_page, "cases-referral-recorded-390")

    browser_login(page, live_server, "office")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "回执未返回" in page.inner_text("[data-referrals]")
    screenshot(page, "cases-referral-case-1366")

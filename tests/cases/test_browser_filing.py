"""立案审批 and a 笔录 in a real browser, with screenshots to look at (desktop and phone)."""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseStatus
from tests.conftest import browser_login, screenshot
from tests.factories import CredentialFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_files_and_the_officers_make_a_record(page, phone_page, live_server, case_in, leader, officer,
                                                         other_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    case = case_in(CaseStatus.REGISTERED, discovered_on=today - datetime.timedelta(days=20),
                   registered_on=today - datetime.timedelta(days=10))
    CredentialFactory(user=officer, number="浙执0001")
    CredentialFactory(user=other_officer, number="浙执0002")

    browser_login(page, live_server, "leader")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("[data-action=file]")
    for box in page.query_selector_all("input[name=conditions]"):
        box.check()
    page.fill("#id_violation_started_on", (today - datetime.timedelta(days=60)).isoformat())
    page.check("#id_violation_continuing")
    screenshot(page, "filing-01-form")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-decision-clock]")
    screenshot(page, "filing-02-filed")
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and case.filed_on == today
    page.context.clear_cookies()

    browser_login(page, live_server, "officer")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("[data-action=record-add]")
    page.fill("#id_persons_present", "被询问人张三；记录人另一队员")
    page.fill("#id_content", "问：该房屋何时建设？\n答：两个月前。")
    page.select_option("#id_officer_1", str(officer.pk))
    page.select_option("#id_officer_2", str(other_officer.pk))
    screenshot(page, "filing-03-record-form")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-event=investigation_recorded]")
    assert not page.console_errors, page.console_errors
    from documents.models import CaseDocument

    record = CaseDocument.objects.get(case=case, kind="inquiry_record")
    page.goto(f"{live_server.url}/documents/{record.pk}/print/")
    page.wait_for_selector("text=浙执0002")
    screenshot(page, "filing-06-record-printed")

    browser_login(phone_page, live_server, "officer")
    phone_page.goto(f"{live_server.url}{case.get_absolute_url()}")
    screenshot(phone_page, "filing-04-detail-phone")
    phone_page.goto(f"{live_server.url}/cases/{case.pk}/records/new/")
    screenshot(phone_page, "filing-05-record-form-phone")

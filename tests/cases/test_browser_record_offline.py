"""A 笔录 made on site without a signal (issue 24): the record form, opened once with a signal,
opens again without one; the record goes to the phone's queue and is made once when the network
is back, numbered with the two officers' certificates."""

import pytest
from django.urls import reverse

from documents.models import InvestigationRecord
from tests.cases.test_filing_investigation import certified, filed  # noqa: F401
from tests.conftest import browser_login, screenshot
from tests.patrols.test_browser_offline import keep_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_record_made_without_a_signal_is_made_once_when_the_network_is_back(
        phone_page, live_server, filed, officer, other_officer, certified):  # noqa: F811
    from playwright.sync_api import expect

    phone = phone_page
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login(phone, live_server, "officer")
    url = keep_page(phone, f"{live_server.url}{reverse('cases:record-add', args=[filed.pk])}")

    phone.context.set_offline(True)
    phone.goto(url)
    phone.select_option("#id_kind", "inspection_record")
    phone.fill("#id_place", "三组河堤东侧")
    phone.fill("#id_persons_present", "当事人张三；执法人员二名")
    phone.fill("#id_content", "现场已建房屋一处，约100平方米。")
    phone.select_option("#id_officer_1", str(officer.pk))
    phone.select_option("#id_officer_2", str(other_officer.pk))
    phone.click("button[type=submit]")
    expect(phone.locator("[data-offline-msg]")).to_contain_text("联网后自动提交")
    expect(phone.locator("[data-queue-item=waiting]")).to_have_count(1)
    screenshot(phone, "cases-record-offline-queued")
    assert not InvestigationRecord.objects.exists()

    phone.context.set_offline(False)
    expect(phone.locator("[data-queue-item=sent]")).to_have_count(1, timeout=15000)
    record = InvestigationRecord.objects.get()
    assert record.place == "三组河堤东侧" and record.document.case_id == filed.pk
    assert {record.officer_1_id, record.officer_2_id} == {officer.pk, other_officer.pk}
    assert errors == []

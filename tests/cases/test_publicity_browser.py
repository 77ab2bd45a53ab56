"""公示 in the browser: the office records the publication of a decision on a phone, a text holding the
party's ID number is refused on the form, the panel shows the record, and the print view the masked
text (screenshots at 390 and 1366 px)."""

import pytest

from tests.cases.test_publicity import URL, _decided
from tests.conftest import browser_login, screenshot
from tests.factories.cases import PartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_records_the_publication_and_prints_the_masked_text(page, phone_page, live_server, case_in, office,
                                                                   leader, territory):
    import datetime

    person = PartyFactory(township=territory.township, name="王五", id_number="330100198505050023",
                          phone="13812345678", address="沈家浜村三组12号")
    case = _decided(case_in, office, person, datetime.date(2025, 9, 22))
    browser_login(phone_page, live_server, "office")
    phone_page.goto(f"{live_server.url}{case.get_absolute_url()}")
    panel = phone_page.inner_text("[data-publicity-panel]")
    assert "公示已逾期" in panel and "2025年9月30日" in panel
    screenshot(phone_page, "cases-publication-overdue-390")
    phone_page.click("[data-action=publication-add]")
    phone_page.wait_for_selector("#id_text")
    draft = phone_page.input_value("#id_text")
    assert "王某某" in draft and "330100198505050023" not in draft
    phone_page.select_option("#id_channel", "website")
    phone_page.fill("#id_location", URL)
    phone_page.fill("#id_published_on", "2025-10-09")
    phone_page.fill("#id_text", draft + "\n当事人身份证号码330100198505050023")
    phone_page.click("form.case-form button[type=submit]")
    phone_page.wait_for_selector(".alert-danger")
    assert "身份证号码" in phone_page.inner_text(".alert-danger")
    screenshot(phone_page, "cases-publication-form-refused-390")
    phone_page.fill("#id_text", draft)
    phone_page.click("form.case-form button[type=submit]")
    phone_page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert "逾期公示" in phone_page.inner_text("[data-publicity-panel]")
    screenshot(phone_page, "cases-publication-recorded-390")

    browser_login(page, live_server, "leader")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert page.locator("[data-action=publication-add]").count() == 0
    screenshot(page, "cases-publication-case-1366")
    page.click("[data-action=publication-print]")
    page.wait_for_selector("[data-published-text]")
    text = page.inner_text("body")
    assert "王某某" in text and "王五" not in text and "330100198505050023" not in text
    screenshot(page, "cases-publication-print-1366")

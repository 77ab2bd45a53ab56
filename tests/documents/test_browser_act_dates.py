"""A clerk brings in a notice signed and served on paper: the refusal of an impossible date, then the timeline."""

import datetime

import pytest
from django.utils import formats, timezone

from cases.models import CaseStatus
from documents.models import DocumentStatus
from documents.services import create_document
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_a_paper_notice_is_entered_with_its_dates(page, live_server, make_case, office):
    case = make_case()
    notice = create_document(case, by=office, kind="rectification", deadline_days=20)
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{notice.get_absolute_url()}")
    page.fill("#id_issued_on", ago(31).isoformat())
    screenshot(page, "act-dates-issue-form")
    page.click("button:has-text('签发（编号）')")
    page.wait_for_selector("text=已签发，文号")

    page.click("a:has-text('登记送达')")
    page.select_option("#id_method", "direct")
    page.fill("#id_served_on", ago(32).isoformat())
    page.fill("#id_recipient", "钱某")
    page.click("button:has-text('登记送达')")
    error = page.wait_for_selector(".invalid-feedback, .errorlist, .text-danger")
    assert "不能早于" in page.content() and formats.date_format(ago(31), "DATE_FORMAT") in page.content()
    assert error.is_visible()
    screenshot(page, "act-dates-serve-refused")

    page.fill("#id_served_on", ago(30).isoformat())
    page.click("button:has-text('登记送达')")
    page.wait_for_selector("text=送达已登记")
    notice.refresh_from_db()
    case.refresh_from_db()
    assert notice.status == DocumentStatus.SERVED and case.status == CaseStatus.NOTIFIED and case.is_overdue

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    served = page.locator("[data-event='notified']")
    assert formats.date_format(ago(30), "DATE_FORMAT") in served.inner_text()
    assert "录入于" in served.inner_text()
    screenshot(page, "act-dates-timeline")

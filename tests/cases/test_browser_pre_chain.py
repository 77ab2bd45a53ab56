"""The pre-chain mark and the pointer to 立案 as a clerk sees them, on a desk screen and on a phone."""

import pytest

from cases.models import CaseStatus, Disposition
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_sees_which_cases_predate_the_chain_and_where_demolition_goes(page, phone_page, live_server,
                                                                             case_in, office):
    old = case_in(CaseStatus.NOTIFIED, predates_chain=True, title="旧案已送达整改通知书")
    demolish = case_in(CaseStatus.REGISTERED, disposition=Disposition.DEMOLISH, title="新案拟限期拆除")
    for view, name in ((page, "desktop"), (phone_page, "phone")):
        browser_login(view, live_server, "office")
        view.goto(f"{live_server.url}/cases/{old.pk}/")
        assert view.is_visible("[data-predates-chain]") and view.is_visible("[data-predates-chain-note]")
        screenshot(view, f"cases-pre-chain-detail-{name}")
        view.goto(f"{live_server.url}/cases/{demolish.pk}/")
        assert view.is_visible("[data-needs-filing]") and not view.is_visible("[data-action=issue-notice]")
        screenshot(view, f"cases-demolition-needs-filing-{name}")
        view.goto(f"{live_server.url}/cases/?procedure=pre_chain")
        assert old.number in view.inner_text("main") and demolish.number not in view.inner_text("main")
        screenshot(view, f"cases-list-pre-chain-{name}")
    assert not page.console_errors


def test_a_printed_rectification_notice_says_it_is_no_decision_and_has_no_remedy_line(page, live_server, case_in,
                                                                                         office):
    from documents import services as document_services

    case = case_in(CaseStatus.REGISTERED, category="farmland_breeding", disposition=Disposition.RESTORE_FARMLAND)
    notice = document_services.issue_document(
        document_services.create_document(case, by=office, kind="rectification"), by=office)
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/documents/{notice.pk}/print/")
    sheet = page.inner_text(".sheet")
    assert "不是行政处罚决定" in sheet and "行政复议" not in sheet and "第七十五条" in sheet
    screenshot(page, "documents-rectification-print-not-a-decision")

"""结案 and the demand's 陈述申辩 in the browser, at 390 px and 1366 px (screenshots to look at): the
office records the party's statement on the enforcement panel, the leader reviews it, and the leader
approves the closing of a chain case on its ground."""

import datetime

import pytest

from cases.models import CaseStatus, PenaltyMeasure
from deadlines.services import load_shipped
from documents.models import DocumentKind
from tests.cases.test_enforcement import serve
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date
VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1366, "height": 900}]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_statement_review_and_closing_approval(sized_page, live_server, case_in, office, leader, viewport):
    page, size = sized_page, sized_page.size_name
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None,
                   discovered_on=D(2025, 6, 2), registered_on=D(2025, 6, 3), filed_on=D(2025, 6, 4))
    serve(case, DocumentKind.PENALTY_DECISION, by=office, on=D(2025, 9, 1))
    serve(case, DocumentKind.DEMAND, by=office, on=D(2025, 9, 22))
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("[data-action=demand_statement]")
    page.fill("#id_received_on", "2025-09-24")
    page.fill("#id_content", "塘埂系承包前已有，请求不予拆除。")
    screenshot(page, f"cases-demand-statement-form-{size}")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert "尚未复核" in page.inner_text("[data-demand-statement]")

    page.context.clear_cookies()
    browser_login(page, live_server, "leader")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("[data-action=review_demand_statement]")
    page.check("input[name=review][value=not_accepted]")
    page.fill("#id_reasons", "塘埂系2023年新挖，所提事实不成立。")
    page.fill("#id_reviewed_on", "2025-09-30")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert "不予采纳" in page.inner_text("[data-demand-statement]")
    page.locator("[data-enforcement-panel]").scroll_into_view_if_needed()
    screenshot(page, f"cases-demand-statement-reviewed-{size}")

    page.click("[data-action=approve_closing]")
    page.check("input[name=ground][value=execution_ended]")
    page.fill("#id_note", "当事人死亡，无遗产可供执行。")
    screenshot(page, f"cases-closing-form-{size}")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert "终结执行" in page.inner_text("[data-closing-panel]")
    screenshot(page, f"cases-closing-approved-{size}")

"""The procedural details of the chain in the browser (issue 19): the extension form with its
collective discussion, and the case page's "serve by" of the 中止调查通知书.

axe-core (WCAG 2.1 AA) runs on each page at 1366 px and 390 px; the screenshots are for a person
to look at (test-artifacts/)."""

import pytest

from cases import procedure
from cases.models import CaseEvent, CaseStatus, EventKind
from tests.cases.test_browser_penalty import _axe as axe_violations
from tests.cases.test_penalty_procedure import ago
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_head_extends_a_particularly_complex_case_after_discussion(sized_page, live_server, case_in, leader):
    case = case_in(CaseStatus.FILED, discovered_on=ago(100), registered_on=ago(95), filed_on=ago(85))
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "leader")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("[data-action=extend_decision_clock]")
    page.wait_for_selector("#id_days")
    assert not axe_violations(page), axe_violations(page)
    page.fill("#id_days", "60")
    page.check("#id_particularly_complex")
    page.fill("#id_reason", "涉及多宗用地，需补充鉴定，同意继续延长六十日")
    screenshot(page, f"penalty-extension-form-{size}")
    page.click("button[type=submit]")
    page.wait_for_selector(".invalid-feedback, .errorlist, [role=alert]")
    assert "参加集体讨论的负责人" in page.content()
    page.fill("#id_participants", "镇长、分管副镇长、纪委书记")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-penalty-panel]")
    assert "负责人集体讨论决定延长60日" in page.locator("[data-penalty-panel]").inner_text()
    assert CaseEvent.objects.filter(case=case, kind=EventKind.DECISION_CLOCK_EXTENDED).count() == 1
    screenshot(page, f"penalty-extension-case-{size}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_case_page_shows_when_the_suspension_notice_is_due(sized_page, live_server, case_in, leader, office):
    case = case_in(CaseStatus.FILED, discovered_on=ago(60), registered_on=ago(50), filed_on=ago(40))
    procedure.suspend_investigation(case, by=leader, ground="force_majeure", reason="台风致现场无法勘验", on=ago(1))
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    panel = page.locator("[data-penalty-panel]")
    assert "中止调查通知书送达期限" in panel.inner_text()
    assert not axe_violations(page), axe_violations(page)
    screenshot(page, f"penalty-suspension-notice-due-{size}")
    page.click("[data-action=draft-suspension_notice]")
    page.wait_for_selector("#id_requirements")
    assert "台风致现场无法勘验" in page.content()
    screenshot(page, f"penalty-suspension-notice-draft-{size}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_office_notifies_the_hearing_time_and_place(sized_page, live_server, reviewing, reviewer, leader, office,
                                                        other_officer):
    from cases import penalty
    from tests.cases.test_penalty_procedure import informed

    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(27))
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/cases/{reviewing.pk}/")
    page.click("[data-action=schedule_hearing]")
    page.wait_for_selector("#id_hearing_at")
    assert not axe_violations(page), axe_violations(page)
    page.fill("#id_place", "镇政府三楼会议室")
    page.select_option("#id_presiding", str(other_officer.pk))
    page.fill("#id_hearing_at", f"{ago(-12).isoformat()}T09:30")
    screenshot(page, f"penalty-hearing-summons-form-{size}")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-penalty-panel]")
    assert reviewing.documents.filter(kind="hearing_summons").exists()

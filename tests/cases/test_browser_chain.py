"""One case from 立案审批 to a served 决定书, walked in the browser by the people who do each step.

The leader approves the filing, two certified officers make the 笔录 and one submits the report,
the reviewer (a LEGAL_REVIEW qualification) records the 法制审核, the leader the 集体讨论 (限期
拆除 is serious), the office drafts, issues and serves the 告知书 and 听证告知书, an officer
records the statement and its 复核; the acts are dated in the past so the 5 working days have
run; the leader decides and the office serves the 决定书. Screenshots at 1366 px and 390 px are
for a person to look at (test-artifacts/).
"""

import datetime
import re

import pytest
from django.utils import timezone

from cases.models import CaseStatus, EventKind
from documents.models import DocumentKind, DocumentStatus
from tests.conftest import browser_login, screenshot
from tests.factories import CredentialFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def _submit(page) -> None:
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def _errors(page) -> str:
    return " ".join(page.locator(".invalid-feedback, .alert-danger, .errorlist").all_inner_texts())


def _as(browser, live_server, viewport, username):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport)
    page = context.new_page()
    browser_login(page, live_server, username)
    return context, page


def _document(page, live_server, case, kind: str, *, on: str, extra: dict | None = None) -> None:
    """Draft, issue and serve one document of ``case`` as the logged-in user."""
    page.goto(f"{live_server.url}/documents/case/{case.pk}/new/?kind={kind}")
    for name, value in (extra or {}).items():
        page.fill(f"[name={name}]", value)
    _submit(page)
    match = re.search(r"/documents/(\d+)/", page.url)
    assert match, (page.url, _errors(page))
    pk = match.group(1)
    issue = page.locator(f"form[action$='/documents/{pk}/issue/']")  # on the document's page
    issue.locator("[name=issued_on]").fill(on)
    issue.locator("button").click()
    page.wait_for_load_state()
    page.click(f"a[href$='/documents/{pk}/serve/']")
    page.wait_for_selector("[name=served_on]")
    page.fill("[name=served_on]", on)
    page.fill("[name=recipient]", case.party.name)
    page.fill("[name=signer]", case.party.name)
    page.fill("[name=server]", "执法队员")
    _submit(page)
    assert case.documents.get(pk=pk).status == DocumentStatus.SERVED, _errors(page)


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_one_case_from_filing_to_a_served_decision(browser, live_server, case_in, leader, office, officer,
                                                   other_officer, reviewer, viewport):
    size = "phone" if viewport["width"] < 500 else "desktop"
    case = case_in(CaseStatus.REGISTERED, discovered_on=timezone.localdate() - datetime.timedelta(days=60),
                   registered_on=timezone.localdate() - datetime.timedelta(days=50))
    CredentialFactory(user=officer, number="浙执0001")
    CredentialFactory(user=other_officer, number="浙执0002")
    url = f"{live_server.url}/cases/{case.pk}"
    contexts = []
    try:
        # 立案审批: the leader confirms the five conditions (办法 第十六条).
        context, page = _as(browser, live_server, viewport, "leader")
        contexts.append(context)
        page.goto(f"{url}/file/")
        for box in page.locator("[name=conditions]").all():
            box.check()
        page.fill("[name=violation_started_on]", ago(70))
        page.fill("[name=occurred_on]", ago(40))
        screenshot(page, f"chain-1-filing-{size}")
        _submit(page)
        case.refresh_from_db()
        assert case.status == CaseStatus.FILED, _errors(page)

        # 询问笔录 by two certified officers; the 调查报告.
        context, page = _as(browser, live_server, viewport, "officer")
        contexts.append(context)
        page.goto(f"{url}/records/new/")
        page.select_option("[name=kind]", "inquiry_record")
        page.fill("[name=started_at]", f"{ago(38)}T09:00")
        page.fill("[name=ended_at]", f"{ago(38)}T09:45")
        page.fill("[name=place]", "镇综合行政执法队询问室")
        page.fill("[name=persons_present]", "当事人张三；执法人员二名")
        page.fill("[name=content]", "问：是否办理用地审批手续？\n答：没有。")
        page.select_option("[name=officer_1]", str(officer.pk))
        page.select_option("[name=officer_2]", str(other_officer.pk))
        screenshot(page, f"chain-2-record-{size}")
        _submit(page)
        assert case.documents.filter(kind=DocumentKind.INQUIRY_RECORD).exists(), _errors(page)
        page.goto(f"{url}/submit-report/")
        page.fill("[name=facts]", "未经批准占用耕地建房。")
        page.fill("[name=evidence]", "询问笔录一份")
        page.fill("[name=proposal]", "建议责令限期拆除。")
        page.fill("[name=occurred_on]", ago(35))
        _submit(page)
        case.refresh_from_db()
        assert case.status == CaseStatus.REVIEWING, _errors(page)

        # 法制审核 by the qualified reviewer; 集体讨论 by the leader.
        context, page = _as(browser, live_server, viewport, "reviewer")
        contexts.append(context)
        page.goto(f"{url}/legal-review/")
        page.check("input[name=measures][value=demolish]")
        page.fill("[name=reviewed_on]", ago(30))
        page.select_option("[name=passed]", "true")
        page.fill("[name=opinion]", "事实清楚，证据确凿，程序合法。")
        screenshot(page, f"chain-3-legal-review-{size}")
        _submit(page)
        assert case.events.filter(kind=EventKind.LEGAL_REVIEWED).exists(), _errors(page)
        page = contexts[0].new_page()
        page.goto(f"{url}/collective-discussion/")
        page.fill("[name=held_on]", ago(29))
        page.fill("[name=participants]", "镇长、分管副镇长、国土所所长")
        page.fill("[name=conclusion]", "同意责令限期拆除。")
        _submit(page)
        assert case.events.filter(kind=EventKind.COLLECTIVE_DISCUSSION).exists(), _errors(page)

        # 告知书 and 听证告知书, drafted, issued and served by the office.
        context, page = _as(browser, live_server, viewport, "office")
        contexts.append(context)
        _document(page, live_server, case, DocumentKind.PENALTY_NOTICE, on=ago(28))
        _document(page, live_server, case, DocumentKind.HEARING_NOTICE, on=ago(28))
        case.refresh_from_db()
        assert case.status == CaseStatus.INFORMED

        # The statement and its 复核, recorded by the officer.
        page = contexts[1].new_page()
        page.goto(f"{url}/statement/")
        page.fill("[name=received_on]", ago(26))
        page.fill("[name=statement]", "房屋系自住，请求从轻。")
        _submit(page)
        page.goto(f"{url}/recheck/")
        page.fill("[name=rechecked_on]", ago(25))
        page.fill("[name=conclusion]", "未提供用地批准文件，理由不成立。")
        _submit(page)
        assert case.events.filter(kind=EventKind.RECHECKED).exists(), _errors(page)

        # The periods have run: the leader decides.
        page = contexts[0].new_page()
        page.goto(f"{url}/")
        screenshot(page, f"chain-4-informed-{size}")
        page.goto(f"{url}/decide-penalty/")
        page.check("input[name=measures][value=demolish]")
        page.fill("[name=occurred_on]", ago(10))
        _submit(page)
        case.refresh_from_db()
        assert case.status == CaseStatus.DECIDED, _errors(page)

        # The 决定书, drafted, issued and served by the office.
        page = contexts[3].new_page()
        _document(page, live_server, case, DocumentKind.PENALTY_DECISION, on=ago(8), extra={"deadline_days": "30"})
        assert case.events.filter(kind=EventKind.DECISION_SERVED).exists()
        page.goto(f"{url}/")
        assert "决定书送达期限" in page.locator("[data-penalty-panel]").inner_text()
        screenshot(page, f"chain-5-served-{size}")
    finally:
        for context in contexts:
            context.close()

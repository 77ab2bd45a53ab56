"""Onboarding a township mid-campaign, as docs/ONBOARDING.md tells it (issue #27, point 1).

The office clerk downloads the template, fills in the cases already surveyed, noticed and
served on paper, checks the list (a mistake comes back as the row's error), registers it, finds
the case whose real deadline passed among the overdue ones, and the leader approves
enforcement on it the same day. Screenshots at each step, in test-artifacts/onboarding-*.png.
"""

import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import CaseStatus, ViolationCase
from documents.models import DocumentStatus
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def in_flight() -> list[list]:
    """The paper ledger of the campaign so far: surveyed in March, noticed and served since.

    Dated when the test runs, not when it is collected (a run that crosses midnight).
    """
    return [
        ["张三", "", "自然人", "甲一村", "三组村道东侧", 320.5, 120, "一户多宅/建新不拆旧", ago(80), "双违整治", "",
         "建新不拆旧", ago(75), "", "甲土监〔2026〕整改第001号", ago(60), ago(58), "直接送达", "15"],
        ["钱塘物资有限公司", "91330400MA2B000001", "单位", "甲二村", "工业路北侧", 1200, 800, "经营性违法用地", ago(80),
         "双违整治", "", "堆放物资", ago(75), "", "甲土监〔2026〕整改第002号", ago(10), ago(8), "邮寄送达", ago(-22)],
        ["李四", "", "自然人", "甲一村", "五组河边", 96.5, 0, "一户多宅/建新不拆旧", ago(20), "动态巡查", "", "",
         "", "", "", "", "", "", ""],
    ]


def _download_template(page, live_server, tmp_path):
    with page.expect_download() as download_info:
        page.click("a:has-text('下载模板')")
    path = tmp_path / "template.xlsx"
    download_info.value.save_as(path)
    return path


def _fill(template, rows, path):
    wb = load_workbook(template)
    ws = wb.worksheets[0]
    for values in rows:
        ws.append(values)
    wb.save(path)
    return str(path)


def _upload(page, path):
    page.set_input_files("#id_file", path)
    page.click("button:has-text('检查清单')")


def test_a_township_mid_campaign_is_imported_checked_and_enforced(browser, page, live_server, office, leader,
                                                                  territory, township, tmp_path):
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/cases/")
    page.click("a:has-text('导入排摸清单')")
    page.wait_for_selector("h1:has-text('导入排摸清单')")
    screenshot(page, "onboarding-1-import-page")
    template = _download_template(page, live_server, tmp_path)
    header = [c.value for c in load_workbook(template).worksheets[0][1]]
    assert header[12:] == ["登记日期", "处理方式", "整改通知书文号", "签发日期", "送达日期", "送达方式",
                           "整改期限（日期或天数）", "其中永久基本农田（平方米）"]

    # A first try with a slip: served before it was signed. The row comes back; nothing is saved.
    ledger = in_flight()
    slip = [list(r) for r in ledger]
    slip[0][16] = ago(61)
    _upload(page, _fill(template, slip, tmp_path / "在办案件-有误.xlsx"))
    page.wait_for_selector("#import-errors")
    errors = page.inner_text("#import-errors")
    assert "送达日期" in errors and "不能早于其前一环节“签发”的日期" in errors and "2" in errors
    screenshot(page, "onboarding-2-row-errors")
    assert ViolationCase.objects.count() == 0

    # Corrected: the preview shows each case's notice, service and deadline.
    _upload(page, _fill(template, ledger, tmp_path / "在办案件.xlsx"))
    page.wait_for_selector("#import-preview")
    preview = page.inner_text("#import-preview")
    assert "甲土监〔2026〕整改第001号" in preview and "直接送达" in preview and "已逾期" in preview
    assert "尚无通知书" in preview
    screenshot(page, "onboarding-3-preview")
    page.click("button:has-text('确认登记')")
    page.wait_for_selector("text=已登记 3 件")
    screenshot(page, "onboarding-4-registered")

    overdue = ViolationCase.objects.get(party__name="张三")
    assert overdue.status == CaseStatus.NOTIFIED and overdue.is_overdue
    in_time = ViolationCase.objects.get(party__name="钱塘物资有限公司")
    assert in_time.status == CaseStatus.NOTIFIED and not in_time.is_overdue
    assert in_time.documents.get().status == DocumentStatus.SERVED

    # Go: the dashboard counts the overdue notice; its figure leads to the overdue cases.
    page.goto(f"{live_server.url}/dashboards/")
    page.wait_for_selector("a[href*='overdue=']")
    screenshot(page, "onboarding-5-dashboard")
    page.click("main a[href*='overdue=']")
    page.wait_for_selector(f"text={overdue.number}")
    listing = page.inner_text("main")
    assert overdue.number in listing and in_time.number not in listing
    screenshot(page, "onboarding-6-overdue-list")
    page.click(f"a:has-text('{overdue.number}')")
    page.wait_for_selector("h1")
    detail = page.inner_text("main")
    assert "甲土监〔2026〕整改第001号" in detail and "逾期" in detail
    screenshot(page, "onboarding-7-overdue-case")

    # The leader approves enforcement today: the real deadline passed weeks ago.
    leader_context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                         viewport={"width": 1280, "height": 900})
    leader_page = leader_context.new_page()
    browser_login(leader_page, live_server, "leader")
    leader_page.goto(f"{live_server.url}{overdue.get_absolute_url()}")
    leader_page.click("a[data-action='approve_enforcement']")
    leader_page.fill("#id_note", "逾期未自行拆除，同意强制拆除。")
    screenshot(leader_page, "onboarding-8-approve-enforcement")
    leader_page.click("button:has-text('确认')")
    leader_page.wait_for_selector("text=强制")
    screenshot(leader_page, "onboarding-9-enforcing")
    overdue.refresh_from_db()
    assert overdue.status == CaseStatus.ENFORCING
    leader_context.close()
    assert page.console_errors == []

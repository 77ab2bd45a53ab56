"""Issue #27's rough edges, looked at in a real browser: the pledge years, the printed notice, the task board.

Each page is screenshotted to test-artifacts/ for a person to judge, and passes axe-core.
"""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import TaskStatus
from documents.models import DocumentKind
from documents.services import create_document, issue_document
from tests.conftest import browser_login, screenshot
from tests.factories import FarmlandPledgeFactory, UnitFactory
from tests.factories.campaigns import TaskFactory

from .test_accessibility import _AXE_RUN, AXE, WCAG_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe(page) -> list:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(_AXE_RUN, WCAG_TAGS)


def test_pledge_years_notice_and_task_board(page, live_server, territory, office, officer):
    from cases.models import CaseStatus, Disposition
    from landwatch.vocabulary import Category
    from tests.factories import PartyFactory, ViolationCaseFactory
    from tests.factories.campaigns import campaign_with_phases

    this_year = timezone.localdate().year
    FarmlandPledgeFactory(village=territory.village_a, created_by=office, year=this_year)
    village = UnitFactory(kind="village", name="杨柳山村", parent=territory.township)
    case = ViolationCaseFactory(
        village=village, party=PartyFactory(township=territory.township, name="李四"), location_text="杨柳山村三组",
        status=CaseStatus.REGISTERED, disposition=Disposition.RESTORE_FARMLAND, category=Category.FARMLAND_BREEDING,
        created_by=office, assignee=officer,
    )
    notice = issue_document(create_document(case, by=office, kind=DocumentKind.RECTIFICATION), by=office)
    campaign = campaign_with_phases(territory.township, name="土地监察专项整治行动")
    due = timezone.localdate() + datetime.timedelta(days=10)
    TaskFactory(campaign=campaign, owner_unit=territory.department, title="下达整改通知书", due_date=due,
                created_by=office)
    TaskFactory(campaign=campaign, owner_unit=territory.village_a, title="排摸本村违法用地", due_date=due,
                status=TaskStatus.DONE, created_by=office)

    browser_login(page, live_server, "office")

    page.goto(f"{live_server.url}/patrols/pledges/")
    years = page.locator("select[name=year] option").all_inner_texts()
    assert years[:2] == [str(this_year + 1), str(this_year)]
    page.select_option("select[name=year]", str(this_year + 1))
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(f"**year={this_year + 1}")
    assert page.get_by_role("link", name="＋ 录入责任书").count() >= 1
    screenshot(page, "h7-pledge-list-next-year")
    assert _axe(page) == []

    page.goto(f"{live_server.url}/documents/{notice.pk}/print/")
    body = page.locator("article.sheet").inner_text()
    assert "擅自在杨柳山村三组占用土地" in body and "杨柳山村杨柳山村" not in body
    screenshot(page, "h7-notice-print")

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/tasks/")
    note = page.locator("[data-hidden-tasks]")
    assert "已隐藏 1 项已完成或已取消的任务" in note.inner_text()
    assert page.get_by_text("排摸本村违法用地").count() == 0
    screenshot(page, "h7-task-board-hidden")
    assert _axe(page) == []
    note.get_by_role("link", name="显示全部任务").click()
    page.wait_for_url("**status=all**")
    assert page.get_by_text("排摸本村违法用地").count() == 1
    screenshot(page, "h7-task-board-all")

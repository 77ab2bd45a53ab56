"""A case from registration to closure in a real browser, with screenshots to look at."""

import pytest
from django.utils import timezone

from cases.models import CaseStatus, ViolationCase
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page, live_server):
    page.context.clear_cookies()


def test_office_registers_and_issues_notice_officer_serves_and_corrects_office_closes(
        page, phone_page, live_server, territory, office, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The office registers the case.
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/cases/register/")
    page.fill("#id_party_name", "王大明")
    page.fill("#id_party_id_number", "330100197001010033")
    page.fill("#id_title", "王大明占用耕地挖塘养殖案")
    page.select_option("#id_village", str(territory.village_a.pk))
    page.fill("#id_location_text", "甲一村三组")
    page.fill("#id_latitude", "30.123456")
    page.fill("#id_longitude", "120.654321")
    page.fill("#id_area_m2", "160")
    page.select_option("#id_category", "farmland_breeding")
    page.check("input[name=causes][value=housing_freeze]")
    page.select_option("#id_source", "dynamic_patrol")
    screenshot(page, "cases-01-register-form")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-timeline]")
    case = ViolationCase.objects.get()
    assert page.url.endswith(case.get_absolute_url())

    # …assigns it to the officer…
    page.select_option("#id_assign_to", str(officer.pk))
    page.click("[data-action=assign]")
    page.wait_for_selector(".alert-success")
    # …and decides the category's default disposition (restore the farmland by a deadline; the plough
    # layer unknown counts as damaged). A demolition would go through 立案 instead (办法 第四条).
    page.click("[data-action=decide]")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-action=issue-notice]")
    assert not page.query_selector("[data-action=notify]")  # the interim notice event is gone
    page.wait_for_selector("[data-case-map] .case-map-pin")
    screenshot(page, "cases-02-registered-assigned-decided")
    # The notice is a real document: drafted and issued by the office…
    page.click("[data-action=issue-notice]")
    page.fill("#id_requirements", "限期十五日内自行填塘复耕")
    screenshot(page, "cases-03-notice-form")
    page.click("button:has-text('保存草稿')")
    page.click("button:has-text('签发（编号）')")
    page.wait_for_selector("text=已签发，文号")
    logout(page, live_server)

    # The officer finds it in "my cases", records the service, then the self-correction.
    browser_login(page, live_server, "officer")
    page.goto(f"{live_server.url}/cases/mine/")
    page.click(f"text={case.number}")
    page.click("#documents a:has-text('登记送达')")
    page.select_option("#id_method", "direct")
    page.fill("#id_served_on", timezone.localdate().isoformat())
    page.click("button:has-text('登记送达')")
    page.wait_for_selector("text=送达已登记")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.wait_for_selector("[data-action=self_correct]")
    page.click("[data-action=self_correct]")
    page.fill("#id_note", "当事人已自行填塘复耕")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-event=self_corrected]")
    screenshot(page, "cases-04-self-corrected")
    logout(page, live_server)

    # The office re-inspects and closes it.
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("[data-action=reinspection_passed]")
    page.fill("#id_note", "现场复查，耕地已恢复")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-event=reinspection_passed]")
    screenshot(page, "cases-05-closed")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["registered", "assigned", "decided", "note", "notified", "self_corrected",
                     "reinspection_passed"]
    assert not page.console_errors, page.console_errors

    # The same page and the list on a phone.
    browser_login(phone_page, live_server, "office")
    phone_page.goto(f"{live_server.url}{case.get_absolute_url()}")
    screenshot(phone_page, "cases-06-detail-phone")
    phone_page.goto(f"{live_server.url}/cases/")
    screenshot(phone_page, "cases-07-list-phone")

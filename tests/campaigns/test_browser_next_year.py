"""The office, in a browser, meets the finished 2022 campaign's closing summary and starts the next
year's campaign with one button (issue #27)."""

import datetime

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign
from cases.models import CaseStatus
from tests.conftest import browser_login, screenshot
from tests.factories import ViolationCaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def test_office_sees_the_closing_summary_and_starts_next_years_campaign(page, phone_page, live_server, office,
                                                                        campaign, territory):
    for i, (status, closed_on) in enumerate([
        (CaseStatus.CLOSED, D(2022, 5, 1)), (CaseStatus.CLOSED, D(2022, 5, 18)), (CaseStatus.CLOSED, D(2022, 8, 2)),
        (CaseStatus.NOTIFIED, None), (CaseStatus.DEFERRED, None),
    ]):
        ViolationCaseFactory(village=territory.village_a, campaign=campaign, status=status, closed_on=closed_on,
                             title=f"违法占地案{i + 1}", deadline=D(2022, 6, 30) if status == "notified" else None)
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    page.wait_for_selector("[data-section=closing]")
    assert page.locator("[data-section=at-risk]").count() == 0
    assert page.locator('[data-figure="closing-in-phase"]').inner_text() == "2"
    assert page.locator('[data-figure="closing-open"]').inner_text() == "2"
    screenshot(page, "campaign-closing-summary-office")

    page.click("[data-action=next-year]")
    page.wait_for_url(f"{live_server.url}/campaigns/*/")
    created = Campaign.objects.exclude(pk=campaign.pk).get()
    assert page.url.endswith(f"/campaigns/{created.pk}/")
    # Today (December 2026 when written) the next useful campaign is next year's, not 2023's.
    year = services.next_campaign_year(campaign, timezone.localdate())
    assert f"已启动{year}年土地监察专项整治行动" in page.content()
    assert created.phases.get(kind="correction").end_date == D(year, 5, 20)
    screenshot(page, "campaign-next-year-started")
    assert page.console_errors == []

    browser_login(phone_page, live_server, "office")
    phone_page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    link = phone_page.locator("[data-action=later-campaign]")
    assert link.bounding_box()["height"] >= 44
    screenshot(phone_page, "campaign-closing-summary-phone")


def test_office_counts_a_late_case_in_the_campaign_from_its_page(page, live_server, office, campaign, territory):
    case = ViolationCaseFactory(village=territory.village_a, created_by=office, title="石桥组厂房扩建案")
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("[data-action=campaign-attach]")
    page.select_option("#id_campaign", str(campaign.pk))
    page.fill("#id_reason", "市局交办，列入2022年专项整治行动一并处理")
    screenshot(page, "case-campaign-attach-form")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-timeline]")
    assert "本案现计入2022年土地监察专项整治行动" in page.content()
    assert page.locator("[data-event=campaign_attached]").count() == 1
    screenshot(page, "case-campaign-attached")
    case.refresh_from_db()
    assert case.campaign == campaign
    assert page.console_errors == []

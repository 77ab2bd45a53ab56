"""A leader opens the campaign overview and the summary report in a real browser."""

import datetime
from decimal import Decimal

import pytest

from cases.models import CaseCause, CaseStatus, EnforcementAction
from landwatch.vocabulary import Category
from tests.conftest import browser_login, screenshot
from tests.factories import ViolationCaseFactory
from tests.factories.campaigns import MeetingFactory, PublicityActivityFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date
TODAY = D(2022, 5, 10)


@pytest.fixture
def lived_campaign(campaign, territory, office):
    specs = [
        (territory.village_a, Category.COMMERCIAL, CaseStatus.CLOSED, None),
        (territory.village_a, Category.EXTRA_HOMESTEAD, CaseStatus.ENFORCING, None),
        (territory.village_b, Category.FARMLAND_BREEDING, CaseStatus.NOTIFIED, D(2022, 6, 15)),
        (territory.village_b, Category.VILLAGER_HOUSING, CaseStatus.DEFERRED, None),
        (territory.village_a, Category.OTHER, CaseStatus.NOTIFIED, D(2022, 5, 5)),
        (territory.village_b, Category.VILLAGER_HOUSING, CaseStatus.REGISTERED, None),
    ]
    for i, (village, category, status, deadline) in enumerate(specs):
        case = ViolationCaseFactory(
            village=village,
            campaign=campaign,
            category=category,
            status=status,
            deadline=deadline,
            title=f"违法占地案{i + 1}",
            closed_on=D(2022, 5, 1) if status == CaseStatus.CLOSED else None,
        )
        CaseCause.objects.create(case=case, cause="housing_freeze" if i % 2 else "development_pressure")
        if category == Category.EXTRA_HOMESTEAD:
            EnforcementAction.objects.create(
                case=case, kind="demolition", carried_out_on=D(2022, 4, 20), area_m2=Decimal(120), recorded_by=office
            )
    TaskFactory(campaign=campaign, owner_unit=territory.department, title="下达整改通知书", created_by=office)
    TaskFactory(
        campaign=campaign,
        owner_unit=territory.village_a,
        title="排摸本村违法用地",
        due_date=D(2022, 5, 1),
        created_by=office,
    )
    MeetingFactory(campaign=campaign, kind="mobilisation", title="全镇动员大会", recorded_by=office)
    PublicityActivityFactory(campaign=campaign, village=territory.village_a, recorded_by=office)
    return campaign


def test_leader_opens_overview_and_report(page, phone_page, live_server, leader, lived_campaign, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    browser_login(page, live_server, "leader")
    page.goto(f"{live_server.url}/campaigns/")
    page.click(f"text={lived_campaign.name}")
    page.wait_for_selector("[data-section=timeline]")
    assert page.locator("[data-today]").count() == 1
    assert "正处于查处纠正阶段" in page.content()
    assert page.locator("[data-section=at-risk] tbody tr[data-risk]").count() == 4
    screenshot(page, "campaign-overview-leader")

    page.click("text=整改工作材料")
    page.wait_for_selector("article.report-doc")
    assert page.locator('[data-figure="found"]').inner_text() == "6"
    # areas at 2 decimals (landwatch.quantities)
    assert page.locator('[data-figure="demolished-area"]').inner_text() == "120.00"
    screenshot(page, "campaign-report-leader")
    with page.expect_download() as download_info:
        page.click("[data-download=xlsx]")
    name = download_info.value.suggested_filename
    assert name.endswith("-整改工作材料.xlsx") and " " not in name, name
    page.emulate_media(media="print")
    assert not page.locator(".navbar").is_visible()
    screenshot(page, "campaign-report-print")
    assert page.console_errors == []

    browser_login(phone_page, live_server, "leader")
    phone_page.goto(f"{live_server.url}/campaigns/{lived_campaign.pk}/")
    screenshot(phone_page, "campaign-overview-phone")

"""The papers of enforcement and referral in the browser: the enforcement panel with its published 公告
and the application's letter, and the printed 强制执行申请书, 公告 and 涉嫌犯罪案件移送书 (screenshots at
390 and 1366 px)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cases import enforcement, referrals
from cases.models import ApplicationMaterial, CaseStatus, PenaltyMeasure
from deadlines.services import load_shipped
from documents.models import DocumentKind
from tests.cases.conftest import case_in  # noqa: F401  (the fixture)
from tests.conftest import browser_login, screenshot
from tests.documents.test_enforcement_papers import serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def test_the_papers_on_the_case_page_and_in_print(page, phone_page, live_server, case_in, office, leader):  # noqa: F811
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None,
                   discovered_on=D(2025, 6, 2), registered_on=D(2025, 6, 3), filed_on=D(2025, 6, 4))
    serve(case, DocumentKind.PENALTY_DECISION, by=office, on=D(2025, 9, 1))
    serve(case, DocumentKind.DEMAND, by=office, on=D(2025, 9, 22))
    notice = serve(case, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26), method="public")
    letter = enforcement.apply_to_court(case, by=leader, court="测试县人民法院", filed_on=D(2025, 11, 3),
                                        materials=ApplicationMaterial.values).letter
    flagged = case_in(CaseStatus.REGISTERED, discovered_on=timezone.localdate() - datetime.timedelta(days=40),
                      registered_on=timezone.localdate() - datetime.timedelta(days=30), area_m2=Decimal(5000),
                      farmland_area_m2=Decimal(4500), basic_farmland_area_m2=Decimal(4000))
    today = timezone.localdate()
    referral = referrals.record_referral(flagged, by=office, police_organ="测试县公安局",
                                         approved_on=today - datetime.timedelta(days=1), sent_on=today)

    for p, size in ((phone_page, "390"), (page, "1366")):
        if size == "1366":
            p.set_viewport_size({"width": 1366, "height": 900})
        browser_login(p, live_server, "office")
        p.goto(f"{live_server.url}{case.get_absolute_url()}")
        row = p.inner_text("[data-announcement]")
        assert notice.reference in row and "2025年10月9日" in row
        assert letter.reference in p.inner_text("[data-enforcement-panel]")
        p.locator("[data-enforcement-panel]").scroll_into_view_if_needed()
        screenshot(p, f"documents-enforcement-papers-panel-{size}")
        for document, name in ((letter, "court-application"), (notice, "announcement"),
                               (referral.letter, "police-referral")):
            p.goto(f"{live_server.url}/documents/{document.pk}/print/")
            assert document.reference in p.inner_text("article.sheet")
            screenshot(p, f"documents-{name}-print-{size}")

"""The pages this session's procedural gaps changed, in the browser at 1366 px and 390 px, with
axe-core: the panel's list of every suspension, the hearing form preselecting the officer the
听证通知书 named, and the department's evidence form. The screenshots are for a person to look at."""

import pytest
from django.urls import reverse

from cases import penalty
from cases.models import CaseStatus
from documents.models import DocumentKind
from documents.services import hand_over_case
from landwatch.vocabulary import Category
from tests.cases.test_browser_penalty import _axe as axe_violations
from tests.cases.test_penalty_procedure import ago, informed, summon
from tests.cases.test_penalty_suspension_notice import notify
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_panel_lists_each_suspension(sized_page, live_server, case_in, leader, office):
    from cases import procedure

    case = case_in(CaseStatus.FILED, discovered_on=ago(70), registered_on=ago(60), filed_on=ago(50))
    procedure.suspend_investigation(case, by=leader, ground="force_majeure", reason="台风致现场无法勘验", on=ago(30))
    case.refresh_from_db()
    notify(case, DocumentKind.SUSPENSION_NOTICE, by=office, on=ago(29))
    case.refresh_from_db()
    procedure.resume_investigation(case, by=leader, reason="台风过境，恢复勘验", on=ago(25))
    case.refresh_from_db()
    procedure.suspend_investigation(case, by=leader, ground="accident", reason="当事人突发重病住院", on=ago(2))
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    cycles = page.locator("[data-suspension-cycles] li")
    assert cycles.count() == 2
    assert "台风过境，恢复勘验" in cycles.nth(0).inner_text() and "尚未恢复调查" in cycles.nth(1).inner_text()
    assert not axe_violations(page), axe_violations(page)
    page.locator("[data-penalty-panel]").scroll_into_view_if_needed()
    screenshot(page, f"procedure-suspension-cycles-{size}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_hearing_form_preselects_the_named_presiding_officer(sized_page, live_server, reviewing, reviewer, leader,
                                                                 office, other_officer):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(27))
    reviewing.refresh_from_db()
    summon(reviewing, by=office, presiding=other_officer, on=ago(27), hearing_on=ago(13))
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{reverse('cases:hearing', args=[reviewing.pk])}")
    assert page.locator("#id_presiding").input_value() == str(other_officer.pk)
    assert not axe_violations(page), axe_violations(page)
    screenshot(page, f"procedure-hearing-form-{size}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_department_officer_reaches_the_evidence_form(sized_page, live_server, case_in, county_departments,
                                                          office, authority_staff):
    case = case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=county_departments.natural_resources)
    hand_over_case(case, by=office)
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, authority_staff.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click(f"a[href='{reverse('cases:attachment-add', args=[case.pk])}']")
    page.wait_for_selector("#id_file")
    assert not axe_violations(page), axe_violations(page)
    screenshot(page, f"procedure-department-evidence-{size}")

"""The enforcement panel and pages (cases/enforcement_views.py): the window shown with its basis,
refusals on the form, the triad of access, and a query count that does not grow with rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import enforcement
from cases.models import ApplicationMaterial, CaseStatus, ChallengeKind, ChallengeOutcome, PenaltyMeasure
from deadlines.services import load_shipped
from documents.models import DocumentKind
from tests.cases.test_enforcement import serve

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def demanded(case_in, office):
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None,
                   discovered_on=D(2025, 6, 2), registered_on=D(2025, 6, 3), filed_on=D(2025, 6, 4))
    serve(case, DocumentKind.PENALTY_DECISION, by=office, on=D(2025, 9, 1))
    serve(case, DocumentKind.DEMAND, by=office, on=D(2025, 9, 22))
    return case


def _post(client, case, name, **data):
    case.refresh_from_db()
    return client.post(reverse(f"cases:{name}", args=[case.pk]), {"version": case.version, **data})


def test_the_case_page_shows_the_window_with_its_basis(client, demanded, leader):
    client.force_login(leader)
    page = client.get(reverse("cases:detail", args=[demanded.pk])).content.decode()
    assert "data-enforcement-panel" in page
    window = page.split("data-application-window", 1)[1].split("</dd>", 1)[0]
    assert "第五十三条" in page.split("data-application-window", 1)[0].rsplit("<dd", 1)[1]  # the title on hover
    assert "2025" in window and "2026" in window
    assert 'data-action="apply_to_court"' in page
    # The old one-click approval is not offered on a decided case: it would be refused.
    assert "approve-enforcement" not in page


def test_an_application_outside_the_window_is_refused_on_the_form(client, demanded, leader):
    client.force_login(leader)
    response = _post(client, demanded, "apply-to-court", court="测试县人民法院", filed_on="2025-10-31",
                     materials=list(ApplicationMaterial.values))
    assert response.status_code == 200
    assert "第五十三条" in response.content.decode()
    assert not demanded.court_applications.exists()


def test_an_application_inside_the_window_is_filed(client, demanded, leader):
    client.force_login(leader)
    response = _post(client, demanded, "apply-to-court", court="测试县人民法院", filed_on="2025-12-01",
                     materials=list(ApplicationMaterial.values))
    assert response.status_code == 302
    assert demanded.court_applications.get().filed_on == D(2025, 12, 1)


def test_the_application_itself_is_not_a_box_to_tick_it_is_the_paper_the_filing_drafts(client, demanded, leader):
    """行政强制法 第五十五条(一): the 强制执行申请书 is drafted, numbered and sent by the filing itself;
    the clerk ticks the other materials only, and the record lists the application among them."""
    client.force_login(leader)
    url = reverse("cases:apply-to-court", args=[demanded.pk])
    form = client.get(url).content.decode()
    assert 'name="materials" value="decision"' in form
    assert 'name="materials" value="application"' not in form
    others = [m for m in ApplicationMaterial.values if m != ApplicationMaterial.APPLICATION]
    response = _post(client, demanded, "apply-to-court", court="测试县人民法院", filed_on="2025-12-01",
                     materials=others)
    assert response.status_code == 302
    application = demanded.court_applications.get()
    assert application.materials == sorted(ApplicationMaterial.values)
    assert application.letter.kind == DocumentKind.COURT_APPLICATION


def test_the_apply_page_is_refused_to_outsiders(client, demanded, officer, other_office):
    url = reverse("cases:apply-to-court", args=[demanded.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(officer)
    assert client.get(url).status_code == 403  # an officer does not apply: a leader does
    client.force_login(other_office)
    assert client.get(url).status_code == 404
    assert client.put(url).status_code in (404, 405)


def test_a_retired_kind_is_not_offered(client, case_in, office):
    case = case_in(CaseStatus.ENFORCING)
    client.force_login(office)
    page = client.get(reverse("cases:enforcement-add", args=[case.pk])).content.decode()
    assert 'value="demolition"' in page and 'value="fine"' not in page and 'value="referral"' not in page


def test_the_panel_queries_do_not_grow_with_challenges(client, demanded, leader, office):
    def count():
        client.force_login(leader)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:detail", args=[demanded.pk])).status_code == 200
        return len(ctx.captured_queries)

    demanded.refresh_from_db()
    first = enforcement.record_challenge(demanded, by=office, kind=ChallengeKind.LAWSUIT, body="测试县人民法院",
                                         filed_on=D(2025, 10, 1))
    demanded.refresh_from_db()
    enforcement.end_challenge(first, by=office, outcome=ChallengeOutcome.UPHELD, outcome_on=D(2025, 10, 20))
    count()  # the first view after a change draws the shared parts again
    one = count()
    for day in (21, 22, 23):
        demanded.refresh_from_db()
        c = enforcement.record_challenge(demanded, by=office, kind=ChallengeKind.RECONSIDERATION,
                                         body="测试县人民政府", filed_on=D(2025, 10, day))
        demanded.refresh_from_db()
        enforcement.end_challenge(c, by=office, outcome=ChallengeOutcome.WITHDRAWN, outcome_on=D(2025, 10, 24))
    count()
    assert count() == one

"""After the hand-over (移送) to a county department, the papers of the case are the department's:
its people draft, issue, correct and withdraw them in its name; the township's office serves them
(委托送达) and reads its own papers from before the hand-over, and issues nothing more
(行政处罚法 第十七条、第二十二条; 自然资源行政处罚办法 第十一条)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, Disposition
from documents.models import CaseDocument, DocumentKind, DocumentStatus
from documents.services import create_document, hand_over_case, issue_document
from landwatch.vocabulary import Category

pytestmark = pytest.mark.django_db

STOP_WORK_TEXT = {"kind": DocumentKind.STOP_WORK, "party_name": "钱塘物资有限公司", "location_text": "三组村道东侧",
                  "facts": "未经批准占用土地", "legal_basis": "土地管理法第六十八条", "requirements": "立即停止"}


@pytest.fixture
def handed_over(make_case, county_departments, office):
    """A commercial case of the county natural resources department, handed over by the township's office."""
    case = make_case(CaseStatus.REGISTERED, category=Category.COMMERCIAL, disposition=Disposition.DEMOLISH,
                     authority=county_departments.natural_resources)
    hand_over_case(case, by=office)
    case.refresh_from_db()
    return case


@pytest.fixture
def department_issued(handed_over, authority_staff):
    return issue_document(create_document(handed_over, by=authority_staff, kind=DocumentKind.STOP_WORK),
                          by=authority_staff)


def test_the_township_office_cannot_draft_on_a_handed_over_case(client, handed_over, office):
    client.force_login(office)
    url = reverse("documents:create", args=[handed_over.pk])
    assert client.get(url, {"kind": DocumentKind.STOP_WORK}).status_code == 403
    before = CaseDocument.objects.count()
    response = client.post(url, STOP_WORK_TEXT)
    assert response.status_code == 403
    assert CaseDocument.objects.count() == before


def test_the_township_office_cannot_issue_correct_or_withdraw_the_departments_papers(
        client, handed_over, office, authority_staff, department_issued):
    draft = create_document(handed_over, by=authority_staff, kind=DocumentKind.STOP_WORK)
    client.force_login(office)
    today = timezone.localdate().isoformat()
    assert client.post(reverse("documents:issue", args=[draft.pk]), {"issued_on": today}).status_code == 403
    assert client.post(reverse("documents:correct", args=[department_issued.pk])).status_code == 403
    assert client.post(reverse("documents:withdraw", args=[department_issued.pk]),
                       {"reason": "错误"}).status_code == 403
    draft.refresh_from_db()
    department_issued.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT
    assert department_issued.status == DocumentStatus.ISSUED and not department_issued.corrections.exists()


def test_the_township_office_still_serves_the_departments_papers(client, handed_over, office, department_issued):
    client.force_login(office)
    response = client.post(reverse("documents:serve", args=[department_issued.pk]), {
        "method": "direct", "served_on": timezone.localdate().isoformat(), "recipient": "钱塘物资有限公司",
        "signer": "王五", "server": "办公室职员"})
    assert response.status_code == 302
    department_issued.refresh_from_db()
    assert department_issued.status == DocumentStatus.SERVED
    assert department_issued.service.recorded_by == office


def test_the_township_keeps_reading_its_own_papers_from_before_the_hand_over(client, handed_over, office):
    letter = handed_over.documents.get(kind=DocumentKind.TRANSFER)
    client.force_login(office)
    page = client.get(reverse("documents:detail", args=[letter.pk]))
    assert page.status_code == 200
    assert client.get(reverse("documents:print", args=[letter.pk])).status_code == 200
    # Read, not rewritten: the page offers neither a correction nor a withdrawal.
    html = page.content.decode()
    assert reverse("documents:correct", args=[letter.pk]) not in html
    assert reverse("documents:withdraw", args=[letter.pk]) not in html


def test_the_documents_panel_offers_the_township_office_no_paper_of_the_department(client, handed_over, office):
    client.force_login(office)
    html = client.get(reverse("documents:case-documents", args=[handed_over.pk])).content.decode()
    assert f'{reverse("documents:create", args=[handed_over.pk])}?kind={DocumentKind.STOP_WORK}' not in html


def test_the_department_drafts_and_issues_in_its_own_name(client, handed_over, authority_staff):
    client.force_login(authority_staff)
    response = client.post(reverse("documents:create", args=[handed_over.pk]),
                           STOP_WORK_TEXT)
    assert response.status_code == 302
    draft = handed_over.documents.get(kind=DocumentKind.STOP_WORK)
    response = client.post(reverse("documents:issue", args=[draft.pk]),
                           {"issued_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.ISSUED
    assert draft.issuing_unit == handed_over.authority


def test_before_the_hand_over_the_township_office_drafts_as_before(client, make_case, county_departments, office):
    case = make_case(CaseStatus.REGISTERED, category=Category.COMMERCIAL, disposition=Disposition.DEMOLISH,
                     authority=county_departments.natural_resources)
    client.force_login(office)
    response = client.post(reverse("documents:create", args=[case.pk]),
                           STOP_WORK_TEXT)
    assert response.status_code == 302
    assert case.documents.filter(kind=DocumentKind.STOP_WORK).exists()

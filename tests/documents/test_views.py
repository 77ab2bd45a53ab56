"""Document views: the permission triad, wrong methods, locked documents, admin, flat query counts."""


import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from deadlines.clock import deadline
from documents import services
from documents.models import CaseDocument, DocumentStatus
from tests.factories import ViolationCaseFactory

from .conftest import png_upload

pytestmark = pytest.mark.django_db


def _serve(doc, by):
    return services.serve_document(doc, by=by, method="direct", served_on=timezone.localdate(), recipient="收件人")


def test_anonymous_is_sent_to_login(client, issued):
    for url in (reverse("documents:detail", args=[issued.pk]),
                reverse("documents:case-documents", args=[issued.case_id]), reverse("documents:ledger")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_outsiders_get_404_and_readers_403(client, issued, other_office, coordinator_b, coordinator_a, leader):
    detail = reverse("documents:detail", args=[issued.pk])
    for outsider in (other_office, coordinator_b):
        client.force_login(outsider)
        assert client.get(detail).status_code == 404
        assert client.get(reverse("documents:print", args=[issued.pk])).status_code == 404
        assert client.get(reverse("documents:case-documents", args=[issued.case_id])).status_code == 404
    for reader in (coordinator_a, leader):
        client.force_login(reader)
        assert client.get(detail).status_code == 200
        assert client.get(reverse("documents:edit", args=[issued.pk])).status_code == 403
        assert client.post(reverse("documents:issue", args=[issued.pk])).status_code == 403
        assert client.get(reverse("documents:serve", args=[issued.pk])).status_code == 403
        assert client.get(reverse("documents:create", args=[issued.case_id])).status_code == 403


def test_office_drafts_and_issues_a_notice(client, office, case):
    client.force_login(office)
    url = reverse("documents:create", args=[case.pk]) + "?kind=rectification"
    page = client.get(url)
    assert page.status_code == 200 and "三组村道东侧" in page.content.decode()
    form = page.context["form"]
    data = {name: (form.initial.get(name) or "") for name in form.fields}
    data.update(kind="rectification", deadline_days=20)
    response = client.post(url, data)
    doc = CaseDocument.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == doc.get_absolute_url()
    assert doc.deadline_days == 20 and doc.status == DocumentStatus.DRAFT
    assert client.get(reverse("documents:issue", args=[doc.pk])).status_code == 405
    response = client.post(reverse("documents:issue", args=[doc.pk]))
    doc.refresh_from_db()
    assert response.status_code == 302 and doc.status == DocumentStatus.ISSUED and doc.sequence == 1


def test_assigned_officer_records_service_with_proof(client, officer, issued, case):
    client.force_login(officer)
    url = reverse("documents:serve", args=[issued.pk])
    assert client.get(url).status_code == 200
    served_on = timezone.localdate()
    response = client.post(url, {"method": "direct", "served_on": served_on.isoformat(), "recipient": "王经理",
                                 "signer": "王经理", "proof": png_upload()})
    assert response.status_code == 302
    issued.refresh_from_db()
    case.refresh_from_db()
    # Fifteen calendar days, the last one moved off a weekend or holiday (deadlines.clock).
    assert issued.status == DocumentStatus.SERVED and issued.deadline == deadline("notice", served_on, 15).date
    assert case.status == CaseStatus.NOTIFIED
    proof = client.get(reverse("documents:proof", args=[issued.pk]))
    assert proof.status_code == 200 and proof["Content-Type"] == "image/png"


def test_serve_form_refuses_a_renamed_file_and_a_missing_recipient(client, office, issued):
    client.force_login(office)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("documents:serve", args=[issued.pk]), {
        "method": "direct", "served_on": timezone.localdate().isoformat(), "recipient": "",
        "proof": SimpleUploadedFile("scan.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg")})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"recipient", "proof"}
    issued.refresh_from_db()
    assert issued.status == DocumentStatus.ISSUED


def test_a_served_document_cannot_be_edited_in_a_view(client, office, issued):
    _serve(issued, office)
    client.force_login(office)
    url = reverse("documents:edit", args=[issued.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"facts": "改", "party_name": "x", "location_text": "y", "legal_basis": "z",
                             "deadline_days": 3}).status_code == 403
    response = client.post(reverse("documents:withdraw", args=[issued.pk]), {"reason": "错"}, follow=True)
    assert "不能撤回" in response.content.decode()
    issued.refresh_from_db()
    assert issued.status == DocumentStatus.SERVED and issued.facts != "改"


def test_a_served_document_cannot_be_edited_in_the_admin(client, superuser, office, issued):
    _serve(issued, office)
    client.force_login(superuser)
    url = reverse("admin:documents_casedocument_change", args=[issued.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="facts"' not in page.content.decode()  # shown read-only
    response = client.post(url, {"facts": "改过", "party_name": "x", "location_text": "y", "legal_basis": "z"})
    assert response.status_code == 403
    delete = reverse("admin:documents_casedocument_delete", args=[issued.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    issued.refresh_from_db()
    assert issued.facts != "改过" and CaseDocument.objects.filter(pk=issued.pk).exists()


def test_correct_and_withdraw_through_views(client, office, issued):
    client.force_login(office)
    response = client.post(reverse("documents:correct", args=[issued.pk]))
    correction = CaseDocument.objects.get(supersedes=issued)
    assert response["Location"] == reverse("documents:edit", args=[correction.pk])
    assert client.post(reverse("documents:withdraw", args=[correction.pk]), {"reason": ""}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == DocumentStatus.DRAFT
    client.post(reverse("documents:withdraw", args=[correction.pk]), {"reason": "不需要更正"})
    correction.refresh_from_db()
    assert correction.status == DocumentStatus.WITHDRAWN and correction.withdrawn_reason == "不需要更正"


def _documents_for(case, office, n):
    ViolationCaseFactory  # noqa: B018 — keeps the import used in every branch
    docs = [CaseDocument(case=case, township=case.village.township, kind="stop_work", party_name="x",
                         location_text="y", facts="f", legal_basis="b", created_by=office) for _ in range(n)]
    CaseDocument.objects.bulk_create(docs)


@pytest.mark.parametrize("url_name", ["documents:case-documents"])
def test_case_documents_page_query_count_is_flat(client, office, case, django_assert_max_num_queries, url_name):
    client.force_login(office)
    url = reverse(url_name, args=[case.pk])
    _documents_for(case, office, 10)
    client.get(url)  # warm the session and permission caches
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    _documents_for(case, office, 990)
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("/print/") == 0
    assert len(big.captured_queries) == len(small.captured_queries)


def test_document_detail_query_count_is_flat(client, office, issued, django_assert_max_num_queries):
    client.force_login(office)
    url = reverse("documents:detail", args=[issued.pk])
    client.get(url)
    with django_assert_max_num_queries(25) as first:
        client.get(url)
    for _ in range(5):
        services.correct_document(issued, by=office)  # returns the same pending draft
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_the_panel_tag_renders_for_the_case_page(rf, office, issued):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = office
    html = Template("{% load documents_tags %}{% case_documents_panel case %}").render(
        Context({"request": request, "case": issued.case}))
    assert issued.reference in html and "制作文书" in html

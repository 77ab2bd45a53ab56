"""The reporter's identity stays with the report: no document, export, page of the case or publicity of
the accepted case carries the reporter's name or phone (issue 23)."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases.models import ViolationCase
from documents.drafting import draft_text
from documents.models import DocumentKind
from reports.models import PublicReport
from tests.factories.campaigns import CampaignFactory, PhaseFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "举报人赵某某", "13912345678"


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist()
                       if name.endswith(".xml"))


def _zip_text(content: bytes) -> str:
    parts = []
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        for name in bundle.namelist():
            data = bundle.read(name)
            parts.append(name)
            if name.endswith(".pdf"):
                parts.append("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
            elif name.endswith(".xlsx"):
                parts.append(_xlsx_text(data))
            else:
                parts.append(data.decode("utf-8", "replace"))
    return "".join("".join(parts).split())


@pytest.fixture
def accepted_case(client, territory, office):
    today = timezone.localdate()
    campaign = CampaignFactory(township=territory.township, start_date=today.replace(month=1, day=1),
                               end_date=today.replace(month=12, day=31))
    for kind in ("mobilisation", "correction", "improvement"):
        PhaseFactory(campaign=campaign, kind=kind, start_date=campaign.start_date, end_date=campaign.end_date)
    client.post(reverse("reports:submit"), {
        "township": territory.township.pk, "village": territory.village_a.pk, "what": "有人在耕地上建厂房",
        "place_text": "村东头桥边", "reporter_name": NAME, "reporter_phone": PHONE,
    })
    report = PublicReport.objects.get()
    client.force_login(office)
    response = client.post(reverse("reports:accept", args=[report.pk]), {
        "into": "case", "village": territory.village_a.pk, "category": "commercial", "urgency": "normal",
        "title": "李四占用耕地建厂房", "party_name": "李四", "area_m2": "320"})
    assert response.status_code == 302
    case = ViolationCase.objects.get()
    assert case.campaign == campaign
    return case


def _assert_absent(text: str, where: str) -> None:
    assert NAME not in text and PHONE not in text, f"the reporter appears in {where}"


def test_the_reporter_is_in_no_document_export_or_page_of_the_case(client, office, officer, leader, accepted_case):
    from documents.services import create_document, issue_document

    case = accepted_case
    # Every kind of document, as drafted from the case.
    for kind in DocumentKind.values:
        _assert_absent(str(draft_text(case, kind)), f"the draft of {kind}")
    # A document issued and printed, on paper and as a PDF.
    document = issue_document(create_document(case, by=office, kind="stop_work"), by=office)
    client.force_login(office)
    _assert_absent(client.get(reverse("documents:print", args=[document.pk])).content.decode(), "the print")
    pdf = client.get(reverse("documents:pdf", args=[document.pk])).content
    _assert_absent("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages), "the PDF")
    # The evidence file, the ledger, the campaign's report and its workbook, its publicity.
    _assert_absent(_zip_text(_body(client.get(reverse("documents:evidence", args=[case.pk])))), "the evidence file")
    _assert_absent(_xlsx_text(_body(client.get(reverse("documents:ledger")))), "the ledger")
    campaign = case.campaign
    _assert_absent(_xlsx_text(_body(client.get(reverse("campaigns:report-xlsx", args=[campaign.pk])))),
                   "the campaign's workbook")
    for name in ("campaigns:report", "campaigns:publicity"):
        _assert_absent(client.get(reverse(name, args=[campaign.pk])).content.decode(), name)
    # The case's and the finding's pages, for those who work the case.
    for user in (office, officer, leader):
        client.force_login(user)
        for url in (case.get_absolute_url(), case.source_finding.get_absolute_url(), reverse("cases:list"),
                    reverse("dashboards:map-data")):
            response = client.get(url)
            if response.status_code == 200:
                _assert_absent(response.content.decode(), f"{url} as {user.username}")
    # And the report itself still knows who sent it.
    assert PublicReport.objects.get().reporter_phone == PHONE

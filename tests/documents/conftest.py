"""Document fixtures: a decided case (restore the farmland by a deadline) in village A, assigned to ``officer``.

The disposition is one a rectification notice may order: demolition is a penalty, ordered by a
decision after 立案 (自然资源行政处罚办法 第四条), except on a case that predates the chain.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.models import CaseStatus, Disposition
from landwatch.vocabulary import Category
from tests.factories import PartyFactory, ViolationCaseFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def township(territory):
    t = territory.township
    t.letterhead = "甲镇人民政府"
    t.document_prefix = "甲土监"
    t.save()
    return t


@pytest.fixture
def party(township):
    return PartyFactory(township=township, name="钱塘物资有限公司", kind="company", id_number="91330400MA2B000001",
                        address="甲镇工业路8号")


@pytest.fixture
def make_case(territory, township, office, officer, party):
    def make(status=CaseStatus.REGISTERED, *, village=None, disposition=Disposition.RESTORE_FARMLAND, **kw):
        fields = {"disposition": disposition, "assignee": officer, "created_by": office, "party": party,
                  "village": village or territory.village_a, "status": status,
                  "category": Category.EXTRA_HOMESTEAD, "area_m2": Decimal("320.50"),
                  "farmland_area_m2": Decimal("120.00"), "location_text": "三组村道东侧",
                  "description": "建新不拆旧，一户两宅。"}
        if status == CaseStatus.NOTIFIED:
            fields["deadline"] = datetime.date(2026, 12, 20)
        fields.update(kw)
        return ViolationCaseFactory(**fields)

    return make


@pytest.fixture
def case(make_case):
    return make_case()


def png_upload(name: str = "proof.png", color: str = "white") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def draft(case, office):
    from documents.services import create_document

    return create_document(case, by=office, kind="rectification")


@pytest.fixture
def issued(draft, office):
    from documents.services import issue_document

    return issue_document(draft, by=office)


def _scan_pdf() -> SimpleUploadedFile:
    """A two-page scanned record, as a PDF."""
    from weasyprint import HTML

    pdf = HTML(string="<p>扫描件第一页</p><p style='page-break-before: always'>扫描件第二页</p>").write_pdf()
    return SimpleUploadedFile("scan.pdf", pdf, content_type="application/pdf")


@pytest.fixture
def closed_case(case, office, issued):
    """Served rectification notice (with its scanned proof), a photo and a two-page PDF scan, corrected, closed."""
    from django.utils import timezone

    from cases import services as case_services
    from documents import services

    case.refresh_from_db()
    case_services.add_attachment(case, by=office, upload=png_upload("site.png", "green"), kind="photo",
                                 description="现场照片")
    case.refresh_from_db()
    case_services.add_attachment(case, by=office, upload=_scan_pdf(), kind="inquiry_record",
                                 description="询问笔录扫描件")
    services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="王经理",
                            signer="王经理", proof=png_upload("receipt.png", "yellow"))
    case.refresh_from_db()
    case_services.record_self_correction(case, by=office)
    case_services.pass_reinspection(case, by=office)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    return case

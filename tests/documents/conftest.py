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

"""Hostile files sent to the case evidence upload (issue 9, "Bad input"): see tests/fuzz.py.

Each is refused on the form's file field (200, never a 500), and leaves no row and no file.
"""

import pytest
from django.urls import reverse

from cases.models import CaseAttachment
from landwatch.uploads import IMAGES_AND_PDF
from tests import fuzz

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_cap(settings):
    settings.LANDWATCH_MAX_UPLOAD_MB = 1


@fuzz.upload_param()
def test_evidence_upload_refuses(hostile, client, case, office, settings):
    client.force_login(office)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES_AND_PDF)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("cases:attachment-add", args=[case.pk]),
                           {"file": upload, "kind": "photo", "description": "现场照片"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == expected
    fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before and not CaseAttachment.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


def test_a_good_photo_is_still_accepted(client, case, office, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office)
    photo = SimpleUploadedFile("现场.jpg", fuzz._image_bytes("JPEG", (640, 480)), content_type="image/jpeg")
    response = client.post(reverse("cases:attachment-add", args=[case.pk]), {"file": photo, "kind": "photo"})
    assert response.status_code == 302
    assert CaseAttachment.objects.count() == 1 and len(fuzz.stored_files(settings.MEDIA_ROOT)) == 1


@fuzz.upload_param()
@pytest.mark.parametrize("sent_by", ["page", "queue"])
def test_investigation_record_scan_refuses(hostile, sent_by, client, case_in, officer, other_officer, settings):
    """The scan of a signed 笔录 (cases:record-add), sent by the page or by the phone's queue: refused
    on its field; no record, no number, no file."""
    import datetime

    from django.utils import timezone

    from cases.models import CaseStatus
    from documents.models import CaseDocument
    from tests.factories import CredentialFactory

    case = case_in(CaseStatus.FILED, filed_on=timezone.localdate() - datetime.timedelta(days=3))
    CredentialFactory(user=officer)
    CredentialFactory(user=other_officer)
    client.force_login(officer)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES_AND_PDF)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    start = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    response = client.post(reverse("cases:record-add", args=[case.pk]), {
        "version": case.version, "kind": "inquiry_record", "started_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ended_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "村委会", "persons_present": "张三",
        "content": "问：…答：…", "officer_1": officer.pk, "officer_2": other_officer.pk, "scan": upload,
        "draft_key": "0123456789abcdef0123456789abcdef"}, **fuzz.sent_by(sent_by))
    if sent_by == "queue":
        assert response.status_code == 422
        assert response.json()["reasons"] == [f"签字笔录扫描件: {m}" for m in expected]
    else:
        assert response.status_code == 200
        assert response.context["form"].errors["scan"] == expected
        fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before and not CaseDocument.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


@fuzz.upload_param()
def test_fine_receipt_scan_refuses(hostile, client, case_in, office, settings):
    """The scan of a bank receipt (cases:fine-payment) is refused like any evidence: no payment, no file."""
    from cases.fine_models import FinePayment
    from tests.cases.test_fuzz_forms import _fined_case

    case = _fined_case(case_in, office)
    client.force_login(office)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES_AND_PDF)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("cases:fine-payment", args=[case.pk]), {
        "version": case.version, "paid_on": "", "amount": "100", "bank": "农行", "receipt_number": "R-1",
        "scan": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["scan"] == expected
    assert fuzz.row_counts() == before and not FinePayment.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files

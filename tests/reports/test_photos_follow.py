"""A report's photos follow it when the office accepts it: into the finding's photos, and into the
case's evidence when accepted as a case, with the time they were sent and their hash, in the same
transaction as the acceptance (issue 23)."""

import hashlib
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseAttachment, CaseEvent, ViolationCase
from patrols.models import PatrolFinding, PatrolPhoto
from reports.models import PublicReport
from tests.patrols.conftest import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(client, territory):
    photos = [SimpleUploadedFile("a.png", png_bytes((200, 10, 10)), content_type="image/png"),
              SimpleUploadedFile("b.png", png_bytes((10, 10, 200)), content_type="image/png")]
    client.post(reverse("reports:submit"), {
        "township": territory.township.pk, "village": territory.village_a.pk, "what": "村东头有人挖土建房",
        "place_text": "村东头桥边", "reporter_name": "王五", "reporter_phone": "13800138000", "photos": photos,
    })
    report = PublicReport.objects.get()
    assert report.photos.count() == 2
    return report


def _sent(report) -> list[tuple]:
    return [(p.sha256, p.uploaded_at) for p in report.photos.order_by("uploaded_at", "pk")]


def _content_hash(fieldfile) -> str:
    with fieldfile.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_accepting_as_a_finding_copies_the_photos_with_their_time_and_hash(client, office, report, territory):
    client.force_login(office)
    response = client.post(reverse("reports:accept", args=[report.pk]), {
        "into": "finding", "village": territory.village_a.pk, "category": "commercial", "urgency": "normal"})
    assert response.status_code == 302
    finding = PatrolFinding.objects.get()
    copies = list(finding.photos.order_by("uploaded_at", "pk"))
    assert [(p.sha256, p.uploaded_at) for p in copies] == _sent(report)
    assert [_content_hash(p.file) for p in copies] == [s for s, _ in _sent(report)]
    assert all(p.kind == "png" and p.uploaded_by == office for p in copies)
    assert report.photos.count() == 2  # copies: the report keeps its own
    page = client.get(finding.get_absolute_url()).content.decode()
    for photo in copies:
        assert reverse("patrols:photo", args=[photo.pk]) in page


def test_accepting_as_a_case_puts_the_photos_in_its_evidence(client, office, report, territory):
    client.force_login(office)
    response = client.post(reverse("reports:accept", args=[report.pk]), {
        "into": "case", "village": territory.village_a.pk, "category": "commercial", "urgency": "normal",
        "title": "李四占用耕地建厂房", "party_name": "李四", "area_m2": "320"})
    assert response.status_code == 302
    case = ViolationCase.objects.get()
    evidence = list(case.attachments.order_by("uploaded_at", "pk"))
    assert [(a.sha256, a.uploaded_at) for a in evidence] == _sent(report)
    assert [_content_hash(a.file) for a in evidence] == [s for s, _ in _sent(report)]
    assert all(a.kind == "photo" and a.file_type == "png" and a.event.kind == "attachment_added" for a in evidence)
    assert CaseEvent.objects.filter(case=case, kind="attachment_added").count() == 2
    assert case.source_finding.photos.count() == 2
    page = client.get(case.get_absolute_url()).content.decode()
    for attachment in evidence:
        assert reverse("cases:attachment-file", args=[case.pk, attachment.pk]) in page
    assert "王五" not in page and "13800138000" not in page


def test_a_photo_that_no_longer_matches_its_hash_refuses_the_acceptance_and_writes_nothing(
        client, office, report, territory, settings):
    photo = report.photos.first()
    with open(os.path.join(settings.MEDIA_ROOT, photo.file.name), "wb") as handle:
        handle.write(png_bytes((1, 2, 3)))  # changed on disk after it was received
    media_files = sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT))
    client.force_login(office)
    response = client.post(reverse("reports:accept", args=[report.pk]), {
        "into": "case", "village": territory.village_a.pk, "category": "commercial", "urgency": "normal",
        "title": "李四占用耕地建厂房", "party_name": "李四", "area_m2": "320"})
    assert response.status_code == 200
    assert "举报的一张照片已与其哈希值不一致" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "new" and report.finding is None
    assert not PatrolFinding.objects.exists() and not ViolationCase.objects.exists()
    assert not PatrolPhoto.objects.exists() and not CaseAttachment.objects.exists()
    assert sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT)) == media_files  # no stray copies

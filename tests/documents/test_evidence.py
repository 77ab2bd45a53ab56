"""The evidence file: every document, proof and attachment in one zip with an index; refused on a bad hash."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services import add_attachment
from documents import services

from .conftest import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_case(case, office, issued):
    case.refresh_from_db()
    add_attachment(case, by=office, upload=png_upload("site.png", "green"), kind="photo", description="现场照片")
    case.refresh_from_db()
    add_attachment(case, by=office, upload=png_upload("record.png", "blue"), kind="inquiry_record",
                   description="询问笔录")
    services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="王经理",
                            signer="王经理", proof=png_upload("receipt.png", "yellow"))
    return case


def test_evidence_zip_holds_everything_in_order(client, office, full_case, issued):
    client.force_login(office)
    response = client.get(reverse("documents:evidence", args=[full_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert names[-1] == "01-index.html" or "01-index.html" in names
    ordered = sorted(names)
    assert ordered[0] == "01-index.html"
    assert ordered[1].startswith("02-整改通知书") and ordered[1].endswith(".pdf")
    assert ordered[2].startswith("03-") and "送达回证" in ordered[2] and ordered[2].endswith(".png")
    assert ordered[3] == "04-现场照片.png" and ordered[4] == "05-询问笔录.png"
    index = archive.read("01-index.html").decode()
    first_sha = full_case.attachments.first().sha256
    for text in ("钱塘物资有限公司", issued.reference, "王经理", "现场照片", "询问笔录", first_sha,
                 "时间线", "整改通知书"):
        assert text in index, text
    assert archive.read(ordered[3]) == full_case.attachments.order_by("id").first().file.open("rb").read()


def test_an_amended_attachment_and_its_amendment_are_both_in_the_verified_file(client, office, full_case):
    from cases.services import correct_record

    wrong = full_case.attachments.order_by("id").first()
    full_case.refresh_from_db()
    right = correct_record(wrong, by=office, reason="拍错了地块", upload=png_upload("right.png", "purple"),
                           description="现场照片（更正）")
    client.force_login(office)
    response = client.get(reverse("documents:evidence", args=[full_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = archive.read("01-index.html").decode()
    assert wrong.sha256 in index and right.sha256 in index
    assert "更正" in index and "“现场照片”" in index and "拍错了地块" in index and "记录更正" in index
    stored = {name: archive.read(name) for name in archive.namelist()}
    assert wrong.file.open("rb").read() in stored.values() and right.file.open("rb").read() in stored.values()


def test_evidence_file_is_refused_when_a_stored_file_was_altered(client, office, full_case):
    photo = full_case.attachments.order_by("id").first()
    with open(photo.file.path, "ab") as fh:
        fh.write(b"tampered")
    client.force_login(office)
    response = client.get(reverse("documents:evidence", args=[full_case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("documents:case-documents", args=[full_case.pk])
    text = response.content.decode()
    assert "证据卷未生成" in text and "现场照片" in text and photo.file.name in text


def test_evidence_file_is_refused_when_a_proof_is_missing(client, office, full_case, issued):
    import os

    os.remove(issued.service.proof.path)
    client.force_login(office)
    response = client.get(reverse("documents:evidence", args=[full_case.pk]), follow=True)
    assert "找不到" in response.content.decode()


def test_outsiders_cannot_download_the_evidence_file(client, other_office, coordinator_b, full_case):
    for user in (other_office, coordinator_b):
        client.force_login(user)
        assert client.get(reverse("documents:evidence", args=[full_case.pk])).status_code == 404


HOSTILE_DESCRIPTIONS = [
    "..\\..\\Users\\Public\\evil",
    "../../../etc/cron.d/evil",
    "CON",
    "nul.txt",
    "现场照片\r\n第二行\x07",
    "\u202egnp.exe",
    "照片" * 100,
    "C:\\Windows\\System32\\evil",
    "tail dots. . .",
]


def test_evidence_zip_entry_names_from_hostile_descriptions_stay_in_the_folder(client, office, case):
    """Issue #26, finding 4: an attachment's description names its entry; no name climbs out."""
    import hashlib
    import html

    from tests.landwatch.test_filenames import assert_safe_name

    for index, description in enumerate(HOSTILE_DESCRIPTIONS):
        add_attachment(case, by=office, upload=png_upload(f"p{index}.png", "green"), kind="photo",
                       description=description)
        case.refresh_from_db()
    client.force_login(office)
    response = client.get(reverse("documents:evidence", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{case.number}-%E8%AF%81%E6%8D%AE%E5%8D%B7.zip"  # …-证据卷.zip
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 1 + len(HOSTILE_DESCRIPTIONS) and len(set(names)) == len(names)
    for name in names:
        assert_safe_name(name)
    # The index still lists each entry under its name with the SHA-256 of its bytes.
    index = archive.read("01-index.html").decode()
    for name in names[:-1] if names[-1] == "01-index.html" else [n for n in names if n != "01-index.html"]:
        assert html.escape(name) in index, name
        assert hashlib.sha256(archive.read(name)).hexdigest() in index, name
    stored = {a.sha256 for a in case.attachments.all()}
    assert stored == {hashlib.sha256(archive.read(n)).hexdigest() for n in names if n != "01-index.html"}
    assert "02-._._Users_Public_evil.png" in names and "04-CON.png" in names


def test_the_evidence_file_of_a_case_with_a_reminder_names_no_one_for_the_system(client, office, officer, full_case):
    # A reminder is written on the timeline by the system, with no user: the index named each
    # event's user through ``user.get_full_name|default:user.username``, and Django raised on the
    # ``default`` argument looked up in None: every case with a reminder sent had no evidence file.
    from cases import events
    from cases.services import record_reminder

    record_reminder(full_case.pk, data=events.reminder_sent(
        kind="notice", kind_label="整改期限", stage="due_soon", stage_label="即将到期", level="assignee",
        level_label="承办人", due_on=timezone.localdate(), recipients=[officer]))
    client.force_login(office)
    response = client.get(reverse("documents:evidence", args=[full_case.pk]))
    assert response.status_code == 200
    index = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("01-index.html").decode()
    assert "即将到期" in index or "整改期限" in index

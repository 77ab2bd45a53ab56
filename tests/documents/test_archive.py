"""立卷归档: a closed case's file as one PDF (index with page numbers, every item in order, 备考表),
the evidence zip with its SHA-256 manifest, the lock on the archived case, and its reopening."""

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services as case_services
from cases.models import CaseEvent, CaseStatus, EventKind
from documents.models import CaseArchive

from .conftest import png_upload

pytestmark = pytest.mark.django_db


def _archive(client, user, case):
    client.force_login(user)
    return client.post(reverse("documents:archive-assemble", args=[case.pk]))


def _download(client, archive, what: str) -> bytes:
    response = client.get(reverse(f"documents:archive-{what}", args=[archive.pk]))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_case_file_is_one_pdf_whose_index_gives_each_items_pages_in_order(client, office, closed_case, issued):
    response = _archive(client, office, closed_case)
    assert response.status_code == 302
    archive = CaseArchive.objects.get(case=closed_case)
    pdf = _download(client, archive, "pdf")
    pages = _texts(pdf)
    assert len(pages) == archive.pdf_pages
    titles = [row["title"] for row in archive.index]
    # The evidence (photo, then the scan) before the notice, the notice followed by its proof, the closing last.
    assert titles == ["现场照片", "询问笔录扫描件", "整改通知书", f"{issued.reference}送达回证", "执行与结案"]
    rows = {row["title"]: row for row in archive.index}
    assert rows["询问笔录扫描件"]["pages"] == 2
    # Page 1 is the first page after the index; pages run on without a gap to the 备考表.
    index_pages = next(i for i, text in enumerate(pages) if "现场照片" in text and "卷内目录" not in text)
    assert "卷内目录" in pages[0]
    page = 1
    for row in archive.index:
        assert row["first"] == page and row["last"] == page + row["pages"] - 1, row
        page += row["pages"]
    assert index_pages + page - 1 == len(pages) - 1  # then one 备考表 page
    at = {title: pages[index_pages + rows[title]["first"] - 1] for title in titles}
    assert "现场照片" in at["现场照片"]
    assert "扫描件第一页" in at["询问笔录扫描件"]
    assert "扫描件第二页" in pages[index_pages + rows["询问笔录扫描件"]["last"] - 1]
    assert issued.reference in at["整改通知书"] and "整改通知书" in at["整改通知书"]
    assert "送达回证" in at[f"{issued.reference}送达回证"]
    assert "执行与结案" in at["执行与结案"] and "复查合格" in at["执行与结案"]
    # Every numbered page carries its number (页号); the index and the 备考表 carry none.
    for number in range(1, page):
        assert str(number) in pages[index_pages + number - 1].split(), number
    assert str(page) not in pages[-1].split()
    # The index prints each item's pages; the 备考表 counts them.
    for title in titles:
        row = rows[title]
        shown = str(row["first"]) if row["first"] == row["last"] else f"{row['first']}–{row['last']}"
        assert shown in pages[0], (title, shown)
    assert "备考表" in pages[-1] and f"{page - 1} 页" in pages[-1].replace("\n", "")


def test_the_zip_has_a_sha256_manifest_of_every_file_and_the_hashes_are_recorded(client, office, closed_case):
    _archive(client, office, closed_case)
    archive = CaseArchive.objects.get(case=closed_case)
    closed_case.refresh_from_db()
    pdf, zipped = _download(client, archive, "pdf"), _download(client, archive, "zip")
    assert hashlib.sha256(pdf).hexdigest() == archive.pdf_sha256 == closed_case.archive_sha256
    assert hashlib.sha256(zipped).hexdigest() == archive.zip_sha256
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        sums = dict(reversed(line.split("  ", 1)) for line in zf.read("SHA256SUMS").decode().splitlines())
        members = [name for name in zf.namelist() if name != "SHA256SUMS"]
        assert sorted(sums) == sorted(members) and len(members) == 5  # index, notice, its proof, photo, scan
        for name in members:
            assert sums[name] == hashlib.sha256(zf.read(name)).hexdigest(), name
    stored = {a.sha256 for a in closed_case.attachments.all()}
    assert stored <= set(sums.values())  # the stored evidence goes in byte for byte
    assert [m["sha256"] for m in archive.manifest] == [sums[m["name"]] for m in archive.manifest]
    event = closed_case.events.get(kind=EventKind.ARCHIVED)
    assert event.data["sha256"] == archive.pdf_sha256 and event.data["zip_sha256"] == archive.zip_sha256
    assert event.actor == office


def test_an_archive_is_made_once_and_only_of_a_closed_case(client, office, make_case, closed_case):
    _archive(client, office, closed_case)
    response = _archive(client, office, closed_case)
    assert response.status_code == 302
    assert CaseArchive.objects.filter(case=closed_case).count() == 1
    page = client.get(reverse("documents:archive", args=[closed_case.pk]), follow=True)
    assert "已于" in page.content.decode() or "已归档" in page.content.decode()
    open_case = make_case(CaseStatus.CORRECTED)
    before = open_case.version
    response = client.post(reverse("documents:archive-assemble", args=[open_case.pk]), follow=True)
    assert "只有已结案的案件才能立卷归档" in response.content.decode()
    open_case.refresh_from_db()
    assert open_case.version == before and not CaseArchive.objects.filter(case=open_case).exists()


# --- the lock --------------------------------------------------------------------------


def _write_attempts(case, office, leader):
    """Every write the services take on a case, as the views call them (the write URLs of the
    permission matrix on a case: notes, evidence, facts, discipline, campaign, documents, records)."""
    from documents.services import create_document
    from tests.factories import CampaignFactory

    township = case.village.township
    return {
        "cases:note-add": lambda: case_services.add_note(case, by=office, note="回访"),
        "cases:attachment-add": lambda: case_services.add_attachment(case, by=office, upload=png_upload()),
        "cases:edit-facts": lambda: case_services.update_case_facts(case, by=office, description="改"),
        "cases:disciplinary-add": lambda: case_services.record_disciplinary(case, by=office, person_name="李四",
                                                                           measure="warning"),
        "cases:campaign-attach": lambda: case_services.attach_to_campaign(
            case, by=office, campaign=CampaignFactory(township=township), reason="列入"),
        "documents:create": lambda: create_document(case, by=office, kind="stop_work"),
        "cases:record-add": lambda: case_services.record_enforcement(case, by=office, kind="demolition"),
    }


def test_no_write_path_changes_an_archived_case(client, office, leader, closed_case):
    _archive(client, office, closed_case)
    closed_case.refresh_from_db()
    events, version = closed_case.events.count(), closed_case.version
    for name, attempt in _write_attempts(closed_case, office, leader).items():
        closed_case.refresh_from_db()
        with pytest.raises(case_services.IllegalTransitionError, match="已归档"):
            attempt()
        assert closed_case.events.count() == events, name
    closed_case.refresh_from_db()
    assert closed_case.version == version


def test_the_write_pages_refuse_an_archived_case(client, office, closed_case):
    _archive(client, office, closed_case)
    closed_case.refresh_from_db()
    version, events = closed_case.version, closed_case.events.count()
    posts = {
        reverse("cases:note-add", args=[closed_case.pk]): {"note": "回访"},
        reverse("cases:attachment-add", args=[closed_case.pk]): {"file": png_upload(), "kind": "photo"},
        reverse("documents:create", args=[closed_case.pk]): {"kind": "stop_work", "facts": "事实",
                                                             "legal_basis": "依据", "party_name": "钱塘物资有限公司",
                                                             "location_text": "三组"},
        reverse("cases:disciplinary-add", args=[closed_case.pk]): {"person_name": "李四", "measure": "warning",
                                                                   "status": "proposed",
                                                                   "version": closed_case.version},
    }
    for url, data in posts.items():
        response = client.post(url, data, follow=True)
        assert response.status_code in (200, 403), url
        closed_case.refresh_from_db()
        assert closed_case.version == version and closed_case.events.count() == events, url
    page = client.get(closed_case.get_absolute_url()).content.decode()
    for name in ("cases:edit-facts", "cases:campaign-attach", "cases:attachment-add", "cases:disciplinary-add",
                 "cases:note-add"):
        assert f'href="{reverse(name, args=[closed_case.pk])}"' not in page, name
    assert 'id="id_note"' not in page and "已归档" in page
    # Nor a paper to draft on its documents panel.
    assert reverse("documents:create", args=[closed_case.pk]) not in page
    documents_page = client.get(reverse("documents:case-documents", args=[closed_case.pk])).content.decode()
    assert reverse("documents:create", args=[closed_case.pk]) not in documents_page


# --- the reopening ---------------------------------------------------------------------


def test_only_the_head_reopens_an_archived_case_and_the_old_archive_stays(client, office, leader, closed_case):
    _archive(client, office, closed_case)
    closed_case.refresh_from_db()
    archive = CaseArchive.objects.get(case=closed_case)
    url = reverse("cases:reopen", args=[closed_case.pk])
    data = {"reason": "原址又建", "version": closed_case.version, "occurred_on": timezone.localdate().isoformat()}
    # The office reopens a closed case; an archived one is the head's.
    client.force_login(office)
    assert client.post(url, data).status_code == 403
    closed_case.refresh_from_db()
    assert closed_case.status == CaseStatus.CLOSED and closed_case.archived_at is not None
    client.force_login(leader)
    assert 'data-action="reopen"' in client.get(closed_case.get_absolute_url()).content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    closed_case.refresh_from_db()
    assert closed_case.status == CaseStatus.REGISTERED
    assert closed_case.archived_at is None and closed_case.archive_sha256 == ""
    event = CaseEvent.objects.filter(case=closed_case, kind=EventKind.REOPENED).get()
    assert event.actor == leader and event.note == "原址又建"
    assert event.data["previous_archive_sha256"] == archive.pdf_sha256
    # Unlocked: the office writes again; the old case file stays, downloadable, marked reopened.
    case_services.add_note(closed_case, by=office, note="重新调查")
    client.force_login(office)
    assert hashlib.sha256(_download(client, archive, "pdf")).hexdigest() == archive.pdf_sha256
    page = client.get(reverse("documents:archive", args=[closed_case.pk])).content.decode()
    assert "原址又建" in page and "data-reopened" in page and archive.pdf_sha256 in page


def test_a_reopening_without_a_reason_is_refused(client, office, leader, closed_case):
    _archive(client, office, closed_case)
    closed_case.refresh_from_db()
    client.force_login(leader)
    response = client.post(reverse("cases:reopen", args=[closed_case.pk]),
                           {"reason": " ", "version": closed_case.version,
                            "occurred_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    closed_case.refresh_from_db()
    assert closed_case.status == CaseStatus.CLOSED and closed_case.archived_at is not None


# --- who may ---------------------------------------------------------------------------


def test_who_may_assemble_and_download(client, office, officer, coordinator_a, other_office, closed_case):
    for user, code in ((coordinator_a, 403), (officer, 403), (other_office, 404)):
        client.force_login(user)
        assert client.post(reverse("documents:archive-assemble", args=[closed_case.pk])).status_code == code
    assert not CaseArchive.objects.exists()
    _archive(client, office, closed_case)
    archive = CaseArchive.objects.get()
    for user, code in ((coordinator_a, 200), (officer, 200), (other_office, 404)):
        client.force_login(user)
        response = client.get(reverse("documents:archive-pdf", args=[archive.pk]))
        assert response.status_code == code, user
        page = client.get(reverse("documents:archive", args=[closed_case.pk]))
        assert page.status_code == code
        if code == 200:
            assert 'data-action="archive-assemble"' not in page.content.decode()
    client.logout()
    assert client.get(reverse("documents:archive-zip", args=[archive.pk])).status_code == 302


def test_an_altered_stored_case_file_is_not_served(client, office, closed_case):
    _archive(client, office, closed_case)
    archive = CaseArchive.objects.get()
    with archive.pdf.storage.open(archive.pdf.name, "wb") as fh:
        fh.write(b"%PDF-1.4 altered")
    response = client.get(reverse("documents:archive-pdf", args=[archive.pk]), follow=True)
    assert "SHA-256" in response.content.decode() and response.redirect_chain


def test_the_archive_page_reads_in_a_fixed_number_of_queries(client, office, closed_case,
                                                             django_assert_max_num_queries):
    _archive(client, office, closed_case)
    client.force_login(office)
    url = reverse("documents:archive", args=[closed_case.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_archiving_and_the_reopening_show_on_the_timeline(client, office, leader, closed_case):
    _archive(client, office, closed_case)
    archive = CaseArchive.objects.get()
    closed_case.refresh_from_db()
    case_services.reopen_case(closed_case, by=leader, reason="原址又建")
    client.force_login(office)
    page = client.get(closed_case.get_absolute_url()).content.decode()
    assert "立卷归档" in page and f"共{archive.pdf_pages}页，SHA-256 {archive.pdf_sha256}" in page
    assert f"解除已归档卷宗（SHA-256 {archive.pdf_sha256}）的锁定" in page


@pytest.mark.parametrize("content", [
    b"%PDF-1.4\n1 0 obj garbage endobj\ntrailer <<>>\n%%EOF\n",  # passes the upload check, no page in it
    b"%PDF-1.7\n" + b"\x00" * 4096 + b"\n%%EOF",
], ids=["no-pages", "binary-noise"])
def test_a_pdf_scan_that_cannot_be_read_is_listed_and_kept_in_the_zip(client, office, closed_case, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import CaseAttachment

    scan = CaseAttachment.objects.create(
        case=closed_case, kind="inquiry_record", file=SimpleUploadedFile("bad.pdf", content), file_type="pdf",
        sha256=hashlib.sha256(content).hexdigest(), size=len(content), description="损坏的扫描件", uploaded_by=office)
    assert _archive(client, office, closed_case).status_code == 302
    archive = CaseArchive.objects.get()
    row = next(r for r in archive.index if r["title"] == "损坏的扫描件")
    assert row["pages"] == 0 and row["note"] == "仅收入证据压缩包"
    assert len(_texts(_download(client, archive, "pdf"))) == archive.pdf_pages
    assert scan.sha256 in {m["sha256"] for m in archive.manifest}

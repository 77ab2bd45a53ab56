"""立卷归档: a closed case's file, assembled once, stored, and the case locked.

The file follows the way a 行政处罚 案卷 is bound (the national practice, e.g. "行政处罚案卷装订规范":
卷内文件目录, 立案审批表, the papers served on the party each followed by its 送达回证, 证据材料 …
备考表) in the order the procedure produced them (issue 20): the 卷内目录 (index) first, then

  立案审批表 / 案件移送书 → 责令停止 → 询问笔录, 现场勘验笔录, the evidence photos and scans →
  调查报告 → 中止/恢复调查 → 整改通知 → 告知书, 听证 → 处罚决定书 → 复查意见 → 催告书 → 公告 →
  强制执行申请书 → 涉嫌犯罪案件移送书 →
  the papers of kinds added later → 执行与结案 (the enforcement records and the closing, from the
  timeline) → 备考表.

Each paper is followed by its scanned 送达回证. Pages are numbered from the first paper after the
index (the index and the 备考表 carry no page number, as the practice binds them); the index gives
each entry's first and last page. Every part is rendered on its own (WeasyPrint), its pages counted,
then the index is drawn and the parts are merged (pypdf). Evidence images are placed on a page each;
a PDF scan goes in page for page; a PDF that pypdf cannot read is listed in the index as "in the
evidence zip only" with no pages, never dropped silently.

The evidence zip is the documents app's evidence file (``evidence.build_evidence_zip``: every stored
file byte for byte, each re-hashed against its record first) with a ``SHA256SUMS`` manifest of
every file in it (``sha256sum -c`` reads it).

Legal basis: 结案 is approved by the authority's head (自然资源行政处罚办法 2024 第四十六条); the
case file is what the 结案 leaves on record. The text of the 办法's articles on 立卷归档 was not found
in the stored sources (docs/PROCEDURE.md, "The case file").
"""

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.models import CaseStatus, EventKind, ViolationCase
from cases.selectors import case_timeline
from landwatch.uploads import discard_files_on_error

from .evidence import EvidenceRefused, build_evidence_zip
from .models import CaseArchive, CaseDocument, DocumentKind, DocumentStatus
from .printing import PRINT_CSS, letterhead, render_pdf
from .selectors import case_documents

ARCHIVE_CSS = "documents/archive.css"  # over PRINT_CSS: the index, cover and evidence sheets
K = DocumentKind
# The order of the papers in the file; kinds not named here (added later) follow them in the
# order they were drafted. The evidence photos and scans follow the records of the investigation.
KIND_ORDER = [K.FILING_APPROVAL, K.TRANSFER, K.STOP_WORK, K.INQUIRY_RECORD, K.INSPECTION_RECORD]
KIND_ORDER_AFTER_EVIDENCE = [
    K.INVESTIGATION_REPORT, K.SUSPENSION_NOTICE, K.RESUMPTION_NOTICE, K.RECTIFICATION, K.PENALTY_NOTICE,
    K.HEARING_NOTICE, K.HEARING_SUMMONS, K.HEARING_RECORD, K.PENALTY_DECISION, K.REINSPECTION, K.DEMAND,
    # The papers of enforcement and referral (part g3): the 公告 before the township's demolition, the
    # application to the court, the referral to the police.
    K.DEMOLITION_ANNOUNCEMENT, K.COURT_APPLICATION, K.POLICE_REFERRAL,
]
# The timeline's acts of execution and closing, on the 执行与结案 page.
CLOSING_EVENTS = frozenset({
    EventKind.ENFORCEMENT_APPROVED, EventKind.ENFORCEMENT_RECORDED, EventKind.ENFORCEMENT_DONE,
    EventKind.SELF_CORRECTED, EventKind.REINSPECTION_PASSED, EventKind.RESOLVED, EventKind.CLOSED_NO_ACTION,
    EventKind.INVESTIGATION_TERMINATED, EventKind.DECISION_SERVED,
    # 结案 and the 催告书's 陈述申辩 with its review (cases/closing.py).
    EventKind.CASE_CLOSED, EventKind.DEMAND_STATEMENT, EventKind.DEMAND_STATEMENT_REVIEWED,
})


class ArchiveRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Part:
    """One entry of the 卷内目录 and the PDF pages it brings."""

    title: str
    reference: str = ""
    responsible: str = ""
    date: object = None
    note: str = ""
    pdf: bytes | None = None
    pages: int = 0
    first: int = 0
    last: int = 0
    extra: dict = field(default_factory=dict)


def archive_refusal(case: ViolationCase) -> str:
    """Why the case's file cannot be assembled now ("" when it can): only once, and only when closed."""
    if case.archived_at is not None:
        return _("The case file was already archived on %(date)s.") % {
            "date": timezone.localtime(case.archived_at).strftime("%Y-%m-%d %H:%M")}
    if case.status != CaseStatus.CLOSED:
        return _("Only a closed case is archived: close it first.")
    return ""


def assemble_archive(case: ViolationCase, *, by) -> CaseArchive:
    """Assemble, store and record the case file of the closed ``case``; the case is locked from then on.

    Built from the case as read at its current version, outside the lock (rendering takes seconds);
    ``cases.services.record_archive`` refuses it as stale if anything was written meanwhile. Raises
    ``PermissionDenied``, ``ArchiveRefused`` (not closed, already archived, an evidence file missing
    or altered) or the case errors; stores nothing then.
    """
    case = ViolationCase.objects.select_related("village", "village__township", "party").get(pk=case.pk)
    if not by.has_perm("documents.archive", case):
        raise PermissionDenied(_("You may not do this on this case."))
    refusal = archive_refusal(case)
    if refusal:
        raise ArchiveRefused(refusal)
    version = case.version
    with translation.override(settings.LANGUAGE_CODE):
        now = timezone.now()
        pdf, parts, pages = build_case_file_pdf(case, by=by, made_at=now)
        try:
            zipped, manifest = build_archive_zip(case, by=by)
        except EvidenceRefused as exc:
            raise ArchiveRefused(exc.message) from exc
    archive = CaseArchive(
        case=case, made_at=now, made_by=by, pdf_sha256=hashlib.sha256(pdf).hexdigest(), pdf_pages=pages,
        zip_sha256=hashlib.sha256(zipped).hexdigest(), manifest=manifest,
        index=[{"title": p.title, "reference": p.reference, "responsible": p.responsible,
                "date": p.date.isoformat() if p.date else "", "first": p.first, "last": p.last, "pages": p.pages,
                "note": p.note} for p in parts],
    )
    with discard_files_on_error() as stored, transaction.atomic():
        archive.pdf.save(f"{case.number}.pdf", ContentFile(pdf), save=False)
        stored(archive.pdf)
        archive.zip.save(f"{case.number}.zip", ContentFile(zipped), save=False)
        stored(archive.zip)
        archive.save()
        case_services.record_archive(case, by=by, archive=archive, pages=pages, files=len(manifest),
                                     expected_version=version)
    return archive


# --- the PDF ---------------------------------------------------------------------------


def _html_pdf(context: dict) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string("documents/archive_print.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=finders.find(name)) for name in (PRINT_CSS, ARCHIVE_CSS)])


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _readable_pdf(content: bytes) -> bytes | None:
    """A stored PDF scan rewritten by pypdf, page for page; None when it cannot be read whole (damaged,
    encrypted, no page): that scan stays in the evidence zip, byte for byte, and the index says so."""
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted or not reader.pages:
            return None
        writer = PdfWriter()
        writer.append(reader)
        out = io.BytesIO()
        writer.write(out)
    except Exception:  # noqa: BLE001 — any failure of a hostile or broken file means "not in the PDF"
        return None
    return out.getvalue()


def _document_parts(document: CaseDocument) -> list[Part]:
    issuer = document.issuing_unit
    parts = [Part(title=document.get_kind_display(), reference=document.reference,
                  responsible=issuer.letterhead or issuer.name, date=document.issued_on,
                  note=document.get_status_display() if document.status in (
                      DocumentStatus.SUPERSEDED, DocumentStatus.WITHDRAWN) else "",
                  pdf=render_pdf(document))]
    service = getattr(document, "service", None)
    if service is not None and service.proof:
        parts.append(_file_part(
            service.proof, service.proof_type,
            title=_("Proof of service of %(document)s") % {"document": document.reference},
            date=service.served_on))
    return parts


def _file_part(fieldfile, file_type: str, *, title: str, date, note: str = "") -> Part:
    part = Part(title=title, date=date, note=note)
    with fieldfile.open("rb") as fh:
        content = fh.read()
    if file_type == "pdf":
        part.pdf = _readable_pdf(content)
        if part.pdf is None:
            part.note = " ".join(filter(None, [note, _("In the evidence zip only")]))
        return part
    mime = {"jpeg": "image/jpeg", "png": "image/png"}.get(file_type)
    if mime is None:
        part.note = " ".join(filter(None, [note, _("In the evidence zip only")]))
        return part
    part.pdf = _html_pdf({"part": "image", "title": title, "date": date, "note": note,
                          "src": f"data:{mime};base64,{base64.b64encode(content).decode()}"})
    return part


def _parts(case: ViolationCase) -> list[Part]:
    documents = [d for d in case_documents(case) if d.status != DocumentStatus.DRAFT and d.reference]
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    after = {kind: i for i, kind in enumerate(KIND_ORDER_AFTER_EVIDENCE)}
    before = [d for d in documents if d.kind in rank]
    before.sort(key=lambda d: rank[d.kind])
    later = [d for d in documents if d.kind not in rank]
    later.sort(key=lambda d: after.get(d.kind, len(after)))  # stable: drafting order within a kind
    parts: list[Part] = []
    for document in before:
        parts += _document_parts(document)
    for attachment in case.attachments.select_related("supersedes").order_by("uploaded_at", "id"):
        note = _("Amends an earlier item") if attachment.supersedes_id else ""
        parts.append(_file_part(
            attachment.file, attachment.file_type,
            title=attachment.description or attachment.original_name or attachment.get_kind_display(),
            date=timezone.localtime(attachment.uploaded_at).date(), note=note))
    for document in later:
        parts += _document_parts(document)
    events = [e for e in case_timeline(case) if e.kind in CLOSING_EVENTS]
    parts.append(Part(title=_("Execution and closing"), date=case.closed_on,
                      pdf=_html_pdf({"part": "closing", "case": case, "events": events,
                                     "actions": list(case.enforcement_actions.order_by("carried_out_on", "id"))})))
    return parts


def build_case_file_pdf(case: ViolationCase, *, by, made_at) -> tuple[bytes, list[Part], int]:
    """The case file as one PDF: (its bytes, the index's entries with their pages, its page count)."""
    from pypdf import PdfReader, PdfWriter

    parts = _parts(case)
    page = 1
    for part in parts:
        if part.pdf is None:
            continue
        part.pages = _page_count(part.pdf)
        part.first, part.last = page, page + part.pages - 1
        page += part.pages
    numbered = page - 1
    common = {"case": case, "letterhead": letterhead(case.village.township), "parts": parts,
              "numbered": numbered, "made_at": timezone.localtime(made_at), "made_by": by,
              "withdrawn": [p for p in parts if p.note]}
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_html_pdf({**common, "part": "index"}))))
    first = len(writer.pages)
    for part in parts:
        if part.pdf is not None:
            writer.append(PdfReader(io.BytesIO(part.pdf)))
    _stamp_page_numbers(writer, first=first, count=numbered)
    writer.append(PdfReader(io.BytesIO(_html_pdf({**common, "part": "note"}))))
    writer.add_metadata({"/Title": f"{case.number} {case.title}"})
    out = io.BytesIO()
    writer.write(out)
    total = len(writer.pages)
    return out.getvalue(), parts, total


# The 页号 in the top right corner of every numbered page, as the binding practice writes it there:
# one PDF of blank A4 pages carrying only their number, laid over the file's pages.
STAMPS = ("<html><head><style>@page { size: A4; margin: 12mm 12mm 0 0; @top-right { content: counter(page); "
          "font-family: 'Noto Sans CJK SC', sans-serif; font-size: 12pt; } } div + div { break-before: page; }"
          "</style></head><body>%s</body></html>")


def _stamp_page_numbers(writer, *, first: int, count: int) -> None:
    """Number the pages ``first`` … ``first + count - 1`` of ``writer`` 1 … ``count``; a page of another
    size than A4 (a scan) gets its number in its own top right corner."""
    from pypdf import PdfReader, Transformation
    from weasyprint import HTML

    if not count:
        return
    stamps = PdfReader(io.BytesIO(HTML(string=STAMPS % ("<div>&nbsp;</div>" * count)).write_pdf()))
    for number in range(count):
        page, stamp = writer.pages[first + number], stamps.pages[number]
        dx = float(page.mediabox.right) - float(stamp.mediabox.right)
        dy = float(page.mediabox.top) - float(stamp.mediabox.top)
        page.merge_transformed_page(stamp, Transformation().translate(dx, dy))


# --- the zip ---------------------------------------------------------------------------


def build_archive_zip(case: ViolationCase, *, by) -> tuple[bytes, list[dict]]:
    """The evidence zip with ``SHA256SUMS``: (its bytes, the manifest: name, size and SHA-256 of every file)."""
    spooled = build_evidence_zip(case, by=by)
    buffer = io.BytesIO(spooled.read())
    manifest = []
    with zipfile.ZipFile(buffer, "a") as zf:
        for info in zf.infolist():
            digest = hashlib.sha256(zf.read(info)).hexdigest()
            manifest.append({"name": info.filename, "size": info.file_size, "sha256": digest})
        sums = "".join(f"{m['sha256']}  {m['name']}\n" for m in manifest)
        zf.writestr("SHA256SUMS", sums.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue(), manifest

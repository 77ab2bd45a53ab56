"""The case's evidence file: one zip with an index page, for a reviewer or a court application.

Why a zip and not one merged PDF: every stored photo and scan goes in byte for byte, so a
reviewer can re-hash it and compare with the SHA-256 printed in the index; merging into
a PDF would re-encode photos and lose that check (and 询问笔录 scans that are already PDFs
would be flattened). The index page (index.html) opens in any browser and lists every
file in order with its hash, the service records, and the case's timeline.

Every stored file is re-hashed before anything is written; one mismatch or missing file
refuses the whole download, naming the file.
"""

import datetime
import hashlib
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases import penalty
from cases.models import ViolationCase
from cases.selectors import case_timeline
from deadlines import dates
from landwatch.evidence import file_sha256
from landwatch.filenames import safe_filename

from .models import DocumentStatus
from .printing import letterhead, render_pdf
from .selectors import case_documents

EXT = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf"}


class EvidenceRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Entry:
    title: str
    what: str
    when: datetime.date | datetime.datetime | None
    ext: str
    fieldfile: object = None  # a stored file, verified against ``expected``
    expected: str = ""
    content: bytes | None = None  # a generated file (the documents' PDFs)
    name: str = ""
    sha256: str = ""
    note: str = ""
    children: list = field(default_factory=list)


def _entries(case: ViolationCase) -> list[Entry]:
    entries: list[Entry] = []
    for document in case_documents(case):
        if document.status == DocumentStatus.DRAFT or not document.reference:
            continue
        entries.append(Entry(
            title=f"{document.get_kind_display()} {document.reference}",
            what=_("Document (%(status)s)") % {"status": document.get_status_display()},
            when=document.issued_on, ext=".pdf", content=None, note=document.withdrawn_reason,
            children=[document],
        ))
        service = getattr(document, "service", None)
        if service is not None and service.proof:
            entries.append(Entry(
                title=_("Proof of service of %(document)s") % {"document": document.reference},
                what=_("Proof of service"), when=service.served_on, ext=EXT.get(service.proof_type, ""),
                fieldfile=service.proof, expected=service.proof_sha256,
            ))
    # An amended attachment stays in the file beside its amendment (更正), which says so.
    for attachment in case.attachments.select_related("uploaded_by", "supersedes").order_by("uploaded_at", "id"):
        title = attachment.description or attachment.original_name or attachment.get_kind_display()
        amended = attachment.supersedes
        note = _("Amends “%(title)s” of %(date)s: %(reason)s") % {
            "title": amended.description or amended.original_name or amended.get_kind_display(),
            "date": date_format(timezone.localtime(amended.uploaded_at), "DATETIME_FORMAT"),
            "reason": attachment.correction_reason,
        } if amended is not None else ""
        entries.append(Entry(
            title=title, what=attachment.get_kind_display(), when=timezone.localtime(attachment.uploaded_at),
            ext=EXT.get(attachment.file_type, ""), fieldfile=attachment.file, expected=attachment.sha256, note=note,
        ))
    return entries


def _verify(entries: list[Entry]) -> None:
    for entry in entries:
        if entry.fieldfile is None:
            continue
        name = entry.fieldfile.name
        if not entry.fieldfile.storage.exists(name):
            raise EvidenceRefused(
                _("The evidence file was not made: “%(title)s” (%(name)s) is missing from storage.")
                % {"title": entry.title, "name": name}
            )
        if file_sha256(entry.fieldfile) != entry.expected:
            raise EvidenceRefused(
                _("The evidence file was not made: “%(title)s” (%(name)s) no longer matches the SHA-256 "
                  "recorded when it was stored. Report this to the administrator.")
                % {"title": entry.title, "name": name}
            )


def evidence_manifest(case: ViolationCase) -> tuple[int, str]:
    """The stored files of the case's evidence file, each re-hashed against its record: their count
    and one SHA-256 over their names and hashes in order, for the record of a hand-over (移送).
    Raises ``EvidenceRefused`` naming a missing or altered file, like the download."""
    with translation.override(settings.LANGUAGE_CODE):
        entries = [entry for entry in _entries(case) if entry.fieldfile is not None]
        _verify(entries)
    listing = "\n".join(f"{entry.fieldfile.name} {entry.expected}" for entry in entries)
    return len(entries), hashlib.sha256(listing.encode()).hexdigest()


def build_evidence_zip(case: ViolationCase, *, by) -> tempfile.SpooledTemporaryFile:
    """The zip as a temporary file positioned at its start; raises ``EvidenceRefused``."""
    with translation.override(settings.LANGUAGE_CODE):
        entries = _entries(case)
        _verify(entries)
        out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
        with zipfile.ZipFile(out, "w") as zf:
            for number, entry in enumerate(entries, start=2):
                entry.name = safe_filename(f"{number:02d}-{entry.title}", suffix=entry.ext)
                if entry.children:
                    entry.content = render_pdf(entry.children[0])
                if entry.content is not None:
                    entry.sha256 = hashlib.sha256(entry.content).hexdigest()
                    zf.writestr(zipfile.ZipInfo(entry.name, _zip_time()), entry.content,
                                compress_type=zipfile.ZIP_DEFLATED)
                else:
                    entry.sha256 = entry.expected
                    info = zipfile.ZipInfo(entry.name, _zip_time())
                    info.compress_type = zipfile.ZIP_STORED
                    with entry.fieldfile.open("rb") as src, zf.open(info, "w") as dst:
                        for chunk in iter(lambda src=src: src.read(1024 * 1024), b""):
                            dst.write(chunk)
            index = render_to_string("documents/evidence_index.html", {
                "case": case,
                "letterhead": letterhead(case.village.township),
                "entries": entries,
                "documents": [e.children[0] for e in entries if e.children],
                "events": case_timeline(case),
                "suspensions": penalty.suspension_cycles(penalty.chain_facts(case), today=dates.today()),
                "made_at": timezone.localtime(),
                "made_by": by,
            })
            zf.writestr(zipfile.ZipInfo("01-index.html", _zip_time()), index.encode("utf-8"),
                        compress_type=zipfile.ZIP_DEFLATED)
    out.seek(0)
    return out


def _zip_time() -> tuple:
    now = timezone.localtime()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)

"""Uploaded files (photos, scans, proofs of service): one place for checking and hashing.

A file's type is decided by its first bytes, never by its name or the browser's word, and
its size is capped by ``LANDWATCH_MAX_UPLOAD_MB``. Every stored file keeps its SHA-256 so
evidence can be re-verified later. Files are served only through views that have checked
access (``serve_protected``), never from a public media URL.
"""

import hashlib
import os
import threading
import uuid
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .downloads import download_response

# Magic numbers of the kinds LandWatch accepts.
SIGNATURES = {
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "pdf": (b"%PDF-",),
    "xlsx": (b"PK\x03\x04",),
}
CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf", "xlsx": ".xlsx"}
IMAGES_AND_PDF = ("jpeg", "png", "pdf")
IMAGES = ("jpeg", "png")


def sniff_kind(head: bytes) -> str | None:
    for kind, prefixes in SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            return kind
    return None


def check_upload(upload: UploadedFile, *, allowed: Iterable[str] = IMAGES_AND_PDF, max_mb: int | None = None) -> str:
    """Validate an uploaded file; return its kind ("jpeg", "png", "pdf", "xlsx").

    Raises ``ValidationError`` with a message for the form field: empty, too large, or not
    one of ``allowed`` by content (a renamed .exe called photo.jpg is refused).
    """
    allowed = tuple(allowed)
    limit = (max_mb or settings.LANDWATCH_MAX_UPLOAD_MB) * 1024 * 1024
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB."),
            code="too_large",
            params={"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_kind(head)
    if kind not in allowed:
        names = "、".join(EXTENSIONS[k].lstrip(".").upper() for k in allowed)
        raise ValidationError(
            _("This file is not an accepted type (%(allowed)s); its content was checked, not its name."),
            code="bad_type",
            params={"allowed": names},
        )
    if kind in IMAGES:
        _check_image_decodes(upload)
    elif kind == "pdf":
        _check_pdf_complete(upload)
    return kind


# Pillow's LOAD_TRUNCATED_IMAGES is one flag for the whole process, and WeasyPrint switches it
# on when it is imported (to render damaged images in a PDF). The check must decode strictly
# whoever rendered a document before it in this process.
_STRICT_DECODING = threading.Lock()


def _check_image_decodes(upload: UploadedFile) -> None:
    from PIL import Image, ImageFile, UnidentifiedImageError

    with _STRICT_DECODING:
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            with Image.open(upload) as image:
                image.verify()
            upload.seek(0)
            # verify() reads a PNG's chunks but not a JPEG's data: decode it (at 1/8 scale, so
            # a 12-megapixel photo costs little), which fails on a photo cut short in transfer.
            with Image.open(upload) as image:
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise ValidationError(_("The image is damaged or truncated."), code="bad_image") from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient
            upload.seek(0)


def _check_pdf_complete(upload: UploadedFile) -> None:
    """A PDF ends with ``%%EOF`` (readers look for it in the last 1024 bytes); a cut one does not."""
    upload.seek(max(0, upload.size - 1024))
    tail = upload.read(1024)
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError(_("The PDF is damaged or truncated."), code="bad_pdf")


@contextmanager
def discard_files_on_error():
    """Delete the files stored inside the block when the block raises.

    A ``FieldFile.save`` writes to storage at once, but a rollback only undoes the rows:
    without this a refused or conflicting upload leaves an orphan file on disk. Wrap the
    ``transaction.atomic()`` block with it and pass each stored ``FieldFile`` to the
    callable it yields; the files go when the block (and so the transaction) fails.
    """
    stored: list = []
    try:
        yield stored.append
    except BaseException:
        for fieldfile in stored:
            if fieldfile.name:
                fieldfile.storage.delete(fieldfile.name)
        raise


def sha256_of(fileobj) -> str:
    """SHA-256 of a file-like object, read in chunks; leaves the position at the start."""
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def evidence_path(prefix: str, kind: str) -> str:
    """A storage name that reveals nothing of the original name: prefix/YYYY/MM/uuid.ext."""
    now = timezone.now()
    return f"{prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{EXTENSIONS.get(kind, '')}"


@deconstructible
class UploadTo:
    """``upload_to`` for FileFields: ``UploadTo("cases/evidence")`` (serialisable in migrations)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        ext = os.path.splitext(filename)[1].lower()
        kind = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".pdf": "pdf", ".xlsx": "xlsx"}.get(ext, "")
        return evidence_path(self.prefix, kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and other.prefix == self.prefix


def serve_protected(fieldfile, *, download_name: str, as_attachment: bool = False) -> HttpResponse:
    """Stream a stored file after the caller has checked access."""
    return download_response(fieldfile.open("rb"), filename=download_name, as_attachment=as_attachment)

"""The one way a view sends a file: every download's name goes through ``safe_filename``.

Content-Disposition is written by Django (``content_disposition_header``, RFC 6266/5987): an
ASCII name as ``filename="…"``, a Chinese one as ``filename*=utf-8''…``, which every current
browser saves under its Chinese name. Downloads are private and never sniffed.
"""

from __future__ import annotations

import mimetypes
import re

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from .filenames import safe_filename

# The extension of a name the code built ("ledger-20261204.xlsx"): kept whole by the cut.
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def download_name(filename: str) -> str:
    """``filename`` made safe, its extension kept."""
    match = _EXTENSION.search(filename)
    if match is None:
        return safe_filename(filename)
    return safe_filename(filename[: match.start()], suffix=match.group())


def download_response(body, *, filename: str, content_type: str | None = None,
                      as_attachment: bool = True) -> HttpResponse:
    """A response sending ``body`` (bytes, or a file object streamed and closed afterwards) as ``filename``.

    The caller has checked access. ``as_attachment=False`` lets the browser show it (a PDF,
    a photo) while still naming it for "save as".
    """
    name = download_name(filename)
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if isinstance(body, bytes):
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment, name)
    else:
        response = FileResponse(body, as_attachment=as_attachment, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""The case file (立卷归档) pages: the archives of a case, assembling it once closed, the downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.errors import CaseError
from cases.models import EventKind
from landwatch.evidence import file_sha256
from landwatch.exports import export_filename
from landwatch.uploads import serve_protected

from .archive import ArchiveRefused, archive_refusal, assemble_archive
from .models import CaseArchive
from .selectors import get_case_for_documents


@require_GET
def case_archive(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Every archive of the case, the current one first; a reopened one names its reopening. Three queries."""
    case = get_case_for_documents(request.user, case_pk, perm="documents.view")
    archives = list(case.archives.select_related("made_by").order_by("-made_at", "-id"))
    reopenings = {e.data.get("previous_archive_sha256"): e for e in case.events.filter(
        kind=EventKind.REOPENED, data__has_key="previous_archive_sha256").select_related("actor")}
    for archive in archives:
        archive.is_current = bool(case.archive_sha256) and archive.pdf_sha256 == case.archive_sha256
        archive.reopening = reopenings.get(archive.pdf_sha256)
    return render(request, "documents/case_archive.html", {
        "case": case,
        "archives": archives,
        "refusal": archive_refusal(case),
        "can_assemble": request.user.has_perm("documents.archive", case),
    })


@require_POST
def archive_assemble(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for_documents(request.user, case_pk, perm="documents.archive")
    try:
        archive = assemble_archive(case, by=request.user)
    except (ArchiveRefused, CaseError) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, _("The case file was archived: %(pages)s pages. The case is now locked.")
                         % {"pages": archive.pdf_pages})
    return redirect("documents:archive", case.pk)


@require_GET
def archive_download(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """The stored PDF or zip, re-hashed first: a file that no longer matches its record is not served."""
    archive = get_object_or_404(CaseArchive.objects.only("pk", "case_id"), pk=pk)
    try:
        case = get_case_for_documents(request.user, archive.case_id, perm="documents.view")
    except PermissionDenied:
        raise Http404 from None
    archive = CaseArchive.objects.get(pk=pk)
    fieldfile, expected, suffix = (archive.pdf, archive.pdf_sha256, ".pdf") if what == "pdf" else (
        archive.zip, archive.zip_sha256, ".zip")
    if not fieldfile.storage.exists(fieldfile.name) or file_sha256(fieldfile) != expected:
        messages.error(request, _("The stored case file no longer matches its SHA-256. Report this to the "
                                  "administrator."))
        return redirect("documents:archive", case.pk)
    name = export_filename(case.number, _("Case file") if what == "pdf" else _("Evidence file"), suffix=suffix)
    return serve_protected(fieldfile, download_name=name, as_attachment=True)

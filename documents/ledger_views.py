"""The ledger (台账) download and the survey (排摸) import: upload → preview → confirm."""

import hashlib
import io
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.services import CaseError
from landwatch.downloads import download_response
from landwatch.exports import XLSX, export_filename

from .forms import ImportForm
from .ledger import filtered_cases, write_ledger
from .survey_import import MAX_ROWS, ImportRefused, headers, import_survey, parse_survey, template_workbook

SESSION_KEY = "documents_import"


@require_GET
def ledger_export(request: HttpRequest) -> HttpResponse:
    """The case list as the clerk filtered it, as an Excel ledger."""
    if not request.user.has_perm("documents.export"):
        raise PermissionDenied
    today = timezone.localdate()
    cases, keep_order = filtered_cases(request)
    workbook = write_ledger(cases, keep_order=keep_order,
                            title=_("Ledger of land violation cases (%(date)s)") % {"date": today.isoformat()})
    name = export_filename(_("Ledger of land violation cases"), f"{today:%Y%m%d}", suffix=".xlsx")
    return download_response(workbook, filename=name, content_type=XLSX)


def _require_import(request: HttpRequest) -> None:
    if not request.user.has_perm("documents.import"):
        raise PermissionDenied


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    return download_response(template_workbook(request.user).save(),
                             filename=export_filename(_("Survey list template"), suffix=".xlsx"),
                             content_type=XLSX)


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        result = parse_survey(io.BytesIO(content), user=request.user)
        if not result.ok:
            return render(request, "documents/import.html", {
                "form": ImportForm(), "result": result, "headers": headers(), "max_rows": MAX_ROWS,
                "file_name": upload.name,
            })
        # The checked file waits in storage (not in the session) until the clerk confirms;
        # the confirmation re-reads and re-checks it, compared by SHA-256.
        name = default_storage.save(f"documents/imports/{uuid.uuid4().hex}.xlsx", ContentFile(content))
        request.session[SESSION_KEY] = {"name": name, "sha256": hashlib.sha256(content).hexdigest(),
                                        "file_name": upload.name}
        return redirect("documents:import-preview")
    return render(request, "documents/import.html", {"form": form, "headers": headers(), "max_rows": MAX_ROWS})


def _pending(request: HttpRequest):
    pending = request.session.get(SESSION_KEY)
    if not pending or not default_storage.exists(pending["name"]):
        return None, None
    with default_storage.open(pending["name"], "rb") as fh:
        content = fh.read()
    if hashlib.sha256(content).hexdigest() != pending["sha256"]:
        return None, None
    return pending, content


@require_GET
def import_preview(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    pending, content = _pending(request)
    if pending is None:
        messages.error(request, _("Upload the survey list first."))
        return redirect("documents:import")
    result = parse_survey(io.BytesIO(content), user=request.user)
    return render(request, "documents/import_preview.html", {"result": result, "file_name": pending["file_name"],
                                                              "today": timezone.localdate()})


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    pending, content = _pending(request)
    if pending is None:
        messages.error(request, _("Upload the survey list first."))
        return redirect("documents:import")
    result = parse_survey(io.BytesIO(content), user=request.user)
    if not result.ok:
        # Something changed since the preview (a case registered meanwhile): show the report again.
        return render(request, "documents/import.html", {
            "form": ImportForm(), "result": result, "headers": headers(), "max_rows": MAX_ROWS,
            "file_name": pending["file_name"],
        })
    try:
        cases = import_survey(result, by=request.user, file_name=pending["file_name"])
    except ImportRefused as exc:
        # A notice the services refused while registering (its row is named); nothing was saved.
        result.rows, result.errors = [], exc.errors
        return render(request, "documents/import.html", {
            "form": ImportForm(), "result": result, "headers": headers(), "max_rows": MAX_ROWS,
            "file_name": pending["file_name"],
        })
    except (CaseError, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "message", None) or _("You may not register cases there."))
        return redirect("documents:import-preview")
    except (IntegrityError, ValidationError):
        # A party with the same ID number saved by someone else since the check, or a value the
        # check let through that the case refuses: nothing was saved (one transaction).
        messages.error(request, _("The list could not be registered as checked; nothing was saved. "
                                  "Check it again and retry."))
        return redirect("documents:import-preview")
    default_storage.delete(pending["name"])
    del request.session[SESSION_KEY]
    messages.success(request, _("%(n)d cases were registered (%(first)s to %(last)s).")
                     % {"n": len(cases), "first": cases[0].number, "last": cases[-1].number})
    return redirect("documents:import")

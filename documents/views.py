"""Views of case documents: draft, edit, issue, serve, correct, withdraw, print, PDF, evidence file.

Every view loads through an access helper (404 for outsiders, 403 for read-only users),
calls one service and redirects (post/redirect/get). The ledger and the survey import
are in ``ledger_views.py``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.forms import add_refusal
from cases.services import CaseError, check_notice_may_order
from cases.transitions import needs_penalty_procedure
from landwatch.downloads import download_response
from landwatch.exports import export_filename
from landwatch.uploads import serve_protected

from . import services
from .evidence import EvidenceRefused, build_evidence_zip
from .forms import DocumentTextForm, IssueForm, ProofForm, ServeForm, WithdrawForm
from .models import INTERNAL_KINDS, DocumentKind, DocumentStatus
from .printing import letterhead, render_pdf, render_print_html
from .rules import draft_perm
from .selectors import case_documents, get_case_for_documents, get_document_for_user

ERRORS = (services.DocumentError, CaseError)


def _fail(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, getattr(exc, "message", str(exc)))


def panel_context(user, case, *, documents: list | None = None) -> dict:
    """What ``documents/_case_documents.html`` needs (the case detail page includes it, with the
    case's ``documents`` it has read already)."""
    return {
        "case": case,
        "documents": case_documents(case) if documents is None else documents,
        # The kinds this user may draft: the office all, the case's officer the re-inspection opinion.
        # No rectification notice as the order of a penalty disposition (办法 第四条; cases.services),
        # nor the papers a step of the procedure makes itself (``INTERNAL_KINDS``).
        # An archived case (立卷归档) takes no paper any more: nothing to draft, issue or serve.
        "kinds": [(kind, label) for kind, label in DocumentKind.choices
                  if kind not in INTERNAL_KINDS and user.has_perm(draft_perm(kind), case)
                  and not (kind == DocumentKind.RECTIFICATION and needs_penalty_procedure(case))
                  and not case.archived_at],
        "can_issue": user.has_perm("documents.issue", case) and not case.archived_at,
        "can_serve": user.has_perm("documents.serve", case) and not case.archived_at,
    }


@require_GET
def case_documents_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for_documents(request.user, case_pk, perm="documents.view")
    return render(request, "documents/case_documents.html", panel_context(request.user, case))


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    kind = request.POST.get("kind") or request.GET.get("kind") or DocumentKind.RECTIFICATION
    if kind not in DocumentKind.values:
        raise Http404
    case = get_case_for_documents(request.user, case_pk, perm=draft_perm(kind))
    if kind == DocumentKind.RECTIFICATION:
        try:
            check_notice_may_order(case)  # said before the clerk writes a notice that will be refused
        except CaseError as exc:
            _fail(request, exc)
            return redirect(case)
    if request.method == "POST":
        form = DocumentTextForm(request.POST, kind=kind, village=case.village.name)
        if form.is_valid():
            try:
                document = services.create_document(case, by=request.user, kind=kind, **form.text())
            except ERRORS as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("The draft was saved. Check it, then issue it."))
                return redirect(document)
    else:
        from .drafting import draft_text

        form = DocumentTextForm(initial=draft_text(case, kind), kind=kind, village=case.village.name)
    return render(request, "documents/document_form.html", {
        "case": case, "form": form, "kind": kind, "kind_label": DocumentKind(kind).label,
    })


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    case = document.case
    service = getattr(document, "service", None)
    return render(request, "documents/document_detail.html", {
        "document": document,
        "case": case,
        "service": service,
        # A service done on paper and entered on a later day shows when and by whom it was entered.
        "service_recorded_later": service is not None and timezone.localdate(service.recorded_at) != service.served_on,
        "corrections": list(document.corrections.all()),
        "can_issue": request.user.has_perm("documents.issue", case),
        "can_edit": request.user.has_perm(draft_perm(document.kind), case),
        "can_serve": request.user.has_perm("documents.serve", case),
        "withdraw_form": WithdrawForm(),
        "issue_form": IssueForm(initial={"issued_on": timezone.localdate()}),
        "proof_form": ProofForm(),
        "letterhead": letterhead(document.issuing_unit),
    })


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    if not request.user.has_perm(draft_perm(document.kind), document.case):
        raise PermissionDenied
    if not document.is_editable:
        # Served, superseded and withdrawn documents are locked: no form, not even to look at.
        raise PermissionDenied(_("This document can no longer be changed; issue a correction instead."))
    form = DocumentTextForm(request.POST or None, instance=document, kind=document.kind,
                            village=document.case.village.name)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(document, by=request.user, **form.text())
        except ERRORS as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The document was saved."))
            return redirect(document)
    return render(request, "documents/document_form.html", {
        "case": document.case, "form": form, "document": document, "kind": document.kind,
        "kind_label": document.get_kind_display(),
    })


@require_POST
def document_issue(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, perm="documents.issue")
    form = IssueForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("issued_on", []):
            messages.error(request, error)
        return redirect(document)
    try:
        services.issue_document(document, by=request.user, issued_on=form.cleaned_data["issued_on"])
    except ERRORS as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Issued as %(number)s. Print it and serve it.") % {"number": document.reference})
    return redirect(document)


@require_http_methods(["GET", "POST"])
def document_serve(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, perm="documents.serve")
    if document.status != DocumentStatus.ISSUED:
        messages.error(request, _("Only an issued document can be served."))
        return redirect(document)
    form = ServeForm(request.POST or None, request.FILES or None, document=document,
                     initial={"recipient": document.party_name, "served_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.serve_document(
                document, by=request.user, method=data["method"], served_on=data["served_on"],
                recipient=data["recipient"], signer=data["signer"], server=data["server"], note=data["note"],
                proof=data["proof"] or None,
            )
        except ValidationError as exc:
            form.add_error("proof", exc)
        except CaseError as exc:  # a refused date on its field, the rest above the form
            add_refusal(form, exc)
        except ERRORS as exc:
            _fail(request, exc)
        else:
            done = _("Posting recorded.") if form.posting else _("Service recorded.")
            if document.deadline:
                done = _("%(done)s The deadline is %(date)s.") % {"done": done, "date": document.deadline.isoformat()}
            messages.success(request, done)
            return redirect(document)
    return render(request, "documents/document_serve.html", {
        "document": document, "case": document.case, "form": form,
        "step": _("Record posting") if form.posting else _("Record service")})


@require_POST
def document_attach_proof(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, perm="documents.serve")
    form = ProofForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("proof", []):
            messages.error(request, error)
        return redirect(document)
    try:
        services.attach_proof(document, by=request.user, upload=form.cleaned_data["proof"])
    except ERRORS as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The proof of service was stored."))
    return redirect(document)


@require_POST
def document_correct(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, perm="documents.issue")
    try:
        correction = services.correct_document(document, by=request.user)
    except ERRORS as exc:
        _fail(request, exc)
        return redirect(document)
    messages.info(request, _("A correction was drafted. Change it, then issue it: it will supersede %(number)s.")
                  % {"number": document.reference})
    return redirect("documents:edit", correction.pk)


@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, perm="documents.issue")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is required."))
        return redirect(document)
    try:
        services.withdraw_document(document, by=request.user, reason=form.cleaned_data["reason"])
    except ERRORS as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The document was withdrawn."))
    return redirect(document)


@require_GET
def document_print(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    if document.status == DocumentStatus.DRAFT:
        messages.error(request, _("Issue the document before printing it: a draft has no number."))
        return redirect(document)
    return HttpResponse(render_print_html(document, request=request))


@require_GET
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    if document.status == DocumentStatus.DRAFT:
        messages.error(request, _("Issue the document before printing it: a draft has no number."))
        return redirect(document)
    return download_response(render_pdf(document), filename=export_filename(document.download_stem, suffix=".pdf"),
                             content_type="application/pdf", as_attachment=False)


@require_GET
def service_proof(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    service = getattr(document, "service", None)
    if service is None or not service.proof:
        raise Http404
    return serve_protected(service.proof, download_name=service.proof_download_name)


@require_GET
def evidence_file(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for_documents(request.user, case_pk, perm="documents.view")
    try:
        archive = build_evidence_zip(case, by=request.user)
    except EvidenceRefused as exc:
        messages.error(request, exc.message)
        return redirect("documents:case-documents", case.pk)
    return download_response(archive, filename=export_filename(case.number, _("Evidence file"), suffix=".zip"),
                             content_type="application/zip")

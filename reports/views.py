"""Public reports: the public page, its receipt and status page; the office's queue and handling.

The three public views carry ``login_not_required``; the rest are the office's (and its
leaders' and the county's, read-only). The public pages never show a party, an officer or
anything of the case but its stage (``selectors.public_progress``).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from landwatch.pagination import capped_page
from landwatch.uploads import EXTENSIONS, serve_protected

from . import selectors, services
from .forms import AcceptForm, DismissForm, MergeForm, PublicReportForm, ReplyForm, StatusLookupForm
from .models import PublicReport, ReportPhoto, ReportStatus

_RECEIPT_SESSION_KEY = "reports:receipt"
_STATUS_SESSION_KEY = "reports:status"


def _sender_address(request: HttpRequest) -> str:
    """The network address a report came from, for the hourly limit.

    ``REMOTE_ADDR`` unless the deployment says how many proxies of its own stand in front
    (``LANDWATCH_TRUSTED_PROXY_HOPS``): then the address the outermost of them saw, read from the
    right of ``X-Forwarded-For``: the entries further left are the sender's to write.
    """
    hops = settings.LANDWATCH_TRUSTED_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


@login_not_required
@require_http_methods(["GET", "POST"])
def report_submit(request: HttpRequest) -> HttpResponse:
    form = PublicReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = data["village"] or selectors.village_at(data["township"], data["latitude"], data["longitude"])
        try:
            report, code = services.submit_report(
                township=data["township"], village=village, what=data["what"], place_text=data["place_text"],
                latitude=data["latitude"], longitude=data["longitude"], reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"], sender_address=_sender_address(request),
                photos=data["photos"],
            )
        except ValidationError as exc:
            field = "photos" if exc.code in ("empty", "too_large", "bad_type", "bad_image", "bad_pdf") else None
            form.add_error(field, exc)
        else:
            request.session[_RECEIPT_SESSION_KEY] = [report.receipt, code]
            return redirect("reports:receipt")
    return render(request, "reports/public_submit.html",
                  {"form": form, "tile_url": settings.LANDWATCH_MAP_TILE_URL,
                   "tile_attribution": settings.LANDWATCH_MAP_ATTRIBUTION})


@login_not_required
@require_GET
def report_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt number and check code, shown once after sending (kept in the session until then)."""
    receipt = request.session.pop(_RECEIPT_SESSION_KEY, None)
    if not receipt:
        return redirect("reports:status")
    return render(request, "reports/public_receipt.html", {"receipt": receipt[0], "code": receipt[1]})


@login_not_required
@require_http_methods(["GET", "POST"])
def report_status(request: HttpRequest) -> HttpResponse:
    """The reporter's view of a report: its stage and the office's reply.

    The receipt number and check code are posted (they stay out of URLs and logs); a match is
    remembered in the session and shown by the GET that follows (post/redirect/get).
    """
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = PublicReport.objects.filter(receipt=form.cleaned_data["receipt"]).only("pk", "check_hash").first()
        if report is not None and services.code_matches(report, form.cleaned_data["code"]):
            request.session[_STATUS_SESSION_KEY] = report.pk
            return redirect("reports:status")
        # The same answer for a wrong number and a wrong code.
        form.add_error(None, _("No report matches this receipt number and check code."))
    report = None
    if request.method == "GET" and request.session.get(_STATUS_SESSION_KEY):
        report = (PublicReport.objects.select_related("finding__case", "merged_into__finding__case")
                  .filter(pk=request.session[_STATUS_SESSION_KEY]).first())
    context = {"form": form, "report": report}
    if report is not None:
        shown = report.merged_into if report.status == ReportStatus.MERGED and report.merged_into else report
        context.update(progress=selectors.public_progress(report), reply=report.reply or shown.reply,
                       replied_at=report.replied_at if report.reply else shown.replied_at)
    return render(request, "reports/public_status.html", context)


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_read_reports(request.user):
        raise PermissionDenied
    reports = selectors.reports_visible_to(request.user).select_related("township", "village")
    status = request.GET.get("status", ReportStatus.NEW)
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    page = capped_page(reports.order_by("-submitted_at", "-pk"), request.GET.get("page"))
    return render(request, "reports/report_list.html",
                  {"page": page, "status": status, "statuses": ReportStatus})


def _detail(request: HttpRequest, report: PublicReport, status: int = 200, **forms) -> HttpResponse:
    can_handle = request.user.has_perm("reports.handle_report", report.township)
    context = {
        "report": report,
        "photos": list(report.photos.all()),
        "actions": list(report.actions.select_related("actor")),
        # The warning helps the decision; once the report is handled its own finding would be "near".
        "neighbours": selectors.neighbours(report) if report.is_open else [],
        "can_handle": can_handle,
        "accept_form": forms.get("accept_form") or AcceptForm(report=report),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "dismiss_form": forms.get("dismiss_form") or DismissForm(),
        "reply_form": forms.get("reply_form") or ReplyForm(initial={"reply": report.reply}),
        "case": getattr(report.finding, "case", None) if report.finding_id else None,
        # A refusal is said at the top too: the form that was sent may no longer be shown (a handled report).
        "refusals": [error for form in forms.values() for error in form.non_field_errors()],
    }
    return render(request, "reports/report_detail.html", context, status=status)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk)
    if report.finding_id:
        report = PublicReport.objects.select_related("township", "village", "merged_into",
                                                     "finding__case").get(pk=report.pk)
    return _detail(request, report)


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    from cases.services import CaseError

    report = selectors.get_report_for_user(request.user, pk, write=True)
    form = AcceptForm(request.POST, report=report)
    if not form.is_valid():
        return _detail(request, report, accept_form=form)
    data = form.cleaned_data
    try:
        choices = {"village": data["village"], "category": data["category"], "urgency": data["urgency"]}
        case = None
        if data["into"] == AcceptForm.INTO_CASE:
            case = services.accept_report_as_case(report, by=request.user, title=data["title"],
                                                  party_name=data["party_name"], area_m2=data["area_m2"], **choices)
        else:
            services.accept_report(report, by=request.user, **choices)
    except CaseError as exc:
        form.add_error(None, exc.message)
        return _detail(request, report, accept_form=form)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, report, accept_form=form)
    if case is not None:
        messages.success(request, _("Case %(number)s registered from the report.") % {"number": case.number})
    else:
        messages.success(request, _("The report was accepted as a finding."))
    return redirect(report)


@login_required
@require_POST
def report_merge(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk, write=True)
    form = MergeForm(request.POST)
    if form.is_valid():
        target = selectors.reports_visible_to(request.user).filter(receipt=form.cleaned_data["into"]).first()
        if target is None:
            form.add_error("into", _("No report of yours has this receipt number."))
        else:
            try:
                services.merge_report(report, by=request.user, into=target)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The report was merged into %(receipt)s.") % {"receipt": target.receipt})
                return redirect(report)
    return _detail(request, report, merge_form=form)


@login_required
@require_POST
def report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk, write=True)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_report(report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The report was dismissed."))
            return redirect(report)
    return _detail(request, report, dismiss_form=form)


@login_required
@require_POST
def report_reply(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk, write=True)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_report(report, by=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The reply was saved; the reporter sees it on the status page."))
            return redirect(report)
    return _detail(request, report, reply_form=form)


@login_required
@require_GET
def report_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = ReportPhoto.objects.select_related("report").filter(pk=pk).first()
    if photo is None or not selectors.reports_visible_to(request.user).filter(pk=photo.report_id).exists():
        raise Http404
    return serve_protected(photo.file, download_name=f"{photo.report.receipt}-{photo.pk}{EXTENSIONS[photo.kind]}")

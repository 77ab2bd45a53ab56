"""The pages of 公示 (cases/publicity.py): record the publication (drafted masked), correct it,
withdraw it, print it; and the case page's panel context. Loaded through the access helper, one
service call, post/redirect/get."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from deadlines import dates
from landwatch.downloads import download_response
from landwatch.exports import XLSX, export_filename

from . import publicity, services
from .forms import add_refusal
from .publicity_forms import PublicationForm, WithdrawalForm
from .selectors import get_case_for_user


def _case_to_publish(request: HttpRequest, pk: int):
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.publish", case):
        raise PermissionDenied
    return case


def _run(request, case, form, call, done: str) -> HttpResponse | None:
    try:
        call(form.cleaned_data)
    except services.StaleCaseError as exc:
        messages.error(request, exc.message)
        return redirect(case)
    except services.CaseError as exc:
        add_refusal(form, exc)
    else:
        messages.success(request, done)
        return redirect(case)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def publication_add(request: HttpRequest, pk: int, publication_pk: int | None = None) -> HttpResponse:
    """Record the publication; with ``publication_pk``, its correction (更正)."""
    case = _case_to_publish(request, pk)
    supersedes = get_object_or_404(case.publications, pk=publication_pk) if publication_pk else None
    decision = publicity.current_decision(case)
    if supersedes is not None:
        initial = {"channel": supersedes.channel, "location": supersedes.location,
                   "published_on": supersedes.published_on, "text": supersedes.text}
    else:
        initial = {"published_on": dates.today(),
                   "text": publicity.draft_text(case, decision) if decision and decision.issued_on else ""}
    form = PublicationForm(request.POST or None, correcting=supersedes is not None,
                           initial={"version": case.version, **initial})
    if request.method == "POST" and form.is_valid():
        response = _run(request, case, form, lambda d: publicity.publish(
            case, by=request.user, channel=d["channel"], location=d["location"], published_on=d["published_on"],
            text=d["text"], supersedes=supersedes, correction_reason=d.get("correction_reason", ""),
            expected_version=d.get("version")),
            _("Publication corrected.") if supersedes else _("Publication recorded."))
        if response:
            return response
    title = _("Correct the publication of the penalty decision") if supersedes else \
        _("Record the publication of the penalty decision")
    return render(request, "cases/case_record.html", {"case": case, "form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def publication_withdraw(request: HttpRequest, pk: int, publication_pk: int) -> HttpResponse:
    case = _case_to_publish(request, pk)
    publication = get_object_or_404(case.publications, pk=publication_pk)
    form = WithdrawalForm(request.POST or None, initial={"version": case.version, "withdrawn_on": dates.today()})
    if request.method == "POST" and form.is_valid():
        response = _run(request, case, form, lambda d: publicity.withdraw(
            publication, by=request.user, withdrawn_on=d["withdrawn_on"], reason=d["reason"],
            expected_version=d.get("version")), _("Withdrawal recorded."))
        if response:
            return response
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": _("Withdraw the published penalty decision")})


@login_required
@require_GET
def publication_print(request: HttpRequest, pk: int, publication_pk: int) -> HttpResponse:
    """The published text as a sheet for the notice board: only the masked text, never the party's data."""
    case = get_case_for_user(request.user, pk)
    publication = get_object_or_404(case.publications.select_related("decision"), pk=publication_pk)
    return render(request, "cases/publication_print.html", {"case": case, "publication": publication})


@login_required
@require_GET
def publication_export(request: HttpRequest) -> HttpResponse:
    """公示台账: the publications of the cases the user sees, as a workbook (the masked texts only)."""
    today = dates.today()
    workbook = publicity.write_publications(publicity.publications_visible_to(request.user))
    name = export_filename(_("Publications of penalty decisions"), f"{today:%Y%m%d}", suffix=".xlsx")
    return download_response(workbook, filename=name, content_type=XLSX)


def panel_context(user, case, panel) -> dict:
    """The case page's 公示 panel (``publicity.panel``) and whether this user may record on it."""
    may = bool(panel) and user.has_perm("cases.publish", case) and services.is_writable(case, write="publication")
    return {"publicity": panel, "can_publish": may}

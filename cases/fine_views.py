"""The pages of the fine's payment, deferral or instalments, and the confiscation's hand-over
(``cases/fines.py``): loaded through the access helper, one service call, post/redirect/get."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import fine_forms, fines, services
from .forms import add_refusal
from .selectors import get_case_for_user


def _page(request, case, form, title, *, multipart=False) -> HttpResponse:
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": title, "multipart": multipart})


def _run(request, case, form, call, done: str) -> HttpResponse | None:
    """Call the service with the cleaned form; None (the form again) when it refused."""
    try:
        call(form.cleaned_data)
    except services.StaleCaseError as exc:
        messages.error(request, exc.message)
        return redirect(case)
    except services.CaseError as exc:
        add_refusal(form, exc)
    except ValidationError as exc:  # a refused scan
        form.add_error("scan" if "scan" in form.fields else None, exc)
    except PermissionDenied:
        form.add_error(None, _("You may not do this on this case."))
    else:
        messages.success(request, done)
        return redirect(case)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def fine_payment(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.investigate", case):
        raise PermissionDenied
    form = fine_forms.FinePaymentForm(request.POST or None, request.FILES or None,
                                      initial={"version": case.version, "paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        response = _run(request, case, form, lambda d: fines.record_payment(
            case, by=request.user, bank=d["bank"], receipt_number=d["receipt_number"], paid_on=d["paid_on"],
            amount=d["amount"], scan=d.get("scan"), expected_version=d.get("version")), _("Payment recorded."))
        if response:
            return response
    return _page(request, case, form, _("Record a payment of the fine"), multipart=True)


@login_required
@require_http_methods(["GET", "POST"])
def fine_arrangement(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.decide_penalty", case):
        raise PermissionDenied
    form = fine_forms.FineArrangementForm(request.POST or None,
                                          initial={"version": case.version, "approved_on": timezone.localdate()})
    fine = fines.current_fine(case)
    if fine is not None:  # what the new schedule must cover
        form.fields["kind"].help_text = _(
            "Unpaid of the fine today: %(amount)s yuan; the instalments add up to it.") % {
            "amount": fines.account(fine).principal_outstanding}
    if request.method == "POST" and form.is_valid():
        response = _run(request, case, form, lambda d: fines.approve_arrangement(
            case, by=request.user, kind=d["kind"], applied_on=d["applied_on"], approved_on=d["approved_on"],
            reason=d["reason"], instalments=d["instalments"], expected_version=d.get("version")),
            _("Deferral or instalments approved."))
        if response:
            return response
    return _page(request, case, form, _("Approve a deferral or instalments of the fine"))


@login_required
@require_http_methods(["GET", "POST"])
def confiscation_handover(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.investigate", case):
        raise PermissionDenied
    form = fine_forms.ConfiscationHandoverForm(request.POST or None,
                                               initial={"version": case.version,
                                                        "handed_over_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        response = _run(request, case, form, lambda d: fines.record_handover(
            case, by=request.user, handed_to=d["handed_to"], handed_over_on=d["handed_over_on"],
            document=d["document"], note=d["note"], expected_version=d.get("version")),
            _("Hand-over recorded."))
        if response:
            return response
    return _page(request, case, form, _("Record the hand-over of the confiscated buildings"))


def fine_panel(case, *, today=None) -> dict | None:
    """The case page's fine panel (``fines.panel``; no query for a case without a fine or confiscation)."""
    return fines.panel(case, today=today) if case.status in fines.PANEL_STATUSES else None


def panel_context(user, case, panel: dict | None) -> dict:
    """The case page's fine panel (``fine_panel``) and the buttons this user may use on it."""
    if not panel:
        return {"fine_panel": None, "fine_actions": []}
    actions = []
    writable = case.status in fines.FINE_STATUSES and services.is_writable(case, write="fine")
    fine = panel["fine"]
    if writable and fine and fine["fine"].due_on and not fine["fine"].settled_on:
        if user.has_perm("cases.investigate", case):
            actions.append({"name": "fine-payment", "url": "cases:fine-payment", "label": _("Record a payment")})
        if user.has_perm("cases.decide_penalty", case):
            actions.append({"name": "fine-arrangement", "url": "cases:fine-arrangement",
                            "label": _("Approve a deferral or instalments")})
    handover = panel["handover"]
    if writable and handover and handover["due"] and not handover["done"] and user.has_perm("cases.investigate", case):
        actions.append({"name": "confiscation-handover", "url": "cases:confiscation-handover",
                        "label": _("Record the hand-over")})
    return {"fine_panel": panel, "fine_actions": actions}

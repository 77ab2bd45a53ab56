"""Findings (线索): the office's queue, the detail with the hand-over to cases, dismissal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from landwatch import queue
from landwatch.filtering import applied
from landwatch.pagination import capped_page
from territory.selectors import villages_visible_to

from ..forms import FindingFilterForm, ReasonForm, StandaloneFindingForm
from ..models import FindingStatus, PatrolFinding, StagedFor, Urgency
from ..selectors import (
    finding_sent_before,
    findings_visible_to,
    get_finding_for_user,
    get_log_for_user,
    get_village_for_user,
    villages_user_can_log,
)
from ..services import dismiss_finding, report_finding
from .common import case_of, register_url, stage_uploads, staged_photos


@login_required
@require_GET
def finding_list(request: HttpRequest) -> HttpResponse:
    """New findings first (the office's queue); other states on request."""
    findings = findings_visible_to(request.user).select_related("village", "reported_by", "log")
    villages = villages_visible_to(request.user).order_by("sort_order", "name")
    form = FindingFilterForm(request.GET, villages=villages)
    chosen = applied(form)
    # No status asked (or one refused): the office's queue of new findings; "all" or "": every state.
    status = chosen["status"] if "status" in request.GET and "status" in chosen else FindingStatus.REPORTED
    if status in FindingStatus.values:
        findings = findings.filter(status=status)
    if chosen.get("village"):
        findings = findings.filter(village=chosen["village"])
    if chosen.get("urgency"):
        findings = findings.filter(urgency=chosen["urgency"])
    page = capped_page(findings.order_by("-reported_at", "-pk"), request.GET.get("page"))
    can_handle = {f.pk for f in page if request.user.has_perm("patrols.handle_finding", f)}
    return render(
        request,
        "patrols/finding_list.html",
        {
            "page": page,
            "rows": [(f, f.pk in can_handle and f.is_open and register_url(f)) for f in page],
            "status": status,
            "statuses": FindingStatus,
            "urgencies": Urgency,
            "villages": villages,
            "filters": request.GET,
            "filter_form": form,
            "can_report": bool(villages_user_can_log(request.user)),
        },
    )


@login_required
@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk)
    can_handle = finding.is_open and request.user.has_perm("patrols.handle_finding", finding)
    return render(
        request,
        "patrols/finding_detail.html",
        {
            "finding": finding,
            "photos": finding.photos.order_by("pk"),
            "events": finding.events.select_related("actor"),
            "case": case_of(finding),
            "inspection": _inspection_of(finding),
            "can_handle": can_handle,
            "register_url": register_url(finding) if can_handle else None,
            "dismiss_form": ReasonForm(),
            "just_saved": request.GET.get("saved") == "1",
        },
    )


def _inspection_of(finding: PatrolFinding):
    """The project inspection that raised this finding, if any."""
    try:
        return finding.inspection
    except ObjectDoesNotExist:
        return None


@login_required
def finding_create(request: HttpRequest) -> HttpResponse:
    """Report a lead outside a patrol, or add one more to a patrol (``?log=``)."""
    if not villages_user_can_log(request.user):
        raise PermissionDenied
    params = request.POST if request.method == "POST" else request.GET
    queued = queue.queued(request)
    log = None
    if params.get("log"):
        log = get_log_for_user(request.user, params["log"])
        if log.is_withdrawn:
            if queued:  # withdrawn while the phone was offline: a reason the reporter can act on
                return queue.refused(reasons=[_("The patrol log this finding was to be added to has been withdrawn "
                                          "meanwhile; report the finding on its own.")])
            raise PermissionDenied
        village = get_village_for_user(request.user, log.village_id, perm="patrols.log_patrol")
    else:
        village_id = params.get("village")
        allowed = villages_user_can_log(request.user)
        if not village_id and len(allowed) == 1:
            village_id = allowed[0].pk
        if not village_id:
            return render(request, "patrols/finding_choose_village.html", {"villages": allowed})
        village = get_village_for_user(request.user, village_id, perm="patrols.log_patrol")
    instance = PatrolFinding(village=village, log=log, reported_by=request.user)
    if request.method == "POST":
        form = StandaloneFindingForm(request.POST, instance=instance)
        draft_key = queue.form_key(form.data.get("draft_key"))
        kept = finding_sent_before(request.user, draft_key) if draft_key else None
        if kept is not None:  # sent again (a double tap, the phone's queue after a lost answer)
            return queue.received(request, kept.get_absolute_url())
        photo_errors = stage_uploads(request, field="photos", draft_key=draft_key, staged_for=StagedFor.FINDING)
        if form.is_valid() and not photo_errors:
            finding = report_finding(form.save(commit=False), by=request.user, draft_key=draft_key,
                                     client_key=draft_key, reported_at=queue.filed_at(request))
            if getattr(finding, "replayed", False):
                return queue.received(request, finding.get_absolute_url())
            if queued:
                return queue.sent(finding.get_absolute_url())
            messages.success(request, _("The finding has been sent to the office."))
            return redirect(f"{finding.get_absolute_url()}?saved=1")
        if queued:
            return queue.refused(form, reasons=photo_errors)
    else:
        form = StandaloneFindingForm(instance=instance, initial={"draft_key": queue.new_key()})
        photo_errors = []
        draft_key = form.initial["draft_key"]
    return render(
        request,
        "patrols/finding_form.html",
        {
            "form": form,
            "village": village,
            "log": log,
            "photo_errors": photo_errors,
            "staged_photos": staged_photos(request.user, draft_key),
            "draft_key": draft_key,
        },
    )


@login_required
@require_POST
def finding_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for dismissing this finding."))
        return redirect(finding)
    try:
        dismiss_finding(finding, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The finding was dismissed."))
    return redirect(finding)

"""Patrol logs: the coordinator's phone form, the list, the detail and withdrawal."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from landwatch import dataversion, queue
from landwatch.filtering import applied
from landwatch.pagination import capped_page
from landwatch.roles import Role, has_role
from landwatch.subqueries import count_of
from territory.selectors import data_scope, scope_key, villages_visible_to

from ..forms import FindingForm, LogFilterForm, PatrolLogForm, ReasonForm
from ..models import FindingStatus, PatrolFinding, PatrolLog, PatrolPhoto, PatrolResult, StagedFor
from ..selectors import get_log_for_user, get_village_for_user, logs_visible_to, sent_before, villages_user_can_log
from ..services import create_patrol_log, withdraw_log
from .common import stage_uploads, staged_photos, today

# What the log list reads besides the county-wide data: the patrols app's rows. Kept under
# their versions only (landwatch.dataversion.TOPICS), it outlives a case event.
LOG_TOPICS = frozenset({"patrols"})


def _count_per_log(model):
    return count_of(model.objects.filter(log=OuterRef("pk")))


@login_required
@require_GET
@dataversion.pinned()  # reads only: one read of the version for the user and the kept parts
def log_list(request: HttpRequest) -> HttpResponse:
    user = request.user

    def draw() -> tuple[str, str]:
        logs = logs_visible_to(user).select_related("village", "created_by").prefetch_related("departments")
        villages = villages_visible_to(user).order_by("sort_order", "name")
        form = LogFilterForm(request.GET, villages=villages)
        chosen = applied(form)
        if chosen.get("village"):
            logs = logs.filter(village=chosen["village"])
        if chosen.get("result"):
            logs = logs.filter(result=chosen["result"])
        if not chosen.get("withdrawn"):
            logs = logs.current()
        # Counted per shown row (a correlated subquery PostgreSQL runs after the LIMIT), not by
        # grouping a million logs with their findings and photos before the page is cut. The
        # track and the notes are the detail's: a long GPS track is not read for a row.
        logs = logs.defer("gps_points", "notes", "withdraw_reason").annotate(
            finding_count=_count_per_log(PatrolFinding), photo_count=_count_per_log(PatrolPhoto)
        ).order_by("-patrolled_on", "-started_at", "-pk")
        return (
            render_to_string("patrols/_log_list_filter.html", {
                "villages": villages,
                "results": PatrolResult,
                "filters": request.GET,
                "filter_form": form,
            }),
            render_to_string("patrols/_log_list_table.html", {
                "page": capped_page(logs, request.GET.get("page")),
                "filters": request.GET,
            }),
        )

    # The filter and the rows are the same for everyone in one scope: drawn once per committed
    # change of the data (landwatch.dataversion), so paging and returning from a log read none.
    filter_html, table_html = dataversion.cached(
        f"log-list:{scope_key(user)}:{get_language()}:{hashlib.sha256(request.GET.urlencode().encode()).hexdigest()}",
        draw,
        scope=data_scope(user, topics=LOG_TOPICS),
    )
    return render(request, "patrols/log_list.html", {
        "filter_html": filter_html,
        "table_html": table_html,
        "can_log": dataversion.cached_in_pinned(
            f"can-log:{user.pk}", lambda: bool(villages_user_can_log(user)), scope=data_scope(user, topics=LOG_TOPICS)
        ),
    })


@login_required
def log_create(request: HttpRequest) -> HttpResponse:
    """Log a patrol (and at most one finding with it) for one village.

    Built for a phone in a field: photos are staged as soon as they arrive (by the page's
    script, or here with the form), so a validation error re-renders with everything
    kept; the script also keeps a draft of the typed fields in the browser.
    """
    allowed = villages_user_can_log(request.user)
    if not allowed:
        raise PermissionDenied
    village_id = request.POST.get("village") or request.GET.get("village")
    if village_id:
        village = get_village_for_user(request.user, village_id, perm="patrols.log_patrol")
    elif len(allowed) == 1:
        village = allowed[0]
    else:
        return render(request, "patrols/log_choose_village.html", {"villages": allowed})
    options = {
        "village": village,
        "may_cover_others": request.user.is_superuser or has_role(request.user, Role.OFFICE, Role.OFFICER),
        "today": today(),
    }
    instance = PatrolLog(village=village, created_by=request.user)
    queued = queue.queued(request)  # sent by the phone's queue (static/landwatch/offline.js)
    if request.method == "POST":
        form = PatrolLogForm(request.POST, instance=instance, **options)
        finding_form = FindingForm(request.POST, prefix="finding")
        draft_key = queue.form_key(form.data.get("draft_key"))
        kept = sent_before(request.user, draft_key) if draft_key else None
        if kept is not None:  # sent again (a double tap, a queue retrying after a lost answer): received once
            return queue.received(request, kept.get_absolute_url())
        photo_errors = stage_uploads(request, field="photos", draft_key=draft_key, staged_for=StagedFor.LOG)
        photo_errors += stage_uploads(
            request, field="finding-photos", draft_key=draft_key, staged_for=StagedFor.FINDING
        )
        wants_finding = form.reports_finding
        if form.is_valid() and (not wants_finding or finding_form.is_valid()) and not photo_errors:
            log = form.save(commit=False)
            log.gps_points = form.cleaned_data["gps_points"]
            finding = finding_form.save(commit=False) if wants_finding else None
            try:
                log = create_patrol_log(
                    log,
                    by=request.user,
                    patrollers=[request.user],
                    departments=form.cleaned_data["departments"],
                    other_villages=form.cleaned_data.get("other_villages") or [],
                    finding=finding,
                    draft_key=draft_key,
                    reported_at=queue.filed_at(request),  # a finding filed in the field, sent later
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if getattr(log, "replayed", False):
                    return queue.received(request, log.get_absolute_url())
                if queued:
                    return queue.sent(log.get_absolute_url())
                if finding is not None:
                    messages.success(request, _("Patrol logged; the finding has been sent to the office."))
                else:
                    messages.success(request, _("Patrol logged."))
                return redirect(f"{log.get_absolute_url()}?saved=1")
        if queued:  # refused: every reason, for the phone to show beside the record
            return queue.refused(form, finding_form if wants_finding else None, reasons=photo_errors)
    else:
        form = PatrolLogForm(instance=instance, **options)
        finding_form = FindingForm(prefix="finding")
        photo_errors = []
        draft_key = form.initial["draft_key"]
    staged = staged_photos(request.user, draft_key)
    return render(
        request,
        "patrols/log_form.html",
        {
            "form": form,
            "finding_form": finding_form,
            "village": village,
            "photo_errors": photo_errors,
            "staged_log_photos": [p for p in staged if p.staged_for == StagedFor.LOG],
            "staged_finding_photos": [p for p in staged if p.staged_for == StagedFor.FINDING],
            "draft_key": draft_key,
            "suspected": PatrolResult.SUSPECTED_VIOLATION,
        },
    )


@login_required
@require_GET
def log_detail(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_log_for_user(request.user, pk)
    findings = log.findings.select_related("reported_by").prefetch_related("photos").order_by("pk")
    return render(
        request,
        "patrols/log_detail.html",
        {
            "log": log,
            "photos": log.photos.order_by("pk"),
            "findings": findings,
            "departments": log.departments.order_by("sort_order", "name"),
            "other_villages": log.other_villages.order_by("sort_order", "name"),
            "patrollers": log.patrollers.order_by("username"),
            "events": log.events.filter(finding__isnull=True).select_related("actor"),
            "can_withdraw": not log.is_withdrawn and request.user.has_perm("patrols.withdraw_log", log),
            "can_add_finding": not log.is_withdrawn and request.user.has_perm("patrols.log_patrol", log.village),
            "withdraw_form": ReasonForm(),
            "just_saved": request.GET.get("saved") == "1",
            "open_status": FindingStatus.REPORTED,
        },
    )


@login_required
@require_POST
def log_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_log_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            withdraw_log(log, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The patrol log was withdrawn; it no longer counts towards coverage."))
    else:
        messages.error(request, _("Give the reason for withdrawing this log."))
    return redirect(log)

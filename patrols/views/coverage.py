"""Patrol coverage per village and the patrol plans behind it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from territory.selectors import get_unit_for_user, townships_visible_to

from ..coverage import month_bounds, village_coverage, week_bounds
from ..forms import PatrolPlanForm
from ..models import PatrolPlan
from ..selectors import get_plan_for_user, plans_visible_to
from ..services import save_plan
from .common import today


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    day = today()
    rows = village_coverage(request.user, today=day)
    return render(
        request,
        "patrols/coverage.html",
        {
            "rows": rows,
            "today": day,
            "week": week_bounds(day),
            "month": month_bounds(day),
            "overdue_count": sum(1 for r in rows if r.overdue),
            "without_coordinator": [r.village for r in rows if r.without_coordinator],
        },
    )


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = (
        plans_visible_to(request.user)
        .select_related("township", "responsible_unit")
        .prefetch_related("villages", "departments")
        .annotate(log_count=Count("logs", distinct=True))
        .order_by("township__path", "-active", "kind", "name")
    )
    townships = [t for t in townships_visible_to(request.user) if request.user.has_perm("patrols.manage_plan", t)]
    return render(request, "patrols/plan_list.html", {"plans": plans, "manage_townships": townships})


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    return render(
        request,
        "patrols/plan_detail.html",
        {
            "plan": plan,
            "villages": plan.villages.order_by("sort_order", "name"),
            "departments": plan.departments.order_by("sort_order", "name"),
            "recent_logs": plan.logs.current().select_related("village").order_by("-patrolled_on")[:20],
            "can_manage": request.user.has_perm("patrols.manage_plan", plan.township),
            "events": plan.events.select_related("actor"),
        },
    )


def _plan_form(request: HttpRequest, plan: PatrolPlan, township) -> HttpResponse:
    if request.method == "POST":
        form = PatrolPlanForm(request.POST, instance=plan, township=township)
        if form.is_valid():
            try:
                plan = save_plan(
                    form.save(commit=False),
                    by=request.user,
                    villages=list(form.cleaned_data["villages"]),
                    departments=list(form.cleaned_data["departments"]),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The patrol plan was saved."))
                return redirect(plan)
    else:
        form = PatrolPlanForm(instance=plan, township=township)
    return render(request, "patrols/plan_form.html", {"form": form, "plan": plan, "township": township})


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    townships = [t for t in townships_visible_to(request.user) if request.user.has_perm("patrols.manage_plan", t)]
    township_id = params.get("township") or (townships[0].pk if len(townships) == 1 else None)
    if township_id is None:
        raise PermissionDenied
    township = get_unit_for_user(request.user, township_id)
    if not request.user.has_perm("patrols.manage_plan", township) or township.kind != "township":
        raise PermissionDenied
    return _plan_form(request, PatrolPlan(township=township, created_by=request.user, valid_from=today()), township)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    return _plan_form(request, plan, plan.township)

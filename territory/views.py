"""The territory as the user may see it: the unit list and one unit with its members."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import UnitKind
from .selectors import get_unit_for_user, townships_visible_to, units_visible_to


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    """The territory as the user may see it: each township with its villages and departments."""
    units = (
        units_visible_to(request.user)
        .filter(kind__in=[UnitKind.VILLAGE, UnitKind.DEPARTMENT, UnitKind.OFFICE, UnitKind.LEADING_GROUP])
        .annotate(
            coordinator_count=Count("memberships", filter=Q(memberships__role="coordinator", memberships__active=True)),
            member_count=Count("memberships", filter=Q(memberships__active=True)),
        )
        .order_by("township__path", "kind", "sort_order", "name")
    )
    by_township: dict[int | None, list] = {}
    for unit in units:
        by_township.setdefault(unit.township_id, []).append(unit)
    townships = [
        {"unit": t, "units": by_township.get(t.pk, [])} for t in townships_visible_to(request.user).order_by("path")
    ]
    return render(request, "territory/unit_list.html", {"townships": townships, "kinds": UnitKind})


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    memberships = unit.memberships.filter(active=True).select_related("user").order_by("role", "user__username")
    children = units_visible_to(request.user).filter(parent=unit).order_by("kind", "sort_order", "name")
    return render(
        request,
        "territory/unit_detail.html",
        {"unit": unit, "memberships": memberships, "children": children},
    )

"""The leading group's dashboard and the case map.

Leaders, the office and county users read them; officers and coordinators get 403 (a
coordinator's village figures are on their home page, ``dashboards/home.py``).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.selectors import current_campaign
from cases.models import CaseStatus
from cases.selectors import cases_visible_to
from landwatch.roles import Role, has_role
from landwatch.vocabulary import Category
from patrols.coverage import village_coverage
from patrols.selectors import townships_visible_to, villages_visible_to

from . import links, selectors
from .filters import filter_cases

READERS = (Role.COUNTY, Role.LEADER, Role.OFFICE)


def _require_reader(user) -> None:
    if not (user.is_superuser or has_role(user, *READERS)):
        raise PermissionDenied


def _map_settings() -> dict:
    return {"tileUrl": settings.LANDWATCH_MAP_TILE_URL, "attribution": settings.LANDWATCH_MAP_ATTRIBUTION}


def _chart(chart_id: str, title: str, option: dict, *, wide: bool = False) -> dict:
    return {
        "id": chart_id,
        "json_id": f"{chart_id}-data",
        "title": title,
        "height": option.pop("_height", 300),
        "option": option,
        "wide": wide,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_reader(user)
    today = timezone.localdate()
    cases = cases_visible_to(user)
    coverage = village_coverage(user, today=today)
    rows = selectors.township_rows(user, today=today, coverage=coverage)
    side_by_side = len(rows) > 1
    campaign = current_campaign(user, today)
    if side_by_side:
        status = selectors.status_chart(
            cases, groups=[r.township for r in rows], group_field="village__township", scope_key="township"
        )
    else:
        villages = list(villages_visible_to(user).order_by("sort_order", "name"))
        status = selectors.status_chart(cases, groups=villages, group_field="village", scope_key="village")
    charts = [
        _chart(
            "chart-status",
            _("Cases by status per township") if side_by_side else _("Cases by status per village"),
            status,
            wide=True,
        ),
        _chart("chart-category", _("Cases by category"), selectors.category_chart(cases)),
        _chart("chart-cause", _("Cases by cause"), selectors.cause_chart(cases)),
        _chart(
            "chart-assignee",
            _("Open cases by assignee, with overdue notices"),
            selectors.assignee_chart(cases, today=today),
        ),
        _chart(
            "chart-closed",
            _("Cases closed over time against the campaign's phases"),
            selectors.closed_chart(cases, campaign=campaign, today=today),
        ),
        _chart(
            "chart-coverage",
            _("Patrol coverage per village this week"),
            selectors.coverage_chart(coverage),
            wide=side_by_side,
        ),
    ]
    map_data = selectors.map_data(user, cases.exclude(status=CaseStatus.WITHDRAWN))
    map_data.update(_map_settings())
    context = {
        "today": today,
        "side_by_side": side_by_side,
        "rows": rows,
        "headline": selectors.total_row(rows, today=today) if side_by_side else (rows[0] if rows else None),
        "charts": charts,
        "campaign": campaign,
        "campaign_caption": selectors.phase_caption(campaign, today),
        "map_data": map_data,
        "map_url": links.map_url(),
    }
    return render(request, "dashboards/index.html", context)


@login_required
def case_map(request: HttpRequest) -> HttpResponse:
    """The cases on a map, filtered with the case list's own parameters."""
    user = request.user
    _require_reader(user)
    cases, form = filter_cases(user, request.GET)
    map_data = selectors.map_data(user, cases)
    map_data.update(_map_settings())
    query = request.GET.urlencode()
    list_url = links.case_list_url()
    return render(
        request,
        "dashboards/map.html",
        {
            "form": form,
            "map_data": map_data,
            "list_url": f"{list_url}?{query}" if list_url and query else list_url,
            "statuses": CaseStatus,
            "categories": Category,
            "villages": villages_visible_to(user).order_by("township__path", "sort_order", "name"),
            "townships": townships_visible_to(user).order_by("path"),
            "filters": request.GET,
        },
    )

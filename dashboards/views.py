"""The leading group's dashboard and the case map.

Leaders, the office and county users read them; officers and coordinators get 403 (a
coordinator's village figures are on their home page, ``dashboards/home.py``).
"""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.selectors import current_campaign_and_phases
from cases.models import CaseStatus
from landwatch import dataversion, links
from landwatch.roles import Role, has_role
from territory.selectors import data_scope, scope_key

from . import selectors, shares
from .filters import filter_cases

READERS = (Role.COUNTY, Role.LEADER, Role.OFFICE)


def _require_reader(user) -> None:
    if not (user.is_superuser or has_role(user, *READERS)):
        raise PermissionDenied


def shows_map_setup(user) -> bool:
    """Whether the map's setup hints (tile URL setting, coordinate systems) are shown: only to
    the system administrator (staff or superuser, DESIGN.md's 系统管理员), who configures the map."""
    return user.is_staff or user.is_superuser


def _chart(chart_id: str, title: str, option: dict, *, wide: bool = False) -> dict:
    return {
        "id": chart_id,
        "json_id": f"{chart_id}-data",
        "title": title,
        "height": option.pop("_height", 300),
        "option": option,
        "wide": wide,
    }


# What the dashboard's body and its map's markers read besides the county-wide data (users,
# units, holidays): kept under those apps' versions only (landwatch.dataversion.TOPICS),
# a document drafted leaves them kept (tests/landwatch/test_dataversion_topics.py).
BODY_TOPICS = shares.CASE_TOPICS | shares.FIELD_TOPICS | {"campaigns"}
MAP_TOPICS = frozenset({"cases", "patrols", "patches", "territory"})  # cases, findings, 卫片 batches, layers


@login_required
@require_GET
@dataversion.pinned()  # one read of the version for the roles, the scope and the kept body
@links.made_together()  # the body's 430 links
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_reader(user)
    today = timezone.localdate()
    # Every figure reads all the cases in scope, and nothing on the page but the navigation
    # differs between two users of one scope: drawn once per committed change of the data
    # (landwatch.dataversion), for each scope, day and language.
    body = dataversion.cached(
        f"dashboard:{scope_key(user)}:{today.isoformat()}:{get_language()}",
        lambda: render_to_string("dashboards/_body.html", {
            **_figures(user, today),
            "today": today,
            "map_settings": selectors.map_settings(),
            "map_data_url": reverse("dashboards:map-data"),
            "map_url": links.map_url(),
        }),
        scope=data_scope(user, topics=BODY_TOPICS),
    )
    return render(request, "dashboards/index.html", {
        "body": body,
        "shows_map_setup": shows_map_setup(user),
        "map_settings": selectors.map_settings() if shows_map_setup(user) else None,
    })


def _figures(user, today) -> dict:
    """What the dashboard shows of the data: headline rows and charts, in a fixed number of queries.

    The county's (several townships side by side) adds up each township's share, kept under
    that township's versions (``shares.county``); one township's is the scope's one share.
    """
    townships = selectors.townships_in_order(user)
    side_by_side = len(townships) > 1
    group_field = "village__township" if side_by_side else "village"
    if side_by_side:
        share = shares.county(user, today=today, townships=townships)
    else:
        share = shares.kept(user, today=today, townships=None, group_by=group_field)[None]
    coverage, tallies = share.coverage, share.tallies
    grid = tallies.grid
    if side_by_side:
        per_township = selectors.sum_grid(grid, by=group_field)
    else:
        per_township = {t.pk: selectors.sum_grid(grid) for t in townships}
    rows = selectors.township_rows(
        today=today, townships=townships, case_counts=per_township, coverage=coverage, counts=share.counts,
    )
    # The campaign on the chart, kept apart under the campaigns' versions: a case or a patrol log
    # written leaves it kept (6 ms of the dashboard drawn again).
    campaign, phases = dataversion.cached(
        f"dashboard-campaign:{scope_key(user)}:{today.isoformat()}",
        lambda: current_campaign_and_phases(user, today),
        scope=data_scope(user, topics=frozenset({"campaigns"})),
    )
    status = selectors.status_chart(
        grid,
        # The coverage rows are the active villages the user sees, in their order.
        groups=townships if side_by_side else [row.village for row in coverage],
        group_field=group_field,
        scope_key="township" if side_by_side else "village",
    )
    charts = [
        _chart(
            "chart-status",
            _("Cases by status per township") if side_by_side else _("Cases by status per village"),
            status,
            wide=True,
        ),
        _chart("chart-category", _("Cases by category"), selectors.category_chart(tallies.categories)),
        _chart("chart-cause", _("Cases by cause"), selectors.cause_chart(tallies.causes)),
        _chart(
            "chart-assignee",
            _("Open cases by assignee, with overdue notices"),
            selectors.assignee_chart(tallies.holders),
        ),
        _chart(
            "chart-closed",
            _("Cases closed over time against the campaign's phases"),
            selectors.closed_chart(tallies.closed, campaign=campaign, phases=phases, today=today),
        ),
        _chart(
            "chart-coverage",
            _("Patrol coverage per village this week"),
            selectors.coverage_chart(coverage),
            wide=side_by_side,
        ),
    ]
    return {
        "side_by_side": side_by_side,
        "rows": rows,
        "headline": selectors.total_row(rows, today=today) if side_by_side else (rows[0] if rows else None),
        "charts": charts,
        "campaign": campaign,
        "campaign_caption": selectors.phase_caption(campaign, today),
        "withdrawn_url": links.case_list_url(status=CaseStatus.WITHDRAWN),
        "fine_figures": selectors.fine_figures(share.fines),
        "patch_batch_figures": selectors.patch_figures(share.counts),
    }


@login_required
@require_GET
@dataversion.pinned()  # reads only: the roles, the scope and the filter's choices under one version
def case_map(request: HttpRequest) -> HttpResponse:
    """The cases on a map, filtered with the case list's own parameters (markers: ``map_data``)."""
    user = request.user
    _require_reader(user)
    _cases, form = filter_cases(user, request.GET)
    form = form.for_display()  # the case list's choices, read once per committed change
    query = request.GET.urlencode()
    list_url = links.case_list_url()
    return render(
        request,
        "dashboards/map.html",
        {
            "form": form,
            "map_settings": selectors.map_settings(),
            "shows_map_setup": shows_map_setup(user),
            "map_data_url": _with_query(reverse("dashboards:map-data"), query),
            "list_url": _with_query(list_url, query) if list_url else list_url,
        },
    )


@login_required
@require_GET
def map_coverage(request: HttpRequest) -> HttpResponse:
    """The villages' boundaries coloured by this week's patrols (the map's "patrol coverage" overlay):
    done as planned, behind the plan, overdue against the plan's interval, or without a plan."""
    user = request.user
    _require_reader(user)
    body = json.dumps(selectors.coverage_geojson(user, today=timezone.localdate()), ensure_ascii=False,
                      separators=(",", ":"))
    return HttpResponse(body, content_type="application/geo+json")


@login_required
@require_GET
@dataversion.pinned()  # one read of the version for the roles, the scope and the kept markers
def map_data(request: HttpRequest) -> HttpResponse:
    """The map's markers as JSON, for the dashboard's map and the case map alike.

    Takes the case list's filter parameters. Cases withdrawn (registered in error) are left
    off unless the status filter asks for them.
    """
    user = request.user
    _require_reader(user)

    def markers() -> bytes:
        cases, _form = filter_cases(user, request.GET)
        if request.GET.get("status") != CaseStatus.WITHDRAWN:
            cases = cases.exclude(status=CaseStatus.WITHDRAWN)
        data = selectors.map_markers(user, cases)
        data["overlays"] = selectors.map_overlays(user, layer=request.GET.get("layer"), batch=request.GET.get("batch"))
        return json.dumps(data, cls=DjangoJSONEncoder).encode()

    # The dashboard's map (no filter): up to 5,000 markers read and encoded once per committed
    # change of the data, per scope and language (landwatch.dataversion). A filtered map (the
    # case map page) is read live: one kept answer of up to 1 MB per filter would add up.
    if request.GET:
        body = markers()
    else:
        body = dataversion.cached(
            f"map-data:{scope_key(user)}:{get_language()}", markers, scope=data_scope(user, topics=MAP_TOPICS)
        )
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "private, no-store"
    return response


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url

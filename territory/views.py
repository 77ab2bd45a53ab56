"""The territory as the user may see it: the unit list, one unit with its members, the map layers."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from landwatch.filtering import get_row_or_404

from . import geo
from .forms import LayerUploadForm
from .geo import GeoImportError
from .models import UnitKind
from .selectors import (
    get_unit_for_user,
    layers_visible_to,
    townships_visible_to,
    units_loading_layers,
    units_visible_to,
)
from .services import load_layer


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


@login_required
def layer_list(request: HttpRequest) -> HttpResponse:
    """The map layers in force over the user's scope, and (for who may) the form that loads one."""
    units = units_loading_layers(request.user)
    form, errors, loaded = None, [], None
    if units.exists():
        form = LayerUploadForm(request.POST or None, request.FILES or None, units=units)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                loaded = load_layer(unit=data["unit"], kind=data["kind"], name=data["name"], upload=data["file"],
                                    by=request.user)
            except GeoImportError as exc:
                form.add_error("file", exc.message)
                errors = exc.errors
            else:
                count = loaded.zone_count
                text = ngettext("%(name)s loaded: %(count)d zone.", "%(name)s loaded: %(count)d zones.", count)
                messages.success(request, text % {"name": loaded.name, "count": count})
                return redirect("territory:layer-list")
    elif request.method == "POST":
        raise PermissionDenied
    layers = layers_visible_to(request.user).order_by("unit__path", "kind")
    return render(request, "territory/layer_list.html", {"layers": layers, "form": form, "errors": errors})


@login_required
@require_GET
def layer_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """A layer's zones as GeoJSON for the map (coordinates to 6 decimals, about 10 cm)."""
    layer = get_row_or_404(layers_visible_to(request.user), pk)
    features = [
        {"type": "Feature", "geometry": geo.to_geojson(zone.shape),
         "properties": {"label": zone.village.name if zone.village_id else zone.label}}
        for zone in layer.zones.select_related("village").only("geometry", "label", "village__name")
    ]
    body = json.dumps({"type": "FeatureCollection", "name": layer.name, "kind": layer.kind, "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, content_type="application/geo+json")

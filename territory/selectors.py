"""Who may see which part of the territory.

Every scoped list in LandWatch filters by ``unit_scope_q(user, "<fk to a unit>")``: a
prefix match on the unit paths of the user's scope roots, one indexed filter whatever
the number of villages. The roots are computed once per request and cached on the user;
a read-only view that pins the data versions keeps the memberships they come from under the
county-wide one (``landwatch.dataversion.cached_in_pinned``; memberships are county-wide
data), reading them again only after a committed change of the units or the memberships.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from landwatch import dataversion
from landwatch.filtering import get_row_or_404
from landwatch.roles import Role

from . import geo
from .models import Layer, LayerKind, ResponsibilityUnit, UnitMembership, Zone


def active_memberships(user: AbstractBaseUser | AnonymousUser) -> list[UnitMembership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_landwatch_memberships", None)
    if cached is None:
        cached = dataversion.cached_in_pinned(f"memberships:{user.pk}", lambda: list(
            UnitMembership.objects.filter(user=user, active=True, unit__active=True)
            .select_related("unit", "unit__township")
            .order_by("unit__path", "role")  # one user's: the default order without its join to the users
        ), scope=dataversion.COUNTY_WIDE_DATA)
        user._landwatch_memberships = cached
    return cached


def scope_roots(user: AbstractBaseUser | AnonymousUser) -> list[ResponsibilityUnit]:
    """The highest units whose subtree the user may see.

    A coordinator sees their own village; township staff (leader, office, officer) their
    township; a county user the whole county. Superusers see everything (no roots: see
    ``sees_everything``).
    """
    roots: dict[int, ResponsibilityUnit] = {}
    for membership in active_memberships(user):
        unit = membership.unit
        if membership.role == Role.COORDINATOR or membership.role == Role.COUNTY:
            root = unit
        else:
            root = unit.township or unit
        roots[root.pk] = root
    # Drop roots nested inside another root so the filter stays short.
    paths = sorted(roots.values(), key=lambda u: len(u.path))
    kept: list[ResponsibilityUnit] = []
    for unit in paths:
        if not any(unit.path.startswith(k.path) for k in kept):
            kept.append(unit)
    return kept


def sees_everything(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def scope_key(user: AbstractBaseUser | AnonymousUser) -> str:
    """A short string equal for two users exactly when ``unit_scope_q`` gives them the same rows."""
    if sees_everything(user):
        return "*"
    if not user.is_authenticated:
        return "-"
    return ",".join(sorted(root.path for root in scope_roots(user))) or "-"


def data_scope(user: AbstractBaseUser | AnonymousUser, *, topics: frozenset[str] | None = None) -> dataversion.Scope:
    """The townships whose data the user's pages show, for what they keep (``landwatch.dataversion``);
    of the apps ``topics`` only, for a page that reads no other app's rows there."""
    if sees_everything(user):
        return dataversion.of_topics(dataversion.COUNTY, topics)
    townships = set()
    for root in scope_roots(user):
        if root.township_id is None:  # the county, or a department of the county
            return dataversion.of_topics(dataversion.COUNTY, topics)
        townships.add(root.township_id)
    return dataversion.of_topics(dataversion.Scope(frozenset(townships)), topics)


def unit_scope_q(user: AbstractBaseUser | AnonymousUser, field: str = "") -> Q:
    """A Q that keeps rows whose unit (reached through ``field``) lies in the user's scope.

    ``field`` is the lookup path to a ResponsibilityUnit, e.g. ``"village"`` on a case;
    empty for ResponsibilityUnit itself.
    """
    if sees_everything(user):
        return Q()
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q(pk__in=[])
    for root in scope_roots(user):
        q |= Q(**{lookup: root.path})
    return q


def units_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ResponsibilityUnit]:
    return ResponsibilityUnit.objects.filter(unit_scope_q(user))


def villages_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ResponsibilityUnit]:
    return units_visible_to(user).villages().active()


def townships_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ResponsibilityUnit]:
    """Townships the user works in or above; a coordinator's is their village's township."""
    if sees_everything(user):
        return ResponsibilityUnit.objects.townships()
    q = Q(pk__in=[])
    for root in scope_roots(user):
        if root.township_id:
            q |= Q(pk=root.township_id)
        else:
            q |= Q(path__startswith=root.path, kind="township")
    return ResponsibilityUnit.objects.filter(q)


def unit_in_scope(user: AbstractBaseUser | AnonymousUser, unit: ResponsibilityUnit | None) -> bool:
    """The same answer as ``unit_scope_q`` for one unit already in memory (no query)."""
    if unit is None:
        return False
    if sees_everything(user):
        return True
    return any(unit.path.startswith(root.path) for root in scope_roots(user))


def coordinator_villages(user: AbstractBaseUser | AnonymousUser) -> list[ResponsibilityUnit]:
    return [m.unit for m in active_memberships(user) if m.role == Role.COORDINATOR]


def get_unit_for_user(user: AbstractBaseUser | AnonymousUser, pk) -> ResponsibilityUnit:
    """The unit, or 404 when it is outside the user's scope (same answer as "does not exist")."""
    return get_row_or_404(units_visible_to(user).select_related("parent", "township"), pk)


def layers_visible_to(user: AbstractBaseUser | AnonymousUser):
    """Layers in force over the user's scope: those of units in it and of the units above it (a
    county's 永久基本农田 is seen in each of its townships)."""
    return Layer.objects.in_force().select_related("unit", "loaded_by").filter(reach_q(user, "unit"))


def reach_q(user: AbstractBaseUser | AnonymousUser, field: str) -> Q:
    """A Q keeping rows whose unit (through ``field``) is in the user's scope or above it: what a
    county or township sends down (a layer, a 卫片 batch) reaches everyone below it."""
    if sees_everything(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    above = {int(pk) for root in scope_roots(user) for pk in root.path.strip("/").split("/") if pk}
    return unit_scope_q(user, field) | Q(**{f"{field}_id__in": above})


def units_loading_layers(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ResponsibilityUnit]:
    """The counties and townships the user may load layers for (rule ``territory.load_layer``)."""
    units = ResponsibilityUnit.objects.filter(kind__in=["county", "township"]).active()
    if sees_everything(user):
        return units.order_by("path")
    allowed = [u.pk for u in units.filter(unit_scope_q(user)) if user.has_perm("territory.load_layer", u)]
    return units.filter(pk__in=allowed).order_by("path")


def village_index(units) -> geo.Index:
    """The village boundaries in force for ``units`` (townships or a county) as a ``geo.Index`` keyed by village."""
    paths = [u.path for u in units]
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(village__path__startswith=path)
    layers = Layer.objects.in_force().filter(kind=LayerKind.VILLAGE_BOUNDARY)
    zones = Zone.objects.filter(q, layer__in=layers).select_related("village")
    return geo.Index([(zone.village, zone.shape) for zone in zones])


def zone_index(kind: str, *, near) -> geo.Index:
    """The zones in force of ``kind`` whose boxes meet the box ``near`` (min_lon, min_lat, max_lon, max_lat)."""
    zones = Zone.objects.filter(layer__in=Layer.objects.in_force().filter(kind=kind)).touching_box(*near)
    return geo.Index([(zone.pk, zone.shape) for zone in zones.only("pk", "geometry")])

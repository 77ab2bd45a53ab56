"""Who may see which part of the territory.

Every scoped list in LandWatch filters by ``unit_scope_q(user, "<fk to a unit>")``: a
prefix match on the unit paths of the user's scope roots, one indexed filter whatever
the number of villages. The roots are computed once per request and cached on the user;
a read-only view that pins the data version keeps the memberships they come from under it
(``landwatch.dataversion.cached_in_pinned``), reading them again only after a committed write.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from landwatch import dataversion
from landwatch.roles import Role

from .models import ResponsibilityUnit, UnitMembership


def active_memberships(user: AbstractBaseUser | AnonymousUser) -> list[UnitMembership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_landwatch_memberships", None)
    if cached is None:
        cached = dataversion.cached_in_pinned(f"memberships:{user.pk}", lambda: list(
            UnitMembership.objects.filter(user=user, active=True, unit__active=True)
            .select_related("unit", "unit__township", "unit__parent")
            .order_by("unit__path", "role")  # one user's: the default order without its join to the users
        ))
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
    return _get_or_404(units_visible_to(user).select_related("parent", "township"), pk)


# ---------------------------------------------------------------------------
# Patrols, findings, plans, pledges and projects, scoped by who is asking.
# ---------------------------------------------------------------------------


def logs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    from .models import PatrolLog

    return PatrolLog.objects.filter(unit_scope_q(user, "village"))


def findings_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    from .models import PatrolFinding

    return PatrolFinding.objects.filter(unit_scope_q(user, "village"))


def plans_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Plans of the townships the user works in (a coordinator sees the plans of their township)."""
    from .models import PatrolPlan

    if sees_everything(user):
        return PatrolPlan.objects.all()
    return PatrolPlan.objects.filter(township__in=townships_visible_to(user))


def pledges_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    from .models import FarmlandPledge

    return FarmlandPledge.objects.filter(unit_scope_q(user, "village"))


def projects_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    from .models import LandProject

    return LandProject.objects.filter(unit_scope_q(user, "village"))


def _get_or_404(queryset: QuerySet, pk):
    """The row ``pk`` of ``queryset``; 404 for one it lacks and for anything that is not a row id
    (a typed-in ``?village=²`` or an id beyond 64 bits is asked of no database)."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from landwatch.filtering import parse_id

    number = parse_id(pk)
    if number is None:
        raise Http404
    return get_object_or_404(queryset, pk=number)


def _deny_unless(allowed: bool) -> None:
    from django.core.exceptions import PermissionDenied

    if not allowed:
        raise PermissionDenied


def get_log_for_user(user, pk: int, *, write: bool = False):
    """A patrol log, 404 outside the user's scope, 403 when ``write`` and the user may not withdraw it."""
    log = _get_or_404(logs_visible_to(user).select_related("village", "created_by", "withdrawn_by", "plan"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.withdraw_log", log))
    return log


def get_finding_for_user(user, pk: int, *, write: bool = False):
    """A finding, 404 outside the user's scope, 403 when ``write`` and the user may not handle findings."""
    finding = _get_or_404(findings_visible_to(user).select_related("village", "log", "reported_by", "handled_by"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.handle_finding", finding))
    return finding


def get_plan_for_user(user, pk: int, *, write: bool = False):
    plan = _get_or_404(plans_visible_to(user).select_related("township", "responsible_unit"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.manage_plan", plan.township))
    return plan


def get_pledge_for_user(user, pk: int, *, write: bool = False):
    pledge = _get_or_404(pledges_visible_to(user).select_related("village", "created_by"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.manage_pledge", pledge.village))
    return pledge


def get_project_for_user(user, pk: int, *, write: bool = False):
    project = _get_or_404(projects_visible_to(user).select_related("village", "village__township"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.manage_project", project.village))
    return project


def get_village_for_user(user, pk, *, perm: str):
    """A village the user may see (404 otherwise) on which they hold ``perm`` (403 otherwise)."""
    village = _get_or_404(villages_visible_to(user).select_related("township"), pk)
    _deny_unless(user.has_perm(perm, village))
    return village


def villages_user_can_log(user) -> list[ResponsibilityUnit]:
    """Villages the user may file patrols for: a coordinator their own, township staff their township's."""
    return [
        v for v in villages_visible_to(user).order_by("sort_order", "name") if user.has_perm("patrols.log_patrol", v)
    ]

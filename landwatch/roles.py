"""The five roles of DESIGN.md, as Django auth groups (created by a data migration).

A user's role says *what* they may do; their unit membership (territory.UnitMembership)
says *where*. Both are needed: an office clerk of one township has no rights in another.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.db import models
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from . import dataversion
from .subqueries import Joined


class Role(models.TextChoices):
    COUNTY = "county", _("County bureau")
    LEADER = "leader", _("Leading group")
    OFFICE = "office", _("Leading group office")
    OFFICER = "officer", _("Joint enforcement officer")
    COORDINATOR = "coordinator", _("Village coordinator")


def role_names_annotation():
    """The user's role names as one string on the user's row, loaded with the session's user
    (settings.LANDWATCH_USER_ANNOTATIONS): every page reads them, and no query of their own."""
    names = (Group.objects.filter(user=OuterRef("pk")).order_by().values("user")
             .annotate(names=Joined("name")).values("names"))  # (no role name holds a comma)
    return Coalesce(Subquery(names, output_field=CharField()), Value(""))


def roles_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The role names of a user, cached on the user object for the request.

    The session's user carries them already (``role_names_annotation``); a user loaded
    otherwise reads them here.

    A read-only view that pins the data versions keeps them under the county-wide one between
    requests (``landwatch.dataversion.cached_in_pinned``): a change of groups is a committed
    write to the county-wide data.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_landwatch_roles", None)
    if cached is None and getattr(user, "role_names", None) is not None:
        cached = user._landwatch_roles = frozenset(name for name in user.role_names.split(",") if name)
    if cached is None:
        cached = dataversion.cached_in_pinned(
            f"roles:{user.pk}", lambda: frozenset(user.groups.values_list("name", flat=True)),
            scope=dataversion.COUNTY_WIDE_DATA,
        )
        user._landwatch_roles = cached
    return cached


def has_role(user: AbstractBaseUser | AnonymousUser, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def primary_role(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The role that decides the home page when a user holds several (most powerful first)."""
    held = roles_of(user)
    for role in (Role.OFFICE, Role.LEADER, Role.COUNTY, Role.OFFICER, Role.COORDINATOR):
        if role in held:
            return role.value
    return None

"""Writes of the territory: who sits in which unit.

Every writer takes the acting user as ``by`` (keyword-only) and checks their right itself, inside
its transaction, with the ``territory.*`` rule the views ask; a refusal raises
``PermissionDenied`` and writes nothing.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import ResponsibilityUnit, UnitMembership


@transaction.atomic
def add_member(*, user, unit: ResponsibilityUnit, role: str, post: str = "", by) -> UnitMembership:
    """Put ``user`` in ``unit`` with ``role`` and into the role's auth group.

    Idempotent: an existing membership is reactivated and its post updated. Only whoever
    manages the unit (its township's office, the administrator) may.
    """
    if by is None or not by.has_perm("territory.manage_unit", unit):
        raise PermissionDenied(_("You may not do this here."))
    membership, _created = UnitMembership.objects.get_or_create(user=user, unit=unit, role=role)
    membership.post = post
    membership.active = True
    membership.full_clean()
    membership.save()
    _grant(membership)
    return membership


def grant_role_group(membership: UnitMembership, *, by) -> None:
    """Put the member of a membership written elsewhere (the admin's forms) into the auth group of
    its role, which the permissions read (roles are groups): without it, a member entered in the
    admin would hold the role and none of its rights."""
    if by is None or not by.has_perm("territory.manage_unit", membership.unit):
        raise PermissionDenied(_("You may not do this here."))
    _grant(membership)


def _grant(membership: UnitMembership) -> None:
    membership.user.groups.add(Group.objects.get_or_create(name=membership.role)[0])

"""Writes to the territory: units and who sits in them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import ResponsibilityUnit, UnitMembership

User = get_user_model()


@transaction.atomic
def add_member(
    *, user, unit: ResponsibilityUnit, role: str, post: str = "", by=None
) -> UnitMembership:
    """Put ``user`` in ``unit`` with ``role`` and into the role's auth group.

    Idempotent: an existing membership is reactivated and its post updated.
    """
    membership, _ = UnitMembership.objects.get_or_create(user=user, unit=unit, role=role)
    membership.post = post
    membership.active = True
    membership.full_clean()
    membership.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return membership

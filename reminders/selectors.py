"""Reads of the inbox: a user sees their own items only."""

from django.db.models import OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from landwatch.subqueries import count_of

from .models import InboxItem


def inbox(user) -> QuerySet[InboxItem]:
    """The user's items, unread first, newest first, with the reminder the row shows."""
    return (InboxItem.objects.filter(recipient=user).select_related("reminder")
            .order_by("read_at", "-reminder__sent_at", "-pk"))


def unread_count(user) -> int:
    return InboxItem.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_annotation():
    """``unread_count`` as an expression on the user's row, loaded with the user (LANDWATCH_USER_ANNOTATIONS)."""
    return count_of(InboxItem.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True))


def get_item_for_user(user, pk: int) -> InboxItem:
    """The user's own item; 404 for anyone else's, the same answer as for a missing one."""
    return get_object_or_404(InboxItem.objects.select_related("reminder"), pk=pk, recipient=user)

"""The unread count in the navigation: one COUNT query per page, and only when the page shows it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_reminders(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_reminders": SimpleLazyObject(lambda: unread_count(user))}

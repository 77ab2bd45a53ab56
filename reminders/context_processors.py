"""The unread count in the navigation: read with the user's row where the session loaded it
(``reminders.selectors.unread_annotation``), else one COUNT query, and only when the page shows it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_reminders(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    loaded = getattr(user, "unread_reminders", None)
    if loaded is not None:
        return {"unread_reminders": loaded}
    return {"unread_reminders": SimpleLazyObject(lambda: unread_count(user))}

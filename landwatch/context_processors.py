from django.http import HttpRequest

from .navigation import nav_for
from .roles import Role, primary_role


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = primary_role(user)
    return {
        "nav_items": nav_for(user),
        "user_role": role,
        "user_role_label": Role(role).label if role else "",
    }

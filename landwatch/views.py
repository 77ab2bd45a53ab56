from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from territory.selectors import active_memberships, townships_visible_to, villages_visible_to

from .panels import home_panels
from .roles import primary_role


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Greets the user by role and shows what is theirs; later apps add their panels."""
    user = request.user
    memberships = active_memberships(user)
    context = {
        "memberships": memberships,
        "role": primary_role(user),
        "townships": list(townships_visible_to(user).order_by("path")),
        "village_count": villages_visible_to(user).count(),
        "panels": home_panels(request),
    }
    return render(request, "home.html", context)


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The least a logged-in page can do (session and user, no domain query).

    The benchmark's baseline: every other page is measured as a multiple of this one.
    """
    return render(request, "floor.html")


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability; reads only."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

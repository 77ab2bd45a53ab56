from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .panels import home_panels
from .roles import primary_role


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Greets the user by role; what is theirs (their own units among it) comes from the apps' panels.

    landwatch imports no domain app: the territory's "my units" panel is ``territory.home``,
    registered in ``landwatch.panels.HOME_MODULES`` like every other app's.
    """
    return render(request, "home.html", {"role": primary_role(request.user), "panels": home_panels(request)})


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

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.translation import get_language, gettext, pgettext
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


# --- the installable field app (issue 24; docs/ARCHITECTURE.md "Offline field work") ----------

# The pages the phone keeps to open without a signal (patterns of their paths): the field forms
# whose records the phone's queue (static/landwatch/offline.js) sends once the network is back and
# the server saves once (the patrol log with its finding and photos; a finding on its own; a
# case's 笔录; a 卫片 patch's page with its map, photo and judgement).
OFFLINE_PAGES = (r"^/patrols/logs/new/", r"^/patrols/findings/new/", r"^/cases/\d+/records/new/", r"^/patches/\d+/$")
# What every kept page needs, fetched when the service worker installs.
SHELL = ("vendor/bootstrap/bootstrap.min.css", "css/landwatch.css", "vendor/bootstrap/bootstrap.bundle.min.js",
         "vendor/htmx/htmx.min.js", "landwatch/safe.js", "landwatch/offline.js", "patrols/patrol_form.js",
         "patrols/patrols.css", "img/favicon.svg", "img/icon-192.png", "vendor/leaflet/leaflet.css",
         "vendor/leaflet/leaflet.js", "patches/patch.js", "patches/patches.css")
OFFLINE_URL = "/offline/"


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: installable from the browser's menu, opening on the home page."""
    body = {
        "name": gettext("LandWatch"), "short_name": pgettext("installed app", "LandWatch"),
        "lang": get_language(), "start_url": "/", "scope": "/",
        "display": "standalone", "background_color": "#f5f7f6", "theme_color": "#1f5c4a",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


@login_not_required
@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so that its scope is the whole site; its cache is
    named after what it keeps, so a release with new static files drops the old one."""
    shell = [static(path) for path in SHELL] + [OFFLINE_URL]
    template = get_template("landwatch/sw.js")
    # Named after what it keeps and after its own text: a release that changes either drops the old cache.
    version = hashlib.sha256(json.dumps([shell, OFFLINE_PAGES, template.template.source]).encode()).hexdigest()[:12]
    response = HttpResponse(template.render({  # no request: nothing of the user's in it
        "version": version, "shell": json.dumps(shell), "pages": json.dumps(OFFLINE_PAGES),
    }), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the phone shows for a page it did not keep while there is no signal."""
    return render(request, "offline.html")


@require_GET
@never_cache
def session_state(request: HttpRequest) -> JsonResponse:
    """Who is logged in, for the phone's queue before it sends what was filed offline (a lapsed
    session is sent to the login page instead); sets the session's CSRF cookie for the sending."""
    get_token(request)
    return JsonResponse({"user": request.user.get_username()})


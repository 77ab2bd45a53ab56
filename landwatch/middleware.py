"""Session lifetime rules that Django does not enforce by itself, and the refusal page under DEBUG.

An idle session ends after ``SESSION_IDLE_TIMEOUT`` seconds without a request; any session
ends ``SESSION_ABSOLUTE_LIFETIME`` seconds after login, however active (a shared township
computer must not stay logged in for days). The last-seen time is written at most once a
minute, so reads stay cheap.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import defaults

LOGIN_AT = "_lw_login_at"
SEEN_AT = "_lw_seen_at"


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            if now - seen_at > settings.SESSION_IDLE_TIMEOUT or now - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            if now - seen_at >= 60 or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


class RefusalPageMiddleware:
    """Under DEBUG, a view's ``Http404`` still shows our Chinese 404 page.

    The access helpers answer "not yours" with 404 (STYLE.md, 5), and Django shows that as its
    English technical page whenever DEBUG is on, which is how the township's test machine runs:
    a clerk refused a case saw a URL list. A view's refusal is rendered here as in production;
    an address that matches no URL never reaches a view, so it keeps the technical page, as do
    real errors (500). ``PermissionDenied`` needs nothing: Django sends it to ``handler403``
    whatever DEBUG says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        return None

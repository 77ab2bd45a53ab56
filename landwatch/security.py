"""Security log: logins, failed logins, logouts and denied requests (logger "landwatch.security")."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

logger = logging.getLogger("landwatch.security")


def _ip(request) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR", "-")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    logger.info("login user=%s ip=%s", user.get_username(), _ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    logger.info("logout user=%s ip=%s", user.get_username() if user else "-", _ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    logger.warning("login-failed user=%s ip=%s", credentials.get("username", "-"), _ip(request))


def permission_denied(request, exception=None):
    """handler403: log who was refused what, then show the Chinese 403 page."""
    user = getattr(request, "user", None)
    logger.warning(
        "denied user=%s method=%s path=%s ip=%s",
        user.get_username() if user is not None and user.is_authenticated else "anonymous",
        request.method,
        request.path,
        _ip(request),
    )
    return render(request, "403.html", status=403)

"""When PostgreSQL cannot be reached, answer 503 "database unavailable", not a 500.

Django turns any exception raised by a view *or by a middleware* (the session and the
user are loaded in middleware, so that is where a stopped database is usually met first)
into a call of the project's 500 handler. This module is that handler (``handler500`` in
``landwatch/urls.py``): when the exception is, or was caused by, a database connection
failure (``OperationalError`` or ``InterfaceError``: the server restarting, refusing
connections, or cutting one mid-request), the answer is a short Chinese page with status
503 and ``Retry-After``; anything else keeps the plain 500 page. Neither page touches the
database, needs a request context or shows a traceback. Django still logs the exception
with its traceback for the administrator.

Recovery needs no restart of the application: ``CONN_HEALTH_CHECKS`` (settings) makes
each request check a reused connection before its first query and open a new one.
"""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
TEMPLATE = "landwatch/db_unavailable.html"


def _down_types() -> tuple[type[BaseException], ...]:
    # The driver's own classes too: Django does not wrap every driver call (closing a
    # server-side cursor, as a select's choices do, lets psycopg2.OperationalError through
    # when the server has just gone away; seen under the soak's restart).
    driver = connection.Database
    return (*DATABASE_DOWN, driver.OperationalError, driver.InterfaceError)


def is_database_down(exc: BaseException | None) -> bool:
    """Whether ``exc`` or one of the exceptions it came from is a connection failure."""
    down = _down_types()
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, down):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(loader.get_template(TEMPLATE).render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME) -> HttpResponse:
    """The 500 handler: 503 while the database is unreachable, else Django's plain 500 page."""
    if is_database_down(sys.exc_info()[1]):
        return database_unavailable_response()
    return defaults.server_error(request, template_name)

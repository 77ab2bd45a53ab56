"""A database that cannot be reached gives a clean 503 page, wherever the failure is met."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from landwatch.dbdown import is_database_down


@pytest.fixture
def browser(client, office):
    client.force_login(office)
    client.raise_request_exception = False
    return client


def _assert_clean_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "系统暂时无法访问数据库" in body
    assert "Traceback" not in body and "OperationalError" not in body and "psycopg" not in body


def test_database_failure_in_a_view_gives_503(browser):
    with mock.patch("landwatch.views.home_panels", side_effect=OperationalError("connection refused")):
        _assert_clean_503(browser.get(reverse("home")))


def test_database_failure_in_middleware_gives_503(browser):
    # The session is loaded by middleware, before any view: a stopped server is met there first.
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load",
                    side_effect=InterfaceError("connection already closed")):
        _assert_clean_503(browser.get(reverse("cases:list")))


def test_failure_caused_by_a_database_error_gives_503(browser):
    def broken(*args, **kwargs):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as exc:
            raise RuntimeError("while rendering") from exc

    with mock.patch("landwatch.views.home_panels", side_effect=broken):
        _assert_clean_503(browser.get(reverse("home")))


def test_other_errors_keep_the_plain_500_page(browser):
    with mock.patch("landwatch.views.home_panels", side_effect=ValueError("a bug")):
        response = browser.get(reverse("home"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错" in body and "Traceback" not in body and "a bug" not in body


def test_driver_error_that_django_did_not_wrap_gives_503(browser):
    # Closing a server-side cursor after the server went away raises the driver's own class.
    from django.db import connection

    error = connection.Database.OperationalError("server closed the connection unexpectedly")
    with mock.patch("landwatch.views.home_panels", side_effect=error):
        _assert_clean_503(browser.get(reverse("home")))


def test_is_database_down_follows_the_chain():
    assert is_database_down(OperationalError("x"))
    assert not is_database_down(ValueError("x"))
    assert not is_database_down(None)

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from landwatch.middleware import LOGIN_AT, SEEN_AT

ROOT = Path(__file__).resolve().parents[2]


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_out_with_a_cool_off(client, office, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "office", "wrong")
    response = _login(client, "office", "pw")  # even the right password is refused now
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The lock is a cool-off, not permanent.
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username="office").exists()
    assert settings.AXES_COOLOFF_TIME.total_seconds() > 0


def test_a_correct_login_resets_the_failure_count(client, office, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "office", "wrong")
    assert _login(client, "office", "pw").status_code == 302


def test_idle_session_ends(client, office, settings):
    client.force_login(office)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SEEN_AT] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_active_session_still_ends_after_its_absolute_lifetime(client, office, settings):
    client.force_login(office)
    client.get(reverse("home"))
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_LIFETIME - 5
    session[SEEN_AT] = int(time.time())
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_logins_failures_and_denials_are_logged(client, office, caplog):
    with caplog.at_level("INFO", logger="landwatch.security"):
        _login(client, "office", "wrong")
        _login(client, "office", "pw")
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("login-failed user=office") for m in messages)
    assert any(m.startswith("login user=office") for m in messages)


def test_denied_request_is_logged_and_shown_in_chinese(client, office, caplog):
    from django.core.exceptions import PermissionDenied

    from landwatch.security import permission_denied

    request = client.get(reverse("home")).wsgi_request
    request.user = office
    with caplog.at_level("WARNING", logger="landwatch.security"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "您无权进行此操作" in response.content.decode()
    assert any("denied user=office" in r.getMessage() for r in caplog.records)


def test_pages_carry_a_strict_content_security_policy(client, office):
    client.force_login(office)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_no_page_has_inline_script(client, superuser):
    """Every template is rendered by some test; here the ones every user sees."""
    client.force_login(superuser)
    for name in ("home", "territory:unit-list"):
        html = client.get(reverse(name)).content.decode()
        assert "<script>" not in html and "onclick=" not in html


def test_deploy_check_is_clean_under_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "SECRET_KEY": "k" * 20 + "Q7!x#9@p2$Lm&4^Zr*8(Vn)Bc_Ws+Ty=Hd",
        "DEBUG": "false",
        "HTTPS": "true",
        "ALLOWED_HOSTS": "landwatch.example.gov.cn",
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr

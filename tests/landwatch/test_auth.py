import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The public report page, its receipt and its status page take reports from anyone (reports/).
PUBLIC = {"login", "healthz", "set_language", "reports:submit", "reports:receipt", "reports:status",
          # The installable app's manifest, service worker and offline page (issue 24): fetched by the
          # browser whoever is logged in, and holding nothing of anyone's.
          "manifest", "service-worker", "offline"}


def _named_routes(resolver=None, prefix=""):
    """Every named, non-admin URL of the project with dummy arguments filled in."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_routes(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            kwargs = {k: 1 for k in entry.pattern.regex.groupindex}
            yield f"{prefix}{entry.name}", kwargs


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_login_and_logout(client, office):
    response = client.post(reverse("login"), {"username": "office", "password": "pw"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, office):
    response = client.post(reverse("login"), {"username": "office", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "请输入一个正确的" in response.content.decode()


def test_inactive_user_cannot_log_in(client, inactive_user):
    client.post(reverse("login"), {"username": "gone", "password": "pw"})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login_from_every_page(client):
    routes = list(_named_routes())
    assert len(routes) >= 3
    for name, kwargs in routes:
        if name in PUBLIC:
            continue
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_admin_needs_staff(client, office):
    client.force_login(office)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


@pytest.mark.django_db
def test_health_check_is_public_and_reads_only(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert client.post(reverse("healthz")).status_code == 405


def test_a_model_permission_given_in_the_admin_still_counts(client, office):
    from django.contrib.auth.models import Permission

    office.is_staff = True
    office.save()
    client.force_login(office)
    changelist = reverse("admin:cases_violationcase_changelist")
    assert client.get(changelist).status_code == 403
    office.user_permissions.add(Permission.objects.get(codename="view_violationcase"))
    assert client.get(changelist).status_code == 200


def test_a_power_the_role_lacks_is_refused_without_reading_model_permissions(
    leader, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    from landwatch.roles import roles_of

    user = get_user_model().objects.get(pk=leader.pk)
    roles_of(user)  # read once a request, as every page does
    with django_assert_num_queries(0):
        assert not user.has_perm("cases.register")  # the office's power, and no model grants it

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "actor, greeting",
    [
        ("office", "领导小组办公室：登记和分派案件"),
        ("leader", "领导小组：全镇整改情况一览"),
        ("officer", "联合执法队：分派给您的案件"),
        ("coordinator_a", "村级土地协管员：本村的巡查和线索"),
        ("county_user", "县国土资源局：各乡镇并列对照"),
    ],
)
def test_each_role_sees_its_own_home(client, request, actor, greeting):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert greeting in html
    assert user.first_name in html


def test_home_lists_the_users_own_units(client, coordinator_a, territory):
    client.force_login(coordinator_a)
    html = client.get(reverse("home")).content.decode()
    assert territory.village_a.name in html
    assert territory.village_b.name not in html


def test_user_without_role_is_told_so(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "您还没有角色" in client.get(reverse("home")).content.decode()


def test_language_switch_to_english(client, office):
    client.force_login(office)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Leading group office: register and assign cases" in client.get(reverse("home")).content.decode()


def test_dates_print_the_chinese_way():
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("zh-hans"):
        out = Template("{{ d|date }}").render(Context({"d": datetime.date(2022, 3, 15)}))
    assert out == "2022年3月15日"


def test_home_refuses_post(client, office):
    """The home page only reads: POST is a 405, not the page (found by the permission matrix)."""
    client.force_login(office)
    assert client.post(reverse("home"), {}).status_code == 405

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from territory.demo import DEMO_PASSWORD, LOGINS
from territory.models import ResponsibilityUnit


@pytest.fixture
def debug(settings):
    """The developer's demo: `make run` loads it with DEBUG on (the suite runs with it off)."""
    settings.DEBUG = True


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def test_loaddemo_twice_gives_the_same_counts(db, debug):
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    first = _counts()
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    assert _counts() == first


def test_demo_has_the_seeds_town(db, debug):
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    town = ResponsibilityUnit.objects.get(code="T01")
    villages = ResponsibilityUnit.objects.villages().filter(township=town)
    assert villages.count() == 11
    assert villages.filter(name="杨柳山村", is_demo=False).exists()
    assert villages.filter(is_demo=True).count() == 10
    departments = set(ResponsibilityUnit.objects.departments().filter(township=town).values_list("name", flat=True))
    assert {"国土所", "派出所", "司法所", "供电所", "工商所", "税务分局"} <= departments
    assert len(departments) == 7
    # Every village has its coordinator, as the plan wants for all eleven.
    assert all(v.memberships.filter(role="coordinator").exists() for v in villages)
    leader = get_user_model().objects.get(username="gupeijian")
    assert leader.memberships.get().post == "组长"
    assert ResponsibilityUnit.objects.townships().count() == 2


def test_demo_logins_work(client, db, debug):
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    for username in ("admin", "county", "gupeijian", "office", "officer", "coordinator", "office_yunxi"):
        assert client.login(username=username, password="landwatch2022"), username
        assert client.get("/").status_code == 200
        client.logout()


def test_loaddemo_refuses_with_debug_off_and_writes_nothing(db):
    before = _counts()
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("loaddemo", stdout=io.StringIO())
    assert _counts() == before
    assert not get_user_model().objects.filter(username="admin").exists()


def test_loaddemo_allowed_in_production_opens_no_login_with_the_published_password(client, db):
    out = io.StringIO()
    call_command("loaddemo", allow_production=True, stdout=out)
    users = get_user_model().objects.all()
    assert users.filter(username="admin", is_superuser=True).exists()
    assert not [u.username for u in users if u.has_usable_password() or u.check_password(DEMO_PASSWORD)]
    for username, _ in LOGINS:
        assert not client.login(username=username, password=DEMO_PASSWORD), username
    assert DEMO_PASSWORD not in out.getvalue()
    assert "changepassword" in out.getvalue()

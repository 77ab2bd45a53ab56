import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territory.models import ResponsibilityUnit, UnitMembership
from territory.selectors import townships_visible_to, units_visible_to, villages_visible_to
from tests.factories import UnitFactory


def test_path_and_township_are_derived_from_the_tree(territory):
    v = territory.village_a
    assert v.path == f"{territory.township.path}{v.pk}/"
    assert v.township_id == territory.township.pk
    assert territory.township.township_id == territory.township.pk
    assert territory.county.township_id is None


def test_moving_a_unit_moves_its_subtree(territory):
    dept = territory.department
    team = UnitFactory(kind="department", parent=dept.parent, name="小组")
    territory.township.parent = None
    territory.township.save()
    team.refresh_from_db()
    territory.village_a.refresh_from_db()
    assert territory.village_a.path.startswith(territory.township.path)
    assert territory.village_a.path.count("/") == 3


def test_a_village_cannot_hang_under_a_county(territory):
    unit = ResponsibilityUnit(kind="village", name="x", code="bad", parent=territory.county)
    with pytest.raises(ValidationError):
        unit.full_clean()


def test_a_coordinator_is_tied_to_one_village(territory, coordinator_a):
    assert list(villages_visible_to(coordinator_a)) == [territory.village_a]
    bad = UnitMembership(user=coordinator_a, unit=territory.department, role="coordinator")
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_township_staff_see_their_township_only(territory, office, leader, officer):
    for user in (office, leader, officer):
        villages = set(villages_visible_to(user))
        assert villages == {territory.village_a, territory.village_b}
        assert territory.other_village not in set(units_visible_to(user))
        assert list(townships_visible_to(user)) == [territory.township]


def test_county_sees_every_township_under_it(territory, county_user):
    assert set(villages_visible_to(county_user)) == {
        territory.village_a,
        territory.village_b,
        territory.other_village,
    }
    assert set(townships_visible_to(county_user)) == {territory.township, territory.other_township}


def test_other_township_sees_nothing_of_ours(territory, other_office):
    assert set(villages_visible_to(other_office)) == {territory.other_village}


def test_visible_villages_is_one_query(territory, office, django_assert_num_queries):
    office = type(office).objects.get(pk=office.pk)
    with django_assert_num_queries(2):  # memberships once per request, then the villages
        list(villages_visible_to(office))
    with django_assert_num_queries(1):
        list(villages_visible_to(office))


@pytest.mark.parametrize(
    "actor, perm, target, expected",
    [
        ("office", "territory.manage_unit", "village_a", True),
        ("office", "territory.manage_unit", "other_village", False),
        ("leader", "territory.view_unit", "village_a", True),
        ("leader", "territory.manage_unit", "village_a", False),
        ("officer", "territory.view_unit", "village_b", True),
        ("coordinator_a", "territory.view_unit", "village_a", True),
        ("coordinator_a", "territory.view_unit", "village_b", False),
        ("county_user", "territory.view_unit", "other_village", True),
        ("county_user", "territory.manage_unit", "village_a", False),
        ("other_office", "territory.view_unit", "village_a", False),
        ("superuser", "territory.manage_unit", "other_village", True),
    ],
)
def test_permission_helper_answers_per_role(request, territory, actor, perm, target, expected):
    user = request.getfixturevalue(actor)
    assert user.has_perm(perm, getattr(territory, target)) is expected


def test_unit_pages_hide_other_townships(client, territory, office):
    client.force_login(office)
    html = client.get(reverse("territory:unit-list")).content.decode()
    assert territory.village_a.name in html and territory.department.name in html
    assert territory.other_village.name not in html
    assert client.get(reverse("territory:unit-detail", args=[territory.village_a.pk])).status_code == 200
    assert client.get(reverse("territory:unit-detail", args=[territory.other_village.pk])).status_code == 404


def test_coordinator_gets_404_for_another_village(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    assert client.get(reverse("territory:unit-detail", args=[territory.village_b.pk])).status_code == 404


def test_unit_list_query_count_is_flat(client, territory, office, django_assert_max_num_queries):
    client.force_login(office)
    client.get(reverse("home"))  # the first request after login stamps the session
    for i in range(30):
        UnitFactory(kind="village", parent=territory.township, name=f"新村{i}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("territory:unit-list"))
    assert response.content.decode().count("新村") == 30

"""The territory's writers check their actor themselves, as ``patrols.services`` does (issue #26, finding 12).

``add_member`` is called by the demo and by whoever onboards a township: only the office of the
unit's township (and the administrator) may put someone in a unit, and a refusal writes nothing.
``test_every_public_writer_is_checked_here`` fails when ``territory.services`` grows a writer this
file does not try.
"""

import inspect

import pytest
from django.core.exceptions import PermissionDenied

from landwatch.roles import Role
from territory import services
from territory.models import UnitMembership
from tests import fuzz
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WRITERS = {"add_member", "grant_role_group", "load_layer"}


def _written() -> dict:
    from django.contrib.auth.models import User

    return {**fuzz.row_counts(), "groups": User.groups.through.objects.count()}


@pytest.mark.parametrize(
    "actor", ["coordinator_a", "coordinator_b", "officer", "leader", "county_user", "other_office"]
)
def test_add_member_refuses_anyone_but_the_office_and_writes_nothing(request, territory, actor):
    by = request.getfixturevalue(actor)
    user = UserFactory()
    before = _written()
    with pytest.raises(PermissionDenied):
        services.add_member(user=user, unit=territory.village_a, role=Role.COORDINATOR, by=by)
    assert _written() == before


def test_add_member_records_the_membership_for_the_office(territory, office):
    user = UserFactory()
    membership = services.add_member(user=user, unit=territory.village_a, role=Role.COORDINATOR, post="协管员",
                                     by=office)
    assert UnitMembership.objects.get(user=user, unit=territory.village_a, active=True) == membership
    assert membership.post == "协管员"
    assert user.groups.filter(name=Role.COORDINATOR).exists()


@pytest.mark.parametrize("actor", ["coordinator_a", "officer", "leader", "other_office"])
def test_load_layer_refuses_who_does_not_keep_the_township_and_writes_nothing(request, territory, actor):
    by = request.getfixturevalue(actor)
    before = _written()
    with pytest.raises(PermissionDenied):
        services.load_layer(unit=territory.township, kind="other", name="x", upload=None, by=by)
    assert _written() == before


def test_every_public_writer_is_checked_here():
    public = {
        name for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public == WRITERS
    for name in public:
        by = inspect.signature(getattr(services, name)).parameters["by"]
        assert by.kind is inspect.Parameter.KEYWORD_ONLY and by.default is inspect.Parameter.empty


def test_a_member_entered_in_the_admin_gets_the_rights_of_the_role(client, superuser, territory):
    """Onboarding (docs/ONBOARDING.md): the administrator adds a clerk to the office in the admin;
    the clerk then holds the office's rights (roles are auth groups), e.g. the survey import."""
    from django.urls import reverse

    clerk = UserFactory(username="new_clerk")
    client.force_login(superuser)
    response = client.post(reverse("admin:territory_unitmembership_add"), {
        "user": clerk.pk, "unit": territory.office_unit.pk, "role": Role.OFFICE, "post": "", "active": "on"})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.groups.filter(name=Role.OFFICE).exists()
    client.force_login(clerk)
    assert client.get(reverse("documents:import")).status_code == 200


def test_a_member_added_on_the_units_admin_page_gets_the_rights_of_the_role(client, superuser, territory):
    from django.urls import reverse

    officer = UserFactory(username="new_officer")
    client.force_login(superuser)
    url = reverse("admin:territory_responsibilityunit_change", args=[territory.department.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: ("on" if value is True else "" if value is None or value is False else getattr(value, "pk", value))
            for name, value in ((n, form.initial.get(n)) for n in form.fields)}
    data = {k: v for k, v in data.items() if v != ""}
    data.update({"memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
                 "memberships-0-user": officer.pk, "memberships-0-role": Role.OFFICER, "memberships-0-active": "on"})
    response = client.post(url, data)
    assert response.status_code == 302, (response.context["adminform"].form.errors,
                                         [f.errors for f in response.context["inline_admin_formsets"][0].formset])
    officer.refresh_from_db()
    assert officer.groups.filter(name=Role.OFFICER).exists()


def test_grant_role_group_refuses_anyone_but_whoever_manages_the_unit(territory, office, coordinator_a):
    membership = UnitMembership.objects.filter(unit=territory.office_unit).first()
    with pytest.raises(PermissionDenied):
        services.grant_role_group(membership, by=coordinator_a)

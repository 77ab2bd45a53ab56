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

WRITERS = {"add_member"}


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


def test_every_public_writer_is_checked_here():
    public = {
        name for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public == WRITERS
    for name in public:
        by = inspect.signature(getattr(services, name)).parameters["by"]
        assert by.kind is inspect.Parameter.KEYWORD_ONLY and by.default is inspect.Parameter.empty

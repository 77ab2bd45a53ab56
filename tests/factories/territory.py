import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from territory.models import Credential, CredentialKind, ResponsibilityUnit, UnitKind, UnitMembership

User = get_user_model()

__all__ = ["UserFactory", "UnitFactory", "TownshipFactory", "VillageFactory", "MembershipFactory", "member",
           "CredentialFactory"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityUnit

    kind = UnitKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"U{n:05d}")


class TownshipFactory(UnitFactory):
    kind = UnitKind.TOWNSHIP
    name = factory.Sequence(lambda n: f"镇{n}")


class VillageFactory(UnitFactory):
    kind = UnitKind.VILLAGE
    name = factory.Sequence(lambda n: f"村{n}")
    parent = factory.SubFactory(TownshipFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitMembership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(VillageFactory)
    role = "coordinator"


def member(unit: ResponsibilityUnit, role: str, **user_fields):
    """A new user who holds ``role`` in ``unit`` (membership and auth group)."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, unit=unit, role=role)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


class CredentialFactory(factory.django.DjangoModelFactory):
    """A 执法证 valid from 2020 without end, unless told otherwise."""

    class Meta:
        model = Credential

    user = factory.SubFactory(UserFactory)
    kind = CredentialKind.ENFORCEMENT
    number = factory.Sequence(lambda n: f"33010020{n:04d}")
    issued_by = "浙江省人民政府"
    valid_from = datetime.date(2020, 1, 1)
    valid_until = None

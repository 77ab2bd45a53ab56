import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from territory.models import Credential, CredentialKind, ResponsibilityUnit, UnitKind, UnitMembership

User = get_user_model()

__all__ = ["UserFactory", "UnitFactory", "TownshipFactory", "VillageFactory", "MembershipFactory", "member",
           "CredentialFactory", "metre_box", "make_layer"]


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


def metre_box(x0: float, y0: float, width: float, height: float):
    """A width × height metre rectangle at (x0, y0) metres in CGCS2000 / GK CM 120E (EPSG:4549), in WGS-84.

    (500000, 3340000) lies near 120.0°E, 30.17°N. Its area, measured back, is width × height.
    """
    import numpy as np
    import shapely
    from pyproj import Transformer

    to_wgs84 = Transformer.from_crs(4549, 4326, always_xy=True)
    box = shapely.box(x0, y0, x0 + width, y0 + height)
    box = shapely.segmentize(box, max(width, height) / 8)
    return shapely.transform(box, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1])))


def make_layer(unit, kind: str, shapes, *, by, name: str = "图层", villages=None):
    """A layer in force of ``unit`` with one zone per shape (``villages`` in the same order for boundaries)."""
    from django.utils import timezone

    from territory import geo
    from territory.models import Layer, Zone

    layer = Layer.objects.create(unit=unit, kind=kind, name=name, loaded_by=by, loaded_at=timezone.now(),
                                 zone_count=len(shapes))
    for i, shape in enumerate(shapes):
        zone = Zone(layer=layer, village=villages[i] if villages else None, area_m2=round(geo.area_m2(shape), 2))
        zone.set_shape(shape)
        zone.save()
    return layer

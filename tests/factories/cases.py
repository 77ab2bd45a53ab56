import datetime
from decimal import Decimal

import factory

from cases.models import CaseEvent, CaseStatus, EventKind, Party, ViolationCase
from landwatch.vocabulary import Category, DiscoverySource

from .territory import UserFactory, VillageFactory

__all__ = ["PartyFactory", "ViolationCaseFactory", "CaseEventFactory"]


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    township = factory.LazyAttribute(lambda o: VillageFactory().parent)
    name = factory.Sequence(lambda n: f"当事人{n}")
    kind = "person"


class ViolationCaseFactory(factory.django.DjangoModelFactory):
    """A case row as it would stand in a given state (no events: use the services for history)."""

    class Meta:
        model = ViolationCase

    number = factory.Sequence(lambda n: f"2099-{n + 1:05d}")
    title = factory.Sequence(lambda n: f"违法占地案{n}")
    village = factory.SubFactory(VillageFactory)
    party = factory.LazyAttribute(lambda o: PartyFactory(township=o.village.township))
    location_text = factory.Sequence(lambda n: f"某组{n}号地块")
    area_m2 = Decimal("120.00")
    farmland_area_m2 = Decimal("0")
    category = Category.EXTRA_HOMESTEAD
    source = DiscoverySource.DYNAMIC_PATROL
    discovered_on = datetime.date(2026, 11, 1)
    # Registered the day it was found, so acts of the past weeks can be recorded on it.
    registered_on = factory.LazyAttribute(lambda o: o.discovered_on)
    status = CaseStatus.REGISTERED
    created_by = factory.SubFactory(UserFactory)


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(ViolationCaseFactory)
    kind = EventKind.NOTE
    note = "备注"

import datetime

import factory

from landwatch.vocabulary import Category
from patrols.models import PatrolFinding, PatrolLog

from .territory import UserFactory, VillageFactory

__all__ = ["PatrolLogFactory", "PatrolFindingFactory"]


class PatrolLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolLog
        skip_postgeneration_save = True

    village = factory.SubFactory(VillageFactory)
    patrolled_on = factory.LazyFunction(lambda: datetime.date(2026, 11, 20))
    started_at = datetime.time(9, 0)
    duration_minutes = 90
    route = "村委会—东组—河滩"
    created_by = factory.SubFactory(UserFactory)


class PatrolFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolFinding

    log = factory.SubFactory(PatrolLogFactory)
    village = factory.SelfAttribute("log.village")
    location_text = "东组河滩旁"
    description = "一处新打地基，未见审批公示。"
    suspected_category = Category.VILLAGER_HOUSING
    reported_by = factory.SelfAttribute("log.created_by")

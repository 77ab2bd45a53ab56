import datetime
from decimal import Decimal

import factory

from landwatch.vocabulary import Category
from patrols.models import (
    ConstructionStatus,
    FarmlandPledge,
    LandProject,
    PatrolFinding,
    PatrolLog,
    PatrolPlan,
    PlanKind,
    PlanPeriod,
)

from .territory import UserFactory, VillageFactory

__all__ = [
    "PatrolLogFactory",
    "PatrolFindingFactory",
    "PatrolPlanFactory",
    "FarmlandPledgeFactory",
    "LandProjectFactory",
]


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


class PatrolPlanFactory(factory.django.DjangoModelFactory):
    """A weekly regular plan; pass ``villages=[...]`` to cover villages."""

    class Meta:
        model = PatrolPlan
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"巡查计划{n}")
    kind = PlanKind.REGULAR
    township = factory.SelfAttribute("responsible_unit.township")
    times = 1
    period = PlanPeriod.WEEK
    valid_from = datetime.date(2026, 1, 1)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def villages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.villages.set(extracted)


class FarmlandPledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FarmlandPledge

    village = factory.SubFactory(VillageFactory)
    year = 2026
    protected_farmland_mu = Decimal("2000")
    basic_farmland_mu = Decimal("1600")
    reclamation_task_mu = Decimal("20")
    reclamation_done_mu = Decimal("10")
    development_task_mu = Decimal("10")
    development_done_mu = Decimal("10")
    signed_on = datetime.date(2026, 3, 20)
    created_by = factory.SubFactory(UserFactory)


class LandProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandProject

    card_no = factory.Sequence(lambda n: f"GY-{n:04d}")
    name = factory.Sequence(lambda n: f"工业项目{n}")
    company = "测试企业有限公司"
    village = factory.SubFactory(VillageFactory)
    parcel = "工业点1号地块"
    approved_area_mu = Decimal("20")
    approved_on = datetime.date(2024, 1, 10)
    agreed_start_on = datetime.date(2024, 3, 1)
    agreed_completion_on = datetime.date(2025, 12, 31)
    required_plot_ratio = Decimal("1.00")
    required_investment_intensity = Decimal("200")
    construction_status = ConstructionStatus.NOT_STARTED
    created_by = factory.SubFactory(UserFactory)

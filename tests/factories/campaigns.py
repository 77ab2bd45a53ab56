import datetime

import factory

from campaigns.models import (
    Campaign,
    LeadingGroupMember,
    Meeting,
    Phase,
    PhaseKind,
    PublicityActivity,
    Task,
)

from .territory import TownshipFactory, UserFactory

__all__ = [
    "CampaignFactory",
    "PhaseFactory",
    "TaskFactory",
    "MeetingFactory",
    "PublicityActivityFactory",
    "LeadingGroupMemberFactory",
    "campaign_with_phases",
]

# The seed's phases: 宣传发动 3-15…3-25, 查处纠正 3-26…5-20, 整改提高 5-21…5-31.
SEED_PHASES = [
    (PhaseKind.MOBILISATION, datetime.date(2022, 3, 15), datetime.date(2022, 3, 25)),
    (PhaseKind.CORRECTION, datetime.date(2022, 3, 26), datetime.date(2022, 5, 20)),
    (PhaseKind.IMPROVEMENT, datetime.date(2022, 5, 21), datetime.date(2022, 5, 31)),
]


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"土地监察专项整治行动{n}")
    basis = "嘉兴市国土资源局[20*]6号文件"
    start_date = datetime.date(2022, 3, 15)
    end_date = datetime.date(2022, 5, 31)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    campaign = factory.SubFactory(CampaignFactory)
    kind = PhaseKind.CORRECTION
    start_date = datetime.date(2022, 3, 26)
    end_date = datetime.date(2022, 5, 20)


def campaign_with_phases(township, **fields) -> Campaign:
    """A campaign of ``township`` with the seed's three phases."""
    campaign = CampaignFactory(township=township, **fields)
    for kind, start, end in SEED_PHASES:
        PhaseFactory(campaign=campaign, kind=kind, start_date=start, end_date=end)
    return campaign


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    campaign = factory.SubFactory(CampaignFactory)
    phase = factory.LazyAttribute(lambda o: o.campaign.phases.order_by("start_date").first())
    title = factory.Sequence(lambda n: f"任务{n}")
    due_date = datetime.date(2022, 4, 30)
    created_by = factory.SubFactory(UserFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    campaign = factory.SubFactory(CampaignFactory)
    kind = "joint"
    title = factory.Sequence(lambda n: f"土地联席会议{n}")
    date = datetime.date(2022, 4, 1)
    recorded_by = factory.SubFactory(UserFactory)


class PublicityActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicityActivity

    campaign = factory.SubFactory(CampaignFactory)
    date = datetime.date(2022, 3, 20)
    kind = "leaflet"
    audience = 100
    materials = 50
    recorded_by = factory.SubFactory(UserFactory)


class LeadingGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadingGroupMember

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"组员{n}")
    role = "member"

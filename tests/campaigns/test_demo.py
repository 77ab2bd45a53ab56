"""The demo campaign: the seed's campaign of 丰乐镇, this year's, loaded twice with the same counts.

Runs the territory and campaign steps of loaddemo (not the whole command, so other apps'
demo steps do not decide this test); ``tests/landwatch/test_demo.py`` runs the whole command.
"""

import datetime

from django.utils import timezone

from campaigns import demo
from campaigns.models import (
    AcceptanceReview,
    Campaign,
    GroupRole,
    JointTeamMember,
    LeadingGroupMember,
    Meeting,
    MeetingDecision,
    PhaseKind,
    PublicityActivity,
    Task,
    TaskEvent,
)
from territory.demo import load_territory

MODELS = [
    Campaign,
    LeadingGroupMember,
    JointTeamMember,
    Task,
    TaskEvent,
    Meeting,
    MeetingDecision,
    PublicityActivity,
    AcceptanceReview,
]


def load():
    load_territory()
    demo.load_campaign()
    demo.load_activities()
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_is_idempotent(db):
    assert load() == load()


def test_demo_campaign_as_the_seed_lists_it(db):
    load()
    campaign = Campaign.objects.get(township__code="T01")
    assert campaign.name == f"{campaign.start_date.year}年土地监察重点镇整改专项整治行动"
    assert "嘉兴市国土资源局[20*]6号文件" in campaign.basis
    # The seed's phases (11, 56 and 11 days), placed so that today is in the correction phase.
    today = timezone.localdate()
    phases = {p.kind: (p.start_date, p.end_date) for p in campaign.phases.all()}
    day = datetime.timedelta(days=1)
    assert phases == {
        PhaseKind.MOBILISATION: (today - 45 * day, today - 35 * day),
        PhaseKind.CORRECTION: (today - 34 * day, today + 21 * day),
        PhaseKind.IMPROVEMENT: (today + 22 * day, today + 32 * day),
    }
    seats = {(m.display_name, m.role) for m in campaign.group_members.all()}
    assert ("顾培坚", GroupRole.HEAD) in seats
    assert {n for n, r in seats if r == GroupRole.DEPUTY} == {"钟海明", "韩自更"}
    assert len([1 for _, r in seats if r == GroupRole.MEMBER]) == 8
    assert ("虞伟明", GroupRole.OFFICE_DIRECTOR) in seats
    assert campaign.team_members.values("department").distinct().count() == 7
    units = set(campaign.tasks.values_list("owner_unit__code", flat=True))
    assert {f"T01-D{i:02d}" for i in range(1, 8)} <= units
    assert {f"T01-V{i:02d}" for i in range(1, 12)} <= units
    kinds = sorted(campaign.meetings.values_list("kind", flat=True))
    assert kinds == ["joint", "joint", "mobilisation"]
    # The acceptance review comes once the campaign is over: not yet.
    assert campaign.publicity.count() >= 5 and campaign.reviews.count() == 0
    # A meeting decision became a task.
    assert campaign.tasks.filter(source_decision__isnull=False).count() == 1

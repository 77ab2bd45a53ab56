"""The demo campaign: the seed's 2022 campaign of 丰乐镇, loaded twice with the same counts.

Runs the territory and campaign steps of loaddemo (not the whole command, so other apps'
demo steps do not decide this test); ``tests/landwatch/test_demo.py`` runs the whole command.
"""

from campaigns import demo
from campaigns.demo import NAME
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
from patrols.demo import load_territory

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
    campaign = Campaign.objects.get(name=NAME, township__code="T01")
    assert "嘉兴市国土资源局[20*]6号文件" in campaign.basis
    phases = {p.kind: (p.start_date.isoformat(), p.end_date.isoformat()) for p in campaign.phases.all()}
    assert phases == {
        PhaseKind.MOBILISATION: ("2022-03-15", "2022-03-25"),
        PhaseKind.CORRECTION: ("2022-03-26", "2022-05-20"),
        PhaseKind.IMPROVEMENT: ("2022-05-21", "2022-05-31"),
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
    assert campaign.publicity.count() >= 5 and campaign.reviews.count() == 1
    # A meeting decision became a task.
    assert campaign.tasks.filter(source_decision__isnull=False).count() == 1

"""Demo of enforcement through the court (cases/enforcement.py): one case of 丰乐镇 at each step.
Idempotent.

Each case is the township's own (farmland dug for breeding, the category the demo's provincial
delegation gives the township, as in ``cases.penalty_demo``), walked through the whole chain with
its checks — 立案, two 笔录, the report, the legal review, the collective discussion, the notices,
the decision (限期拆除) served seventy-five days ago — then the 催告书 served thirty-five days ago:

- 已催告: the window to apply to the court is open today; the 公告 to demolish published thirty days ago;
- 已申请法院: the application filed ten days ago with its 强制执行申请书, waiting for the ruling;
- 法院准予执行: the court ordered enforcement three days ago (being enforced);
- 复议中: the party applied for 复议, still pending: enforcement waits.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model

from landwatch.demo import demo_clock
from landwatch.vocabulary import Category, DiscoverySource
from territory.models import Credential, CredentialKind, ResponsibilityUnit

from . import enforcement, penalty, services
from .models import ApplicationMaterial, ChallengeKind, CourtRuling, LandType, PenaltyMeasure, ViolationCase
from .penalty_demo import LEADER, TOWNSHIP, _fresh, _serve, _to_review, ago

User = get_user_model()
DEMANDED = "周家湾周某挖塘养殖案（已催告）"
APPLIED = "周家湾吴某挖塘养殖案（已申请法院强制执行）"
ORDERED = "周家湾郑某挖塘养殖案（法院准予执行）"
CHALLENGED = "周家湾王某挖塘养殖案（复议中）"
TITLES = (DEMANDED, APPLIED, ORDERED, CHALLENGED)
SERVER = "丰乐镇综合行政执法队 执法队员"
COURT = "丰乐县人民法院"


def _decided(case, *, leader, office, officers) -> None:
    """The chain up to a served decision to demolish, and the 催告书 after it."""
    _to_review(case, head=leader, officers=officers, filed=ago(155), reported=ago(125))
    with demo_clock(ago(95)):
        penalty.record_legal_review(_fresh(case), by=office, reviewed_on=ago(95), measures=[PenaltyMeasure.DEMOLISH],
                                    opinion="事实清楚，证据确凿，程序合法，同意限期拆除。", passed=True)
    with demo_clock(ago(94), hour=15):
        penalty.record_collective_discussion(_fresh(case), by=leader, held_on=ago(94),
                                             participants="镇长、分管副镇长、综合行政执法队队长",
                                             conclusion="同意责令限期拆除养殖塘埂及附属设施，恢复耕地原状。")
    _serve(case, "penalty_notice", by=office, on=ago(93), server=SERVER)
    _serve(case, "hearing_notice", by=office, on=ago(93), server=SERVER)
    with demo_clock(ago(77)):
        penalty.decide_penalty(_fresh(case), by=leader, decided_on=ago(77), measures=[PenaltyMeasure.DEMOLISH])
    _serve(case, "penalty_decision", by=office, on=ago(75), server=SERVER, deadline_days=15)
    _serve(case, "demand", by=office, on=ago(35), server=SERVER, deadline_days=10)


def load_enforcement(stdout=None) -> dict:
    from .demo import _certified_officers

    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    users = {u.username: u for u in User.objects.filter(username__in=["office", LEADER])}
    if town is None or len(users) < 2:
        return {}
    existing = set(ViolationCase.objects.filter(village__township=town, title__in=TITLES)
                   .values_list("title", flat=True))
    if existing == set(TITLES):
        return {"enforcement_cases": 0}
    office, leader = users["office"], users[LEADER]
    Credential.objects.get_or_create(kind=CredentialKind.LEGAL_REVIEW, number="DEMO-FZ-2024-001",
                                     defaults={"user": office, "issued_by": "司法部", "valid_from": ago(800)})
    officers = _certified_officers()
    village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("-sort_order", "code").first()
    made = 0
    for title, party_name in zip(TITLES, ("周建华", "吴国平", "郑小明", "王立新"), strict=True):
        if title in existing:
            continue
        with demo_clock(ago(200), hour=9):
            party = services.find_or_create_party(by=office, township=town, name=party_name, kind="person")
            case = services.register_case(by=office, title=title, party=party, village=village,
                                          location_text=f"{village.name}周家湾", land_type=LandType.FARMLAND,
                                          area_m2=Decimal(900), farmland_area_m2=Decimal(900),
                                          category=Category.FARMLAND_BREEDING, source=DiscoverySource.DYNAMIC_PATROL,
                                          discovered_on=ago(205), registered_on=ago(200), assignee=officers[0])
        _decided(case, leader=leader, office=office, officers=officers)
        if title == DEMANDED:
            # 公告 (行政强制法 第四十四条): the township's own demolition is announced, ten days to demolish.
            _serve(case, "demolition_notice", by=office, on=ago(30), server=SERVER, deadline_days=10)
        if title == CHALLENGED:
            with demo_clock(ago(25)):
                enforcement.record_challenge(_fresh(case), by=office, kind=ChallengeKind.RECONSIDERATION,
                                             body="丰乐县人民政府", filed_on=ago(25))
        if title in (APPLIED, ORDERED):
            with demo_clock(ago(10)):
                enforcement.apply_to_court(_fresh(case), by=leader, court=COURT, filed_on=ago(10),
                                           materials=ApplicationMaterial.values)
        if title == ORDERED:
            with demo_clock(ago(3)):
                enforcement.record_ruling(_fresh(case), by=office, ruling=CourtRuling.ACCEPTED, ruled_on=ago(3),
                                          note="准予强制执行，由丰乐镇人民政府组织实施。")
        made += 1
    if stdout is not None:
        stdout.write(f"    enforcement: {made} cases")
    return {"enforcement_cases": made}

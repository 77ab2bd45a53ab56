"""Demo of 结案 and of the 催告书's 陈述申辩 (cases/closing.py): two cases of 丰乐镇 walked as the
enforcement demo walks its own (``cases.enforcement_demo._decided``: the chain to a decision to
demolish served seventy-five days ago, the 催告书 thirty-five days ago). Idempotent.

- 陈述申辩已复核: the party stated its case two days after the demand; the head reviewed it and did
  not accept it, with reasons (行政强制法 第三十六条); the window to apply to the court is open.
- 已结案: the application to the court was filed ten days ago; the head approved 结案 five days ago
  on 自然资源行政处罚办法 第四十六条(六) "已经依法申请人民法院……强制执行".
"""

from decimal import Decimal

from django.contrib.auth import get_user_model

from landwatch.demo import demo_clock
from landwatch.vocabulary import Category, DiscoverySource
from territory.models import Credential, CredentialKind, ResponsibilityUnit

from . import closing, enforcement, services
from .enforcement_demo import COURT, _decided
from .models import ApplicationMaterial, ClosingGround, LandType, StatementReview, ViolationCase
from .penalty_demo import LEADER, TOWNSHIP, _fresh, ago

User = get_user_model()
STATED = "周家湾陈某挖塘养殖案（陈述申辩已复核）"
CLOSED = "周家湾李某挖塘养殖案（已申请法院强制执行，已结案）"
TITLES = (STATED, CLOSED)


def load_closing(stdout=None) -> dict:
    from .demo import _certified_officers

    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    users = {u.username: u for u in User.objects.filter(username__in=["office", LEADER])}
    if town is None or len(users) < 2:
        return {}
    existing = set(ViolationCase.objects.filter(village__township=town, title__in=TITLES)
                   .values_list("title", flat=True))
    office, leader = users["office"], users[LEADER]
    Credential.objects.get_or_create(kind=CredentialKind.LEGAL_REVIEW, number="DEMO-FZ-2024-001",
                                     defaults={"user": office, "issued_by": "司法部", "valid_from": ago(800)})
    officers = _certified_officers()
    village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("-sort_order", "code").first()
    made = 0
    for title, party_name in zip(TITLES, ("陈志强", "李春生"), strict=True):
        if title in existing:
            continue
        with demo_clock(ago(200), hour=9):
            party = services.find_or_create_party(by=office, township=town, name=party_name, kind="person")
            case = services.register_case(by=office, title=title, party=party, village=village,
                                          location_text=f"{village.name}周家湾", land_type=LandType.FARMLAND,
                                          area_m2=Decimal(760), farmland_area_m2=Decimal(760),
                                          category=Category.FARMLAND_BREEDING, source=DiscoverySource.DYNAMIC_PATROL,
                                          discovered_on=ago(205), registered_on=ago(200), assignee=officers[0])
        _decided(case, leader=leader, office=office, officers=officers)
        if title == STATED:
            with demo_clock(ago(33), hour=10):
                closing.record_demand_statement(_fresh(case), by=office, received_on=ago(33),
                                                content="塘埂系承包前已有，养殖未破坏耕作层，请求不予拆除。")
            with demo_clock(ago(30), hour=16):
                closing.review_demand_statement(
                    _fresh(case), by=leader, review=StatementReview.NOT_ACCEPTED, reviewed_on=ago(30),
                    reasons="经复核2022年卫星影像，塘埂系2023年新挖，勘验笔录载明耕作层已破坏，所提事实不成立，不予采纳。")
        if title == CLOSED:
            with demo_clock(ago(10)):
                enforcement.apply_to_court(_fresh(case), by=leader, court=COURT, filed_on=ago(10),
                                           materials=ApplicationMaterial.values)
            with demo_clock(ago(5), hour=11):
                closing.approve_closing(_fresh(case), by=leader, ground=ClosingGround.ENFORCEMENT_APPLIED,
                                        closed_on=ago(5), note="已依法申请丰乐县人民法院强制执行，同意结案。")
        made += 1
    if stdout is not None:
        stdout.write(f"    closing: {made} cases")
    return {"closing_cases": made}

"""Demo of fines, payment and confiscation (cases/fines.py): three cases of 丰乐镇. Idempotent.

Farmland dug for breeding, the category the demo's provincial delegation gives the township
(行政处罚法 第二十四条), so the township works them, through the same steps as the penalty
chain's demo (``cases.penalty_demo``): 立案, two 笔录, the report, the legal review with the fine
inside its 裁量基准 band, the notice, the decision and its service; then

- one fine unpaid: its 15 days ran out, the 3 %-a-day surcharge grows on the case page;
- one fine paid in instalments: the party applied, the head approved two instalments
  (行政处罚法 第六十六条), the first paid at the bank on time, the second still to come;
- one confiscation of the buildings (实施条例 第五十八条), handed to the township government's
  designated office within the 90 days.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from landwatch.demo import demo_clock
from landwatch.vocabulary import Category, DiscoverySource
from territory.models import Credential, CredentialKind, ResponsibilityUnit

from . import fines, penalty, services
from .fine_models import ArrangementKind
from .models import LandType, PenaltyMeasure, ViolationCase
from .penalty_demo import LEADER, TOWNSHIP, _fresh, _serve, _to_review, ago

User = get_user_model()
M = PenaltyMeasure
UNPAID = "周家浜周某挖塘养殖罚款案（罚款逾期未缴）"
INSTALMENTS = "沈家湾沈某挖塘养殖罚款案（分期缴纳）"
CONFISCATED = "陆家桥陆某占地建棚案（没收已移交）"
TITLES = (UNPAID, INSTALMENTS, CONFISCATED)
SERVER = "丰乐镇综合行政执法队 执法队员"


def _decided(case, *, office, leader, measures, decided: datetime.date, served: datetime.date) -> None:
    """Review (with the fine inside the band), notice, and for a confiscation the hearing notice and
    the heads' discussion; the decision and its service."""
    amount = fines.band_amount(case) if M.FINE in measures else None
    reviewed = decided - datetime.timedelta(days=12)
    with demo_clock(reviewed, hour=10):
        penalty.record_legal_review(_fresh(case), by=office, reviewed_on=reviewed, measures=measures,
                                    fine_yuan=amount, opinion="事实清楚，证据确凿，罚款在裁量基准内，同意。",
                                    passed=True)
    if M.CONFISCATE_BUILDINGS in measures:
        with demo_clock(reviewed, hour=15):
            penalty.record_collective_discussion(_fresh(case), by=leader, held_on=reviewed,
                                                 participants="镇长、分管副镇长、综合行政执法队队长",
                                                 conclusion="建筑物符合村庄规划用途，同意没收。")
        _serve(case, "hearing_notice", by=office, on=reviewed + datetime.timedelta(days=1), server=SERVER)
    _serve(case, "penalty_notice", by=office, on=reviewed + datetime.timedelta(days=1), server=SERVER)
    with demo_clock(decided, hour=10):
        penalty.decide_penalty(_fresh(case), by=leader, decided_on=decided, measures=measures, fine_yuan=amount)
    _serve(case, "penalty_decision", by=office, on=served, server=SERVER, deadline_days=15)


def load_fines(stdout=None) -> dict:
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
    village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("sort_order", "code").last()
    made = 0
    for title, party_name, area, measures in ((UNPAID, "周永福", 150, [M.FINE]),
                                              (INSTALMENTS, "沈国强", 80, [M.FINE]),
                                              (CONFISCATED, "陆文华", 200, [M.CONFISCATE_BUILDINGS])):
        if title in existing:
            continue
        with demo_clock(ago(95), hour=9):
            party = services.find_or_create_party(by=office, township=town, name=party_name, kind="person")
            case = services.register_case(by=office, title=title, party=party, village=village,
                                          location_text=f"{village.name}河塘边", land_type=LandType.FARMLAND,
                                          area_m2=Decimal(area), farmland_area_m2=Decimal(area),
                                          category=Category.FARMLAND_BREEDING,
                                          source=DiscoverySource.DYNAMIC_PATROL, discovered_on=ago(100),
                                          registered_on=ago(95), assignee=officers[0])
        _to_review(case, head=leader, officers=officers, filed=ago(90), reported=ago(75))
        if title == UNPAID:
            _decided(case, office=office, leader=leader, measures=measures, decided=ago(40), served=ago(38))
        elif title == INSTALMENTS:
            _decided(case, office=office, leader=leader, measures=measures, decided=ago(40), served=ago(38))
            fine = fines.current_fine(case)
            half = (fine.amount_yuan / 2).quantize(Decimal("0.01"))
            with demo_clock(ago(30), hour=11):
                fines.approve_arrangement(_fresh(case), by=leader, kind=ArrangementKind.INSTALMENTS,
                                          applied_on=ago(33), approved_on=ago(30),
                                          reason="当事人家庭经济困难，提交村委会证明，申请分两期缴纳；经镇长批准。",
                                          instalments=[(ago(10), half), (ago(-20), fine.amount_yuan - half)])
            with demo_clock(ago(11), hour=14):
                fines.record_payment(_fresh(case), by=office, bank="农业银行丰乐支行", receipt_number="非税0012345",
                                     paid_on=ago(11), amount=half)
        else:
            _decided(case, office=office, leader=leader, measures=measures, decided=ago(45), served=ago(44))
            with demo_clock(ago(5), hour=10):
                fines.record_handover(_fresh(case), by=office, handed_to="丰乐镇人民政府指定的镇资产管理办公室",
                                      handed_over_on=ago(5), document="没收财物移交清单 丰乐没〔2026〕1号",
                                      note="钢结构大棚一座，现场清点移交。")
        made += 1
    if stdout is not None:
        stdout.write(f"    fines: {made} cases")
    return {"fine_cases": made}

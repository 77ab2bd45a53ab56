"""Demo of 公示 (cases/publicity.py): one decision published, one due soon. Idempotent.

- The enforcement demo's first case (``enforcement_demo.DEMANDED``, its decision made seventy-five
  days ago) was published on the township's website four days after its decision, in time
  (国办发〔2018〕118号: 7 个工作日内), with the party masked (周某某).
- A new case of 丰乐镇 walked through the chain like the enforcement demo's, its decision to
  demolish made six days ago and not yet published: the case page shows the publication due in
  the next working days, and the reminders tell its officer.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from landwatch.demo import demo_clock
from landwatch.vocabulary import Category, DiscoverySource
from territory.models import ResponsibilityUnit

from . import penalty, publicity, services
from .enforcement_demo import DEMANDED, SERVER
from .models import LandType, PenaltyMeasure, PublicationChannel, ViolationCase
from .penalty_demo import LEADER, TOWNSHIP, _fresh, _serve, _to_review, ago

User = get_user_model()
DUE_SOON = "陈家埭陈某挖塘养殖案（处罚决定待公示）"
WEBSITE = "https://www.fengle.gov.cn/zwgk/xzzf/cfjd/{number}.html"


def _publish_demanded(office) -> int:
    case = ViolationCase.objects.filter(title=DEMANDED).first()
    if case is None or case.publications.exists() or not services.is_writable(case, write="publication"):
        return 0
    decision = publicity.current_decision(case)
    if decision is None or decision.issued_on is None:
        return 0
    on = decision.issued_on + datetime.timedelta(days=4)
    with demo_clock(on, hour=11):
        publicity.publish(_fresh(case), by=office, channel=PublicationChannel.WEBSITE,
                          location=WEBSITE.format(number=case.pk), published_on=on,
                          text=publicity.draft_text(case, decision))
    return 1


def _decided_recently(case, *, leader, office, officers) -> None:
    """The chain to a decision to demolish made six days ago and served the same day."""
    _to_review(case, head=leader, officers=officers, filed=ago(80), reported=ago(55))
    with demo_clock(ago(40)):
        penalty.record_legal_review(_fresh(case), by=office, reviewed_on=ago(40), measures=[PenaltyMeasure.DEMOLISH],
                                    opinion="事实清楚，证据确凿，程序合法，同意限期拆除。", passed=True)
    with demo_clock(ago(39), hour=15):
        penalty.record_collective_discussion(_fresh(case), by=leader, held_on=ago(39),
                                             participants="镇长、分管副镇长、综合行政执法队队长",
                                             conclusion="同意责令限期拆除养殖塘埂，恢复耕地原状。")
    _serve(case, "penalty_notice", by=office, on=ago(38), server=SERVER)
    _serve(case, "hearing_notice", by=office, on=ago(38), server=SERVER)
    with demo_clock(ago(7)):
        penalty.decide_penalty(_fresh(case), by=leader, decided_on=ago(7), measures=[PenaltyMeasure.DEMOLISH])
    _serve(case, "penalty_decision", by=office, on=ago(6), server=SERVER, deadline_days=15)


def load_publicity(stdout=None) -> dict:
    from .demo import _certified_officers

    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    users = {u.username: u for u in User.objects.filter(username__in=["office", LEADER])}
    if town is None or len(users) < 2:
        return {}
    office, leader = users["office"], users[LEADER]
    published = _publish_demanded(office)
    made = 0
    if not ViolationCase.objects.filter(village__township=town, title=DUE_SOON).exists():
        officers = _certified_officers()
        village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("-sort_order", "code").first()
        with demo_clock(ago(110), hour=9):
            party = services.find_or_create_party(by=office, township=town, name="陈建国", kind="person")
            case = services.register_case(by=office, title=DUE_SOON, party=party, village=village,
                                          location_text=f"{village.name}陈家埭", land_type=LandType.FARMLAND,
                                          area_m2=Decimal(640), farmland_area_m2=Decimal(640),
                                          category=Category.FARMLAND_BREEDING, source=DiscoverySource.DYNAMIC_PATROL,
                                          discovered_on=ago(112), registered_on=ago(110), assignee=officers[0])
        _decided_recently(case, leader=leader, office=office, officers=officers)
        made = 1
    if stdout is not None:
        stdout.write(f"    publication: {published} published, {made} due soon")
    return {"published_decisions": published, "publication_due_cases": made}

"""Demo of the review, notice, hearing and decision: three cases of 丰乐镇 at its steps. Idempotent.

Told through the services, each act on its day (``landwatch.demo.demo_clock``): one case informed
with its statement period running; one whose party asked for a hearing, held and re-examined,
ready for the decision; one decided and served, its days to comply running. The notices and the
decision are drafted, issued and served through ``documents.services``. The office clerk holds
the demo's legal-review qualification.

Interim: the filing (立案审批) and the investigation report are the transitions ``file`` and
``submit_report`` of the table, taken here through ``services._transition`` without the checks
part 3 ("Filing and investigation") adds; at merge its own services replace ``_to_review``.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from landwatch.demo import demo_clock, load_day
from landwatch.vocabulary import Category, DiscoverySource
from territory.models import Credential, CredentialKind, ResponsibilityUnit

from . import penalty, services
from .models import LandType, PenaltyMeasure, ViolationCase

User = get_user_model()
M = PenaltyMeasure
TOWNSHIP = "T01"
LEADER = "gupeijian"  # the demo township's head (territory.demo.LOGINS)
INFORMED = "周家村周某占地建房案（已告知）"
HEARING = "兴旺建材违法占地堆场案（已听证）"
DECIDED = "钱江农庄违法占地建房案（已决定）"
TITLES = (INFORMED, HEARING, DECIDED)


def ago(days: int) -> datetime.date:
    return load_day() - datetime.timedelta(days=days)


def _fresh(case: ViolationCase) -> ViolationCase:
    return ViolationCase.objects.get(pk=case.pk)


def _serve(case, kind: str, *, by, on: datetime.date, **text) -> None:
    from documents import services as documents

    with demo_clock(on, hour=9):
        document = documents.create_document(_fresh(case), by=by, kind=kind, **text)
        documents.issue_document(document, by=by, issued_on=on)
    with demo_clock(on, hour=15):
        documents.serve_document(document, by=by, method="direct", served_on=on, recipient=case.party.name,
                                 signer=case.party.name, server="国土所 执法队员")


def _to_review(case, *, leader, officer, filed: datetime.date, reported: datetime.date) -> None:
    with demo_clock(filed):
        services._transition(_fresh(case), "file", by=leader, expected_version=None, on=filed,
                             fields={"filed_on": filed}, note="符合立案条件，同意立案。")
    with demo_clock(reported):
        services._transition(_fresh(case), "submit_report", by=officer, expected_version=None, on=reported,
                             note="违法事实清楚，建议依法给予行政处罚。")


def load_penalty_chain(stdout=None) -> dict:
    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    users = {u.username: u for u in User.objects.filter(username__in=["office", LEADER, "officer"])}
    if town is None or len(users) < 3:
        return {}
    office, leader, officer = users["office"], users[LEADER], users["officer"]
    Credential.objects.get_or_create(kind=CredentialKind.LEGAL_REVIEW, number="DEMO-FZ-2024-001",
                                     defaults={"user": office, "issued_by": "司法部", "valid_from": ago(800)})
    village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("sort_order", "code").first()
    existing = set(ViolationCase.objects.filter(village__township=town, title__in=TITLES)
                   .values_list("title", flat=True))
    made = 0
    for title, party_name, category, area in ((INFORMED, "周建国", Category.EXTRA_HOMESTEAD, 160),
                                              (HEARING, "兴旺建材有限公司", Category.COMMERCIAL, 1200),
                                              (DECIDED, "钱江农庄", Category.COMMERCIAL, 450)):
        if title in existing:
            continue
        with demo_clock(ago(75), hour=9):
            party = services.find_or_create_party(by=office, township=town, name=party_name,
                                                  kind="company" if category == Category.COMMERCIAL else "person")
            case = services.register_case(by=office, title=title, party=party, village=village,
                                          location_text=f"{village.name}国道东侧", land_type=LandType.FARMLAND,
                                          area_m2=Decimal(area), farmland_area_m2=Decimal(area), category=category,
                                          source=DiscoverySource.DYNAMIC_PATROL, discovered_on=ago(80),
                                          registered_on=ago(75), assignee=officer)
        _to_review(case, leader=leader, officer=officer, filed=ago(60), reported=ago(35))
        if title == INFORMED:
            with demo_clock(ago(3)):
                penalty.record_legal_review(_fresh(case), by=office, reviewed_on=ago(3),
                                            measures=[M.WARNING, M.FINE], fine_yuan=Decimal(8000),
                                            opinion="事实清楚，证据确凿，程序合法，同意拟处罚意见。", passed=True)
            _serve(case, "penalty_notice", by=office, on=ago(1))
        else:
            with demo_clock(ago(33)):
                penalty.record_legal_review(_fresh(case), by=office, reviewed_on=ago(33), measures=[M.DEMOLISH],
                                            opinion="事实清楚，证据确凿，程序合法，同意限期拆除。", passed=True)
            with demo_clock(ago(32), hour=15):
                penalty.record_collective_discussion(_fresh(case), by=leader, held_on=ago(32),
                                                     participants="镇长、分管副镇长、国土所所长、司法所所长",
                                                     conclusion="同意责令限期拆除在非法占用土地上新建的建筑物和其他设施。")
            _serve(case, "penalty_notice", by=office, on=ago(30))
            _serve(case, "hearing_notice", by=office, on=ago(30))
        if title == HEARING:
            with demo_clock(ago(28)):
                penalty.record_hearing_request(_fresh(case), by=office, requested_on=ago(28),
                                               note="当事人书面要求听证。")
            with demo_clock(ago(20), hour=15):
                penalty.record_hearing(_fresh(case), by=office, held_on=ago(20), presiding=leader,
                                       summary="调查人员陈述违法事实、证据和处罚建议；"
                                               "当事人称堆场系临时使用，已申请补办用地手续。")
            with demo_clock(ago(19)):
                penalty.record_legal_review(_fresh(case), by=office, reviewed_on=ago(19), measures=[M.DEMOLISH],
                                            opinion="听证后重新审核：申辩理由不能成立，维持拟处罚意见。", passed=True)
                penalty.record_recheck(_fresh(case), by=office, rechecked_on=ago(19),
                                       conclusion="补办申请未获批准，临时使用理由不成立。", accepted=False)
        if title == DECIDED:
            with demo_clock(ago(27)):
                penalty.record_statement(_fresh(case), by=office, received_on=ago(27),
                                         statement="农庄系村集体招商引进，请求从轻。")
            with demo_clock(ago(26)):
                penalty.record_recheck(_fresh(case), by=office, rechecked_on=ago(26),
                                       conclusion="未提供用地批准文件，从轻理由不成立。", accepted=False)
            with demo_clock(ago(20)):
                penalty.decide_penalty(_fresh(case), by=leader, decided_on=ago(20), measures=[M.DEMOLISH])
            _serve(case, "penalty_decision", by=office, on=ago(18), deadline_days=30)
        made += 1
    if stdout is not None:
        stdout.write(f"    penalty chain: {made} cases")
    return {"penalty_cases": made}

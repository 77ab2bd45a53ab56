"""Demo of the review, notice, hearing and decision: three cases of 丰乐镇 at its steps. Idempotent.

Told through the services, each act on its day (``landwatch.demo.demo_clock``), the whole chain
with its checks: 立案 (``procedure.file_case``, the five conditions), two 笔录 by two certified
officers (``procedure.add_investigation_record``), the 调查报告 (``procedure.submit_report``),
then review, notice, hearing and decision (``cases.penalty``); notices and the decision are
drafted, issued and served through ``documents.services``.

Each case is worked by its 办案机关 (territory/competence.py): the informed case is farmland dug
for breeding, the category the demo's provincial delegation gives the township (行政处罚法
第二十四条), so the township's leader, office and officers work it; the two commercial cases
belong to the county natural resources department (自然资源行政处罚办法 第六条), so the
township office hands them over (移送) and the department's head, officers and legal reviewer
work them: one through a hearing, one decided and served.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from landwatch.demo import at, demo_clock, load_day
from landwatch.roles import Role
from landwatch.vocabulary import Category, DiscoverySource
from territory.models import Credential, CredentialKind, ResponsibilityUnit

from . import fines, penalty, procedure, services
from .models import LandType, PenaltyMeasure, ViolationCase

User = get_user_model()
M = PenaltyMeasure
TOWNSHIP = "T01"
LEADER = "gupeijian"  # the demo township's head (territory.demo.LOGINS)
DEPARTMENT = "DEMO-COUNTY-NR"  # territory.demo.COUNTY_DEPARTMENTS
# The department's second officer (two sign each 笔录) and its legal reviewer, who also presides
# over the hearing (not an investigator: 行政处罚法 第六十四条(四)); nr_head and nr_officer come
# from territory.demo.
DEPARTMENT_STAFF = [("nr_officer2", "任建平", "执法队员"), ("nr_legal", "沈丽娟", "法制审核员")]
ENFORCEMENT = {"nr_officer": "浙执33010030001", "nr_officer2": "浙执33010030002"}
INFORMED = "何家塘何某占用耕地挖塘养殖案（已告知）"
HEARING = "兴旺建材违法占地堆场案（已听证）"
DECIDED = "钱江农庄违法占地建房案（已决定）"
TITLES = (INFORMED, HEARING, DECIDED)


def ago(days: int) -> datetime.date:
    return load_day() - datetime.timedelta(days=days)


def _fresh(case: ViolationCase) -> ViolationCase:
    return ViolationCase.objects.get(pk=case.pk)


def _serve(case, kind: str, *, by, on: datetime.date, server: str, **text) -> None:
    from documents import services as documents

    with demo_clock(on, hour=9):
        document = documents.create_document(_fresh(case), by=by, kind=kind, **text)
        documents.issue_document(document, by=by, issued_on=on)
    with demo_clock(on, hour=15):
        if document.is_published:  # a 公告 is posted where the building stands (行政强制法 第四十四条)
            documents.serve_document(document, by=by, method="public", served_on=on, server=server,
                                     note="张贴于违法建筑所在地及村民委员会公告栏")
        else:
            documents.serve_document(document, by=by, method="direct", served_on=on, recipient=case.party.name,
                                     signer=case.party.name, server=server)


def _to_review(case, *, head, officers, filed: datetime.date, reported: datetime.date,
               office=None) -> None:
    """立案, two 笔录 three days later, the report: part 3's services with their checks. With
    ``office``, the investigation is suspended a week after the records and resumed ten days later,
    each told to the party by its notice (办法 第二十七条): the suspension's in time, the
    resumption's served late, as the case page shows."""
    with demo_clock(filed, hour=15):
        procedure.file_case(_fresh(case), by=head, conditions=[key for key, _label in procedure.FILING_CONDITIONS],
                            started_on=filed - datetime.timedelta(days=60), continuing=True,
                            note="符合立案条件，同意立案调查。")
    day = filed + datetime.timedelta(days=3)
    for kind, hour, content in (
            ("inquiry_record", 9, "问：我们是执法人员（出示执法证件），现就你占用土地一事进行询问，你是否听清？\n"
                                  "答：听清了。\n问：是否办理用地审批手续？\n答：没有办理。"),
            ("inspection_record", 14, "现场位于国道东侧，经测量占用耕地面积与登记一致，现场拍照六张。")):
        moment = at(day, hour)
        with demo_clock(moment):
            procedure.add_investigation_record(
                _fresh(case), by=officers[0], kind=kind, started_at=moment,
                ended_at=moment + datetime.timedelta(minutes=45), place=case.location_text or "现场",
                persons_present=f"当事人{case.party.name}；执法人员二名", content=content, officers=officers)
    if office is not None:
        _suspend_and_resume(case, head=head, office=office, suspended=day + datetime.timedelta(days=7))
    with demo_clock(reported, hour=16):
        procedure.submit_report(_fresh(case), by=officers[0], facts=f"{case.party.name}未经批准占用土地。",
                                evidence="询问笔录一份\n现场勘验笔录一份\n现场照片六张",
                                proposal="违法事实清楚，建议依法给予行政处罚。", on=reported)


def _suspend_and_resume(case, *, head, office, suspended: datetime.date) -> None:
    from deadlines.clock import deadline

    with demo_clock(suspended, hour=10):
        procedure.suspend_investigation(_fresh(case), by=head, ground="other", on=suspended,
                                        reason="当事人住院治疗，无法接受询问。")
    _serve(case, "suspension_notice", by=office, on=suspended + datetime.timedelta(days=1),
           server="丰乐镇综合行政执法队 执法队员")
    resumed = suspended + datetime.timedelta(days=10)
    with demo_clock(resumed, hour=10):
        procedure.resume_investigation(_fresh(case), by=head, on=resumed, reason="当事人已出院，可以接受询问。")
    late = deadline("suspension_notice", resumed).date + datetime.timedelta(days=2)
    _serve(case, "resumption_notice", by=office, on=late, server="丰乐镇综合行政执法队 执法队员")


def _hear(case, *, office, officer, presiding, requested: datetime.date) -> datetime.date:
    """The party asks for a hearing; the 听证通知书 is served that day, and the hearing is held on
    the first day the law allows (seven working days later, 行政处罚法 第六十四条(二)). Its day."""
    from deadlines.clock import deadline
    from documents import services as documents

    with demo_clock(requested):
        penalty.record_hearing_request(_fresh(case), by=officer, requested_on=requested, note="当事人书面要求听证。")
    held = deadline("hearing_notice", requested).date
    with demo_clock(requested, hour=14):
        summons = penalty.schedule_hearing(_fresh(case), by=office, hearing_at=at(held, 9),
                                           place="县自然资源局三楼听证室", presiding=presiding)
        documents.issue_document(summons, by=office, issued_on=requested)
    with demo_clock(requested, hour=16):
        documents.serve_document(summons, by=office, method="direct", served_on=requested,
                                 recipient=case.party.name, signer=case.party.name, server="县自然资源局 执法人员")
    with demo_clock(held, hour=15):
        penalty.record_hearing(_fresh(case), by=officer, held_on=held, presiding=presiding,
                               summary="调查人员陈述违法事实、证据和处罚建议；当事人称堆场系临时使用，已申请补办用地手续。")
    return held


def _department_staff(department) -> dict:
    """The county department's people who work its cases, with their credentials."""
    from territory.demo import user
    from territory.services import add_member

    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    for username, name, post in DEPARTMENT_STAFF:
        add_member(user=user(username, name), unit=department, role=Role.OFFICER, post=post, by=admin)
    people = {u.username: u for u in User.objects.filter(username__in=["nr_head", "nr_officer", *ENFORCEMENT,
                                                                        "nr_legal"])}
    for username, number in ENFORCEMENT.items():
        Credential.objects.get_or_create(kind=CredentialKind.ENFORCEMENT, number=number, defaults={
            "user": people[username], "issued_by": "浙江省人民政府", "valid_from": datetime.date(2022, 1, 1),
            "valid_until": datetime.date(2028, 12, 31)})
    Credential.objects.get_or_create(kind=CredentialKind.LEGAL_REVIEW, number="DEMO-FZ-2024-002",
                                     defaults={"user": people["nr_legal"], "issued_by": "司法部",
                                               "valid_from": ago(800)})
    return people


def load_penalty_chain(stdout=None) -> dict:
    from documents import services as documents

    from .demo import _certified_officers

    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    department = ResponsibilityUnit.objects.filter(code=DEPARTMENT).first()
    users = {u.username: u for u in User.objects.filter(username__in=["office", LEADER, "nr_head", "nr_officer"])}
    if town is None or department is None or len(users) < 4:
        return {}
    existing = set(ViolationCase.objects.filter(village__township=town, title__in=TITLES)
                   .values_list("title", flat=True))
    if existing == set(TITLES):
        return {"penalty_cases": 0}
    office, leader = users["office"], users[LEADER]
    Credential.objects.get_or_create(kind=CredentialKind.LEGAL_REVIEW, number="DEMO-FZ-2024-001",
                                     defaults={"user": office, "issued_by": "司法部", "valid_from": ago(800)})
    township_officers = _certified_officers()
    staff = _department_staff(department)
    village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("sort_order", "code").first()
    made = 0
    for title, party_name, category, area in ((INFORMED, "何建国", Category.FARMLAND_BREEDING, 1600),
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
                                          registered_on=ago(75), assignee=township_officers[0])
        if title == INFORMED:  # the township's own case (delegated category)
            _to_review(case, head=leader, officers=township_officers, filed=ago(60), reported=ago(35), office=office)
            with demo_clock(ago(3)):
                penalty.record_legal_review(_fresh(case), by=office, reviewed_on=ago(3),
                                            measures=[M.FINE], fine_yuan=fines.band_amount(case),
                                            opinion="事实清楚，证据确凿，程序合法，同意拟处罚意见。", passed=True)
            _serve(case, "penalty_notice", by=office, on=ago(1), server="丰乐镇综合行政执法队 执法队员")
            made += 1
            continue
        # The county natural resources department's case: handed over, then worked there.
        head, officers, reviewer = staff["nr_head"], [staff["nr_officer"], staff["nr_officer2"]], staff["nr_legal"]
        server = f"{department.name} 执法人员"
        with demo_clock(ago(70), hour=11):
            documents.hand_over_case(_fresh(case), by=office, on=ago(70), note="随案移送现场照片及排摸材料")
        _to_review(case, head=head, officers=officers, filed=ago(60), reported=ago(35))
        with demo_clock(ago(33)):
            penalty.record_legal_review(_fresh(case), by=reviewer, reviewed_on=ago(33), measures=[M.DEMOLISH],
                                        opinion="事实清楚，证据确凿，程序合法，同意限期拆除。", passed=True)
        with demo_clock(ago(32), hour=15):
            penalty.record_collective_discussion(_fresh(case), by=head, held_on=ago(32),
                                                 participants="局长、分管副局长、执法大队大队长、法规科科长",
                                                 conclusion="同意责令限期拆除在非法占用土地上新建的建筑物和其他设施。")
        _serve(case, "penalty_notice", by=reviewer, on=ago(30), server=server)
        _serve(case, "hearing_notice", by=reviewer, on=ago(30), server=server)
        if title == HEARING:
            held = _hear(case, office=reviewer, officer=officers[0], presiding=reviewer, requested=ago(28))
            after = held + datetime.timedelta(days=1)
            with demo_clock(after):
                penalty.record_legal_review(_fresh(case), by=reviewer, reviewed_on=after, measures=[M.DEMOLISH],
                                            opinion="听证后重新审核：申辩理由不能成立，维持拟处罚意见。", passed=True)
                penalty.record_recheck(_fresh(case), by=officers[0], rechecked_on=after,
                                       conclusion="补办申请未获批准，临时使用理由不成立。", accepted=False)
            # More time: the head's 30 days, then the heads' collective discussion of a particularly
            # complex case (自然资源行政处罚办法 第三十八条).
            with demo_clock(ago(2), hour=10):
                penalty.extend_decision_clock(_fresh(case), by=head, approved_on=ago(2), days=30,
                                              reason="当事人申请补办用地手续，需待审查结果。")
            with demo_clock(ago(1), hour=16):
                penalty.extend_decision_clock(
                    _fresh(case), by=head, approved_on=ago(1), days=30, particularly_complex=True,
                    participants="局长、分管副局长、执法大队大队长、法规科科长",
                    reason="案情特别复杂：堆场涉及三宗地块权属争议，需待不动产登记机构核查，同意继续延长三十日。")
        if title == DECIDED:
            with demo_clock(ago(27)):
                penalty.record_statement(_fresh(case), by=officers[0], received_on=ago(27),
                                         statement="农庄系村集体招商引进，请求从轻。")
            with demo_clock(ago(26)):
                penalty.record_recheck(_fresh(case), by=officers[0], rechecked_on=ago(26),
                                       conclusion="未提供用地批准文件，从轻理由不成立。", accepted=False)
            with demo_clock(ago(20)):
                penalty.decide_penalty(_fresh(case), by=head, decided_on=ago(20), measures=[M.DEMOLISH])
            _serve(case, "penalty_decision", by=reviewer, on=ago(18), server=server, deadline_days=30)
        made += 1
    if stdout is not None:
        stdout.write(f"    penalty chain: {made} cases")
    return {"penalty_cases": made}

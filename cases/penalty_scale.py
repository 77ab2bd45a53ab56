"""The penalty chain's later steps in the county-scale data: a few cases per township left where
the law makes the next step wait for days, their acts dated in the past. Idempotent.

The soak (bench/soak.py) runs for seconds, but the statement period runs five working days from
the 告知书's service (自然资源行政处罚办法 第三十三条、第五十七条) and a hearing is held no earlier
than seven working days after its 听证通知书 is served (行政处罚法 第六十四条(二)、第八十五条). So
the generator leaves cases at those states, told through the services as ``penalty_demo`` tells
the demo's (each act on its day under ``landwatch.demo.demo_clock``, with every check), and the
soak's users take the next step today. Each case's title carries its stage (``STAGES``) and its
round (``ROUNDS``: one for each phase of the soak), which the soak's users search for, as a clerk
finds a case by its name.

Half of them are the township's own (village construction without a permit: 城乡规划法 第六十五条),
worked by its leader, office and officers; the other half are the county natural resources
department's (自然资源行政处罚办法 第六条), handed over by the township office (移送) and worked by
the department's head, legal reviewer and officers (territory/scale.py).
"""

import datetime
from decimal import Decimal

from landwatch.demo import at, demo_clock
from landwatch.scale import ScaleRun
from landwatch.vocabulary import Category, DiscoverySource

from . import fines
from .models import LandType, PenaltyMeasure, ViolationCase

M = PenaltyMeasure
# Stage: (the title's mark, the proposed penalty). The soak searches for the mark.
STAGES = {
    # Legal review passed, discussed (限期拆除 is serious): the 行政处罚告知书 and the 听证告知书 are
    # drafted, issued and served next.
    "inform": ("待告知", [M.DEMOLISH]),
    # Informed two working days ago: the party's 陈述申辩 comes in, within its period.
    "statement": ("待申辩", [M.FINE]),
    # Informed twelve working days ago, nothing said: the statement period has run, the head decides.
    "decide": ("待决定", [M.FINE]),
    # 告知书 and 听证告知书 served two working days ago: the party asks for a hearing (5 working days).
    "hearing_request": ("待听证申请", [M.DEMOLISH]),
    # The 听证通知书 served ten working days ago: the hearing is held today.
    "hearing": ("待听证", [M.DEMOLISH]),
    # Decided the working day before: the 行政处罚决定书 is drafted, issued and served (7 working days).
    "serve_decision": ("待送达", [M.FINE]),
}
# A set of them for each phase of the soak (its soak and its restart), told apart by the title.
ROUNDS = ("一", "二")
DEPARTMENT = "SCALE-COUNTY-NR"  # territory/scale.py SCALE_DEPARTMENTS


# In every such case's title: the soak keeps these cases out of its random writes (bench/soak.py pools),
# so that each waits for its phase's step.
STAGE_TITLE_MARK = "压测处罚案"


def stage_title(town, stage: str, round_mark: str) -> str:
    return f"{town.name}{STAGE_TITLE_MARK}{round_mark}（{STAGES[stage][0]}）"


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day before ``day`` (the holiday table: ``deadlines.clock``)."""
    from deadlines.clock import ONE_DAY, is_working_day

    while count > 0:
        day -= ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def load_penalty_stages(run: ScaleRun) -> None:
    """One case per stage of ``STAGES`` and round (``ROUNDS``) in every township, alternately its
    own and the department's."""
    from .fines import load_default_bands

    load_default_bands()  # the fines of the review stages are set inside a band
    department = run.shared["departments"].get(DEPARTMENT)
    made = 0
    for t, town in enumerate(run.shared["towns"]):
        for r, round_mark in enumerate(ROUNDS):
            for s, stage in enumerate(STAGES):
                title = stage_title(town, stage, round_mark)
                if ViolationCase.objects.filter(title=title, village__township=town).exists():
                    continue
                people = _people(run, town, department if (t + s + r) % 2 and department else None)
                _make(run, town, stage, title, people)
                made += 1
    run.progress(f"penalty chain stages: {made} cases")


def _people(run: ScaleRun, town, department: dict | None) -> dict:
    """Who works the case: the township's people, or the department's after the hand-over. The
    hearing is presided over by the township's leader, who never investigates (行政处罚法 第六十四条(四))."""
    office, leader = run.shared["office_by_town"][town.pk], run.shared["leader_by_town"][town.pk]
    officers = run.shared["officers_by_town"][town.pk][:2]
    common = {"office": office, "presiding": leader, "township_officer": officers[0]}
    if department is None:
        return {**common, "head": leader, "reviewer": office, "officers": officers,
                "category": Category.VILLAGE_CONSTRUCTION, "department": False}
    return {**common, "head": department["head"], "reviewer": department["legal"],
            "officers": department["officers"][:2], "category": Category.COMMERCIAL, "department": True}


def _fresh(case: ViolationCase) -> ViolationCase:
    return ViolationCase.objects.get(pk=case.pk)


def _serve(case, kind: str, *, by, on: datetime.date, **text):
    from documents import services as documents

    with demo_clock(on, hour=9):
        document = documents.create_document(_fresh(case), by=by, kind=kind, **text)
        documents.issue_document(document, by=by, issued_on=on)
    with demo_clock(on, hour=11):
        documents.serve_document(document, by=by, method="direct", served_on=on, recipient=case.party.name,
                                 signer=case.party.name, server="规模测试 执法人员")
    return document


def investigate(case: ViolationCase, *, head, officers, registered: datetime.date, reported: datetime.date) -> None:
    """立案 by the head two days after registration, a 勘验笔录 two days later signed by two officers,
    the investigation report on ``reported``."""
    from . import procedure

    filed = registered + datetime.timedelta(days=2)
    with demo_clock(filed, hour=10):
        procedure.file_case(_fresh(case), by=head, conditions=[key for key, _label in procedure.FILING_CONDITIONS],
                            started_on=registered - datetime.timedelta(days=30), continuing=True, on=filed)
    moment = at(filed + datetime.timedelta(days=2), 10)
    with demo_clock(moment + datetime.timedelta(hours=1)):
        procedure.add_investigation_record(
            _fresh(case), by=officers[0], kind="inspection_record", started_at=moment,
            ended_at=moment + datetime.timedelta(minutes=40), place="压测地块", persons_present="当事人；执法人员二名",
            content="现场已建房屋一处。", officers=officers)
    with demo_clock(reported, hour=16):
        procedure.submit_report(_fresh(case), by=officers[0], facts="未经批准占用土地。", evidence="现场勘验笔录一份",
                                proposal="建议依法给予行政处罚。", on=reported)


def _make(run: ScaleRun, town, stage: str, title: str, people: dict) -> None:
    from documents import services as documents

    from . import penalty, services

    today = run.today
    measures = STAGES[stage][1]
    serious = penalty.is_serious(measures, False)
    # The day the party is told (the 告知书 served), counted back in working days from today.
    informed = working_days_before(today, {"inform": 0, "statement": 2, "hearing_request": 2, "hearing": 14}
                                   .get(stage, 13))
    registered = informed - datetime.timedelta(days=50)
    village = run.shared["villages_by_town"][town.pk][0]
    office, head, reviewer, officers = people["office"], people["head"], people["reviewer"], people["officers"]
    with demo_clock(registered, hour=9):
        party = services.find_or_create_party(by=office, township=town, name=f"{town.name}压测当事人{stage}")
        case = services.register_case(
            by=office, title=title, party=party, village=village, location_text=f"{village.name}压测地块",
            land_type=LandType.FARMLAND, area_m2=Decimal(300), farmland_area_m2=Decimal(300),
            category=people["category"], source=DiscoverySource.DYNAMIC_PATROL,
            discovered_on=registered - datetime.timedelta(days=3), registered_on=registered,
            assignee=people["township_officer"])
    if people["department"]:
        with demo_clock(registered + datetime.timedelta(days=1), hour=10):
            documents.hand_over_case(_fresh(case), by=office, on=registered + datetime.timedelta(days=1))
    investigate(case, head=head, officers=officers, registered=registered,
                reported=registered + datetime.timedelta(days=6))
    reviewed = informed - datetime.timedelta(days=2)
    with demo_clock(reviewed, hour=10):
        penalty.record_legal_review(_fresh(case), by=reviewer, reviewed_on=reviewed, measures=measures,
                                    fine_yuan=fines.band_amount(case) if M.FINE in measures else None,
                                    opinion="事实清楚，同意。", passed=True)
    if serious:
        with demo_clock(reviewed, hour=15):
            penalty.record_collective_discussion(_fresh(case), by=head, held_on=reviewed, participants="压测：班子成员",
                                                 conclusion="同意拟处罚意见。")
    if stage == "inform":
        return
    _serve(case, "penalty_notice", by=reviewer, on=informed)
    if serious:
        _serve(case, "hearing_notice", by=reviewer, on=informed)
    if stage == "hearing":
        requested = working_days_before(today, 12)
        with demo_clock(requested, hour=15):
            penalty.record_hearing_request(_fresh(case), by=reviewer, requested_on=requested,
                                           note="当事人书面要求听证。")
        summoned = working_days_before(today, 10)
        with demo_clock(summoned, hour=9):
            summons = penalty.schedule_hearing(_fresh(case), by=reviewer, hearing_at=at(today, 9), place="压测听证室",
                                               presiding=people["presiding"])
            documents.issue_document(summons, by=reviewer, issued_on=summoned)
        with demo_clock(summoned, hour=11):
            documents.serve_document(summons, by=reviewer, method="direct", served_on=summoned,
                                     recipient=case.party.name, signer=case.party.name, server="规模测试 执法人员")
    if stage == "serve_decision":
        decided = working_days_before(today, 1)
        with demo_clock(decided, hour=10):
            penalty.decide_penalty(_fresh(case), by=head, decided_on=decided, measures=measures,
                                   fine_yuan=fines.band_amount(case))

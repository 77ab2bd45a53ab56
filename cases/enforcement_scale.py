"""After the decision, in the county-scale data: a few cases per township left where the next
step of enforcement, a fine, a referral or 结案 is due today, their acts dated in the past. Idempotent.

``cases/penalty_scale.py`` leaves the chain's cases up to a decision to be served; these go on from
a served decision (issue 20): the 催告书 and the party's statement on it (行政强制法 第三十五条、
第三十六条), the application to the court once the remedy periods have run (第五十三条、第五十四条;
土地管理法 第八十三条), the court's ruling and the execution (第五十七条; 第四十三条), 结案 on the
head's approval (自然资源行政处罚办法 第四十六条), a 复议 or 诉讼 and its outcome, the withdrawal
of a revoked decision's 公示, a fine's payment and its instalments (行政处罚法 第六十六条、第七十二条),
and the referral of a crime to the police with its answer (国务院令第310号). Each is told through the
services under ``landwatch.demo.demo_clock``, with every check, as ``penalty_scale`` tells its own.

They are the township's own cases (城乡规划法 第六十五条), worked by its office and its leader: the
soak's enforcement desks (bench/soak_enforcement.py) find them by the stage in the title, in a set
for each phase (``penalty_scale.ROUNDS``), and take the step today. Their titles carry
``penalty_scale.STAGE_TITLE_MARK``, so the soak's random writes leave them alone.
"""

import datetime
from decimal import Decimal

from landwatch.demo import demo_clock
from landwatch.scale import ScaleRun
from landwatch.vocabulary import DiscoverySource

from . import fines
from .models import ChallengeKind, LandType, PenaltyMeasure, ViolationCase
from .penalty_scale import ROUNDS, STAGE_TITLE_MARK, _fresh, _people, _serve, investigate, working_days_before

M = PenaltyMeasure
COURT = "规模县人民法院"
REVIEW_BODY = "规模县人民政府"
POLICE = "规模县公安局"
# Stage: (the title's mark, the measures decided, days since the decision was served; None: not decided).
STAGES = {
    # 限期拆除 served 75 days ago, its 15 days long past: the 催告书 is drafted, issued and served today.
    "demand": ("待催告", [M.DEMOLISH], 75),
    # The 催告书 served two working days ago: the party states its case (office), the leader reviews it.
    "demand_statement": ("待催告申辩", [M.DEMOLISH], 75),
    # The 催告书 served 35 days ago, the 复议 (60 days) and 诉讼 (15 days, 土地管理法 第八十三条) periods run:
    # the leader applies to the court.
    "apply": ("待申请法院", [M.DEMOLISH], 75),
    # Applied ten days ago: the court's ruling is recorded.
    "ruling": ("待法院裁定", [M.DEMOLISH], 75),
    # The court ordered enforcement three days ago: the demolition is carried out (by day, on a working day).
    "execute": ("待执行", [M.DEMOLISH], 75),
    # Carried out on the last working day: the leader approves 结案 as executed (办法 第四十六条(一)).
    "close": ("待结案", [M.DEMOLISH], 75),
    # Served ten days ago: the party applies for 复议, recorded today.
    "challenge": ("待登记复议", [M.DEMOLISH], 10),
    # 复议 pending since twenty days: its outcome (upheld) comes in.
    "challenge_upheld": ("复议中", [M.DEMOLISH], 40),
    # 诉讼 pending against a published decision: the court revokes it, and the 公示 is withdrawn.
    "challenge_revoked": ("诉讼中", [M.DEMOLISH], 40),
    # A fine served 25 days ago, unpaid after its 15 days: paid today with its surcharge running (第七十二条).
    "payment": ("待缴款", [M.FINE], 25),
    # A fine served three working days ago: the party applies to defer it, the leader approves.
    "arrangement": ("待缓缴", [M.FINE], None),
    # 永久基本农田 occupied over 5 亩 (法释〔2000〕14号 第三条): the case is referred to the police.
    "referral": ("待移送公安", [], None),
    # Referred ten days ago: the receipt and the police's decision to 立案 come back.
    "referral_answer": ("待移送回复", [], None),
}


def stage_title(town, stage: str, round_mark: str) -> str:
    return f"{town.name}{STAGE_TITLE_MARK}{round_mark}（{STAGES[stage][0]}）"


def load_enforcement_stages(run: ScaleRun) -> None:
    """One case per stage of ``STAGES`` and round in every township, the township's own."""
    fines.load_default_bands()
    made = 0
    for town in run.shared["towns"]:
        for round_mark in ROUNDS:
            for stage in STAGES:
                title = stage_title(town, stage, round_mark)
                if ViolationCase.objects.filter(title=title, village__township=town).exists():
                    continue
                _make(run, town, stage, title, _people(run, town, None))
                made += 1
    run.progress(f"enforcement stages: {made} cases")


def _register(run: ScaleRun, town, stage: str, title: str, people: dict, registered: datetime.date,
              **area) -> ViolationCase:
    from . import services

    village = run.shared["villages_by_town"][town.pk][1]
    with demo_clock(registered, hour=9):
        party = services.find_or_create_party(by=people["office"], township=town, name=f"{town.name}压测当事人{stage}")
        return services.register_case(
            by=people["office"], title=title, party=party, village=village, location_text=f"{village.name}压测地块",
            category=people["category"], source=DiscoverySource.DYNAMIC_PATROL,
            discovered_on=registered - datetime.timedelta(days=3), registered_on=registered,
            assignee=people["township_officer"], **area)


def _decide(run: ScaleRun, town, stage: str, title: str, people: dict, served: datetime.date) -> ViolationCase:
    """The chain to a decision served on ``served`` (15 days to comply), each act on its day."""
    from . import penalty

    measures = STAGES[stage][1]
    office, head, officers = people["office"], people["head"], people["officers"]
    decided = working_days_before(served, 2)
    informed = working_days_before(decided, 8)  # the statement and hearing periods run (5 working days)
    reviewed = informed - datetime.timedelta(days=2)
    reported = reviewed - datetime.timedelta(days=3)
    registered = reported - datetime.timedelta(days=12)
    case = _register(run, town, stage, title, people, registered, land_type=LandType.FARMLAND,
                     area_m2=Decimal(300), farmland_area_m2=Decimal(300))
    investigate(case, head=head, officers=officers, registered=registered, reported=reported)
    amount = fines.band_amount(case) if M.FINE in measures else None
    with demo_clock(reviewed, hour=10):
        penalty.record_legal_review(_fresh(case), by=office, reviewed_on=reviewed, measures=measures, fine_yuan=amount,
                                    opinion="事实清楚，同意。", passed=True)
    serious = penalty.is_serious(measures, False)
    if serious:
        with demo_clock(reviewed, hour=15):
            penalty.record_collective_discussion(_fresh(case), by=head, held_on=reviewed, participants="压测：班子成员",
                                                 conclusion="同意拟处罚意见。")
    _serve(case, "penalty_notice", by=office, on=informed)
    if serious:
        _serve(case, "hearing_notice", by=office, on=informed)
    with demo_clock(decided, hour=10):
        penalty.decide_penalty(_fresh(case), by=head, decided_on=decided, measures=measures, fine_yuan=amount)
    _serve(case, "penalty_decision", by=office, on=served, deadline_days=15)
    return case


def _make(run: ScaleRun, town, stage: str, title: str, people: dict) -> None:
    from . import enforcement, publicity, referrals, services
    from .models import ApplicationMaterial, CourtRuling, EnforcementKind

    today = run.today
    office, head = people["office"], people["head"]
    if stage.startswith("referral"):
        registered = today - datetime.timedelta(days=20)
        case = _register(run, town, stage, title, people, registered, land_type=LandType.BASIC_FARMLAND,
                         area_m2=Decimal(5200), farmland_area_m2=Decimal(4800), basic_farmland_area_m2=Decimal(4000))
        if stage == "referral_answer":
            sent = today - datetime.timedelta(days=10)
            with demo_clock(sent, hour=10):
                referrals.record_referral(_fresh(case), by=office, police_organ=POLICE, approved_on=sent, sent_on=sent)
        return
    days = STAGES[stage][2]
    # Served so many days ago; a fine to defer three working days ago, not yet due.
    served = working_days_before(today, 3) if days is None else today - datetime.timedelta(days=days)
    case = _decide(run, town, stage, title, people, served)
    if stage in ("demand_statement", "apply", "ruling", "execute", "close"):
        demanded = working_days_before(today, 2) if stage == "demand_statement" else today - datetime.timedelta(days=35)
        _serve(case, "demand", by=office, on=demanded, deadline_days=10)
    if stage in ("ruling", "execute", "close"):
        applied = today - datetime.timedelta(days=10)
        with demo_clock(applied, hour=10):
            enforcement.apply_to_court(_fresh(case), by=head, court=COURT, filed_on=applied,
                                       materials=ApplicationMaterial.values)
    if stage in ("execute", "close"):
        ruled = today - datetime.timedelta(days=3)
        with demo_clock(ruled, hour=10):
            enforcement.record_ruling(_fresh(case), by=office, ruling=CourtRuling.ACCEPTED, ruled_on=ruled,
                                      note="准予强制执行，由乡镇人民政府组织实施。")
    if stage == "close":
        carried_out = working_days_before(today, 1)
        with demo_clock(carried_out, hour=11):
            services.record_enforcement(_fresh(case), by=office, kind=EnforcementKind.DEMOLITION,
                                        carried_out_on=carried_out, started_at=datetime.time(9, 0),
                                        area_m2=Decimal(300), result="违法建筑已拆除，恢复耕地原状。")
    if stage in ("challenge_upheld", "challenge_revoked"):
        if stage == "challenge_revoked":
            published = served + datetime.timedelta(days=1)
            with demo_clock(published, hour=10):
                decision = publicity.current_decision(_fresh(case))
                publicity.publish(_fresh(case), by=office, channel="notice_board", location="压测：乡政府公示栏",
                                  published_on=published, text=publicity.draft_text(_fresh(case), decision))
        filed = today - datetime.timedelta(days=20)
        kind = ChallengeKind.RECONSIDERATION if stage == "challenge_upheld" else ChallengeKind.LAWSUIT
        with demo_clock(filed, hour=10):
            enforcement.record_challenge(_fresh(case), by=office, kind=kind,
                                         body=REVIEW_BODY if kind == ChallengeKind.RECONSIDERATION else COURT,
                                         filed_on=filed)

"""Demo of the long-term mechanism (长效管理) in 丰乐镇 (T01), dated relative to the day it is loaded.

Patrol plans and thirteen weeks of patrol logs up to today for the eleven villages (白马村,
荷花村 and 永丰村 deliberately behind), a few findings reported on patrol in the last weeks
(some waiting, some dismissed, two registered as cases), the eleven farmland pledges of last
year and of this one with their assessments, and ten land project cards with inspections,
among them idle and under-intensity ones. The cards' history is written for ``ANCHOR`` and
moved by the days between it and today, so a card is as late or as idle whenever it is loaded.

Everything goes through the patrols' services (and ``cases.services`` for the registrations),
each act under the demo's clock (``landwatch.demo.demo_clock``), so a log is recorded on the
day it was walked. Idempotent: plans, pledges and cards are found by stable keys; logs and
findings are created only when the township has no demo logs yet.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from landwatch.demo import demo_clock, load_day
from landwatch.vocabulary import Category
from territory.demo import DEPARTMENTS, VILLAGES
from territory.models import ResponsibilityUnit

from .models import (
    ConstructionStatus,
    FarmlandPledge,
    LandProject,
    PatrolFinding,
    PatrolLog,
    PatrolPlan,
    PatrolResult,
    PlanKind,
    PlanPeriod,
    PledgeAssessment,
    ProjectInspection,
    Urgency,
    Weather,
)
from .services import (
    assess_pledge,
    create_patrol_log,
    dismiss_finding,
    record_inspection,
    save_plan,
    save_pledge,
    save_project,
)

User = get_user_model()
DAY = datetime.timedelta(days=1)

WEEKS = 13
ANCHOR = datetime.date(2026, 11, 27)  # the day the project cards' dates below are written for
DEMO_MARK = "〔演示〕"
SEASON_MONTHS = [3, 4, 5, 9, 10, 11]
ASSESSMENT_NOTE = "年终考核，结果报镇党委作为村干部考核依据。"

ROUTES = [
    "村委会—一组—二组—河堤—村道沿线",
    "三组—四组—机耕路—山脚地块",
    "村口—老街—五组—鱼塘片",
    "工业点周边—六组—农田保护区",
]
WEATHERS = [Weather.SUNNY, Weather.SUNNY, Weather.CLOUDY, Weather.CLOUDY, Weather.RAIN, Weather.FOG]

# (village number, location, description, category, urgency, outcome, days before today)
FINDINGS = [
    (4, "河东村三组王家塘边", "新打砖混结构地基约120平方米，未见建房审批公示牌。", Category.VILLAGER_HOUSING,
     Urgency.URGENT, "open", 3),
    (5, "新桥村鱼塘北侧耕地", "耕地上搭建养殖大棚两座，已推平耕作层一角。", Category.FARMLAND_BREEDING, Urgency.NORMAL,
     "open", 5),
    (6, "长港村S203省道边", "空地硬化约2亩，堆放建材，疑似经营性堆场。", Category.COMMERCIAL, Urgency.CRITICAL,
     "open", 1),
    (9, "梅林村七组后山", "老宅旁新建附房一间，原旧房未拆除。", Category.EXTRA_HOMESTEAD, Urgency.NORMAL, "open", 8),
    (2, "青石村一组村道旁", "发现新建房屋，经核查已有审批手续。", Category.VILLAGER_HOUSING, Urgency.NORMAL,
     "dismiss:经核实为已批建房，现场有审批公示牌。", 20),
    (3, "桃源村二组桥头", "与上周上报的同一处搭建。", Category.OTHER, Urgency.NORMAL,
     "dismiss:重复上报，已并入前一条线索。", 30),
    (1, "杨柳山村山脚工业点东侧", "未经批准新建钢结构厂房约600平方米，正在施工。", Category.COMMERCIAL,
     Urgency.CRITICAL, "register", 12),
    (7, "塘湾村五组耕地", "占用耕地建设仓储用房，已浇筑地坪。", Category.COMMERCIAL, Urgency.URGENT, "register", 25),
]

# Who the demo's registered findings are against: description → (party, kind, title suffix, area m²).
REGISTERED_PARTIES = {
    "未经批准新建钢结构厂房约600平方米，正在施工。": ("杨柳山五金加工厂", "company", "违法建设厂房案", "600"),
    "占用耕地建设仓储用房，已浇筑地坪。": ("塘湾村村民孙某", "person", "占用耕地建仓储用房案", "420"),
}

# card, name, company, village number, parcel, area (亩), approved, agreed start, agreed completion,
# actual start, actual completion, plot ratio required/actual, intensity required/actual, status, signboard
PROJECTS = [
    ("T01-GY-2019-01", "精密铸件扩建项目", "丰乐精工铸造有限公司", 1, "杨柳山工业点1号地块", "35.20", (2019, 3, 10),
     (2019, 6, 1), (2020, 12, 31), (2019, 6, 15), (2020, 11, 20), ("1.20", "1.35"), ("200", "236.5"),
     ConstructionStatus.IN_PRODUCTION, True),
    ("T01-GY-2020-01", "新型建材生产线", "嘉禾新材料科技有限公司", 4, "河东工业区A-3", "48.00", (2020, 4, 20),
     (2020, 9, 1), (2022, 8, 31), (2020, 10, 8), (2023, 3, 15), ("1.00", "1.10"), ("180", "190.2"),
     ConstructionStatus.IN_PRODUCTION, True),
    ("T01-GY-2021-01", "农产品冷链物流中心", "丰乐农联冷链物流有限公司", 6, "长港村S203东侧", "26.50", (2021, 5, 6),
     (2021, 8, 1), (2023, 7, 31), (2021, 9, 1), (2023, 6, 30), ("1.00", "0.82"), ("150", "152.0"),
     ConstructionStatus.IN_PRODUCTION, True),
    ("T01-GY-2021-02", "电子元件组装厂", "云顶电子有限公司", 5, "新桥村工业点B-1", "18.60", (2021, 7, 12),
     (2021, 10, 1), (2023, 9, 30), (2021, 11, 5), (2024, 1, 10), ("1.20", "1.25"), ("220", "168.4"),
     ConstructionStatus.IN_PRODUCTION, True),
    ("T01-GY-2023-01", "竹木制品加工项目", "永丰竹木制品有限公司", 11, "永丰村北工业地块", "22.00", (2023, 11, 2),
     (2024, 3, 1), (2025, 12, 31), None, None, ("1.00", None), ("160", None), ConstructionStatus.NOT_STARTED, False),
    ("T01-GY-2024-01", "茶叶深加工项目", "梅林春茶业有限公司", 9, "梅林村茶厂东侧", "12.40", (2024, 6, 18),
     (2024, 10, 1), (2026, 9, 30), (2024, 11, 20), None, ("1.00", None), ("150", None),
     ConstructionStatus.UNDER_CONSTRUCTION, True),
    ("T01-GY-2024-02", "汽配零部件项目", "丰乐汽配有限公司", 4, "河东工业区A-5", "30.00", (2024, 8, 8),
     (2024, 12, 1), (2026, 11, 30), (2025, 3, 3), None, ("1.20", None), ("200", None),
     ConstructionStatus.UNDER_CONSTRUCTION, False),
    ("T01-GY-2025-01", "光伏支架制造项目", "嘉禾光能装备有限公司", 7, "塘湾村工业点C-2", "40.00", (2025, 5, 20),
     (2025, 9, 1), (2027, 8, 31), None, None, ("1.20", None), ("220", None), ConstructionStatus.NOT_STARTED, False),
    ("T01-GY-2025-02", "预制构件厂", "丰乐建工构件有限公司", 2, "青石村南地块", "16.80", (2025, 9, 9), (2026, 3, 1),
     (2027, 6, 30), None, None, ("1.00", None), ("160", None), ConstructionStatus.NOT_STARTED, False),
    ("T01-GY-2022-01", "纺织印染技改项目", "荷花纺织有限公司", 10, "荷花村老厂区西", "9.80", (2022, 2, 14),
     (2022, 5, 1), (2023, 12, 31), (2022, 6, 1), (2023, 11, 30), ("1.50", "1.52"), ("250", "261.0"),
     ConstructionStatus.COMPLETED, True),
]

# (card, inspection date, inspectors, progress, findings, violation)
INSPECTIONS = [
    ("T01-GY-2019-01", (2026, 4, 8), "沈国平、朱建新", "已投产", "容积率、投资强度达标。", False),
    ("T01-GY-2021-01", (2026, 4, 9), "沈国平、朱建新", "已投产",
     "实际容积率0.82，低于出让要求1.0，已告知企业。", False),
    ("T01-GY-2021-02", (2026, 4, 9), "沈国平、林晓红", "已投产",
     "实际投资强度168.4万元/亩，未达220万元/亩要求。", False),
    ("T01-GY-2023-01", (2026, 4, 10), "沈国平、朱建新", "未开工", "地块闲置，长满杂草，未见施工迹象。", False),
    ("T01-GY-2024-01", (2026, 10, 15), "沈国平", "主体完工，正在装修", "进度滞后于约定竣工日期。", False),
    ("T01-GY-2024-02", (2026, 11, 6), "沈国平、朱建新、马志刚", "厂房主体施工中",
     "未挂牌施工；红线外东侧新建临时工棚约300平方米，超出批准用地范围。", True),
    ("T01-GY-2025-01", (2026, 9, 18), "沈国平", "未开工", "场地平整未开始。", False),
]


def _moved(parts) -> datetime.date | None:
    """A date of the cards' history, moved from ``ANCHOR`` to today."""
    return datetime.date(*parts) + (load_day() - ANCHOR) if parts else None


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def load_patrols(stdout=None) -> dict:
    town = ResponsibilityUnit.objects.filter(code="T01").first()
    if town is None:
        _say(stdout, "no township T01: run the territory step first")
        return {}
    villages = list(ResponsibilityUnit.objects.filter(code__startswith="T01-V").order_by("code"))
    departments = {u.name: u for u in ResponsibilityUnit.objects.filter(code__startswith="T01-D")}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[v[2] for v in VILLAGES] + [d[1] for d in DEPARTMENTS] + ["office", "yuweiming"]
        )
    }
    office_unit = ResponsibilityUnit.objects.get(code="T01-OFF")
    office = users["office"]
    with transaction.atomic():
        plans = _plans(town, office_unit, villages, departments, office)
        logs = _logs(town, villages, departments, users, plans)
        findings = _findings(villages, users, office)
        pledges = _pledges(villages, office)
        projects = _projects(villages, office, users["officer"])
    _say(stdout, f"{len(plans)} plans, {logs} logs, {findings} findings, {pledges} pledges, {projects} project cards")
    return {"plans": len(plans), "logs": logs, "findings": findings, "pledges": pledges, "projects": projects}


def _first_monday() -> datetime.date:
    today = load_day()
    return today - datetime.timedelta(days=today.weekday(), weeks=WEEKS - 1)


def _plans(town, office_unit, villages, departments, office) -> dict:
    valid_from = _first_monday() - 4 * DAY

    def plan(name, *, villages, departments=(), **fields):
        obj = PatrolPlan.objects.filter(township=town, name=name).first()
        if obj is not None:
            return obj
        with demo_clock(valid_from - 3 * DAY):
            return save_plan(PatrolPlan(township=town, name=name, valid_from=valid_from, **fields), by=office,
                             villages=villages, departments=departments)

    joint_departments = [departments[n] for n in ("国土所", "村镇建设办", "派出所", "供电所")]
    return {
        "weekly": plan("村级协管员每周巡查", kind=PlanKind.REGULAR, responsible_unit=office_unit, times=1,
                       period=PlanPeriod.WEEK, notes="各村协管员每周至少巡查本村一次，发现苗头当日上报。",
                       villages=villages),
        "season": plan("建房旺季沿线村加密巡查", kind=PlanKind.REGULAR, responsible_unit=departments["国土所"], times=1,
                       period=PlanPeriod.WEEK, months=SEASON_MONTHS,
                       notes="春秋两季建房旺季，国土所对沿路三个村每周加巡一次。",
                       villages=villages[3:6], departments=[departments["国土所"]]),
        "joint": plan("多部门联合不定期抽查", kind=PlanKind.JOINT_SPOT_CHECK, responsible_unit=office_unit, times=1,
                      period=PlanPeriod.MONTH, notes="国土、村镇建设、派出所、供电所联合，每月至少一次，随机选村。",
                      villages=villages, departments=joint_departments),
    }


def _log(*, by, day, hour, minute=0, patrollers=(), departments=(), other_villages=(), finding=None, **fields):
    with demo_clock(day, hour=hour):
        return create_patrol_log(
            PatrolLog(patrolled_on=day, started_at=datetime.time(hour, minute), **fields), by=by,
            patrollers=patrollers, departments=departments, other_villages=other_villages, finding=finding,
        )


def _logs(town, villages, departments, users, plans) -> int:
    existing = PatrolLog.objects.filter(village__township=town, notes__startswith=DEMO_MARK)
    if existing.exists():
        return existing.count()
    today = load_day()
    this_monday = today - datetime.timedelta(days=today.weekday())
    rng = random.Random(20261127)
    officer = users["officer"]
    count = 0
    for week in range(WEEKS):
        monday = _first_monday() + datetime.timedelta(weeks=week)
        for number, village in enumerate(villages, start=1):
            if number == 8 and monday > this_monday - datetime.timedelta(weeks=5):
                continue  # 白马村: the coordinator stopped patrolling five weeks ago
            if number == 10 and week % 2:
                continue  # 荷花村: only every other week
            if number == 11 and monday >= this_monday - datetime.timedelta(weeks=1):
                continue  # 永丰村: missed the last two weeks
            day = monday + datetime.timedelta(days=rng.randint(0, min(4, (today - monday).days)))
            coordinator = users[VILLAGES[number - 1][2]]
            _log(by=coordinator, day=day, hour=rng.choice([8, 9, 14, 15]), minute=rng.choice([0, 15, 30]),
                 village=village, plan=plans["weekly"], duration_minutes=rng.choice([60, 75, 90, 120]),
                 route=f"{village.name}{rng.choice(ROUTES)}", weather=rng.choice(WEATHERS),
                 notes=f"{DEMO_MARK}按计划巡查，未发现新增违法用地。", patrollers=[coordinator])
            count += 1
            if number in (4, 5, 6) and monday.month in SEASON_MONTHS:
                _log(by=officer, day=min(day + 2 * DAY, today), hour=10, village=village, plan=plans["season"],
                     duration_minutes=90, route=f"{village.name}沿路建房片区", weather=rng.choice(WEATHERS),
                     notes=f"{DEMO_MARK}国土所旺季加密巡查。", patrollers=[officer],
                     departments=[departments["国土所"]])
                count += 1
    # One joint spot check a month, covering three villages.
    joint_departments = [departments[n] for n in ("国土所", "村镇建设办", "派出所", "供电所")]
    for days_before, picks in ((70, (1, 6, 8)), (40, (3, 4, 9)), (10, (2, 5, 7))):
        _log(by=officer, day=today - days_before * DAY, hour=9, village=villages[picks[0] - 1], plan=plans["joint"],
             duration_minutes=240, route="、".join(villages[p - 1].name for p in picks), weather=Weather.CLOUDY,
             notes=f"{DEMO_MARK}国土、村镇建设、派出所、供电所联合抽查。", departments=joint_departments,
             patrollers=[officer, users["officer_jianshe"], users["officer_police"]],
             other_villages=[villages[p - 1] for p in picks[1:]])
        count += 1
    return count + _finding_logs(villages, users)


def _finding_logs(villages, users) -> int:
    """The patrols that found something, each reporting its finding from the field."""
    today = load_day()
    for number, location, description, category, urgency, _outcome, days_before in FINDINGS:
        village = villages[number - 1]
        coordinator = users[VILLAGES[number - 1][2]]
        _log(by=coordinator, day=today - days_before * DAY, hour=16, village=village, plan=None,
             duration_minutes=60, route=f"{village.name}{location}", weather=Weather.SUNNY,
             result=PatrolResult.SUSPECTED_VIOLATION, notes=f"{DEMO_MARK}发现疑似违法用地一处，已拍照上报。",
             patrollers=[coordinator],
             finding=PatrolFinding(location_text=location, description=description, suspected_category=category,
                                   urgency=urgency))
    return len(FINDINGS)


def _findings(villages, users, office) -> int:
    """The office dismisses the findings that are no violation, two days after they were reported.

    The findings it registers as cases are the cases app's part (``cases.demo.load_cases_from_findings``),
    since a finding becomes a case through a function of ``cases``; the others stay open.
    """
    outcomes = {f[2]: f[5] for f in FINDINGS}
    waiting = PatrolFinding.objects.filter(village__in=villages, description__in=outcomes, status="reported")
    for finding in waiting.order_by("reported_at"):
        outcome = outcomes[finding.description]
        if outcome.startswith("dismiss:"):
            with demo_clock(timezone.localdate(finding.reported_at) + 2 * DAY, hour=11):
                dismiss_finding(finding, by=office, reason=outcome.split(":", 1)[1])
    return PatrolFinding.objects.filter(village__in=villages, description__in=outcomes).count()


def _pledges(villages, office) -> int:
    """Last year's pledges, assessed at its end, and this year's, signed in March (assessed in late November)."""
    rng = random.Random(2022)
    today = load_day()
    for year in (today.year - 1, today.year):
        signed = min(datetime.date(year, 3, 20), today)
        assessed = datetime.date(year, 11, 25)
        existing = set(FarmlandPledge.objects.filter(year=year, village__in=villages).values_list("village", flat=True))
        for number, village in enumerate(villages, start=1):
            if village.pk in existing:
                continue
            protected = Decimal(1800 + rng.randint(0, 2400))
            reclamation = Decimal(rng.choice([0, 10, 15, 20, 30]))
            development = Decimal(rng.choice([0, 5, 8, 12]))
            behind = number in (8, 10)
            done_share = Decimal("0.4") if behind else Decimal(rng.choice(["0.8", "1.0", "1.0", "1.1"]))
            with demo_clock(signed):
                pledge = save_pledge(FarmlandPledge(
                    village=village, year=year, protected_farmland_mu=protected,
                    basic_farmland_mu=(protected * Decimal("0.82")).quantize(Decimal("1")),
                    protected_area=f"{village.name}一至六组基本农田保护区", reclamation_task_mu=reclamation,
                    reclamation_done_mu=(reclamation * done_share).quantize(Decimal("0.1")),
                    development_task_mu=development,
                    development_done_mu=(development * done_share).quantize(Decimal("0.1")), signed_on=signed,
                    township_signatory="顾培坚", village_signatory=village.contact_person or "村主任",
                ), by=office)
            scores = {
                "farmland_score": Decimal(rng.choice([27, 28, 29, 30])),
                "basic_farmland_score": Decimal(rng.choice([18, 19, 20])),
                "reclamation_score": Decimal(6 if behind else rng.choice([12, 14, 15])),
                "development_score": Decimal(6 if behind else rng.choice([11, 13, 15])),
                "violation_control_score": Decimal(8 if number in (1, 7) or behind else rng.choice([16, 18, 20])),
            }
            if assessed <= today:
                with demo_clock(assessed):
                    assessment = PledgeAssessment(assessed_on=assessed, notes=ASSESSMENT_NOTE, **scores)
                    assess_pledge(pledge, assessment, by=office)
    return FarmlandPledge.objects.filter(village__in=villages).count()


def _projects(villages, office, officer) -> int:
    existing = set(LandProject.objects.filter(card_no__in=[p[0] for p in PROJECTS]).values_list("card_no", flat=True))
    for (card, name, company, number, parcel, area, approved, start, end, actual_start, actual_end, ratio, intensity,
         status, board) in PROJECTS:
        if card in existing:
            continue
        with demo_clock(_moved(approved)):
            save_project(LandProject(
                card_no=card, name=name, company=company, village=villages[number - 1], parcel=parcel,
                approval_no=f"嘉土批〔{_moved(approved).year}〕{number:02d}号", approved_area_mu=Decimal(area),
                approved_on=_moved(approved), agreed_start_on=_moved(start), agreed_completion_on=_moved(end),
                actual_start_on=_moved(actual_start), actual_completion_on=_moved(actual_end),
                required_plot_ratio=Decimal(ratio[0]), actual_plot_ratio=Decimal(ratio[1]) if ratio[1] else None,
                required_investment_intensity=Decimal(intensity[0]),
                actual_investment_intensity=Decimal(intensity[1]) if intensity[1] else None,
                construction_status=status, signboard_posted=board,
            ), by=office)
    cards = {p.card_no: p for p in LandProject.objects.filter(card_no__in=[p[0] for p in PROJECTS])}
    for card, day, inspectors, progress, findings, violation in INSPECTIONS:
        project, inspected = cards[card], _moved(day)
        if ProjectInspection.objects.filter(project=project, inspected_on=inspected).exists():
            continue
        with demo_clock(inspected, hour=14):
            record_inspection(ProjectInspection(project=project, inspected_on=inspected, inspectors=inspectors,
                                                progress=progress, findings=findings, violation_found=violation),
                              by=officer)
    return len(cards)

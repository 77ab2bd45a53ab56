"""Demo of the long-term mechanism (长效管理) in 丰乐镇 (T01).

Patrol plans and about three months of patrol logs up to 2026-11-27 for the eleven
villages (白马村, 荷花村 and 永丰村 deliberately behind), a few findings (some waiting, some
dismissed, a few registered as cases when the cases app offers
``cases.services.register_case_from_finding``), the eleven farmland pledges of 2022 and
2026 with their assessments, and ten land project cards with inspections, among them idle
and under-intensity ones.

Idempotent: plans, pledges and cards are looked up by stable keys; logs and findings are
created only when the township has no demo logs yet. Fast: logs and their many-to-many
rows are bulk-created.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from landwatch.vocabulary import Category
from territory.models import ResponsibilityUnit

from .demo import DEPARTMENTS, VILLAGES
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
    result_for_total,
)
from .services import dismiss_finding, record_inspection, report_finding

User = get_user_model()

DEMO_TODAY = datetime.date(2026, 11, 27)
FIRST_DAY = datetime.date(2026, 8, 31)  # a Monday, thirteen weeks before DEMO_TODAY's week
DEMO_MARK = "〔演示〕"

ROUTES = [
    "村委会—一组—二组—河堤—村道沿线",
    "三组—四组—机耕路—山脚地块",
    "村口—老街—五组—鱼塘片",
    "工业点周边—六组—农田保护区",
]
WEATHERS = [Weather.SUNNY, Weather.SUNNY, Weather.CLOUDY, Weather.CLOUDY, Weather.RAIN, Weather.FOG]

# (village index 1-based, location, description, category, urgency, outcome, log offset in days before DEMO_TODAY)
FINDINGS = [
    (
        4,
        "河东村三组王家塘边",
        "新打砖混结构地基约120平方米，未见建房审批公示牌。",
        Category.VILLAGER_HOUSING,
        Urgency.URGENT,
        "open",
        3,
    ),
    (
        5,
        "新桥村鱼塘北侧耕地",
        "耕地上搭建养殖大棚两座，已推平耕作层一角。",
        Category.FARMLAND_BREEDING,
        Urgency.NORMAL,
        "open",
        5,
    ),
    (
        6,
        "长港村S203省道边",
        "空地硬化约2亩，堆放建材，疑似经营性堆场。",
        Category.COMMERCIAL,
        Urgency.CRITICAL,
        "open",
        1,
    ),
    (9, "梅林村七组后山", "老宅旁新建附房一间，原旧房未拆除。", Category.EXTRA_HOMESTEAD, Urgency.NORMAL, "open", 8),
    (
        2,
        "青石村一组村道旁",
        "发现新建房屋，经核查已有审批手续。",
        Category.VILLAGER_HOUSING,
        Urgency.NORMAL,
        "dismiss:经核实为已批建房，现场有审批公示牌。",
        20,
    ),
    (
        3,
        "桃源村二组桥头",
        "与上周上报的同一处搭建。",
        Category.OTHER,
        Urgency.NORMAL,
        "dismiss:重复上报，已并入前一条线索。",
        30,
    ),
    (
        1,
        "杨柳山村山脚工业点东侧",
        "未经批准新建钢结构厂房约600平方米，正在施工。",
        Category.COMMERCIAL,
        Urgency.CRITICAL,
        "register",
        12,
    ),
    (7, "塘湾村五组耕地", "占用耕地建设仓储用房，已浇筑地坪。", Category.COMMERCIAL, Urgency.URGENT, "register", 25),
]

# Who the demo's registered findings are against: description → (party, kind, title suffix, area m²).
REGISTERED_PARTIES = {
    "未经批准新建钢结构厂房约600平方米，正在施工。": ("杨柳山五金加工厂", "company", "违法建设厂房案", "600"),
    "占用耕地建设仓储用房，已浇筑地坪。": ("塘湾村村民孙某", "person", "占用耕地建仓储用房案", "420"),
}

# card, name, company, village index, parcel, area, approved, agreed start, agreed completion,
# actual start, actual completion, plot ratio req/actual, intensity req/actual, status, signboard
PROJECTS = [
    (
        "T01-GY-2019-01",
        "精密铸件扩建项目",
        "丰乐精工铸造有限公司",
        1,
        "杨柳山工业点1号地块",
        "35.20",
        (2019, 3, 10),
        (2019, 6, 1),
        (2020, 12, 31),
        (2019, 6, 15),
        (2020, 11, 20),
        ("1.20", "1.35"),
        ("200", "236.5"),
        ConstructionStatus.IN_PRODUCTION,
        True,
    ),
    (
        "T01-GY-2020-01",
        "新型建材生产线",
        "嘉禾新材料科技有限公司",
        4,
        "河东工业区A-3",
        "48.00",
        (2020, 4, 20),
        (2020, 9, 1),
        (2022, 8, 31),
        (2020, 10, 8),
        (2023, 3, 15),
        ("1.00", "1.10"),
        ("180", "190.2"),
        ConstructionStatus.IN_PRODUCTION,
        True,
    ),
    (
        "T01-GY-2021-01",
        "农产品冷链物流中心",
        "丰乐农联冷链物流有限公司",
        6,
        "长港村S203东侧",
        "26.50",
        (2021, 5, 6),
        (2021, 8, 1),
        (2023, 7, 31),
        (2021, 9, 1),
        (2023, 6, 30),
        ("1.00", "0.82"),
        ("150", "152.0"),
        ConstructionStatus.IN_PRODUCTION,
        True,
    ),
    (
        "T01-GY-2021-02",
        "电子元件组装厂",
        "云顶电子有限公司",
        5,
        "新桥村工业点B-1",
        "18.60",
        (2021, 7, 12),
        (2021, 10, 1),
        (2023, 9, 30),
        (2021, 11, 5),
        (2024, 1, 10),
        ("1.20", "1.25"),
        ("220", "168.4"),
        ConstructionStatus.IN_PRODUCTION,
        True,
    ),
    (
        "T01-GY-2023-01",
        "竹木制品加工项目",
        "永丰竹木制品有限公司",
        11,
        "永丰村北工业地块",
        "22.00",
        (2023, 11, 2),
        (2024, 3, 1),
        (2025, 12, 31),
        None,
        None,
        ("1.00", None),
        ("160", None),
        ConstructionStatus.NOT_STARTED,
        False,
    ),
    (
        "T01-GY-2024-01",
        "茶叶深加工项目",
        "梅林春茶业有限公司",
        9,
        "梅林村茶厂东侧",
        "12.40",
        (2024, 6, 18),
        (2024, 10, 1),
        (2026, 9, 30),
        (2024, 11, 20),
        None,
        ("1.00", None),
        ("150", None),
        ConstructionStatus.UNDER_CONSTRUCTION,
        True,
    ),
    (
        "T01-GY-2024-02",
        "汽配零部件项目",
        "丰乐汽配有限公司",
        4,
        "河东工业区A-5",
        "30.00",
        (2024, 8, 8),
        (2024, 12, 1),
        (2026, 11, 30),
        (2025, 3, 3),
        None,
        ("1.20", None),
        ("200", None),
        ConstructionStatus.UNDER_CONSTRUCTION,
        False,
    ),
    (
        "T01-GY-2025-01",
        "光伏支架制造项目",
        "嘉禾光能装备有限公司",
        7,
        "塘湾村工业点C-2",
        "40.00",
        (2025, 5, 20),
        (2025, 9, 1),
        (2027, 8, 31),
        None,
        None,
        ("1.20", None),
        ("220", None),
        ConstructionStatus.NOT_STARTED,
        False,
    ),
    (
        "T01-GY-2025-02",
        "预制构件厂",
        "丰乐建工构件有限公司",
        2,
        "青石村南地块",
        "16.80",
        (2025, 9, 9),
        (2026, 3, 1),
        (2027, 6, 30),
        None,
        None,
        ("1.00", None),
        ("160", None),
        ConstructionStatus.NOT_STARTED,
        False,
    ),
    (
        "T01-GY-2022-01",
        "纺织印染技改项目",
        "荷花纺织有限公司",
        10,
        "荷花村老厂区西",
        "9.80",
        (2022, 2, 14),
        (2022, 5, 1),
        (2023, 12, 31),
        (2022, 6, 1),
        (2023, 11, 30),
        ("1.50", "1.52"),
        ("250", "261.0"),
        ConstructionStatus.COMPLETED,
        True,
    ),
]

# (card, inspection date, inspectors, progress, findings, violation)
INSPECTIONS = [
    ("T01-GY-2019-01", (2026, 4, 8), "沈国平、朱建新", "已投产", "容积率、投资强度达标。", False),
    (
        "T01-GY-2021-01",
        (2026, 4, 9),
        "沈国平、朱建新",
        "已投产",
        "实际容积率0.82，低于出让要求1.0，已告知企业。",
        False,
    ),
    (
        "T01-GY-2021-02",
        (2026, 4, 9),
        "沈国平、林晓红",
        "已投产",
        "实际投资强度168.4万元/亩，未达220万元/亩要求。",
        False,
    ),
    ("T01-GY-2023-01", (2026, 4, 10), "沈国平、朱建新", "未开工", "地块闲置，长满杂草，未见施工迹象。", False),
    ("T01-GY-2024-01", (2026, 10, 15), "沈国平", "主体完工，正在装修", "进度滞后于约定竣工日期。", False),
    (
        "T01-GY-2024-02",
        (2026, 11, 6),
        "沈国平、朱建新、马志刚",
        "厂房主体施工中",
        "未挂牌施工；红线外东侧新建临时工棚约300平方米，超出批准用地范围。",
        True,
    ),
    ("T01-GY-2025-01", (2026, 9, 18), "沈国平", "未开工", "场地平整未开始。", False),
]


def _d(parts) -> datetime.date | None:
    return datetime.date(*parts) if parts else None


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def load_patrols(stdout=None) -> dict:
    town = ResponsibilityUnit.objects.filter(code="T01").first()
    if town is None:
        _say(stdout, "no township T01: run patrols.demo.load_territory first")
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
        logs = _logs(town, villages, departments, users, plans, stdout)
        findings = _findings(villages, users, office, stdout)
        pledges = _pledges(villages, office, users)
        projects = _projects(villages, office, users["officer"])
    _say(
        stdout, f"{plans['count']} plans, {logs} logs, {findings} findings, {pledges} pledges, {projects} project cards"
    )
    return {"plans": plans["count"], "logs": logs, "findings": findings, "pledges": pledges, "projects": projects}


def _plans(town, office_unit, villages, departments, office) -> dict:
    def plan(name, **fields):
        obj = PatrolPlan.objects.filter(township=town, name=name).first() or PatrolPlan(township=town, name=name)
        m2m = {k: fields.pop(k) for k in ("villages", "departments")}
        for key, value in fields.items():
            setattr(obj, key, value)
        if obj.pk is None:
            obj.created_by = office
        obj.save()
        obj.villages.set(m2m["villages"])
        obj.departments.set(m2m["departments"])
        return obj

    weekly = plan(
        "村级协管员每周巡查",
        kind=PlanKind.REGULAR,
        responsible_unit=office_unit,
        times=1,
        period=PlanPeriod.WEEK,
        valid_from=datetime.date(2026, 3, 1),
        notes="各村协管员每周至少巡查本村一次，发现苗头当日上报。",
        villages=villages,
        departments=[],
    )
    season = plan(
        "建房旺季沿线村加密巡查",
        kind=PlanKind.REGULAR,
        responsible_unit=departments["国土所"],
        times=1,
        period=PlanPeriod.WEEK,
        months=[3, 4, 5, 9, 10, 11],
        valid_from=datetime.date(2026, 3, 1),
        notes="春秋两季建房旺季，国土所对沿路三个村每周加巡一次。",
        villages=[villages[3], villages[4], villages[5]],
        departments=[departments["国土所"]],
    )
    joint = plan(
        "多部门联合不定期抽查",
        kind=PlanKind.JOINT_SPOT_CHECK,
        responsible_unit=office_unit,
        times=1,
        period=PlanPeriod.MONTH,
        valid_from=datetime.date(2026, 3, 1),
        notes="国土、村镇建设、派出所、供电所联合，每月至少一次，随机选村。",
        villages=villages,
        departments=[departments[n] for n in ("国土所", "村镇建设办", "派出所", "供电所")],
    )
    return {"weekly": weekly, "season": season, "joint": joint, "count": 3}


def _logs(town, villages, departments, users, plans, stdout) -> int:
    existing = PatrolLog.objects.filter(village__township=town, notes__startswith=DEMO_MARK)
    if existing.exists():
        return existing.count()
    rng = random.Random(20261127)
    coordinators = {v.code: users[VILLAGES[i][2]] for i, v in enumerate(villages)}
    officer = users["officer"]
    rows: list[tuple[PatrolLog, list, list, list]] = []
    weeks = (DEMO_TODAY - FIRST_DAY).days // 7 + 1
    for week in range(weeks):
        monday = FIRST_DAY + datetime.timedelta(weeks=week)
        for index, village in enumerate(villages):
            number = index + 1
            if number == 8 and monday > datetime.date(2026, 10, 19):
                continue  # 白马村: the coordinator stopped patrolling in late October
            if number == 10 and week % 2:
                continue  # 荷花村: only every other week
            if number == 11 and monday >= datetime.date(2026, 11, 16):
                continue  # 永丰村: missed the last two weeks
            day = monday + datetime.timedelta(days=rng.randint(0, 4))
            if day > DEMO_TODAY:
                continue
            log = PatrolLog(
                village=village,
                plan=plans["weekly"],
                patrolled_on=day,
                started_at=datetime.time(rng.choice([8, 9, 14, 15]), rng.choice([0, 15, 30])),
                duration_minutes=rng.choice([60, 75, 90, 120]),
                route=f"{village.name}{rng.choice(ROUTES)}",
                weather=rng.choice(WEATHERS),
                result=PatrolResult.NOTHING_FOUND,
                notes=f"{DEMO_MARK}按计划巡查，未发现新增违法用地。",
                created_by=coordinators[village.code],
            )
            rows.append((log, [coordinators[village.code]], [], []))
            if number in (4, 5, 6) and monday.month in (9, 10, 11):
                extra_day = min(day + datetime.timedelta(days=2), DEMO_TODAY)
                log = PatrolLog(
                    village=village,
                    plan=plans["season"],
                    patrolled_on=extra_day,
                    started_at=datetime.time(10, 0),
                    duration_minutes=90,
                    route=f"{village.name}沿路建房片区",
                    weather=rng.choice(WEATHERS),
                    result=PatrolResult.NOTHING_FOUND,
                    notes=f"{DEMO_MARK}国土所旺季加密巡查。",
                    created_by=officer,
                )
                rows.append((log, [officer], [departments["国土所"]], []))
    # One joint spot check a month, covering three villages.
    for month, picks in ((9, (1, 6, 8)), (10, (3, 4, 9)), (11, (2, 5, 7))):
        lead = villages[picks[0] - 1]
        log = PatrolLog(
            village=lead,
            plan=plans["joint"],
            patrolled_on=datetime.date(2026, month, 18),
            started_at=datetime.time(9, 0),
            duration_minutes=240,
            route="、".join(villages[p - 1].name for p in picks),
            weather=Weather.CLOUDY,
            result=PatrolResult.NOTHING_FOUND,
            notes=f"{DEMO_MARK}国土、村镇建设、派出所、供电所联合抽查。",
            created_by=officer,
        )
        joint_departments = [departments[n] for n in ("国土所", "村镇建设办", "派出所", "供电所")]
        rows.append(
            (
                log,
                [officer, users["officer_jianshe"], users["officer_police"]],
                joint_departments,
                [villages[p - 1] for p in picks[1:]],
            )
        )
    created = PatrolLog.objects.bulk_create([r[0] for r in rows])
    Patrollers = PatrolLog.patrollers.through
    Departments = PatrolLog.departments.through
    Others = PatrolLog.other_villages.through
    Patrollers.objects.bulk_create(
        [
            Patrollers(patrollog_id=log.pk, user_id=u.pk)
            for log, (_, ps, _, _) in zip(created, rows, strict=True)
            for u in ps
        ]
    )
    Departments.objects.bulk_create(
        [
            Departments(patrollog_id=log.pk, responsibilityunit_id=d.pk)
            for log, (_, _, ds, _) in zip(created, rows, strict=True)
            for d in ds
        ]
    )
    Others.objects.bulk_create(
        [
            Others(patrollog_id=log.pk, responsibilityunit_id=v.pk)
            for log, (_, _, _, vs) in zip(created, rows, strict=True)
            for v in vs
        ]
    )
    return len(created)


def _findings(villages, users, office, stdout) -> int:
    descriptions = [f[2] for f in FINDINGS]
    if not PatrolFinding.objects.filter(village__in=villages, description__in=descriptions).exists():
        _create_findings(villages, users, office)
    _register_some(villages, office, stdout)
    return PatrolFinding.objects.filter(village__in=villages, description__in=descriptions).count()


def _create_findings(villages, users, office) -> None:
    for number, location, description, category, urgency, outcome, days_before in FINDINGS:
        village = villages[number - 1]
        day = DEMO_TODAY - datetime.timedelta(days=days_before)
        log = (
            PatrolLog.objects.filter(village=village, patrolled_on__lte=day, withdrawn_at__isnull=True)
            .order_by("-patrolled_on")
            .first()
        )
        reporter = log.created_by if log else users[VILLAGES[number - 1][2]]
        finding = report_finding(
            PatrolFinding(
                log=log,
                village=village,
                location_text=location,
                description=description,
                suspected_category=category,
                urgency=urgency,
            ),
            by=reporter,
        )
        if log is not None:
            PatrolLog.objects.filter(pk=log.pk).update(
                result=PatrolResult.SUSPECTED_VIOLATION, notes=f"{DEMO_MARK}发现疑似违法用地一处，已拍照上报。"
            )
        if outcome.startswith("dismiss:"):
            dismiss_finding(finding, by=office, reason=outcome.split(":", 1)[1])


def _register_some(villages, office, stdout) -> None:
    """Turn the findings meant to become cases into cases (idempotent: only findings still
    waiting are registered)."""
    # Imported here: the demo drives the cases app, the patrols app itself never imports it.
    from cases.models import Party
    from cases.services import register_case_from_finding

    wanted = {f[2]: f for f in FINDINGS if f[5] == "register"}
    for finding in PatrolFinding.objects.filter(village__in=villages, description__in=wanted, status="reported"):
        owner = REGISTERED_PARTIES.get(finding.description, ("当事人不明", "person"))
        party = Party.objects.filter(
            township_id=finding.village.township_id, name=owner[0]
        ).first() or Party.objects.create(township_id=finding.village.township_id, name=owner[0], kind=owner[1])
        register_case_from_finding(
            finding,
            by=office,
            party=party,
            title=f"{finding.location_text}{owner[2]}",
            area_m2=Decimal(owner[3]),
        )


def _pledges(villages, office, users) -> int:
    rng = random.Random(2022)
    count = 0
    for year, signed, assessed in (
        (2022, datetime.date(2022, 3, 28), datetime.date(2022, 12, 20)),
        (2026, datetime.date(2026, 3, 20), datetime.date(2026, 11, 25)),
    ):
        existing = {p.village_id: p for p in FarmlandPledge.objects.filter(year=year, village__in=villages)}
        new = []
        for index, village in enumerate(villages):
            if village.pk in existing:
                continue
            protected = Decimal(1800 + rng.randint(0, 2400))
            basic = (protected * Decimal("0.82")).quantize(Decimal("1"))
            reclamation = Decimal(rng.choice([0, 10, 15, 20, 30]))
            development = Decimal(rng.choice([0, 5, 8, 12]))
            behind = index + 1 in (8, 10)
            done_share = Decimal("0.4") if behind else Decimal(rng.choice(["0.8", "1.0", "1.0", "1.1"]))
            new.append(
                FarmlandPledge(
                    village=village,
                    year=year,
                    protected_farmland_mu=protected,
                    basic_farmland_mu=basic,
                    protected_area=f"{village.name}一至六组基本农田保护区",
                    reclamation_task_mu=reclamation,
                    reclamation_done_mu=(reclamation * done_share).quantize(Decimal("0.1")),
                    development_task_mu=development,
                    development_done_mu=(development * done_share).quantize(Decimal("0.1")),
                    signed_on=signed,
                    township_signatory="顾培坚",
                    village_signatory=village.contact_person or "村主任",
                    notes="",
                    created_by=office,
                )
            )
        created = FarmlandPledge.objects.bulk_create(new)
        count += len(existing) + len(created)
        assessments = []
        for pledge in created:
            index = villages.index(next(v for v in villages if v.pk == pledge.village_id)) + 1
            behind = index in (8, 10)
            scores = {
                "farmland_score": Decimal(rng.choice([27, 28, 29, 30])),
                "basic_farmland_score": Decimal(rng.choice([18, 19, 20])),
                "reclamation_score": Decimal(6 if behind else rng.choice([12, 14, 15])),
                "development_score": Decimal(6 if behind else rng.choice([11, 13, 15])),
                "violation_control_score": Decimal(8 if index in (1, 7) or behind else rng.choice([16, 18, 20])),
            }
            assessment = PledgeAssessment(
                pledge=pledge,
                assessed_on=assessed,
                assessed_by=office,
                notes="年终考核，结果报镇党委作为村干部考核依据。",
                **scores,
            )
            assessment.total = assessment.compute_total()
            assessment.result = result_for_total(assessment.total)
            assessments.append(assessment)
        PledgeAssessment.objects.bulk_create(assessments)
    return count


def _projects(villages, office, officer) -> int:
    existing = set(LandProject.objects.filter(card_no__in=[p[0] for p in PROJECTS]).values_list("card_no", flat=True))
    new = []
    for (
        card,
        name,
        company,
        number,
        parcel,
        area,
        approved,
        start,
        end,
        actual_start,
        actual_end,
        ratio,
        intensity,
        status,
        board,
    ) in PROJECTS:
        if card in existing:
            continue
        new.append(
            LandProject(
                card_no=card,
                name=name,
                company=company,
                village=villages[number - 1],
                parcel=parcel,
                approval_no=f"嘉土批〔{approved[0]}〕{number:02d}号",
                approved_area_mu=Decimal(area),
                approved_on=_d(approved),
                agreed_start_on=_d(start),
                agreed_completion_on=_d(end),
                actual_start_on=_d(actual_start),
                actual_completion_on=_d(actual_end),
                required_plot_ratio=Decimal(ratio[0]),
                actual_plot_ratio=Decimal(ratio[1]) if ratio[1] else None,
                required_investment_intensity=Decimal(intensity[0]),
                actual_investment_intensity=Decimal(intensity[1]) if intensity[1] else None,
                construction_status=status,
                signboard_posted=board,
                contact_person="",
                created_by=office,
            )
        )
    LandProject.objects.bulk_create(new)
    cards = {p.card_no: p for p in LandProject.objects.filter(card_no__in=[p[0] for p in PROJECTS])}
    for card, day, inspectors, progress, findings, violation in INSPECTIONS:
        project = cards[card]
        if ProjectInspection.objects.filter(project=project, inspected_on=_d(day)).exists():
            continue
        record_inspection(
            ProjectInspection(
                project=project,
                inspected_on=_d(day),
                inspectors=inspectors,
                progress=progress,
                findings=findings,
                violation_found=violation,
            ),
            by=officer,
        )
    return len(cards)

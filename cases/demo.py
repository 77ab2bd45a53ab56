"""Demo cases: the seed's 42 violations in 丰乐镇 at every state, plus two in 云溪镇.

Told through the services, each act on its day (``landwatch.demo.demo_clock``), relative to
the day the demo is loaded (``DAYS``): the 42 cases found in last year's actions are registered
for this year's campaign during its mobilisation phase, decided as the correction phase
opens, served their notices (``documents.demo``, through the documents' services) and then
corrected, re-inspected, enforced, resolved or reopened (``load_outcomes``). So numbers,
events, deadlines and closing dates agree with each other and with today, and a change to a
service shows in the demo at once.

Idempotent: a case is found by its township and title; each step acts only on the cases that
have not gone through it yet.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from landwatch.demo import demo_clock, load_day
from landwatch.vocabulary import Category, DiscoverySource
from patrols.demo import FINDINGS, REGISTERED_PARTIES
from patrols.models import FindingStatus, PatrolFinding
from territory.models import ResponsibilityUnit

from . import services
from .models import AttachmentKind, CaseStatus, Disposition, EventKind, LandType, NoActionGround, ViolationCase
from .transitions import default_disposition

User = get_user_model()
S = CaseStatus
C = Category

# Paths through the lifecycle (DESIGN.md); each demo case follows one.
REG, DECIDED, OVERDUE, SOON, LATER, CORRECTED, PASSED, FAILED, ENFORCING, ENFORCED, DEFERRED, RESOLVED, \
    NO_ACTION, WITHDRAWN, REOPENED = range(15)

QIANTANG = "钱塘物资有限公司非法占用耕地案"

# (title, party, category, path, area m², farmland m², causes)
CASES = [
    (QIANTANG, "钱塘物资有限公司", C.COMMERCIAL, OVERDUE, 6800, 5200, ["development_pressure", "weak_management"]),
    ("丰华建材厂违法占地堆场案", "丰乐镇丰华建材厂", C.COMMERCIAL, ENFORCED, 1500, 900, ["development_pressure"]),
    ("宏达五金加工厂未批先建案", "宏达五金加工厂", C.COMMERCIAL, ENFORCING, 820, 600, ["development_pressure"]),
    ("顺发物流违法占地停车场案", "顺发物流有限公司", C.COMMERCIAL, SOON, 2300, 1800, ["development_pressure"]),
    ("永兴石料场扩建占地案", "永兴石料场", C.COMMERCIAL, PASSED, 1200, 0, ["slow_procedure"]),
    ("绿源农家乐违法建设案", "绿源农家乐", C.COMMERCIAL, REG, 450, 300, ["cadre_awareness"]),
] + [
    (f"{name}未批建房案", name, C.VILLAGER_HOUSING, path, area, 0, ["housing_freeze", "planning_limits"])
    for name, path, area in [
        ("王建国", DEFERRED, 120), ("李秀兰", DEFERRED, 110), ("张德明", DEFERRED, 135), ("刘永福", DEFERRED, 98),
        ("陈金花", DEFERRED, 126), ("杨志强", DEFERRED, 140), ("赵春生", DEFERRED, 105), ("黄美玲", RESOLVED, 118),
        ("周国栋", RESOLVED, 122), ("吴长林", RESOLVED, 130), ("徐玉梅", REG, 96), ("孙建华", WITHDRAWN, 88),
    ]
] + [
    (f"{name}占用耕地养殖案", name, C.FARMLAND_BREEDING, path, area, area, ["development_pressure"])
    for name, path, area in [
        ("胡海涛", NO_ACTION, 600), ("朱凤英", NO_ACTION, 420), ("高文军", NO_ACTION, 380), ("林桂芳", LATER, 900),
        ("何志华", CORRECTED, 520), ("郭宝山", PASSED, 700), ("马丽娟", PASSED, 460), ("罗建平", FAILED, 650),
    ]
] + [
    (f"{name}一户多宅案", name, C.EXTRA_HOMESTEAD, path, area, farm, ["weak_management", "cadre_awareness"])
    for name, path, area, farm in [
        ("梁有才", OVERDUE, 160, 60), ("宋金宝", OVERDUE, 140, 0), ("郑小龙", SOON, 125, 40), ("谢银娣", SOON, 150, 0),
        ("韩国庆", CORRECTED, 132, 0), ("唐永红", CORRECTED, 118, 50), ("冯立新", PASSED, 145, 0),
        ("于海波", PASSED, 128, 0), ("董秀珍", PASSED, 110, 30), ("萧长明", ENFORCING, 170, 80),
        ("程德胜", ENFORCED, 155, 55), ("曹月娥", REOPENED, 138, 0),
    ]
] + [
    ("新桥村集体仓库违规扩建案", "新桥村股份经济合作社", C.OTHER, DECIDED, 300, 0, ["planning_limits"]),
    ("白马村道路边临时棚屋案", "白马村村民委员会", C.OTHER, REG, 60, 0, ["weak_management"]),
    ("荷花村重复登记案", "邵建军", C.OTHER, WITHDRAWN, 80, 0, ["weak_management"]),
    ("长港村废弃砖窑占地案", "长港村砖瓦厂", C.OTHER, PASSED, 2600, 1200, ["slow_procedure"]),
]
assert len(CASES) == 42

COMPANIES = {"钱塘物资有限公司": "91330100MA2B7XQ12K", "顺发物流有限公司": "91330100MA2C1LPX3N"}
SEED_DISCIPLINE = "根据市国土局的建议，对有关当事人和责任人给予必要的纪律处分。"
OFFICERS = ["officer", "officer_jianshe", "officer", "officer_police", "officer", "officer_power"]
PHOTO_CASES = {QIANTANG: (180, 60, 40), "梁有才一户多宅案": (120, 110, 90), "宏达五金加工厂未批先建案": (90, 90, 140)}

# The scenario's calendar in days from the day the demo is loaded (negative: before), set in
# the campaign's phases (``campaigns.demo.PHASE_DAYS``: mobilisation -45…-35, correction
# -34…+21): cases registered during the mobilisation, decided as the correction opens, notices
# served a month ago, the outcomes of the last weeks.
DAYS = {
    "registered": -44,  # the first day; six cases a day after it
    "withdrawn": -36,
    "decided": -32,
    "notice": -30,  # the notices of the cases that have moved on since, 15 days each
    "running_notice": -25,  # the notices still running: overdue, due soon, later
    "self_corrected": -20,
    "reinspected": -12,
    "approved": -12,
    "power_cut": -10,
    "demolished": -5,
    "verified": -3,
    "reopened": -3,
    "resolved": -8,
    "second_township": -30,
}
NOTICE_DAYS = 15
RUNNING_NOTICE_DAYS = {OVERDUE: 19, SOON: 27, LATER: 45}  # deadlines at -6, +2, +20
NOTICE_PATHS = {OVERDUE, SOON, LATER, CORRECTED, PASSED, FAILED, ENFORCING, ENFORCED, REOPENED}
PATH = {title: path for title, _party, _category, path, *_rest in CASES}
TOWNSHIP, SECOND_TOWNSHIP = "T01", "T02"


def day(key: str) -> datetime.date:
    """The day of ``DAYS[key]``, counted from today."""
    return load_day() + datetime.timedelta(days=DAYS[key])


def _photo(color) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (200, 215, 190))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 480), fill=(130, 150, 90))  # field
    draw.rectangle((180, 150, 460, 330), fill=color)  # the building
    draw.polygon([(160, 150), (320, 70), (480, 150)], fill=(110, 50, 40))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=80)
    return SimpleUploadedFile("现场照片.jpg", buf.getvalue(), content_type="image/jpeg")


def demo_cases(code: str = TOWNSHIP):
    return ViolationCase.objects.filter(village__township__code=code).select_related("party", "village", "assignee")


def notices() -> list[tuple[ViolationCase, datetime.date, int]]:
    """(case, service day, days given) of every demo case whose story has a rectification notice.

    For ``documents.demo``, which serves them through the documents' services.
    """
    by_title = {case.title: case for case in demo_cases()}
    plan = []
    for title, path in PATH.items():
        if path in NOTICE_PATHS and title in by_title:
            if path in RUNNING_NOTICE_DAYS:
                plan.append((by_title[title], day("running_notice"), RUNNING_NOTICE_DAYS[path]))
            else:
                plan.append((by_title[title], day("notice"), NOTICE_DAYS))
    return plan


def load_cases(stdout=None) -> dict:
    """Register the 42 cases for the campaign and decide them (the notices come from ``documents.demo``)."""
    # The demo township's campaign, reached through the case's own field: cases does not import campaigns.
    Campaign = ViolationCase._meta.get_field("campaign").related_model
    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    if town is None:
        return {}
    campaign = Campaign.objects.filter(township=town).order_by("-start_date").first()
    office = User.objects.get(username="office")
    officers = {u.username: u for u in User.objects.filter(username__in=set(OFFICERS))}
    villages = list(ResponsibilityUnit.objects.villages().filter(township=town).order_by("sort_order", "code"))
    existing = set(demo_cases().values_list("title", flat=True))
    by_day: dict[datetime.date, list[dict]] = {}
    for i, (title, party_name, category, path, area, farmland, causes) in enumerate(CASES, start=1):
        if title in existing:
            continue
        village = villages[(i - 1) % len(villages)]
        registered = day("registered") + datetime.timedelta(days=(i - 1) // 6)
        with demo_clock(registered, hour=9):
            party = _party(town, party_name, i, by=office)
        by_day.setdefault(registered, []).append({
            "title": title, "party": party, "village": village,
            "location_text": f"{village.name}{(i % 6) + 1}组" + ("国道旁" if category == C.COMMERCIAL else "宅基地旁"),
            "latitude": Decimal("30.2") + Decimal(i) / 1000 if i % 3 == 0 else None,
            "longitude": Decimal("120.1") + Decimal(i) / 1000 if i % 3 == 0 else None,
            "land_type": LandType.FARMLAND if farmland else LandType.HOMESTEAD,
            "area_m2": Decimal(area), "farmland_area_m2": Decimal(farmland), "category": category,
            "plough_layer_damaged": (path != NO_ACTION) if category == C.FARMLAND_BREEDING else None,
            "source": DiscoverySource.DOUBLE_VIOLATION if i % 2 else DiscoverySource.HUNDRED_DAYS,
            # Found in last year's 双违 and 百日 actions, before this campaign.
            "discovered_on": registered - datetime.timedelta(days=150 + 2 * i),
            "campaign": campaign, "causes": causes,
            "assignee": None if path == REG else officers[OFFICERS[i % len(OFFICERS)] if category != C.COMMERCIAL
                                                          else "officer"],
            "description": f"经排摸，{party_name}在{village.name}占地约{area}平方米。",
        })
    created = []
    for registered, specs in sorted(by_day.items()):
        with demo_clock(registered):
            created += services.register_cases(by=office, specs=specs)
    for case in sorted(created, key=lambda c: c.number):
        _decide(case, PATH[case.title], office)
    count = len(created) + _load_second_township()
    if stdout is not None:
        stdout.write(f"    cases: {count} registered, {ViolationCase.objects.count()} in all")
    return {"created": count}


def _decide(case: ViolationCase, path: int, office) -> None:
    if path == WITHDRAWN:
        with demo_clock(day("withdrawn")):
            services.withdraw_case(case, by=office, reason="经核实为重复登记，撤销立案。")
        return
    if path == REG:
        return
    default = default_disposition(case.category, case.plough_layer_damaged)
    if path in (DEFERRED, RESOLVED):
        disposition = Disposition.PLANNING
    elif path == NO_ACTION:
        disposition = Disposition.NO_ACTION
    else:
        disposition = default if default in (Disposition.PROSECUTE, Disposition.RESTORE_FARMLAND) else \
            Disposition.DEMOLISH
    reason = "" if disposition == default else "经领导小组办公室研究，限期拆除。"
    with demo_clock(day("decided")):
        services.decide_case(case, by=office, disposition=disposition, reason=reason,
                             no_action_ground=NoActionGround.MINOR_CORRECTED)


def load_outcomes(stdout=None) -> dict:
    """What happened after the notices: corrections, re-inspections, enforcement, resolutions, a relapse.

    Also the evidence photos taken at the survey and the discipline the city bureau proposed.
    Runs after ``documents.demo.load_documents``.
    """
    users = {u.username: u for u in User.objects.filter(username__in=["office", "gupeijian"])}
    if len(users) < 2:
        return {}
    office, leader = users["office"], users["gupeijian"]
    done = 0
    for case in demo_cases().order_by("number"):
        path = PATH.get(case.title)
        if case.events.filter(kind__in=OUTCOME_KINDS).exists() or path is None:
            continue
        if path == RESOLVED and case.status == S.DEFERRED:
            with demo_clock(day("resolved")):
                services.resolve_deferred(case, by=office, note="已纳入村庄规划，补办用地审批手续。")
        elif path in (CORRECTED, PASSED, FAILED, REOPENED) and case.status == S.NOTIFIED:
            _correct(case, path, office)
        elif path in (ENFORCING, ENFORCED) and case.status == S.NOTIFIED:
            _enforce(case, path, office, leader)
        else:
            continue
        done += 1
    done += _records(office)
    if stdout is not None:
        stdout.write(f"    case outcomes: {done}")
    return {"outcomes": done}


OUTCOME_KINDS = [EventKind.SELF_CORRECTED, EventKind.ENFORCEMENT_APPROVED, EventKind.RESOLVED]


def _correct(case, path, office) -> None:
    assignee = case.assignee
    corrected = day("self_corrected")
    with demo_clock(corrected):
        services.record_self_correction(case, by=assignee, corrected_on=corrected, note="当事人已自行拆除/复耕。")
    if path == CORRECTED:
        return
    inspected = day("reinspected")
    with demo_clock(inspected):
        if path == FAILED:
            services.fail_reinspection(case, by=assignee, inspected_on=inspected,
                                       new_deadline=load_day() + datetime.timedelta(days=1),
                                       note="耕作层尚未恢复，重新限期。")
            return
        services.pass_reinspection(case, by=office, inspected_on=inspected, note="复查合格。")
    if path == REOPENED:
        with demo_clock(day("reopened")):
            services.reopen_case(case, by=office, reason="拆后又在原址搭建，回潮。")


def _enforce(case, path, office, leader) -> None:
    assignee = case.assignee
    with demo_clock(day("approved")):
        services.approve_enforcement(case, by=leader, note="逾期未改正，同意依程序采取强制措施。")
    units = {u.name: u for u in ResponsibilityUnit.objects.filter(township=case.village.township_id)}
    with demo_clock(day("power_cut")):
        services.record_enforcement(case, by=assignee, kind="power_cut", carried_out_on=day("power_cut"),
                                    units=[units["供电所"]], result="已停止供电。")
    if path == ENFORCING:
        return
    with demo_clock(day("demolished")):
        services.record_enforcement(case, by=assignee, kind="demolition", carried_out_on=day("demolished"),
                                    units=[units["国土所"]], area_m2=case.area_m2, result="违法建筑已全部拆除。")
    with demo_clock(day("verified")):
        services.complete_enforcement(case, by=office, verified_on=day("verified"), note="现场核实，已拆除完毕。")


def _records(office) -> int:
    """The survey's photos (the day after registration) and the discipline proposed for 钱塘."""
    made = 0
    for case in demo_cases().filter(title__in=PHOTO_CASES, attachments__isnull=True):
        registered = timezone.localdate(case.events.get(kind=EventKind.REGISTERED).at)
        with demo_clock(registered + datetime.timedelta(days=1), hour=15):
            services.add_attachment(case, by=office, upload=_photo(PHOTO_CASES[case.title]),
                                    kind=AttachmentKind.PHOTO, description="现场照片")
        made += 1
    qiantang = demo_cases().filter(title=QIANTANG, disciplinary_actions__isnull=True).first()
    if qiantang is not None:
        with demo_clock(day("demolished")):
            services.record_disciplinary(qiantang, by=office, person_name="钱塘物资有限公司负责人",
                                         post="法定代表人", measure="warning", proposed_by="市国土资源局",
                                         note=SEED_DISCIPLINE)
            services.record_disciplinary(qiantang, by=office, person_name="原村土地管理责任人", post="村委委员",
                                         measure="admonishment", proposed_by="市国土资源局")
        made += 1
    return made


def _party(town, name, i, *, by):
    from .models import Party

    party = Party.objects.filter(township=town, name=name).first()
    if party is not None:
        return party
    is_company = name in COMPANIES or any(w in name for w in ("公司", "厂", "场", "社", "委员会", "农家乐"))
    return services.find_or_create_party(
        by=by, township=town, name=name, kind="company" if is_company else "person",
        id_number=COMPANIES.get(name, ""), phone=f"1390571{i:04d}" if i else "", address=town.name,
        legal_representative="钱国华" if name == "钱塘物资有限公司" else "",
    )


def _load_second_township() -> int:
    town = ResponsibilityUnit.objects.filter(code=SECOND_TOWNSHIP).first()
    office = User.objects.filter(username="office_yunxi").first()
    village = ResponsibilityUnit.objects.filter(code="T02-V01").first()
    if not (town and office and village):
        return 0
    existing = set(demo_cases(SECOND_TOWNSHIP).values_list("title", flat=True))
    specs = []
    registered = day("second_township")
    for title, party_name, category in (("云溪村蒋某违法建房案", "蒋国明", C.EXTRA_HOMESTEAD),
                                        ("石桥村采石场越界开采案", "石桥采石场", C.COMMERCIAL)):
        if title in existing:
            continue
        with demo_clock(registered, hour=9):
            party = _party(town, party_name, 0, by=office)
        specs.append({"title": title, "party": party, "village": village, "location_text": f"{village.name}村口",
                      "land_type": LandType.FARMLAND, "area_m2": Decimal(200), "category": category,
                      "source": DiscoverySource.SATELLITE, "discovered_on": registered - datetime.timedelta(days=6)})
    if not specs:
        return 0
    with demo_clock(registered):
        return len(services.register_cases(by=office, specs=specs))


# 城乡规划法 第六十五条: the township's own case (its 办案机关 is the township itself).
VILLAGE_CONSTRUCTION = ("杨柳山村集体用房未取得乡村建设规划许可证建设案", "杨柳山村股份经济合作社")


def load_competence(stdout=None) -> dict:
    """A case the township is competent for in its own right (village construction without a
    乡村建设规划许可证); the hand-over of a county case is ``documents.demo.load_hand_overs``."""
    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    office = User.objects.filter(username="office").first()
    village = ResponsibilityUnit.objects.filter(code="T01-V01").first()
    title, party_name = VILLAGE_CONSTRUCTION
    if not (town and office and village) or demo_cases().filter(title=title).exists():
        return {}
    registered = load_day() - datetime.timedelta(days=10)  # found on patrol during the correction phase
    with demo_clock(registered, hour=9):
        party = _party(town, party_name, 0, by=office)
    with demo_clock(registered):
        case = services.register_case(
            by=office, title=title, party=party, village=village, location_text=f"{village.name}村委会旁",
            land_type=LandType.CONSTRUCTION, area_m2=Decimal(180), category=C.VILLAGE_CONSTRUCTION,
            source=DiscoverySource.DYNAMIC_PATROL, discovered_on=registered - datetime.timedelta(days=4),
            description="村集体在村庄规划区内未取得乡村建设规划许可证新建用房。",
        )
    if stdout is not None:
        stdout.write(f"    competence: {case.number} is the township's own case")
    return {"village_construction": 1}


def load_cases_from_findings(stdout=None) -> dict:
    """The office registers as cases the patrol findings the demo marks "register", two days after
    they were reported (runs after ``patrols.demo.load_patrols``; idempotent: waiting findings only).
    """
    office = User.objects.filter(username="office").first()
    registrable = [f[2] for f in FINDINGS if f[5] == "register"]
    waiting = PatrolFinding.objects.filter(village__code__startswith=f"{TOWNSHIP}-V", description__in=registrable,
                                           status=FindingStatus.REPORTED)
    done = 0
    for finding in waiting.order_by("reported_at") if office else []:
        with demo_clock(timezone.localdate(finding.reported_at) + datetime.timedelta(days=2), hour=11):
            name, kind, suffix, area = REGISTERED_PARTIES[finding.description]
            party = services.find_or_create_party(by=office, township=finding.village.township, name=name, kind=kind)
            services.register_case_from_finding(finding, by=office, party=party,
                                                title=f"{finding.location_text}{suffix}", area_m2=Decimal(area))
        done += 1
    if stdout is not None:
        stdout.write(f"    cases from findings: {done}")
    return {"from_findings": done}


# Parties of the illegal patches the office registers as cases, in patch order (卫片, patches/demo.py).
PATCH_PARTIES = [
    ("嘉禾宏达建材有限公司", "company", C.COMMERCIAL), ("沈国强", "person", C.VILLAGER_HOUSING),
    ("丰乐顺发物流有限公司", "company", C.COMMERCIAL), ("李长根", "person", C.EXTRA_HOMESTEAD),
    ("绿源生态农业专业合作社", "company", C.FARMLAND_BREEDING), ("周建平", "person", C.VILLAGE_CONSTRUCTION),
]


def load_cases_from_patches(stdout=None) -> dict:
    """The office registers six of the demo's confirmed illegal 卫片 patches as cases, two days after
    confirming them; the cases keep the patches' polygons (runs after ``patches.demo.load_patches``;
    idempotent: patches not yet in a case only)."""
    from patches.demo import BATCH_NAME
    from patches.models import Judgement, Patch, PatchStatus

    office = User.objects.filter(username="office").first()
    waiting = list(Patch.objects.filter(batch__name=BATCH_NAME, judgement=Judgement.ILLEGAL,
                                        status=PatchStatus.CONFIRMED, case__isnull=True)
                   .select_related("village", "batch").order_by("number")[:len(PATCH_PARTIES)])
    done = 0
    for patch, (name, kind, category) in zip(waiting, PATCH_PARTIES, strict=False):
        if office is None or Patch.objects.filter(batch=patch.batch, case__isnull=False).count() >= len(PATCH_PARTIES):
            break
        with demo_clock(timezone.localdate(patch.confirmed_at) + datetime.timedelta(days=2), hour=10):
            party = services.find_or_create_party(by=office, township=patch.village.township, name=name, kind=kind)
            place = f"{patch.village.name}卫片图斑{patch.number}"
            land_type = LandType.BASIC_FARMLAND if patch.basic_farmland_area_m2 else LandType.FARMLAND
            services.register_case_from_patch(
                patch, by=office, party=party, title=f"{name}{place}违法占地案", location_text=place,
                category=category, land_type=land_type, description=patch.basis)
        done += 1
    if stdout is not None:
        stdout.write(f"    cases from satellite patches: {done}")
    return {"from_patches": done}


# --- the penalty chain: 立案 and the investigation (cases/procedure.py) ----------------------

# Each case of the chain: title, party, category, the step it reached; registered ``CHAIN_DAYS``
# before today, filed two days later, then investigated. All are the township's own cases
# (territory/competence.py): village construction without a permit (城乡规划法 第六十五条) and
# farmland dug for breeding, the category the demo's provincial delegation gives 丰乐镇
# (行政处罚法 第二十四条; territory/demo.py DELEGATION). The county's cases are
# ``cases.penalty_demo``'s, worked by the department after the hand-over.
CHAIN_CASES = [
    ("周永强未取得乡村建设规划许可证建房案", "周永强", C.VILLAGE_CONSTRUCTION, "filed"),
    ("金禾农业占用耕地挖塘养殖案", "金禾农业开发有限公司", C.FARMLAND_BREEDING, "investigating"),
    ("陈建华占用永久基本农田挖塘案", "陈建华", C.FARMLAND_BREEDING, "suspended"),
    ("吴小平未取得乡村建设规划许可证建设附房案", "吴小平", C.VILLAGE_CONSTRUCTION, "terminated"),
    ("恒通水产占用耕地挖塘养殖案", "恒通水产养殖有限公司", C.FARMLAND_BREEDING, "reported"),
]
CHAIN_DAYS = -26
# The two officers who sign the demo's 笔录, with their 执法证 (territory.Credential).
CHAIN_OFFICERS = [("officer", "浙执33010020001"), ("officer_jianshe", "浙执33010020002")]


def _certified_officers() -> list:
    from territory.models import Credential, CredentialKind

    officers = []
    for username, number in CHAIN_OFFICERS:
        officer = User.objects.get(username=username)
        Credential.objects.get_or_create(kind=CredentialKind.ENFORCEMENT, number=number, defaults={
            "user": officer, "issued_by": "浙江省人民政府", "valid_from": datetime.date(2022, 1, 1),
            "valid_until": datetime.date(2028, 12, 31)})
        officers.append(officer)
    return officers


def _chain_record(case, officers, kind: str, moment: datetime.datetime) -> None:
    from . import procedure

    content = {
        "inquiry_record": "问：我们是镇综合行政执法队执法人员（出示执法证件），现就你占用土地一事进行询问，"
                          "你是否听清？\n答：听清了。\n问：该建筑何时开始建设？是否办理用地审批手续？\n答：去年开始建，没有办理审批。",
        "inspection_record": "现场位于村道东侧，新建砖混结构建筑一处，经测量占地约四百平方米，其中耕地约三百平方米。"
                             "现场拍照六张。",
    }[kind]
    with demo_clock(moment):
        procedure.add_investigation_record(
            case, by=officers[0], kind=kind, started_at=moment, ended_at=moment + datetime.timedelta(minutes=45),
            place="镇综合行政执法队询问室" if kind == "inquiry_record" else case.place,
            persons_present=f"当事人{case.party.name}；执法人员二名", content=content, officers=officers)
    case.refresh_from_db()


def load_investigations(stdout=None) -> dict:
    """Cases of 丰乐镇 at the first steps of the penalty chain: filed, investigated with 笔录,
    suspended, terminated, reported (runs after ``load_outcomes``; idempotent by title)."""
    from landwatch.demo import at

    from . import procedure

    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    office = User.objects.filter(username="office").first()
    leader = User.objects.filter(username="gupeijian").first()
    if not (town and office and leader):
        return {}
    existing = set(demo_cases().values_list("title", flat=True))
    todo = [c for c in CHAIN_CASES if c[0] not in existing]
    if not todo:
        return {"chain": 0}
    officers = _certified_officers()
    village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("sort_order", "code").first()
    registered = load_day() + datetime.timedelta(days=CHAIN_DAYS)
    filed_on = registered + datetime.timedelta(days=2)
    conditions = [key for key, _label in procedure.FILING_CONDITIONS]
    for i, (title, party_name, category, step) in enumerate(todo, start=60):
        with demo_clock(registered, hour=9):
            party = _party(town, party_name, i, by=office)
            case = services.register_case(
                by=office, title=title, party=party, village=village, location_text=f"{village.name}村道东侧",
                land_type=LandType.FARMLAND, area_m2=Decimal(400), farmland_area_m2=Decimal(300), category=category,
                source=DiscoverySource.DYNAMIC_PATROL, discovered_on=registered - datetime.timedelta(days=3),
                assignee=officers[0], campaign=None,
                description=f"动态巡查发现{party_name}未经批准占用土地约400平方米。")
        with demo_clock(filed_on, hour=15):
            procedure.file_case(case, by=leader, conditions=conditions,
                                started_on=registered - datetime.timedelta(days=40), continuing=True,
                                note="符合立案条件，同意立案调查。")
        if step == "filed":
            continue
        _chain_record(case, officers, "inquiry_record", at(filed_on + datetime.timedelta(days=3), 9))
        _chain_record(case, officers, "inspection_record", at(filed_on + datetime.timedelta(days=3), 14))
        later = filed_on + datetime.timedelta(days=10)
        with demo_clock(later, hour=16):
            if step == "suspended":
                procedure.suspend_investigation(case, by=leader, ground="force_majeure",
                                                reason="汛期现场被淹，暂时无法勘测，经负责人批准中止调查。")
            elif step == "terminated":
                procedure.terminate_investigation(case, by=leader, ground="not_established",
                                                  reason="经调查，该附房已取得乡村建设规划许可证，违法事实不成立。")
            elif step == "reported":
                procedure.submit_report(case, by=officers[0], facts=case.description,
                                        evidence="询问笔录一份\n现场勘验笔录一份\n现场照片六张",
                                        proposal="建议责令限期改正，恢复耕地种植条件，并处罚款。")
    if stdout is not None:
        stdout.write(f"    penalty chain: {len(todo)} cases filed and investigated")
    return {"chain": len(todo)}

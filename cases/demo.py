"""Demo cases: the seed's 42 violations in 丰乐镇 (2022 campaign) at every state, plus two in 云溪镇.

Idempotent: each case is looked up by its number and created only when missing, with its
party, timeline, enforcement and disciplinary records. Open notices get deadlines around
today so that "overdue" and "due within 3 days" show. A few photos are generated with
Pillow and stored through the upload service, like any upload; discipline is recorded
through its service too.

The timeline is written here with the seed's 2022 dates (the services write "now"), so the
events are created directly — but every event's ``data`` comes from the builder of its kind
in ``cases/events.py``, the one the services use and the timeline reads (issue #26). The
seed's case numbers 2022-001 … 044 are fixed by the scenario; the year's sequence is raised
past them so the allocator never hands one out again.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from landwatch.vocabulary import Category, Cause, DiscoverySource
from territory.models import ResponsibilityUnit

from . import events
from .models import (
    AttachmentKind,
    CaseCause,
    CaseEvent,
    CaseNumberSequence,
    CaseStatus,
    Disposition,
    EnforcementAction,
    EventKind,
    LandType,
    Party,
    ViolationCase,
)
from .services import add_attachment, record_disciplinary
from .transitions import default_disposition

User = get_user_model()
S = CaseStatus
DAY = datetime.timedelta(days=1)
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


def _at(d: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time(hour, 0)))


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


class _Builder:
    """Writes one case and its timeline with the dates of the seed's scenario."""

    def __init__(self, *, office, leader, today, campaign):
        self.office, self.leader, self.today, self.campaign = office, leader, today, campaign

    def event(self, case, kind, day, actor, frm="", to="", note="", data=None, hour=10):
        return CaseEvent.objects.create(case=case, kind=kind, at=_at(day, hour), actor=actor, from_status=frm,
                                        to_status=to, note=note, data=data or {})

    def build(self, case, path, assignee):
        o, L, t = self.office, self.leader, self.today
        reg_day = case.discovered_on + datetime.timedelta(days=3)
        self.event(case, EventKind.REGISTERED, reg_day, o, to=S.REGISTERED, data=events.registered(
            number=case.number, category=case.category,
            proposed_disposition=default_disposition(case.category, case.plough_layer_damaged)))
        if path in (REG, WITHDRAWN):
            if path == WITHDRAWN:
                self.event(case, EventKind.WITHDRAWN, reg_day + datetime.timedelta(days=5), o, S.REGISTERED,
                           S.WITHDRAWN, note="经核实为重复登记，撤销立案。", data=events.withdrawn())
                case.status = S.WITHDRAWN
            else:
                case.assignee = None
            return
        self.event(case, EventKind.ASSIGNED, reg_day, o, data=events.assigned(previous=None, to=assignee))
        default = default_disposition(case.category, case.plough_layer_damaged)
        decide_day = datetime.date(2022, 3, 28)
        if path in (DEFERRED, RESOLVED):
            self._decide(case, Disposition.PLANNING, decide_day, S.DEFERRED, EventKind.DEFERRED, default)
            if path == RESOLVED:
                self.event(case, EventKind.RESOLVED, datetime.date(2022, 5, 26), o, S.DEFERRED, S.CLOSED,
                           note="已纳入村庄规划，补办用地审批手续。", data=events.resolved())
                case.status, case.closed_on = S.CLOSED, datetime.date(2022, 5, 26)
            return
        if path == NO_ACTION:
            self._decide(case, Disposition.NO_ACTION, decide_day, S.CLOSED, EventKind.CLOSED_NO_ACTION, default)
            case.closed_on = decide_day
            return
        disposition = default or Disposition.DEMOLISH
        self._decide(case, disposition, decide_day, S.REGISTERED, EventKind.DECIDED, default,
                     reason="" if disposition == default else "经领导小组办公室研究，限期拆除。")
        if path == DECIDED:
            return
        # The notice: 2022 for cases that moved on, around today for the ones still running.
        if path in (OVERDUE, SOON, LATER):
            offset = {OVERDUE: -6, SOON: 2, LATER: 20}[path]
            served, deadline = t - datetime.timedelta(days=25), t + datetime.timedelta(days=offset)
        else:
            served, deadline = datetime.date(2022, 4, 6), datetime.date(2022, 5, 6)
        self.event(case, EventKind.NOTIFIED, served, assignee, S.REGISTERED, S.NOTIFIED,
                   note="责令限期自行纠正违法行为。",
                   data=events.notified(deadline=deadline, served_on=served))
        case.status, case.deadline = S.NOTIFIED, deadline
        if path in (OVERDUE, SOON, LATER):
            return
        if path in (ENFORCING, ENFORCED):
            approved = deadline + datetime.timedelta(days=3)
            note = "逾期未改正，同意依程序采取强制措施。"
            self.event(case, EventKind.ENFORCEMENT_APPROVED, approved, L, S.NOTIFIED, S.ENFORCING, note=note,
                       data={**events.enforcement_approved(deadline=deadline),
                             "approval": events.approval(by=L, post="组长", note=note, at=_at(approved))})
            case.status = S.ENFORCING
            cut = approved + datetime.timedelta(days=2)
            self._enforce(case, "power_cut", cut, assignee, "供电所", "已停止供电。")
            if path == ENFORCED:
                done = approved + datetime.timedelta(days=12)
                self._enforce(case, "demolition", done, assignee, "国土所", "违法建筑已全部拆除。",
                              area=case.area_m2)
                self.event(case, EventKind.ENFORCEMENT_DONE, done + datetime.timedelta(days=2), o, S.ENFORCING,
                           S.CLOSED, note="现场核实，已拆除完毕。",
                           data=events.enforcement_done(verified_on=done + DAY * 2))
                case.status, case.closed_on = S.CLOSED, done + DAY * 2
            return
        corrected = datetime.date(2022, 4, 28)
        self.event(case, EventKind.SELF_CORRECTED, corrected, assignee, S.NOTIFIED, S.CORRECTED,
                   note="当事人已自行拆除/复耕。", data=events.self_corrected(corrected_on=corrected))
        case.status = S.CORRECTED
        if path == CORRECTED:
            return
        inspected = datetime.date(2022, 5, 10)
        if path == FAILED:
            new_deadline = t + datetime.timedelta(days=1)
            self.event(case, EventKind.REINSPECTION_FAILED, inspected, assignee, S.CORRECTED, S.NOTIFIED,
                       note="耕作层尚未恢复，重新限期。",
                       data=events.reinspection_failed(inspected_on=inspected, previous_deadline=case.deadline,
                                                       deadline=new_deadline))
            case.status, case.deadline = S.NOTIFIED, new_deadline
            return
        self.event(case, EventKind.REINSPECTION_PASSED, inspected, o, S.CORRECTED, S.CLOSED,
                   note="复查合格。", data=events.reinspection_passed(inspected_on=inspected))
        case.status, case.closed_on = S.CLOSED, inspected
        if path == REOPENED:
            again = datetime.date(2023, 3, 2)
            self.event(case, EventKind.REOPENED, again, o, S.CLOSED, S.REGISTERED, note="拆后又在原址搭建，回潮。",
                       data=events.reopened(previous_disposition=case.disposition, previous_deadline=case.deadline,
                                            previous_closed_on=inspected))
            case.status, case.closed_on, case.deadline, case.disposition = S.REGISTERED, None, None, ""

    def _decide(self, case, disposition, day, status, kind, default, reason=""):
        data = events.decided(disposition=disposition, default=default, category=case.category)
        self.event(case, kind, day, self.office, S.REGISTERED, status, note=reason, data=data)
        case.status, case.disposition, case.disposition_reason = status, disposition, reason

    def _enforce(self, case, kind, day, actor, unit_name, result, area=None):
        action = EnforcementAction.objects.create(case=case, kind=kind, carried_out_on=day, area_m2=area,
                                                  result=result, recorded_by=actor)
        unit = ResponsibilityUnit.objects.filter(township=case.village.township, name=unit_name).first()
        if unit:
            action.units.add(unit)
        self.event(case, EventKind.ENFORCEMENT_RECORDED, day, actor, note=result,
                   data=events.enforcement_recorded(action=action))


@transaction.atomic
def load_cases(stdout=None) -> dict:
    town = ResponsibilityUnit.objects.filter(code="T01").first()
    if town is None:
        return {}
    from campaigns.models import Campaign

    campaign = Campaign.objects.filter(township=town, start_date__year=2022).order_by("start_date").first()
    office = User.objects.get(username="office")
    leader = User.objects.get(username="gupeijian")
    officers = {u.username: u for u in User.objects.filter(username__in=set(OFFICERS))}
    villages = list(ResponsibilityUnit.objects.villages().filter(township=town).order_by("sort_order", "code"))
    builder = _Builder(office=office, leader=leader, today=timezone.localdate(), campaign=campaign)
    created = 0
    for i, (title, party_name, category, path, area, farmland, causes) in enumerate(CASES, start=1):
        number = f"2022-{i:03d}"
        if ViolationCase.objects.filter(number=number).exists():
            continue
        party = _party(town, party_name, i)
        assignee = officers[OFFICERS[i % len(OFFICERS)]] if category != C.COMMERCIAL else officers["officer"]
        discovered = datetime.date(2022, 3, 1) + datetime.timedelta(days=i % 14)
        village = villages[(i - 1) % len(villages)]
        case = ViolationCase(
            number=number, title=title, party=party, village=village,
            location_text=f"{village.name}{(i % 6) + 1}组" + ("国道旁" if category == C.COMMERCIAL else "宅基地旁"),
            latitude=Decimal("30.2") + Decimal(i) / 1000 if i % 3 == 0 else None,
            longitude=Decimal("120.1") + Decimal(i) / 1000 if i % 3 == 0 else None,
            land_type=LandType.FARMLAND if farmland else LandType.HOMESTEAD,
            area_m2=Decimal(area), farmland_area_m2=Decimal(farmland), category=category,
            plough_layer_damaged=(path != NO_ACTION) if category == C.FARMLAND_BREEDING else None,
            source=DiscoverySource.DOUBLE_VIOLATION if i % 2 else DiscoverySource.HUNDRED_DAYS,
            discovered_on=discovered, campaign=campaign, assignee=assignee,
            description=f"经排摸，{party_name}在{village.name}占地约{area}平方米。", created_by=office,
            created_at=_at(discovered + datetime.timedelta(days=3)),
        )
        case.save()
        CaseCause.objects.bulk_create([CaseCause(case=case, cause=c) for c in causes if c in Cause.values])
        builder.build(case, path, assignee)
        case.version = case.events.count()
        case.save()
        if title == QIANTANG:
            record_disciplinary(case, by=office, person_name="钱塘物资有限公司负责人", post="法定代表人",
                                measure="warning", proposed_by="市国土资源局", note=SEED_DISCIPLINE)
            record_disciplinary(case, by=office, person_name="原村土地管理责任人", post="村委委员",
                                measure="admonishment", proposed_by="市国土资源局")
        if title in PHOTO_CASES and case.status != S.WITHDRAWN:
            add_attachment(case, by=office, upload=_photo(PHOTO_CASES[title]), kind=AttachmentKind.PHOTO,
                           description="现场照片")
        created += 1
    _bump_sequence(2022, len(CASES))
    created += _load_second_township()
    if stdout is not None:
        stdout.write(f"    cases: {created} created, {ViolationCase.objects.count()} in all")
    return {"created": created}


def _party(town, name, i) -> Party:
    is_company = name in COMPANIES or any(w in name for w in ("公司", "厂", "场", "社", "委员会", "农家乐"))
    id_number = COMPANIES.get(name, "")
    party = Party.objects.filter(township=town, name=name).first()
    if party is None:
        party = Party.objects.create(
            township=town, name=name, kind="company" if is_company else "person", id_number=id_number,
            phone=f"1390571{i:04d}", address="丰乐镇",
            legal_representative="钱国华" if name == "钱塘物资有限公司" else "",
        )
    return party


def _bump_sequence(year: int, at_least: int) -> None:
    seq, _ = CaseNumberSequence.objects.get_or_create(year=year)
    if seq.last < at_least:
        seq.last = at_least
        seq.save(update_fields=["last"])


def _load_second_township() -> int:
    town = ResponsibilityUnit.objects.filter(code="T02").first()
    office = User.objects.filter(username="office_yunxi").first()
    village = ResponsibilityUnit.objects.filter(code="T02-V01").first()
    if not (town and office and village):
        return 0
    created = 0
    specs = [("2022-043", "云溪村蒋某违法建房案", "蒋国明", C.EXTRA_HOMESTEAD),
             ("2022-044", "石桥村采石场越界开采案", "石桥采石场", C.COMMERCIAL)]
    for number, title, party_name, category in specs:
        if ViolationCase.objects.filter(number=number).exists():
            continue
        party = Party.objects.filter(township=town, name=party_name).first() or Party.objects.create(
            township=town, name=party_name, kind="company" if "场" in party_name else "person")
        day = datetime.date(2022, 4, 12)
        case = ViolationCase.objects.create(
            number=number, title=title, party=party, village=village, location_text=f"{village.name}村口",
            land_type=LandType.FARMLAND, area_m2=Decimal(200), category=category, source=DiscoverySource.SATELLITE,
            discovered_on=day, created_by=office, created_at=_at(day))
        CaseEvent.objects.create(case=case, kind=EventKind.REGISTERED, at=_at(day), actor=office,
                                 to_status=S.REGISTERED, data=events.registered(
                                     number=number, category=category,
                                     proposed_disposition=default_disposition(category)))
        created += 1
    _bump_sequence(2022, 44)
    return created

"""Demo campaign: the seed's rectification campaign of 丰乐镇 (township T01), this year's.

Dated relative to the day the demo is loaded (``PHASE_DAYS``): its mobilisation is over,
today falls in its correction phase (some deadlines passed, some running, some cases closed)
and the improvement phase is to come, so the acceptance review (复查验收) is not there yet.
``load_campaign`` runs before the cases demo (which attaches the 42 cases to the campaign);
``load_activities`` runs after it: tasks for the seven departments and eleven villages, the
mobilisation meeting, two land joint meetings and the publicity, each recorded through the
campaign's services on its day (``landwatch.demo.demo_clock``).
Idempotent: everything is found by a stable key and left alone when it exists.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from landwatch.demo import demo_clock, load_day
from territory.models import ResponsibilityUnit, UnitKind

from . import services
from .models import (
    Campaign,
    GroupRole,
    Meeting,
    MeetingKind,
    PhaseKind,
    PublicityActivity,
    Task,
    TaskStatus,
)
from .services import PhaseDates

User = get_user_model()
DAY = datetime.timedelta(days=1)

NAME = "{year}年土地监察重点镇整改专项整治行动"
BASIS = "嘉兴市国土资源局[20*]6号文件《关于做好土地监察重点镇整改工作的通知》"
GOALS = (
    "认真贯彻党中央、国务院加强土地管理的一系列重要决策，落实嘉兴市国土资源局《关于做好土地监察重点镇整改工作的通知》"
    "的精神，本着“执政为民，服务发展”的思想理念，配合有关部门前来查处对去年土地“双违”整治行动和“百日”行动中排查出"
    "多起土地违法违规行为，努力推进我镇节约集约用地和经济发展方式的转变，有效规范土地管理秩序，促进我镇经济社会协调发展。"
)
# The seed's phases (3-15…3-25, 3-26…5-20, 5-21…5-31: 11, 56 and 11 days), placed so that the
# demo's day is the 35th of the correction phase. In days from the day the demo is loaded.
PHASE_DAYS = [
    (PhaseKind.MOBILISATION, -45, -35),
    (PhaseKind.CORRECTION, -34, 21),
    (PhaseKind.IMPROVEMENT, 22, 32),
]
GROUP = [
    ("gupeijian", "顾培坚", GroupRole.HEAD),
    ("zhonghaiming", "钟海明", GroupRole.DEPUTY),
    ("hanzigeng", "韩自更", GroupRole.DEPUTY),
    ("yangjianfeng", "杨建凤", GroupRole.MEMBER),
    ("yuweiming", "虞伟明", GroupRole.MEMBER),
    ("zhangyeming", "张叶明", GroupRole.MEMBER),
    ("zhengguihong", "郑桂红", GroupRole.MEMBER),
    ("yingbaiying", "应柏瑛", GroupRole.MEMBER),
    ("yuhaixiang", "俞海祥", GroupRole.MEMBER),
    ("jinjianjun", "金建军", GroupRole.MEMBER),
    ("qianyingzhi", "钱婴芝", GroupRole.MEMBER),
    ("yuweiming", "虞伟明", GroupRole.OFFICE_DIRECTOR),
]
OFFICE_USER = "yuweiming"

# One task per collaborating department (correction phase), by department code.
DEPARTMENT_TASKS = {
    "T01-D01": ("牵头核查42起违法用地，逐宗建立台账并下达整改通知书", TaskStatus.DONE),
    "T01-D02": ("对照村镇建设规划，提出缺房村民建房整改意见", TaskStatus.DONE),
    "T01-D03": ("强制拆除时维护现场秩序，依法处置阻挠执法行为", TaskStatus.DONE),
    "T01-D04": ("审核强制措施程序，做好法律宣传和调解", TaskStatus.DONE),
    "T01-D05": ("对拒不整改的经营性违法用地依法停止供电", TaskStatus.DONE),
    "T01-D06": ("对违法用地企业暂停办理工商登记事项", TaskStatus.IN_PROGRESS),
    "T01-D07": ("核查违法用地企业涉税情况，配合联合执法", TaskStatus.DONE),
}
VILLAGE_TASK = "召开村民代表会议传达整治要求，排摸并上报本村违法用地"


def _md(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def meetings(phases: dict) -> list[dict]:
    """The mobilisation meeting and two land joint meetings, dated within ``phases`` (by kind)."""
    mobilisation, correction = phases[PhaseKind.MOBILISATION], phases[PhaseKind.CORRECTION]
    return [
        {
            "kind": MeetingKind.MOBILISATION,
            "title": "全镇土地监察整改工作动员大会",
            "date": mobilisation.start_date + DAY,
            "location": "镇政府三楼会议室",
            "chair": "顾培坚",
            "attendees": "领导小组成员、七个协同单位负责人、十一个村党支部书记和村委会主任、村级土地协管员",
            "attendee_count": 68,
            "minutes": "顾培坚同志传达嘉兴市国土资源局[20*]6号文件精神，我镇被列入土地监察重点乡镇。"
            "会议宣读整改实施方案，明确宣传发动、查处纠正、整改提高三个阶段的时间和任务，要求各村、各单位把任务分解到部门及村、落实到人。",
            "decisions": [
                f"各村{_md(mobilisation.end_date)}前完成本村违法用地排摸并上报办公室",
                f"国土所会同村镇建设办{_md(mobilisation.end_date)}前建立42起案件台账",
            ],
        },
        {
            "kind": MeetingKind.JOINT,
            "title": "第一次土地联席会议",
            "date": correction.start_date + 13 * DAY,
            "location": "镇政府二楼会议室",
            "chair": "钟海明",
            "attendees": "国土所、村镇建设办、派出所、司法所、供电所、工商所、税务分局",
            "attendee_count": 15,
            "minutes": "通报整改通知书发放情况。对钱塘物资有限公司非法占用耕地案，配合市、县国土部门督促限期纠正。"
            "对到期不自行拆除的建新不拆旧户，按程序报领导小组批准后强制拆除。",
            "decisions": ["供电所对逾期不整改的经营性违法用地企业停止供电", "司法所审核强制拆除程序"],
        },
        {
            "kind": MeetingKind.JOINT,
            "title": "第二次土地联席会议",
            "date": load_day() - 3 * DAY,
            "location": "镇政府二楼会议室",
            "chair": "韩自更",
            "attendees": "领导小组办公室、七个协同单位",
            "attendee_count": 14,
            "minutes": "通报各村整改进度和逾期未整改案件。缺房村民未批建房由镇政府在实施规划中整改。"
            f"要求{_md(correction.end_date)}前完成查处纠正阶段任务，办公室着手准备整改工作材料。",
            "decisions": [
                f"办公室{_md(phases[PhaseKind.IMPROVEMENT].start_date + 3 * DAY)}前形成整改工作材料上报",
                "各村建立村级土地协管员制度",
            ],
        },
    ]


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def phase_dates(today: datetime.date) -> list[PhaseDates]:
    return [PhaseDates(kind, today + first * DAY, today + last * DAY) for kind, first, last in PHASE_DAYS]


def demo_campaign() -> Campaign | None:
    """The demo township's campaign (the latest, should an older one be there)."""
    return Campaign.objects.filter(township__code="T01").order_by("-start_date").first()


def load_campaign(stdout=None) -> Campaign | None:
    town = ResponsibilityUnit.objects.filter(code="T01").first()
    office = User.objects.filter(username=OFFICE_USER).first()
    if town is None or office is None:
        return None
    campaign = demo_campaign()
    if campaign is None:
        phases = phase_dates(load_day())
        start = phases[0].start_date
        # The office sets the campaign up a few days before it starts.
        with demo_clock(start - 3 * DAY):
            campaign = services.create_campaign(
                by=office, township=town, name=NAME.format(year=start.year), basis=BASIS, goals=GOALS, phases=phases
            )
        users = {u.username: u for u in User.objects.filter(username__in=[g[0] for g in GROUP])}
        for username, name, role in GROUP:
            department = "领导小组办公室" if role == GroupRole.OFFICE_DIRECTOR else "镇政府"
            services.add_group_member(
                campaign, by=office, role=role, user=users.get(username), name=name, department=department
            )
        departments = ResponsibilityUnit.objects.filter(township=town, kind=UnitKind.DEPARTMENT).order_by("sort_order")
        for dept in departments:
            for membership in dept.memberships.filter(role="officer", active=True).select_related("user"):
                services.add_team_member(
                    campaign, by=office, department=dept, user=membership.user, post=membership.post or "联合执法队员"
                )
    _say(
        stdout,
        f"campaign {campaign.name}: {campaign.group_members.count()} seats, {campaign.team_members.count()} team\n",
    )
    return campaign


def load_activities(stdout=None) -> None:
    campaign = demo_campaign()
    office = User.objects.filter(username=OFFICE_USER).first()
    if campaign is None or office is None:
        return
    today = load_day()
    phases = {p.kind: p for p in campaign.phases.all()}
    mobilisation, correction, improvement = (phases[k] for k in (PhaseKind.MOBILISATION, PhaseKind.CORRECTION,
                                                                 PhaseKind.IMPROVEMENT))
    units = {u.code: u for u in ResponsibilityUnit.objects.filter(township=campaign.township)}

    def task(title, unit, phase, due, status, owner=None, decision=None, assigned=None):
        if Task.objects.filter(campaign=campaign, title=title, owner_unit=unit).exists():
            return
        with demo_clock(assigned or phase.start_date):
            if decision is not None:
                t = services.decision_to_task(
                    decision, by=office, phase=phase, due_date=due, owner_unit=unit, owner=owner, title=title
                )
            else:
                t = services.create_task(
                    campaign, by=office, phase=phase, title=title, due_date=due, owner_unit=unit, owner=owner
                )
        # Done on its due day, or a week ago when that is still to come; progress reported last week.
        if status == TaskStatus.DONE:
            finished = min(due, today - 7 * DAY)
            with demo_clock(finished, hour=16):
                services.change_task_status(t, by=office, to_status=TaskStatus.DONE, note="已按期完成。")
        elif status == TaskStatus.IN_PROGRESS:
            with demo_clock(today - 7 * DAY, hour=16):
                services.report_task_progress(t, by=office, note="已完成大部分，个别仍在落实。")

    for code, (title, status) in DEPARTMENT_TASKS.items():
        dept = units.get(code)
        if dept is None:
            continue
        officer = dept.memberships.filter(role="officer", active=True).select_related("user").first()
        task(title, dept, correction, correction.end_date - 5 * DAY, status, owner=officer.user if officer else None)
    for i in range(1, 12):
        village = units.get(f"T01-V{i:02d}")
        if village is None:
            continue
        # Two late villages keep the overdue marking visible in the demo.
        status = TaskStatus.IN_PROGRESS if i in (4, 9) else TaskStatus.DONE
        task(VILLAGE_TASK, village, mobilisation, mobilisation.end_date, status)

    specs = meetings(phases)
    for spec in specs:
        if Meeting.objects.filter(campaign=campaign, title=spec["title"]).exists():
            continue
        with demo_clock(spec["date"], hour=17):
            services.record_meeting(campaign, by=office, **spec)
    # The last joint meeting's first decision became the improvement phase's report task.
    decision = Meeting.objects.get(campaign=campaign, title=specs[2]["title"]).decisions.order_by("pk").first()
    office_unit = units.get("T01-OFF")
    if decision is not None and not hasattr(decision, "task"):
        task("形成整改工作材料上报，迎接复查验收", office_unit, improvement, improvement.start_date + 3 * DAY,
             TaskStatus.PENDING, decision=decision, assigned=specs[2]["date"])
    task("建立土地巡回检查、部门联合执法和土地联席会议制度", office_unit, improvement, improvement.end_date,
         TaskStatus.IN_PROGRESS, assigned=correction.start_date)

    if not PublicityActivity.objects.filter(campaign=campaign).exists():
        start = mobilisation.start_date
        villages = [units[f"T01-V{i:02d}"] for i in range(1, 12) if f"T01-V{i:02d}" in units]
        records = [
            {"date": start + (2 + i % 7) * DAY, "kind": "meeting", "village": village,
             "description": "村民代表会议宣传土地管理法律法规", "audience": 60 + 7 * i, "materials": 80 + 5 * i}
            for i, village in enumerate(villages)
        ] + [
            {"date": start + 3 * DAY, "kind": "banner", "description": "全镇主要道路悬挂宣传横幅", "materials": 45},
            {"date": start + 5 * DAY, "kind": "leaflet", "description": "发放《致全镇村民的一封信》", "audience": 3200,
             "materials": 3200},
            {"date": start + 6 * DAY, "kind": "broadcast", "description": "镇广播站连续一周播放土地法规",
             "audience": 12000},
            {"date": start + 8 * DAY, "kind": "training", "description": "村干部依法用地培训", "audience": 85,
             "materials": 85},
        ]
        for record in records:
            with demo_clock(record["date"], hour=18):
                services.record_publicity(campaign, by=office, **record)
    _say(stdout, f"activities: {campaign.tasks.count()} tasks, {campaign.meetings.count()} meetings\n")

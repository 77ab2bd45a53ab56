"""Demo campaign: the seed's 2022 rectification campaign of 丰乐镇 (township T01).

``load_campaign`` runs before the cases demo (which attaches the 42 cases to the campaign);
``load_activities`` runs after it: tasks for the seven departments and eleven villages, the
mobilisation meeting, two land joint meetings, publicity and the acceptance review.
Idempotent: everything is found by a stable key and left alone when it exists.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from territory.models import ResponsibilityUnit, UnitKind

from . import services
from .models import (
    AcceptanceReview,
    Campaign,
    GroupRole,
    JointTeamMember,
    LeadingGroupMember,
    Meeting,
    MeetingKind,
    PhaseKind,
    PublicityActivity,
    Task,
    TaskStatus,
)
from .services import PhaseDates

User = get_user_model()
D = datetime.date

NAME = "2022年土地监察重点镇整改专项整治行动"
BASIS = "嘉兴市国土资源局[20*]6号文件《关于做好土地监察重点镇整改工作的通知》"
GOALS = (
    "认真贯彻党中央、国务院加强土地管理的一系列重要决策，落实嘉兴市国土资源局《关于做好土地监察重点镇整改工作的通知》"
    "的精神，本着“执政为民，服务发展”的思想理念，配合有关部门前来查处对去年土地“双违”整治行动和“百日”行动中排查出"
    "多起土地违法违规行为，努力推进我镇节约集约用地和经济发展方式的转变，有效规范土地管理秩序，促进我镇经济社会协调发展。"
)
PHASES = [
    PhaseDates(PhaseKind.MOBILISATION, D(2022, 3, 15), D(2022, 3, 25)),
    PhaseDates(PhaseKind.CORRECTION, D(2022, 3, 26), D(2022, 5, 20)),
    PhaseDates(PhaseKind.IMPROVEMENT, D(2022, 5, 21), D(2022, 5, 31)),
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

MEETINGS = [
    {
        "kind": MeetingKind.MOBILISATION,
        "title": "全镇土地监察整改工作动员大会",
        "date": D(2022, 3, 16),
        "location": "镇政府三楼会议室",
        "chair": "顾培坚",
        "attendees": "领导小组成员、七个协同单位负责人、十一个村党支部书记和村委会主任、村级土地协管员",
        "attendee_count": 68,
        "minutes": "顾培坚同志传达嘉兴市国土资源局[20*]6号文件精神，我镇被列入土地监察重点乡镇。会议宣读整改实施方案，"
        "明确宣传发动、查处纠正、整改提高三个阶段的时间和任务，要求各村、各单位把任务分解到部门及村、落实到人。",
        "decisions": ["各村3月25日前完成本村违法用地排摸并上报办公室", "国土所会同村镇建设办3月底前建立42起案件台账"],
    },
    {
        "kind": MeetingKind.JOINT,
        "title": "第一次土地联席会议",
        "date": D(2022, 4, 8),
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
        "date": D(2022, 5, 6),
        "location": "镇政府二楼会议室",
        "chair": "韩自更",
        "attendees": "领导小组办公室、七个协同单位",
        "attendee_count": 14,
        "minutes": "通报各村整改进度和逾期未整改案件。缺房村民未批建房由镇政府在实施规划中整改。"
        "要求5月20日前完成查处纠正阶段任务，办公室着手准备整改工作材料。",
        "decisions": ["办公室5月25日前形成整改工作材料上报", "各村建立村级土地协管员制度"],
    },
]

REVIEW = {
    "date": D(2022, 5, 30),
    "authority": "嘉兴市国土资源局",
    "reviewers": "市局监察支队、县国土资源局监察科",
    "result": "passed_with_remarks",
    "remarks": "整改措施落实，台账清楚。个别缺房村民建房和逾期案件需在实施规划中继续整改，巩固长效机制。",
}


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def demo_campaign() -> Campaign | None:
    town = ResponsibilityUnit.objects.filter(code="T01").first()
    if town is None:
        return None
    return Campaign.objects.filter(township=town, name=NAME).first()


def load_campaign(stdout=None) -> Campaign | None:
    town = ResponsibilityUnit.objects.filter(code="T01").first()
    office = User.objects.filter(username=OFFICE_USER).first()
    if town is None or office is None:
        return None
    campaign = Campaign.objects.filter(township=town, name=NAME).first()
    if campaign is None:
        campaign = services.create_campaign(
            by=office, township=town, name=NAME, basis=BASIS, goals=GOALS, phases=PHASES
        )
    users = {u.username: u for u in User.objects.filter(username__in=[g[0] for g in GROUP])}
    for order, (username, name, role) in enumerate(GROUP, start=1):
        user = users.get(username)
        department = "领导小组办公室" if role == GroupRole.OFFICE_DIRECTOR else "镇政府"
        LeadingGroupMember.objects.get_or_create(
            campaign=campaign,
            user=user,
            role=role,
            defaults={"name": name, "department": department, "sort_order": order},
        )
    departments = ResponsibilityUnit.objects.filter(township=town, kind=UnitKind.DEPARTMENT).order_by("sort_order")
    for dept in departments:
        for membership in dept.memberships.filter(role="officer", active=True).select_related("user"):
            JointTeamMember.objects.get_or_create(
                campaign=campaign,
                user=membership.user,
                defaults={"department": dept, "post": membership.post or "联合执法队员"},
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
    phases = {p.kind: p for p in campaign.phases.all()}
    town = campaign.township
    units = {u.code: u for u in ResponsibilityUnit.objects.filter(township=town)}

    def task(title, unit, phase, due, status, owner=None, decision=None):
        if Task.objects.filter(campaign=campaign, title=title, owner_unit=unit).exists():
            return
        if decision is not None:
            t = services.decision_to_task(
                decision, by=office, phase=phase, due_date=due, owner_unit=unit, owner=owner, title=title
            )
        else:
            t = services.create_task(
                campaign, by=office, phase=phase, title=title, due_date=due, owner_unit=unit, owner=owner
            )
        if status == TaskStatus.IN_PROGRESS:
            services.report_task_progress(t, by=office, note="已完成大部分，个别企业仍在核查。")
        elif status == TaskStatus.DONE:
            services.change_task_status(t, by=office, to_status=TaskStatus.DONE, note="已按期完成。", completed_on=due)

    for code, (title, status) in DEPARTMENT_TASKS.items():
        dept = units.get(code)
        if dept is None:
            continue
        officer = dept.memberships.filter(role="officer", active=True).select_related("user").first()
        task(title, dept, phases[PhaseKind.CORRECTION], D(2022, 5, 15), status, owner=officer.user if officer else None)
    for i in range(1, 12):
        village = units.get(f"T01-V{i:02d}")
        if village is None:
            continue
        # Two late villages keep the overdue marking visible in the demo.
        status = TaskStatus.IN_PROGRESS if i in (4, 9) else TaskStatus.DONE
        task(VILLAGE_TASK, village, phases[PhaseKind.MOBILISATION], D(2022, 3, 25), status)

    for spec in MEETINGS:
        if Meeting.objects.filter(campaign=campaign, title=spec["title"]).exists():
            continue
        data = {k: v for k, v in spec.items()}
        services.record_meeting(campaign, by=office, **data)
    # The last joint meeting's first decision became the improvement phase's report task.
    decision = (
        Meeting.objects.filter(campaign=campaign, title=MEETINGS[2]["title"]).first().decisions.order_by("pk").first()
    )
    office_unit = units.get("T01-OFF")
    if decision is not None and not hasattr(decision, "task"):
        task(
            "形成整改工作材料上报，迎接复查验收",
            office_unit,
            phases[PhaseKind.IMPROVEMENT],
            D(2022, 5, 25),
            TaskStatus.DONE,
            decision=decision,
        )
    task(
        "建立土地巡回检查、部门联合执法和土地联席会议制度",
        office_unit,
        phases[PhaseKind.IMPROVEMENT],
        D(2022, 5, 31),
        TaskStatus.IN_PROGRESS,
    )

    if not PublicityActivity.objects.filter(campaign=campaign).exists():
        villages = [units[f"T01-V{i:02d}"] for i in range(1, 12) if f"T01-V{i:02d}" in units]
        for i, village in enumerate(villages):
            services.record_publicity(
                campaign,
                by=office,
                date=D(2022, 3, 17) + datetime.timedelta(days=i % 7),
                kind="meeting",
                village=village,
                description="村民代表会议宣传土地管理法律法规",
                audience=60 + 7 * i,
                materials=80 + 5 * i,
            )
        services.record_publicity(
            campaign,
            by=office,
            date=D(2022, 3, 18),
            kind="banner",
            description="全镇主要道路悬挂宣传横幅",
            materials=45,
        )
        services.record_publicity(
            campaign,
            by=office,
            date=D(2022, 3, 20),
            kind="leaflet",
            description="发放《致全镇村民的一封信》",
            audience=3200,
            materials=3200,
        )
        services.record_publicity(
            campaign,
            by=office,
            date=D(2022, 3, 21),
            kind="broadcast",
            description="镇广播站连续一周播放土地法规",
            audience=12000,
        )
        services.record_publicity(
            campaign,
            by=office,
            date=D(2022, 3, 23),
            kind="training",
            description="村干部依法用地培训",
            audience=85,
            materials=85,
        )

    if not AcceptanceReview.objects.filter(campaign=campaign).exists():
        services.record_review(campaign, by=office, **REVIEW)
    _say(stdout, f"activities: {campaign.tasks.count()} tasks, {campaign.meetings.count()} meetings\n")

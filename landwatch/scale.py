"""County-scale synthetic data for the benchmark (``manage.py generate_scale``).

Realistic and varied rather than random noise: every category and state, Chinese names
and places, deadlines around today so overdue and due-soon lists are not empty, events
consistent with each case's state, one case with a long timeline for the detail page.
Everything is written with bulk inserts; a rerun tops the data up to the asked-for
counts instead of duplicating it. The rows carry the prefix "SCALE" so they can be told
from real data.
"""

import datetime
import random
import time
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from landwatch import dataversion
from landwatch.roles import Role
from landwatch.vocabulary import Category, Cause, DiscoverySource
from patrols.models import PatrolFinding, PatrolLog, ResponsibilityUnit, UnitKind, UnitMembership

User = get_user_model()

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华建平志强海燕春梅国强文军红梅玉兰"
VILLAGE_WORDS = "青石桃源河东新桥长港塘湾白马梅林荷花永丰杨柳云溪竹林石桥东岳西山南湖北塘金桥银杏双桥三里五星红旗光明和平幸福"
PLACES = ["东组", "西组", "南组", "北组", "村口", "河滩旁", "老粮站后", "桑园地", "小学东侧", "公路边", "水库下游", "竹园"]
COMPANIES = ["物资有限公司", "建材厂", "五金加工厂", "养殖场", "家具厂", "物流有限公司", "农业开发公司"]


# How often each state occurs in a mature county's data: most cases closed, a real backlog.
STATUS_WEIGHTS_BY_STATUS = {
    "registered": 10,
    "notified": 18,
    "corrected": 8,
    "enforcing": 6,
    "deferred": 4,
    "closed": 40,
    "withdrawn": 3,
}
STATUS_WEIGHTS = list(STATUS_WEIGHTS_BY_STATUS.values())
EVENT_FOR_STATUS = {
    "notified": "notified",
    "corrected": "self_corrected",
    "enforcing": "enforcement_approved",
    "deferred": "deferred",
    "closed": "reinspection_passed",
    "withdrawn": "withdrawn",
}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _disable_triggers() -> bool:
    """Skip audit triggers and FK triggers while loading synthetic data, where allowed."""
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        return True
    except Exception:  # noqa: BLE001 - not a superuser: load with triggers on, only slower
        return False


def _enable_triggers() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def generate(
    *,
    townships: int,
    villages: int,
    cases: int,
    patrol_logs: int,
    seed: int = 2022,
    batch: int = 5000,
    progress: Callable[[str], None] = print,
) -> dict[str, float]:
    from cases.models import CaseEvent, CaseNumberSequence, EventKind, Party, ViolationCase

    rng = random.Random(seed)
    timings: dict[str, float] = {}
    started = time.monotonic()
    triggers_off = _disable_triggers()
    progress(f"audit triggers {'off' if triggers_off else 'on'} during the load")
    password = make_password("landwatch2022")
    try:
        # --- territory and people ---
        county, _ = ResponsibilityUnit.objects.get_or_create(
            code="SCALE-COUNTY", defaults={"name": "规模测试县国土资源局", "kind": UnitKind.COUNTY, "is_demo": True}
        )
        towns, all_villages, officers_by_town, office_by_town = [], [], {}, {}
        per_town = max(1, villages // townships)
        for t in range(townships):
            town = _unit(f"SCALE-T{t:02d}", f"规模{t + 1}镇", UnitKind.TOWNSHIP, county)
            towns.append(town)
            office = _unit(f"SCALE-T{t:02d}-OFF", f"规模{t + 1}镇办公室", UnitKind.OFFICE, town)
            dept = _unit(f"SCALE-T{t:02d}-D01", f"规模{t + 1}镇国土所", UnitKind.DEPARTMENT, town)
            for v in range(per_town):
                name = "".join(rng.sample(VILLAGE_WORDS, 2)) + "村"
                all_villages.append(_unit(f"SCALE-T{t:02d}-V{v:03d}", name, UnitKind.VILLAGE, town))
            office_by_town[town.pk] = _member(f"scale_office_{t:02d}", "office", office, password)
            officers_by_town[town.pk] = [_member(f"scale_officer_{t:02d}_{i}", "officer", dept, password) for i in range(4)]
        _member("scale_county", "county", county, password)
        villages_by_town: dict[int, list] = {}
        for v in all_villages:
            villages_by_town.setdefault(v.township_id, []).append(v)
        campaign = _campaign(towns[0])
        timings["territory_s"] = time.monotonic() - started
        progress(f"territory: {len(towns)} townships, {len(all_villages)} villages")

        # --- parties and cases (top up to the asked count) ---
        t0 = time.monotonic()
        existing = ViolationCase.objects.filter(number__startswith="S").count()
        wanted = max(0, cases - existing)
        today = timezone.localdate()
        statuses = list(STATUS_WEIGHTS_BY_STATUS)
        categories = [c.value for c in Category]
        sources = [s.value for s in DiscoverySource]
        seq = CaseNumberSequence.objects.filter(year=9999).first()
        next_no = (seq.last if seq else 0) + 1
        numbering = _DocumentNumbers()
        made = 0
        while made < wanted:
            n = min(batch, wanted - made)
            parties = []
            for _ in range(n):
                town = rng.choice(towns)
                company = rng.random() < 0.25
                parties.append(
                    Party(
                        township=town,
                        kind="company" if company else "person",
                        name=(rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(COMPANIES))
                        if company
                        else _name(rng),
                        phone=f"13{rng.randint(100000000, 999999999)}",
                    )
                )
            Party.objects.bulk_create(parties, batch_size=batch)
            rows = []
            for party in parties:
                village = rng.choice(villages_by_town[party.township_id])
                status = rng.choices(statuses, weights=STATUS_WEIGHTS)[0]
                discovered = today - datetime.timedelta(days=rng.randint(0, 3650))
                area = Decimal(rng.randint(20, 5000))
                deadline = None
                if status in ("notified", "enforcing", "corrected"):
                    deadline = today + datetime.timedelta(days=rng.randint(-60, 60))
                rows.append(
                    ViolationCase(
                        number=f"S{next_no:07d}",
                        title=f"{party.name}{rng.choice(['违法占地建房', '非法占用耕地', '未批先建', '擅自改变土地用途'])}",
                        party=party,
                        village=village,
                        location_text=f"{village.name}{rng.choice(PLACES)}",
                        latitude=Decimal("30.75") + Decimal(rng.randint(0, 40000)) / 100000,
                        longitude=Decimal("120.60") + Decimal(rng.randint(0, 40000)) / 100000,
                        area_m2=area,
                        farmland_area_m2=(area * Decimal(rng.choice([0, 0.3, 0.6, 1]))).quantize(Decimal("0.01")),
                        category=rng.choice(categories),
                        source=rng.choice(sources),
                        discovered_on=discovered,
                        assignee=rng.choice(officers_by_town[party.township_id]),
                        campaign=campaign if party.township_id == campaign.township_id else None,
                        status=status,
                        deadline=deadline,
                        closed_on=discovered + datetime.timedelta(days=rng.randint(10, 200)) if status == "closed" else None,
                        description="规模测试数据。",
                        created_by=office_by_town[party.township_id],
                    )
                )
                next_no += 1
            ViolationCase.objects.bulk_create(rows, batch_size=batch)
            events = []
            for case in rows:
                actor = case.created_by
                events.append(
                    CaseEvent(case=case, kind=EventKind.REGISTERED, to_status="registered", actor=actor, note="登记立案")
                )
                if case.status != "registered":
                    events.append(
                        CaseEvent(
                            case=case,
                            kind=EVENT_FOR_STATUS[case.status],
                            from_status="registered",
                            to_status=case.status,
                            actor=actor,
                            note="状态变更",
                        )
                    )
            CaseEvent.objects.bulk_create(events, batch_size=batch)
            _notices(events, numbering)
            _cause_rows(rows, rng)
            made += n
            progress(f"cases: {existing + made}/{cases}")
        CaseNumberSequence.objects.update_or_create(year=9999, defaults={"last": next_no - 1})
        numbering.save()
        _long_timeline_case(rng)
        timings["cases_s"] = time.monotonic() - t0

        # --- land project cards (five per village) ---
        t0 = time.monotonic()
        _projects(all_villages, office_by_town, rng, today)
        timings["projects_s"] = time.monotonic() - t0

        # --- patrol logs and findings ---
        t0 = time.monotonic()
        existing_logs = PatrolLog.objects.filter(village__code__startswith="SCALE").count()
        wanted = max(0, patrol_logs - existing_logs)
        coordinators = {v.pk: office_by_town[v.township_id] for v in all_villages}
        made = 0
        while made < wanted:
            n = min(batch * 4, wanted - made)
            logs = [
                PatrolLog(
                    village=(v := rng.choice(all_villages)),
                    patrolled_on=today - datetime.timedelta(days=rng.randint(0, 1095)),
                    started_at=datetime.time(rng.randint(7, 17), rng.choice((0, 15, 30, 45))),
                    duration_minutes=rng.randint(30, 180),
                    route=f"{v.name}{rng.choice(PLACES)}—{rng.choice(PLACES)}",
                    result="suspected" if rng.random() < 0.05 else "nothing_found",
                    created_by=coordinators[v.pk],
                )
                for _ in range(n)
            ]
            PatrolLog.objects.bulk_create(logs, batch_size=batch)
            findings = [
                PatrolFinding(
                    log=log,
                    village=log.village,
                    location_text=log.route[:200],
                    description="巡查发现疑似违法用地。",
                    suspected_category=rng.choice(categories),
                    reported_by=log.created_by,
                    **(
                        {"status": "reported"}
                        if rng.random() < 0.5
                        else {
                            "status": "dismissed",
                            "dismiss_reason": "经核实为已批建设项目。",
                            "handled_by": log.created_by,
                            "handled_at": timezone.now(),
                        }
                    ),
                )
                for log in logs
                if log.result == "suspected"
            ]
            PatrolFinding.objects.bulk_create(findings, batch_size=batch)
            made += n
            progress(f"patrol logs: {existing_logs + made}/{patrol_logs}")
        timings["patrols_s"] = time.monotonic() - t0
    finally:
        if triggers_off:
            _enable_triggers()
            dataversion.bump()  # the version triggers were off too: cached figures are stale now
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    timings["total_s"] = time.monotonic() - started
    return timings


class _DocumentNumbers:
    """Document numbers per township and year, carried on from earlier runs and saved at the end."""

    def __init__(self) -> None:
        from documents.models import DocumentKind, DocumentSequence

        self.kind = DocumentKind.RECTIFICATION
        self.last = {
            (s.township_id, s.year): s.last for s in DocumentSequence.objects.filter(kind=self.kind)
        }

    def next(self, township_id: int, year: int) -> int:
        key = (township_id, year)
        self.last[key] = self.last.get(key, 0) + 1
        return self.last[key]

    def save(self) -> None:
        from documents.models import DocumentSequence

        for (township_id, year), last in self.last.items():
            DocumentSequence.objects.update_or_create(
                township_id=township_id, year=year, kind=self.kind, defaults={"last": last}
            )


def _notices(events, numbering: _DocumentNumbers) -> None:
    """A served rectification notice (with its service record) for every "notified" event.

    As the documents app makes them: the event is the notice's ``source_event``, so the
    cases look as if served through the app, not through the interim notice of old.
    """
    from documents.drafting import number_text
    from documents.models import CaseDocument, DocumentStatus, ServiceRecord

    documents = []
    for event in events:
        if event.kind != "notified":
            continue
        case = event.case
        served_on = min(case.discovered_on + datetime.timedelta(days=7), timezone.localdate())
        sequence = numbering.next(case.village.township_id, served_on.year)
        documents.append(
            CaseDocument(
                case=case,
                township_id=case.village.township_id,
                kind=numbering.kind,
                status=DocumentStatus.SERVED,
                year=served_on.year,
                sequence=sequence,
                reference=number_text(
                    prefix=f"规模{case.village.township_id}土监", year=served_on.year, kind=numbering.kind,
                    sequence=sequence,
                ),
                party_name=case.party.name,
                location_text=case.location_text,
                facts=f"经查，{case.party.name}在{case.location_text}违法占用土地{case.area_m2}平方米。",
                legal_basis="《中华人民共和国土地管理法》第七十七条",
                requirements="限期自行拆除违法建筑物，恢复土地原状。",
                deadline_days=max((case.deadline - served_on).days, 1) if case.deadline else None,
                deadline=case.deadline,
                source_event=event,
                issued_by=event.actor,
                issued_on=served_on,
                created_by=event.actor,
            )
        )
    CaseDocument.objects.bulk_create(documents, batch_size=5000)
    ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                document=d, method="direct", served_on=d.issued_on, recipient=d.party_name, recorded_by=d.created_by
            )
            for d in documents
        ],
        batch_size=5000,
    )


def _projects(villages, office_by_town, rng: random.Random, today: datetime.date) -> None:
    """Five land project cards per village, in every construction state, some behind schedule."""
    from patrols.models import ConstructionStatus, LandProject

    existing = set(LandProject.objects.filter(card_no__startswith="SCALE").values_list("card_no", flat=True))
    statuses = [s.value for s in ConstructionStatus]
    cards = []
    for village in villages:
        for k in range(5):
            card_no = f"SCALE-P{village.pk:05d}-{k}"
            if card_no in existing:
                continue
            approved = today - datetime.timedelta(days=rng.randint(60, 1500))
            status = rng.choice(statuses)
            cards.append(
                LandProject(
                    card_no=card_no,
                    name=f"{village.name}{rng.choice(COMPANIES)}建设项目",
                    company=rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(COMPANIES),
                    village=village,
                    parcel=f"{village.name}{rng.choice(PLACES)}地块",
                    approval_no=f"规模批〔{approved.year}〕{rng.randint(1, 300)}号",
                    approved_area_mu=Decimal(rng.randint(5, 200)),
                    approved_on=approved,
                    agreed_start_on=approved + datetime.timedelta(days=90),
                    agreed_completion_on=approved + datetime.timedelta(days=90 + rng.randint(180, 720)),
                    actual_start_on=None if status == "not_started" else approved + datetime.timedelta(days=120),
                    required_plot_ratio=Decimal("1.20"),
                    required_investment_intensity=Decimal("300"),
                    construction_status=status,
                    signboard_posted=rng.random() < 0.7,
                    created_by=office_by_town[village.township_id],
                )
            )
    LandProject.objects.bulk_create(cards, batch_size=5000)


def _campaign(township):
    """A three-phase campaign in the first township, so the summary report has data."""
    from campaigns.models import Campaign, Phase

    campaign, created = Campaign.objects.get_or_create(
        township=township,
        name="规模测试专项整治行动",
        defaults={"start_date": datetime.date(2022, 3, 15), "end_date": datetime.date(2022, 5, 31)},
    )
    if created:
        for kind, start, end in (
            ("mobilisation", (3, 15), (3, 25)),
            ("correction", (3, 26), (5, 20)),
            ("improvement", (5, 21), (5, 31)),
        ):
            Phase.objects.create(
                campaign=campaign, kind=kind, start_date=datetime.date(2022, *start), end_date=datetime.date(2022, *end)
            )
    return campaign


def _unit(code: str, name: str, kind: str, parent) -> ResponsibilityUnit:
    unit = ResponsibilityUnit.objects.filter(code=code).first()
    if unit is None:
        unit = ResponsibilityUnit(code=code, name=name, kind=kind, parent=parent, is_demo=True)
        unit.save()
    return unit


def _member(username: str, role: str, unit, password: str):
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": username, "password": password})
    if created:
        UnitMembership.objects.create(user=user, unit=unit, role=role)
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _cause_rows(cases, rng: random.Random) -> None:
    from cases.models import CaseCause

    causes = [c.value for c in Cause]
    CaseCause.objects.bulk_create(
        [CaseCause(case=case, cause=cause) for case in cases for cause in rng.sample(causes, rng.randint(1, 2))],
        batch_size=5000,
    )


def _long_timeline_case(rng: random.Random) -> None:
    """One case with about twenty events, for the detail page benchmark."""
    from cases.models import CaseEvent, EventKind, ViolationCase

    case = ViolationCase.objects.filter(number__startswith="S").order_by("number").first()
    if case is None or case.events.count() >= 20:
        return
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, kind=EventKind.NOTE, actor=case.created_by, note=f"第{i + 1}次处理记录")
            for i in range(20 - case.events.count())
        ]
    )


def long_timeline_case_pk() -> int | None:
    from cases.models import ViolationCase

    return ViolationCase.objects.filter(number__startswith="S").order_by("number").values_list("pk", flat=True).first()


# Logins the generator creates (password landwatch2022), for the benchmark.
SCALE_LOGINS = {Role.OFFICE: "scale_office_00", Role.OFFICER: "scale_officer_00_0", Role.COUNTY: "scale_county"}

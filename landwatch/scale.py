"""County-scale synthetic data for the benchmark (``manage.py generate_scale``).

Realistic and varied rather than random noise: every category and state, Chinese names
and places, deadlines around today so overdue and due-soon lists are not empty, events
consistent with each case's state, one case with a long timeline for the detail page.
Everything is written with bulk inserts (COPY on PostgreSQL, ``_insert``; the patrol
logs drawn by PostgreSQL itself, ``_patrol_logs``); a rerun tops the data up to the
asked-for counts instead of duplicating it. The rows carry the
prefix "SCALE" so they can be told from real data.

The cases are inserted in bulk for speed, but as the services would write them (issue #26):
their numbers come from ``cases.services.allocate_case_numbers`` (one call per batch, in
the year ``SCALE_YEAR`` that no real case has, so 9999-001 … tell them apart), and every
event's ``data`` from the builder of its kind in ``cases/events.py``.
"""

import contextlib
import datetime
import io
import json
import random
import time
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from landwatch import dataversion
from landwatch.roles import Role
from landwatch.vocabulary import Category, Cause, DiscoverySource
from patrols.models import PatrolFinding, PatrolLog, ResponsibilityUnit, UnitKind, UnitMembership

User = get_user_model()

_POSTGRESQL_ONLY = "generate_scale loads PostgreSQL only (the benchmark's database); DATABASE_URL names another."

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华建平"
    "志强海燕春梅国强文军红梅玉兰"
)
VILLAGE_WORDS = (
    "青石桃源河东新桥长港塘湾白马梅林荷花永丰杨柳云溪竹林石桥东岳西山南湖"
    "北塘金桥银杏双桥三里五星红旗光明和平幸福"
)
PLACES = [
    "东组", "西组", "南组", "北组", "村口", "河滩旁",
    "老粮站后", "桑园地", "小学东侧", "公路边", "水库下游", "竹园",
]
CASE_TITLES = ["违法占地建房", "非法占用耕地", "未批先建", "擅自改变土地用途"]
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
# The year of the scale cases' numbers: a sequence of its own, no real case's.
SCALE_YEAR = 9999


def scale_cases():
    """The cases the generator made (numbered in ``SCALE_YEAR``)."""
    from cases.models import ViolationCase

    return ViolationCase.objects.filter(number__startswith=f"{SCALE_YEAR}-")


def _status_event_data(case: dict, today: datetime.date) -> dict:
    """The data of the event that moved ``case`` (a row being loaded) to its status, by its kind's builder.

    A notified, corrected or enforcing case was served its notice a week after discovery.
    """
    from cases import events
    from cases.models import Disposition
    from cases.transitions import default_disposition

    status = case["status"]
    served_on = min(case["discovered_on"] + datetime.timedelta(days=7), today)
    if status == "notified":
        return events.notified(deadline=case["deadline"], served_on=served_on)
    if status == "corrected":
        return events.self_corrected(corrected_on=min(served_on + datetime.timedelta(days=7), today))
    if status == "enforcing":
        return events.enforcement_approved(deadline=case["deadline"])
    if status == "deferred":
        return events.decided(disposition=Disposition.PLANNING, default=default_disposition(case["category"]),
                              category=case["category"])
    if status == "closed":
        return events.reinspection_passed(inspected_on=case["closed_on"])
    return events.withdrawn()


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """``value`` in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(_COPY_ESCAPES)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _insert(model, rows: list[dict]) -> None:
    """Insert ``rows`` (values by field attribute name, the same names in each), giving each row its ``id``.

    Plain dictionaries, not model instances: building 600,000 instances for the cases'
    side of a county was a third of the load's time.
    """
    if not rows:
        return
    names = list(rows[0])
    for row, pk in zip(rows, _insert_rows(model, names, [list(row.values()) for row in rows]), strict=True):
        row["id"] = pk


def _insert_rows(model, names: list[str], rows: list) -> list[int]:
    """Insert ``rows`` (values of the fields ``names``; the others get their defaults), return their ids.

    COPY on PostgreSQL: a million patrol logs took 17 minutes through ``bulk_create`` on a
    two-core machine, most of it spent building model instances and compiling the INSERT's
    parameters. The ids are taken from the table's sequence first, so rows built after
    can point at them.
    """
    if not rows:
        return []
    meta = model._meta
    given = [meta.get_field(name) for name in names]
    rest = _defaults(model, names)
    tail = "".join("\t" + _copy_text(value) for _field, value in rest)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        data = io.StringIO()
        for pk, row in zip(ids, rows, strict=True):
            data.write(f"{pk}\t")
            data.write("\t".join([_copy_text(value) for value in row]))
            data.write(tail)
            data.write("\n")
        data.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in [meta.pk, *given, *(f for f, _ in rest)])
        cursor.copy_expert(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN", data)
    return ids


def _defaults(model, names: list[str]) -> list[tuple]:
    """The concrete fields of ``model`` other than its key and ``names``, each with the value a new row gets.

    The same for every row of a load: the field's default, or the load's moment for ``auto_now(_add)``.
    """
    now = timezone.now()
    return [
        (f, now if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False) else f.get_default())
        for f in model._meta.concrete_fields
        if f.attname not in names and not f.primary_key
    ]


@contextlib.contextmanager
def _indexes_deferred(models: list, *, when: bool):
    """Drop the tables' secondary indexes for a large load, and build them again at its end.

    Kept up to date row by row, the twenty-odd indexes of the cases (three of them trigram)
    and the eight of the patrol logs made up most of a load's time; built once over the
    loaded rows they cost a fraction of it. Primary keys and unique indexes stay, so the load
    is still checked. Run inside the load's transaction: if the load fails, the rollback
    brings the indexes back (other sessions wait for the tables until it ends).
    """
    if not when:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname = ANY(%s) AND pg_table_is_visible(t.oid) AND NOT i.indisunique AND NOT i.indisprimary",
            [[model._meta.db_table for model in models]],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)


def _disable_triggers() -> bool:
    """Skip audit triggers and FK triggers while loading synthetic data, where allowed."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        return True
    except Exception:  # noqa: BLE001 - not a superuser: load with triggers on, only slower
        return False


def _enable_triggers() -> None:
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
    from cases import events as event_data
    from cases.models import CaseCause, CaseEvent, EventKind, Party, ViolationCase
    from cases.services import allocate_case_numbers
    from cases.transitions import default_disposition
    from documents.models import CaseDocument, ServiceRecord

    if connection.vendor != "postgresql":
        # COPY, INSERT ... SELECT over generate_series, index rebuilds: the load is PostgreSQL's.
        raise ImproperlyConfigured(_POSTGRESQL_ONLY)
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    started = time.monotonic()
    triggers_off = _disable_triggers()
    progress(f"audit triggers {'off' if triggers_off else 'on'} during the load")
    # No usable password: these logins exist in whatever database this is run against, and
    # a published password would open them. The benchmark gives them one of its own.
    password = make_password(None)
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
            officers_by_town[town.pk] = [
                _member(f"scale_officer_{t:02d}_{i}", "officer", dept, password) for i in range(4)
            ]
        _member("scale_county", "county", county, password)
        villages_by_town: dict[int, list] = {}
        for v in all_villages:
            villages_by_town.setdefault(v.township_id, []).append(v)
        campaign = _campaign(towns[0])
        timings["territory_s"] = time.monotonic() - started
        progress(f"territory: {len(towns)} townships, {len(all_villages)} villages")

        # --- parties and cases (top up to the asked count) ---
        t0 = time.monotonic()
        existing = scale_cases().count()
        wanted = max(0, cases - existing)
        today = timezone.localdate()
        statuses = list(STATUS_WEIGHTS_BY_STATUS)
        categories = [c.value for c in Category]
        sources = [s.value for s in DiscoverySource]
        numbering = _DocumentNumbers()
        made = 0
        case_tables = [Party, ViolationCase, CaseEvent, CaseDocument, ServiceRecord, CaseCause]
        with transaction.atomic(), _indexes_deferred(case_tables, when=wanted > existing):
            while made < wanted:
                n = min(batch, wanted - made)
                parties = []
                for _ in range(n):
                    town = rng.choice(towns)
                    company = rng.random() < 0.25
                    parties.append({
                        "township_id": town.pk,
                        "kind": "company" if company else "person",
                        "name": (rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(COMPANIES))
                        if company
                        else _name(rng),
                        "phone": f"13{rng.randint(100000000, 999999999)}",
                    })
                _insert(Party, parties)
                rows = []
                numbers = iter(allocate_case_numbers(SCALE_YEAR, n))
                for party in parties:
                    town_id = party["township_id"]
                    village = rng.choice(villages_by_town[town_id])
                    status = rng.choices(statuses, weights=STATUS_WEIGHTS)[0]
                    discovered = today - datetime.timedelta(days=rng.randint(0, 3650))
                    area = Decimal(rng.randint(20, 5000))
                    deadline = None
                    if status in ("notified", "enforcing", "corrected"):
                        deadline = today + datetime.timedelta(days=rng.randint(-60, 60))
                    rows.append({
                        "number": next(numbers),
                        "title": party["name"] + rng.choice(CASE_TITLES),
                        "party_id": party["id"],
                        "village_id": village.pk,
                        "location_text": f"{village.name}{rng.choice(PLACES)}",
                        "latitude": Decimal("30.75") + Decimal(rng.randint(0, 40000)) / 100000,
                        "longitude": Decimal("120.60") + Decimal(rng.randint(0, 40000)) / 100000,
                        "area_m2": area,
                        "farmland_area_m2": (area * Decimal(rng.choice([0, 0.3, 0.6, 1]))).quantize(Decimal("0.01")),
                        "category": rng.choice(categories),
                        "source": rng.choice(sources),
                        "discovered_on": discovered,
                        "registered_on": discovered,
                        "assignee_id": rng.choice(officers_by_town[town_id]).pk,
                        "campaign_id": campaign.pk if town_id == campaign.township_id else None,
                        "status": status,
                        "deadline": deadline,
                        "closed_on": discovered + datetime.timedelta(days=rng.randint(10, 200))
                        if status == "closed"
                        else None,
                        "description": "规模测试数据。",
                        "created_by_id": office_by_town[town_id].pk,
                    })
                _insert(ViolationCase, rows)
                events = []
                for case in rows:
                    registered = event_data.registered(
                        number=case["number"], category=case["category"],
                        proposed_disposition=default_disposition(case["category"]))
                    changes = [("", "registered", EventKind.REGISTERED, "登记立案", registered)]
                    if case["status"] != "registered":
                        changes.append(("registered", case["status"], EVENT_FOR_STATUS[case["status"]], "状态变更",
                                        _status_event_data(case, today)))
                    events.extend(
                        {"case_id": case["id"], "kind": kind, "from_status": from_status, "to_status": to_status,
                         "actor_id": case["created_by_id"], "note": note, "data": data, "occurred_on": today}
                        for from_status, to_status, kind, note, data in changes
                    )
                _insert(CaseEvent, events)
                _notices(rows, parties, events, numbering)
                _cause_rows(rows, rng)
                made += n
                progress(f"cases: {existing + made}/{cases}")
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
        made = 0
        with transaction.atomic(), _indexes_deferred([PatrolLog, PatrolFinding], when=wanted > existing_logs):
            _seed(rng)
            while made < wanted:
                n = min(batch * 20, wanted - made)
                _patrol_logs(n, all_villages, office_by_town, categories, today)
                made += n
                progress(f"patrol logs: {existing_logs + made}/{patrol_logs}")
        timings["patrols_s"] = time.monotonic() - t0
    finally:
        if triggers_off:
            _enable_triggers()
            dataversion.bump()  # the version triggers were off too: cached figures are stale now
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


def _notices(cases: list[dict], parties: list[dict], events: list[dict], numbering: _DocumentNumbers) -> None:
    """A served rectification notice (with its service record) for every "notified" event.

    As the documents app makes them: the event is the notice's ``source_event``, so the
    cases look as if served through the app, not through the interim notice of old.
    """
    from documents.drafting import number_text
    from documents.models import CaseDocument, DocumentStatus, ServiceRecord

    case_and_party = {case["id"]: (case, party) for case, party in zip(cases, parties, strict=True)}
    documents = []
    for event in events:
        if event["kind"] != "notified":
            continue
        case, party = case_and_party[event["case_id"]]
        township_id = party["township_id"]  # the case's village is one of its party's township
        served_on = datetime.date.fromisoformat(event["data"]["served_on"])  # as its event says
        sequence = numbering.next(township_id, served_on.year)
        documents.append({
            "case_id": case["id"],
            "township_id": township_id,
            "kind": numbering.kind,
            "status": DocumentStatus.SERVED,
            "year": served_on.year,
            "sequence": sequence,
            "reference": number_text(
                prefix=f"规模{township_id}土监", year=served_on.year, kind=numbering.kind, sequence=sequence
            ),
            "party_name": party["name"],
            "location_text": case["location_text"],
            "facts": f"经查，{party['name']}在{case['location_text']}违法占用土地{case['area_m2']}平方米。",
            "legal_basis": "《中华人民共和国土地管理法》第七十七条",
            "requirements": "限期自行拆除违法建筑物，恢复土地原状。",
            "deadline_days": max((case["deadline"] - served_on).days, 1) if case["deadline"] else None,
            "deadline": case["deadline"],
            "source_event_id": event["id"],
            "issued_by_id": event["actor_id"],
            "issued_on": served_on,
            "created_by_id": event["actor_id"],
        })
    _insert(CaseDocument, documents)
    _insert(
        ServiceRecord,
        [
            {"document_id": d["id"], "method": "direct", "served_on": d["issued_on"], "recipient": d["party_name"],
             "recorded_by_id": d["created_by_id"]}
            for d in documents
        ],
    )


def _seed(rng: random.Random) -> None:
    """Seed PostgreSQL's ``random()`` from ``rng``, so that the rows it draws are the same on every run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [rng.uniform(-1, 1)])


def _patrol_logs(n: int, villages, office_by_town, categories: list[str], today: datetime.date) -> None:
    """``n`` patrol logs, 5 % of them reporting a finding (half of those dismissed), drawn by PostgreSQL itself.

    A million logs built in Python and sent through COPY took three minutes, nearly all of
    it drawing the random values and formatting the rows; one INSERT ... SELECT draws them
    in the server at a fraction of that. A village is drawn for each log, then its day,
    hour, length and route, and whether it found anything; each finding is its log's.
    """
    from patrols.models import FindingStatus, PatrolResult

    log_rest = _defaults(PatrolLog, ["village_id", "patrolled_on", "started_at", "duration_minutes", "route",
                                     "result", "created_by_id"])
    finding_rest = _defaults(PatrolFinding, ["log_id", "village_id", "location_text", "description",
                                             "suspected_category", "reported_by_id", "status", "dismiss_reason",
                                             "handled_by_id", "handled_at"])
    params = {
        "n": n,
        "today": today,
        "village_ids": [v.pk for v in villages],
        "village_names": [v.name for v in villages],
        "coordinator_ids": [office_by_town[v.township_id].pk for v in villages],
        "places": PLACES,
        "categories": categories,
        "suspected": PatrolResult.SUSPECTED_VIOLATION.value,
        "nothing_found": PatrolResult.NOTHING_FOUND.value,
        "reported": FindingStatus.REPORTED.value,
        "dismissed": FindingStatus.DISMISSED.value,
        "description": "巡查发现疑似违法用地。",
        "reason": "经核实为已批建设项目。",
        "now": timezone.now(),
    }

    def rest(fields: list[tuple], prefix: str) -> tuple[str, str]:
        """The columns left to their defaults, and their values as parameters."""
        for i, (field, value) in enumerate(fields):
            params[f"{prefix}{i}"] = field.get_db_prep_save(value, connection)
        return (
            "".join(f", {connection.ops.quote_name(field.column)}" for field, _ in fields),
            "".join(f", %({prefix}{i})s" for i in range(len(fields))),
        )

    log_columns, log_values = rest(log_rest, "log_default_")
    finding_columns, finding_values = rest(finding_rest, "finding_default_")
    pick = "(%(places)s::text[])[1 + floor(random() * cardinality(%(places)s::text[]))::int]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH logs AS (
                INSERT INTO {PatrolLog._meta.db_table} (village_id, patrolled_on, started_at, duration_minutes, route,
                                                       result, created_by_id{log_columns})
                SELECT v.id, %(today)s::date - floor(random() * 1096)::int,
                       make_time(7 + floor(random() * 11)::int, 15 * floor(random() * 4)::int, 0),
                       30 + floor(random() * 151)::int,
                       v.name || {pick} || '—' || {pick},
                       CASE WHEN random() < 0.05 THEN %(suspected)s ELSE %(nothing_found)s END,
                       v.coordinator{log_values}
                FROM (SELECT 1 + floor(random() * cardinality(%(village_ids)s::bigint[]))::int AS k
                      FROM generate_series(1, %(n)s)) AS drawn
                JOIN unnest(%(village_ids)s::bigint[], %(village_names)s::text[], %(coordinator_ids)s::bigint[])
                     WITH ORDINALITY AS v (id, name, coordinator, k) USING (k)
                RETURNING id, village_id, route, result, created_by_id
            )
            INSERT INTO {PatrolFinding._meta.db_table} (log_id, village_id, location_text, description,
                                                        suspected_category, reported_by_id, status, dismiss_reason,
                                                        handled_by_id, handled_at{finding_columns})
            SELECT id, village_id, left(route, 200), %(description)s,
                   (%(categories)s::text[])[1 + floor(random() * cardinality(%(categories)s::text[]))::int],
                   created_by_id,
                   CASE WHEN dismissed THEN %(dismissed)s ELSE %(reported)s END,
                   CASE WHEN dismissed THEN %(reason)s ELSE '' END,
                   CASE WHEN dismissed THEN created_by_id END,
                   CASE WHEN dismissed THEN %(now)s END{finding_values}
            FROM (SELECT *, random() < 0.5 AS dismissed FROM logs WHERE result = %(suspected)s) AS found
            """,
            params,
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
            cards.append({
                "card_no": card_no,
                "name": f"{village.name}{rng.choice(COMPANIES)}建设项目",
                "company": rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(COMPANIES),
                "village_id": village.pk,
                "parcel": f"{village.name}{rng.choice(PLACES)}地块",
                "approval_no": f"规模批〔{approved.year}〕{rng.randint(1, 300)}号",
                "approved_area_mu": Decimal(rng.randint(5, 200)),
                "approved_on": approved,
                "agreed_start_on": approved + datetime.timedelta(days=90),
                "agreed_completion_on": approved + datetime.timedelta(days=90 + rng.randint(180, 720)),
                "actual_start_on": None if status == "not_started" else approved + datetime.timedelta(days=120),
                "required_plot_ratio": Decimal("1.20"),
                "required_investment_intensity": Decimal("300"),
                "construction_status": status,
                "signboard_posted": rng.random() < 0.7,
                "created_by_id": office_by_town[village.township_id].pk,
            })
    _insert(LandProject, cards)


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
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": username, "password": password}
    )
    if created:
        UnitMembership.objects.create(user=user, unit=unit, role=role)
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _cause_rows(cases: list[dict], rng: random.Random) -> None:
    from cases.models import CaseCause

    causes = [c.value for c in Cause]
    _insert(
        CaseCause,
        [{"case_id": case["id"], "cause": cause} for case in cases for cause in rng.sample(causes, rng.randint(1, 2))],
    )


def _long_timeline_case(rng: random.Random) -> None:
    """One case with about twenty events, for the detail page benchmark."""
    from cases import events
    from cases.models import CaseEvent, EventKind

    case = scale_cases().order_by("number").first()
    if case is None or case.events.count() >= 20:
        return
    _insert(
        CaseEvent,
        [
            {"case_id": case.pk, "kind": EventKind.NOTE, "actor_id": case.created_by_id, "note": f"第{i + 1}次处理记录",
             "data": events.note(), "occurred_on": timezone.localdate()}
            for i in range(20 - case.events.count())
        ],
    )


def long_timeline_case_pk() -> int | None:
    return scale_cases().order_by("number").values_list("pk", flat=True).first()


# Logins the generator creates (no usable password; bench/run.py gives them its own), for the benchmark.
SCALE_LOGINS = {Role.OFFICE: "scale_office_00", Role.OFFICER: "scale_officer_00_0", Role.COUNTY: "scale_county"}

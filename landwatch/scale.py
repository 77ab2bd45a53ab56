"""County-scale synthetic data for the benchmark (``manage.py generate_scale``): the runner and its bulk tools.

Realistic and varied rather than random noise: every category and state, Chinese names and
places, deadlines around today so overdue and due-soon lists are not empty, events consistent
with each case's state, one case with a long timeline for the detail page. Each app writes its
own part in its ``scale.py`` (the steps of ``settings.LANDWATCH_SCALE_STEPS``, run in order);
this module knows no app's tables, only how to load rows fast: COPY on PostgreSQL
(``insert``), secondary indexes dropped for a large load and built again after it
(``indexes_deferred``), audit triggers off where allowed. A rerun tops the data up to the
asked-for counts instead of duplicating it. The rows carry the prefix "SCALE" (units, logins)
or the case year 9999, so they can be told from real data.
"""

import contextlib
import datetime
import io
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from landwatch import dataversion
from landwatch.demo import steps

_POSTGRESQL_ONLY = "generate_scale loads PostgreSQL only (the benchmark's database); DATABASE_URL names another."

# Words the steps draw names from.
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
COMPANIES = ["物资有限公司", "建材厂", "五金加工厂", "养殖场", "家具厂", "物流有限公司", "农业开发公司"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


@dataclass
class ScaleRun:
    """One run of the generator: the asked-for sizes, the random source every step draws from in
    turn (so a run is the same every time), and what the steps hand on to the next ones
    (``shared``: the territory's townships, villages and logins, the campaign …)."""

    townships: int
    villages: int
    cases: int
    patrol_logs: int
    rng: random.Random
    batch: int = 5000
    progress: Callable[[str], None] = print
    today: datetime.date = field(default_factory=timezone.localdate)
    shared: dict = field(default_factory=dict)


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
    """Run every scale step; returns each step's seconds (``<step>_s``) and ``total_s``."""
    if connection.vendor != "postgresql":
        # COPY, INSERT ... SELECT over generate_series, index rebuilds: the load is PostgreSQL's.
        raise ImproperlyConfigured(_POSTGRESQL_ONLY)
    run = ScaleRun(townships=townships, villages=villages, cases=cases, patrol_logs=patrol_logs,
                   rng=random.Random(seed), batch=batch, progress=progress)
    timings: dict[str, float] = {}
    started = time.monotonic()
    triggers_off = _disable_triggers()
    progress(f"audit triggers {'off' if triggers_off else 'on'} during the load")
    try:
        for name, step in steps("LANDWATCH_SCALE_STEPS"):
            t0 = time.monotonic()
            step(run)
            timings[name.rsplit(".", 1)[-1].removeprefix("load_") + "_s"] = time.monotonic() - t0
    finally:
        if triggers_off:
            _enable_triggers()
            dataversion.bump()  # the version triggers were off too: cached figures are stale now
    with connection.cursor() as cursor:
        # The planner's statistics, and the visibility map that lets an index alone answer (the
        # dashboards' counts read their indexes only): a county's tables have been vacuumed long
        # since, a table just loaded not yet, and its first pages would be measured on a cold
        # map. VACUUM runs outside a transaction only (a test's load is one): ANALYZE there. A
        # table another session holds a lock on is skipped, not waited for (autovacuum's then).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE, SKIP_LOCKED)")
    timings["total_s"] = time.monotonic() - started
    return timings


# --- bulk loading ---------------------------------------------------------------------------

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


def insert(model, rows: list[dict]) -> None:
    """Insert ``rows`` (values by field attribute name, the same names in each), giving each row its ``id``.

    Plain dictionaries, not model instances: building 600,000 instances for the cases'
    side of a county was a third of the load's time.
    """
    if not rows:
        return
    names = list(rows[0])
    for row, pk in zip(rows, insert_rows(model, names, [list(row.values()) for row in rows]), strict=True):
        row["id"] = pk


def insert_rows(model, names: list[str], rows: list) -> list[int]:
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
    rest = defaults(model, names)
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


def defaults(model, names: list[str]) -> list[tuple]:
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
def indexes_deferred(models: list, *, when: bool):
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


def seed_database(rng: random.Random) -> None:
    """Seed PostgreSQL's ``random()`` from ``rng``, so that the rows it draws are the same on every run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [rng.uniform(-1, 1)])


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

#!/usr/bin/env python
"""LandWatch benchmark: county-scale data, gunicorn on loopback, a bounded load client.

    make bench                      # full size (10 townships, 100k cases, 1M patrol logs)
    make bench BENCH_ARGS=--small   # a few thousand rows, a few seconds a page (CI runs this)

Needs DATABASE_URL (``make bench`` starts a throwaway PostgreSQL). Every page is measured
against the floor view (a logged-in page with no domain query) in the same run, so the
ratios mean something on any machine. Each page's load is bounded in requests and time.
Writes bench/results/latest.json and docs/PERFORMANCE.md, and prints one BENCH line.
"""

import argparse
import concurrent.futures
import http.cookiejar
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# The survey import takes at most documents.survey_import.MAX_ROWS (2,000) rows a list, so that
# checking and registering fit one request; the 10,000-row survey is timed as the five lists a
# clerk uploads one after the other.
SIZES = {
    "small": {
        "townships": 2, "villages": 10, "cases": 1000, "patrol_logs": 3000,
        "requests": 20, "concurrency": 2, "seconds": 4, "rounds": 1, "import_rows": 200,
    },
    "full": {
        "townships": 10, "villages": 200, "cases": 100000, "patrol_logs": 1000000,
        "requests": 400, "concurrency": 8, "seconds": 60, "rounds": 4, "import_rows": 10000,
    },
}


def env_for_app() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "landwatch.settings",
            "DEBUG": "false",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "STATIC_ROOT": str(ROOT / "bench" / ".static"),
            "LOG_LEVEL": "WARNING",
            "AXES_FAILURE_LIMIT": "1000",
        }
    )
    return env


def manage(*args: str, quiet: bool = False) -> None:
    subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env_for_app(), check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The bench logs in with a password of this run's own, never a published one (the generator
# leaves its users without a usable password): a bench database reached by others opens to no one.
PASSWORD = secrets.token_urlsafe(16)


def give_bench_password() -> None:
    """Give every generated login (``scale_*``) this run's password; call after setup_django()."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    get_user_model().objects.filter(username__startswith="scale_").update(password=make_password(PASSWORD))


def setup_django():
    os.environ.update(env_for_app())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def targets() -> dict:
    """The pages to measure, as (url, user) — resolved in-process from the data."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from cases.models import ViolationCase
    from cases.scale import long_timeline_case_pk
    from territory.models import ResponsibilityUnit

    User = get_user_model()
    User.objects.get_or_create(username="scale_admin", defaults={"is_staff": True, "is_superuser": True})
    give_bench_password()
    village = ResponsibilityUnit.objects.filter(code__startswith="SCALE-T00-V").order_by("code").first()
    pages: dict[str, tuple[str | None, str]] = {}

    def add(name: str, url_name: str, user: str, *, args=(), query: str = "") -> None:
        pages[name] = (reverse(url_name, args=args) + (f"?{query}" if query else ""), user)

    county = "scale_county"
    add("floor", "floor", county)
    add("case_list", "cases:list", county)
    add(
        "case_list_filtered", "cases:list", county,
        query=urllib.parse.urlencode({"village": village.pk, "status": "notified"}),
    )
    add("case_search", "cases:list", county, query=urllib.parse.urlencode({"q": "王"}))
    # Three characters and more go through the trigram indexes: a party's full name.
    add("case_search_party", "cases:list", county, query=urllib.parse.urlencode({"q": _a_party_name()}))
    add("case_detail", "cases:detail", county, args=[long_timeline_case_pk()])
    # A case of the penalty chain at its decision, in the township the benchmark writes to: its page
    # reads every panel of the procedure (review, notice, hearing, decision, fine, 公示, enforcement).
    decided = _a_decided_chain_case_pk()
    if decided:
        add("case_detail_decided", "cases:detail", county, args=[decided])
    else:
        pages["case_detail_decided"] = (None, county)
    add("dashboard", "dashboards:index", county)
    add("dashboard_map_data", "dashboards:map-data", county)  # the dashboard's map, fetched after the page
    add("patrol_log_list", "patrols:log-list", county)
    # One township's office: the scope a township's own staff and leaders work in every day.
    add("case_list_township", "cases:list", "scale_office_00")
    add("dashboard_township", "dashboards:index", "scale_office_00")
    add("admin_changelist", "admin:cases_violationcase_changelist", "scale_admin")
    campaign_pk = _campaign_pk()
    if campaign_pk:
        add("summary_report", "campaigns:report", county, args=[campaign_pk])
    else:
        pages["summary_report"] = (None, county)
    del ViolationCase
    return pages


def _a_party_name() -> str:
    from cases.models import Party

    names = Party.objects.filter(kind="person").order_by("pk").values_list("name", flat=True)
    return next((n for n in names[:50] if len(n) >= 3), "王建国")


def _a_decided_chain_case_pk() -> int | None:
    from cases.models import CaseStatus, ViolationCase

    return (ViolationCase.objects.filter(status=CaseStatus.DECIDED, predates_chain=False,
                                         village__code__startswith="SCALE-T00-V")
            .order_by("pk").values_list("pk", flat=True).first())


def _campaign_pk():
    from campaigns.models import Campaign

    return Campaign.objects.order_by("pk").values_list("pk", flat=True).first()


def data_sizes() -> dict:
    """What the pages were measured on: counted, not taken from the arguments."""
    from cases.models import CaseEvent, ViolationCase
    from patrols.models import PatrolLog
    from territory.models import ResponsibilityUnit

    return {
        "townships": ResponsibilityUnit.objects.filter(kind="township").count(),
        "villages": ResponsibilityUnit.objects.filter(kind="village").count(),
        "cases": ViolationCase.objects.count(),
        "events": CaseEvent.objects.count(),
        "patrol_logs": PatrolLog.objects.count(),
    }


def query_counts(pages: dict) -> dict[str, int | None]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    counts = {}
    for name, (url, username) in pages.items():
        if url is None:
            counts[name] = None
            continue
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url)  # warm up caches that a long-running server would have
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counts[name] = len(ctx.captured_queries) if response.status_code == 200 else None
    return counts


# The writes committed before a page is timed, in the first township: data the page shows (a
# page kept under the versions of some apps only outlives a write to another). Most pages show
# cases: a case event. The county dashboard is also timed after a case event and a patrol log,
# which its township's share reads in two parts, both drawn again then.
WRITES_BEFORE = {"patrol_log_list": ("patrol_log",)}
AFTER_TWO_WRITES = {"dashboard_after_two_writes": ("dashboard", ("case_event", "patrol_log"))}


def after_write_timings(pages: dict, write_now, runs: int = 5) -> dict:
    """Every page in-process, single requests: right after committed writes of the data it shows
    (``write_now(n, kinds)``, ``WRITES_BEFORE``), then again (the kept answer, where the page
    keeps one), then computed from nothing (every kept answer dropped: what a page costs after
    a county-wide write, on a new day or after a restart). Best and median of ``runs``."""
    import statistics as stats

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    timings = {}
    writes = {name: WRITES_BEFORE.get(name, ("case_event",)) for name in pages}
    for name, (page, kinds) in AFTER_TWO_WRITES.items():
        if page in pages:
            pages, writes = {**pages, name: pages[page]}, {**writes, name: kinds}
    for name, (url, username) in pages.items():
        if url is None:
            continue
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        client.get(url)  # warm up what a long-running server holds (templates, translations)
        after_write, again, from_nothing = [], [], []
        for n in range(runs):
            write_now(n, writes[name])
            for into in (after_write, again, from_nothing):
                if into is from_nothing:
                    cache.clear()
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(url)
                    into.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:  # an error page's cost is no page's cost
                    raise RuntimeError(f"{name}: {url} answered {response.status_code}")
                if into is after_write:
                    queries = len(ctx.captured_queries)
                elif into is from_nothing:
                    queries_from_nothing = len(ctx.captured_queries)
        timings[name] = {
            "after_write_queries": queries,
            "after_write_best_ms": round(min(after_write), 1),
            "after_write_median_ms": round(stats.median(after_write), 1),
            "cached_best_ms": round(min(again), 1),
            "cached_median_ms": round(stats.median(again), 1),
            "from_nothing_queries": queries_from_nothing,
            "from_nothing_best_ms": round(min(from_nothing), 1),
            "from_nothing_median_ms": round(stats.median(from_nothing), 1),
        }
    return timings


def first_township_writer(towns: list):
    """``write_now(n, kinds)`` for after_write_timings: a write of each kind committed in the first township."""
    from bench.writer import write

    def write_now(n: int, kinds: tuple) -> None:
        for kind in kinds:
            write(kind, towns[0], n)

    return write_now


class Session:
    """A logged-in HTTP client (cookie jar), shared by the load threads of one page."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        html = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
        )
        opener.open(request, timeout=30).read()
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        if "sessionid" not in self.cookie:
            raise RuntimeError(f"login as {username} failed")

    def get(self, path: str) -> tuple[int, float]:
        request = urllib.request.Request(f"{self.base}{path}", headers={"Cookie": self.cookie})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            status = 0  # no answer within the client's 60 s (or gunicorn killed the worker): an error
        return status, time.perf_counter() - started


def load(session: Session, path: str, *, requests: int, concurrency: int, seconds: float) -> dict:
    """``requests`` GETs of ``path`` from ``concurrency`` threads, stopped after ``seconds``."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    started = time.perf_counter()

    def worker(n: int) -> None:
        nonlocal errors
        for _ in range(n):
            if time.monotonic() > deadline:
                return
            status, elapsed = session.get(path)
            if status != 200:
                errors += 1
            latencies.append(elapsed)

    per_worker = [requests // concurrency + (1 if i < requests % concurrency else 0) for i in range(concurrency)]
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, per_worker))
    return {"latencies": latencies, "errors": errors, "wall": time.perf_counter() - started}


def summarise(runs: list[dict]) -> dict:
    """p50, p95 and throughput of a page over all its rounds."""
    latencies = sorted(x for run in runs for x in run["latencies"])
    return {
        "requests": len(latencies),
        "errors": sum(run["errors"] for run in runs),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, 1),
        "rps": round(len(latencies) / sum(run["wall"] for run in runs), 1),
    }


def measure_export(url: str) -> dict:
    """Peak memory and time of the ledger export of every case, in a separate process."""
    code = (
        "import django,sys,time;django.setup();"
        "from django.test import Client;from django.contrib.auth import get_user_model;"
        "c=Client();c.force_login(get_user_model().objects.get(username='scale_county'));"
        f"t=time.perf_counter();r=c.get({url!r});n=0\n"
        "for chunk in (r.streaming_content if r.streaming else [r.content]): n+=len(chunk)\n"
        "import resource\n"
        "print(r.status_code,n,round(time.perf_counter()-t,2),resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=env_for_app(), capture_output=True, text=True, check=True
    ).stdout.split()
    # Peak resident memory of the exporting process itself (Django loaded, all rows written).
    return {
        "status": int(out[0]), "bytes": int(out[1]), "seconds": float(out[2]),
        "peak_mb": round(int(out[3]) / 1024, 1),
    }


IMPORT_CODE = """
import django, io, resource, sys, time
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from documents.survey_import import MAX_ROWS, headers, import_survey, importable_villages, \
parse_survey, party_kind_words
from openpyxl import Workbook
from landwatch.vocabulary import Category, DiscoverySource
rows = int(sys.argv[1])
user = get_user_model().objects.get(username="scale_office_00")
check_s = import_s = 0.0
created = 0
with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
    villages = [name for name, found in importable_villages(user).items() if len(found) == 1]
    kind = next(iter(party_kind_words()))
    categories = [str(label) for _value, label in Category.choices]
    source = str(DiscoverySource.choices[0][1])
    day = timezone.localdate().replace(day=1)
    # A list larger than MAX_ROWS goes in as consecutive lists, as a clerk would upload it.
    for first in range(0, rows, MAX_ROWS):
        wb = Workbook()
        ws = wb.active
        ws.append(headers())
        for i in range(first, min(rows, first + MAX_ROWS)):
            ws.append([f"导入当事人{i:05d}", "", kind, villages[i % len(villages)], f"测试地块{i}号", 100 + i % 400,
                       i % 50, categories[i % len(categories)], day, source, "", "排摸导入的测试案件"])
        buf = io.BytesIO()
        wb.save(buf)
        buf.seek(0)
        started = time.perf_counter()
        result = parse_survey(buf, user=user)
        parsed = time.perf_counter()
        assert result.ok, [str(e.message) for e in result.errors[:3]]
        created += len(import_survey(result, by=user, file_name="bench.xlsx"))
        check_s += parsed - started
        import_s += time.perf_counter() - parsed
    transaction.set_rollback(True)  # leave the data as generated, so a rerun measures the same
print(created, round(check_s, 2), round(import_s, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, MAX_ROWS)
"""


def measure_import(rows: int) -> dict:
    """Time to check and then register a survey list of ``rows`` rows (rolled back afterwards)."""
    out = subprocess.run(
        [PY, "-c", IMPORT_CODE, str(rows)], cwd=ROOT, env=env_for_app(), capture_output=True, text=True
    )
    if out.returncode != 0:
        return {"rows": rows, "error": out.stderr.strip().splitlines()[-1:]}
    created, check_s, import_s, maxrss, per_list = out.stdout.split()
    return {"rows": int(created), "check_seconds": float(check_s), "import_seconds": float(import_s),
            "peak_mb": round(int(maxrss) / 1024, 1), "rows_per_list": int(per_list)}


def export_url() -> str:
    from django.urls import reverse

    return reverse("documents:ledger")


def generate(size: dict, factor: int = 1) -> float:
    """Load (or top up to) ``factor`` times the size's rows, in the size's territory; return the seconds."""
    started = time.monotonic()
    manage(
        "generate_scale",
        f"--townships={size['townships']}",
        f"--villages={size['villages']}",
        f"--cases={size['cases'] * factor}",
        f"--patrol-logs={size['patrol_logs'] * factor}",
    )
    return round(time.monotonic() - started, 1)


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "landwatch.wsgi",
         "--workers", "2", "--threads", "4", "--worker-class", "gthread",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "5"],
        cwd=ROOT, env=env_for_app(),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            break
        except OSError:
            time.sleep(0.3)
    return server, base


def workload(base: str, pages: dict, sessions: dict, size: dict, counts: dict, label: str) -> dict:
    """Every page under the bounded load, the pages taking turns in rounds: the machine's slow
    moments then fall on every page alike instead of on whichever page was being measured."""
    runs: dict[str, list] = {}
    rounds = size["rounds"]
    for round_number in range(rounds):
        for name, (url, username) in pages.items():
            if url is None:
                continue
            if username not in sessions:  # one login per user for the whole run
                sessions[username] = Session(base, username)
            session = sessions[username]
            if round_number == 0:
                for _ in range(2):
                    session.get(url)  # warm up
            runs.setdefault(name, []).append(load(
                session, url, requests=size["requests"] // rounds, concurrency=size["concurrency"],
                seconds=size["seconds"] / rounds))
        print(f"  {label}: round {round_number + 1} of {rounds} done")
    results = {}
    for name, (url, _username) in pages.items():
        if url is None:
            results[name] = {"missing": True}
            continue
        results[name] = r = {"url": url, "queries": counts.get(name), **summarise(runs[name])}
        print(
            f"  {label:<10} {name:<20} p50 {r['p50_ms']:>7} ms  p95 {r['p95_ms']:>7} ms  {r['rps']:>6} req/s"
            f"  {r['queries']} queries  {r['errors']} errors"
        )
    return results


def ratio(pages: dict, name: str, base_name: str = "floor") -> float | None:
    a, b = pages.get(name, {}), pages.get(base_name, {})
    if "p95_ms" not in a or "p95_ms" not in b or not b["p95_ms"]:
        return None
    return round(a["p95_ms"] / b["p95_ms"], 2)


def growth(size: dict, factors: list[int], runs: int, *, keep) -> dict:
    """Each page's in-process cost right after a write (nothing kept), at each multiple of the data.
    ``keep(growth)`` is called after each size, so that a long load stopped halfway keeps the sizes before it."""
    from bench.writer import townships

    measured = {}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    for factor in sorted(factors):
        print(f"  loading {factor}× the data")
        seconds = generate(size, factor)
        towns = townships()
        pages = targets()
        measured[f"{factor}x"] = {
            "factor": factor, "generate_seconds": seconds, "data": data_sizes(),
            "pages": after_write_timings(pages, first_township_writer(towns), runs=runs),
        }
        for name, t in measured[f"{factor}x"]["pages"].items():
            print(f"  {factor}× {name:<20} {t['after_write_best_ms']:>8} ms  {t['after_write_queries']} queries")
        keep({"when": started, "runs": runs, "sizes": measured})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="CI size: a few thousand rows, a few seconds a page")
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--write-rate", type=float, default=1.0,
                        help="committed writes a second during the working workload (default 1)")
    parser.add_argument("--scale", help="instead of the load: the uncached cost of each page at these multiples"
                        " of the data, loaded one after the other (e.g. 1,3,10)")
    parser.add_argument("--runs", type=int, default=5, help="in-process requests a page, best and median")
    parser.add_argument("--import-rows", type=int, help="rows of the survey import to time (default: by size)")
    parser.add_argument("--results", default=str(ROOT / "bench" / "results" / "latest.json"))
    parser.add_argument("--markdown", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    args = parser.parse_args()
    size = SIZES["small" if args.small else "full"]
    if args.small:
        os.environ.setdefault("STATIC_COMPRESS", "false")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench: DATABASE_URL must point at PostgreSQL (make bench starts one)", file=sys.stderr)
        return 2
    if args.write_rate <= 0:
        print("bench: --write-rate must be above 0", file=sys.stderr)
        return 2
    results_path = Path(args.results)
    previous = json.loads(results_path.read_text()) if results_path.exists() else {}

    manage("migrate", "--noinput", quiet=True)
    manage("collectstatic", "--noinput", quiet=True)  # the pages link their static files by the manifest
    if args.scale:
        factors = [int(f) for f in args.scale.split(",")]
        setup_django()
        growth(size, factors, args.runs,
               keep=lambda measured: save({**previous, "growth": measured}, results_path, Path(args.markdown)))
        return 0

    generate_seconds = None if args.skip_generate else generate(size)
    setup_django()
    from bench.writer import Writer, townships

    data = data_sizes()
    pages = targets()
    towns = townships()
    if not towns:
        print("bench: no generated township with an office, two officers and registered cases", file=sys.stderr)
        return 2
    counts = query_counts(pages)
    after_write = after_write_timings(pages, first_township_writer(towns), runs=args.runs)
    after_write_counts = {name: t["after_write_queries"] for name, t in after_write.items()}

    server, base = start_server()
    sessions: dict[str, Session] = {}
    try:
        read_only = workload(base, pages, sessions, size, counts, "read-only")
        writer = Writer(towns, rate=args.write_rate)
        writer.start()
        try:
            # Under writes a page is computed again whenever a write moved what it shows: the
            # queries it then runs are those counted right after a write.
            working = workload(base, pages, sessions, size, after_write_counts, "working")
        finally:
            writes = writer.stop()
    finally:
        server.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"  writes: {writes['achieved_rate']}/s achieved of {writes['asked_rate']}/s asked,"
          f" committed {writes['committed']}, refused {writes['failed']} {writes['failures']}")

    export = measure_export(export_url())
    survey_import = measure_import(args.import_rows or size["import_rows"])
    summary = {
        "case_list_p95_ratio": ratio(working, "case_list"),
        "case_detail_p95_ratio": ratio(working, "case_detail"),
        "dashboard_p95_ratio": ratio(working, "dashboard"),
        "dashboard_township_p95_ratio": ratio(working, "dashboard_township"),
        "admin_vs_list": ratio(working, "admin_changelist", "case_list"),
        "admin_vs_list_read_only": ratio(read_only, "admin_changelist", "case_list"),
        # Right after a write and computed from nothing: the most a page asks.
        "max_queries": max((n for t in after_write.values()
                            for n in (t["after_write_queries"], t["from_nothing_queries"])), default=None),
        "write_rate": writes["achieved_rate"],
        "export_peak_mb": export.get("peak_mb"),
    }
    report = {
        "size": size, "data": data, "generate_seconds": generate_seconds,
        "workloads": {
            "read_only": {"floor_p95_ms": read_only["floor"]["p95_ms"], "pages": read_only},
            "working": {"floor_p95_ms": working["floor"]["p95_ms"], "pages": working, "writes": writes},
        },
        "after_write": after_write, "after_write_runs": args.runs,
        "export": export, "import": survey_import, "summary": summary,
        # The growth with the data is measured by a separate run (--scale): kept until the next one.
        **({"growth": previous["growth"]} if "growth" in previous else {}),
    }
    save(report, results_path, Path(args.markdown))
    print("BENCH " + " ".join(f"{k}={'n/a' if v is None else v}" for k, v in summary.items()))
    errors = sum(r.get("errors", 0) for w in (read_only, working) for r in w.values())
    return 1 if errors or not writes["committed"] else 0


def save(report: dict, results: Path, markdown: Path) -> None:
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    write_markdown(markdown, report)


def _page_table(pages: dict) -> list[str]:
    lines = ["| page | p50 ms | p95 ms | × floor (p95) | req/s | queries |", "|---|---:|---:|---:|---:|---:|"]
    floor = pages["floor"]["p95_ms"]
    for name, r in pages.items():
        if r.get("missing"):
            lines.append(f"| {name} | — | — | — | — | not built yet |")
            continue
        lines.append(
            f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {round(r['p95_ms'] / floor, 2)}"
            f" | {r['rps']} | {r['queries']} |"
        )
    return lines


def write_markdown(path: Path, report: dict) -> None:
    lines = ["# LandWatch performance", ""]
    if "workloads" in report:
        lines += _workload_lines(report)
    if report.get("growth"):
        lines += _growth_lines(report["growth"])
    # The conditions of a run and the figures before and after a change are written by hand
    # below the marker; a new run replaces the tables above and keeps them.
    kept = ""
    if path.exists() and KEPT_MARKER in (old := path.read_text(encoding="utf-8")):
        kept = old[old.index(KEPT_MARKER):]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + ("\n" + kept if kept else ""), encoding="utf-8")


def _workload_lines(report: dict) -> list[str]:
    size, data = report["size"], report["data"]
    read_only, working = report["workloads"]["read_only"], report["workloads"]["working"]
    writes = working["writes"]
    lines = [
        "Generated by `make bench` (bench/run.py): gunicorn (2 workers × 4 threads, DEBUG off)"
        " on loopback, PostgreSQL,",
        f"a separate load client at concurrency {size['concurrency']},"
        f" at most {size['requests']} requests or {size['seconds']} s a page,"
        f" the pages taking turns in {size.get('rounds', 1)} rounds.",
        f"Data in the database: {data['townships']} townships, {data['villages']} villages, {data['cases']:,} cases,"
        f" {data['events']:,} case events, {data['patrol_logs']:,} patrol logs"
        + (f" (generated in {report['generate_seconds']} s)." if report["generate_seconds"] else "."),
        "Two workloads, one after the other in the same run; in each, ratios are p95 over the floor view's p95"
        " measured during that workload (the floor is a logged-in page with no domain query).",
        "",
        "### Read-only: nobody writes",
        "",
        *_page_table(read_only["pages"]),
        "",
        "### Working: a township at work (the BENCH line)",
        "",
        f"A writer commits {writes['asked_rate']} write a second asked, **{writes['achieved_rate']} achieved**"
        f" over {writes['seconds']} s, spread over {writes['townships']} townships and over patrol logs,"
        " case events (a case handed to another officer) and documents (a stop-work notice drafted),"
        " each through its service in its own transaction."
        f" Committed: {', '.join(f'{k} {v}' for k, v in writes['committed'].items()) or 'none'};"
        f" refused: {', '.join(f'{k} {v}' for k, v in writes['failed'].items()) or 'none'}."
        " Queries: a page's count right after a write (computed again, nothing kept).",
        "",
        *_page_table(working["pages"]),
        "",
        "Our case list against the admin changelist (admin p95 over list p95):"
        f" read-only {report['summary']['admin_vs_list_read_only']}×, working {report['summary']['admin_vs_list']}×.",
        "",
    ]
    export = report["export"]
    imp = report.get("import", {})
    import_line = (f"Survey import of {imp['rows']:,} rows"
                   f" (lists of at most {imp['rows_per_list']:,} rows, one after the other):"
                   f" checked in {imp['check_seconds']} s, registered in {imp['import_seconds']} s"
                   f" (peak memory {imp['peak_mb']} MB)."
                   if "import_seconds" in imp else f"Survey import: failed ({imp.get('error')}).")
    lines += [f"Ledger export of all cases: {export['seconds']} s, {export['bytes']:,} bytes,"
              f" peak memory {export['peak_mb']} MB.", "", import_line, ""]
    lines += [
        "Each page in-process, single requests: right after a committed write in the first township of data"
        " the page shows (a case event; a patrol log before the patrol log list; both before"
        " dashboard_after_two_writes), the same request again (kept where the page keeps"
        " anything), and computed from nothing (every kept answer dropped first, as after a county-wide"
        f" write, on a new day or after a restart); best of {report.get('after_write_runs', 5)} (median).",
        "",
        "| page | after a write, ms | queries after a write | again, ms | from nothing, ms | queries from nothing |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, t in report["after_write"].items():
        cold = (f"{t['from_nothing_best_ms']} ({t['from_nothing_median_ms']}) | {t['from_nothing_queries']}"
                if "from_nothing_best_ms" in t else "— | —")
        lines.append(f"| {name} | {t['after_write_best_ms']} ({t['after_write_median_ms']})"
                     f" | {t['after_write_queries']} | {t['cached_best_ms']} ({t['cached_median_ms']}) | {cold} |")
    lines += ["", "Summary: `BENCH " + " ".join(f"{k}={v}" for k, v in report["summary"].items()) + "`", ""]
    return lines


def _growth_lines(growth: dict) -> list[str]:
    sizes = list(growth["sizes"].values())
    names = list(sizes[0]["pages"])
    lines = [
        "### How the cost grows with the data",
        "",
        f"`bench/run.py --scale {','.join(str(s['factor']) for s in sizes)}` ({growth['when']}): the same territory"
        " loaded with 1×, 3×, … the cases and patrol logs, one size after the other; each page in-process right"
        f" after a write (what the write touched computed again), best of {growth['runs']} ms / queries.",
        "",
        "| size | " + " | ".join(f"{s['factor']}×" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
        "| cases | " + " | ".join(f"{s['data']['cases']:,}" for s in sizes) + " |",
        "| case events | " + " | ".join(f"{s['data']['events']:,}" for s in sizes) + " |",
        "| patrol logs | " + " | ".join(f"{s['data']['patrol_logs']:,}" for s in sizes) + " |",
        # generate_scale tops up: each size's load adds the rows the size before did not have.
        "| load (topped up from the size before), s | "
        + " | ".join(str(s["generate_seconds"]) for s in sizes) + " |",
    ]
    for name in names:
        cells = []
        for s in sizes:
            t = s["pages"].get(name)
            cells.append(f"{t['after_write_best_ms']} / {t['after_write_queries']}" if t else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


KEPT_MARKER = "<!-- Written by hand from here on: bench/run.py keeps it when it rewrites the table above. -->"


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""LandWatch soak and fault test: many users at once, then PostgreSQL restarted under load.

    make soak                          # full: a few minutes of load, two restarts
    make soak SOAK_ARGS=--short        # ~20 s of load and one restart (CI runs this)

It starts its own throwaway PostgreSQL (scripts/with-postgres.sh; never a database you
point it at, since it stops and starts the server), loads a small county (generate_scale),
starts gunicorn on loopback with DEBUG off, and drives it with concurrent users, each with
its own login session, through the real pages and forms (CSRF token from the page, the
case version the form carried): reads of the case list, case details, the dashboard and
the patrol logs; offices registering cases at the same moment, assigning them and moving
them through the lifecycle; officers acting on the cases assigned to them; the townships'
leaders approving the filing (立案审批) of registered cases, offices adding a 笔录 signed by
two certified officers to filed cases and going on with the investigation report (调查报告) and
the legal review (法制审核, by the office's qualified clerk), leaders holding the collective
discussion (集体讨论) on cases in review; offices handing over (移送) the registered cases of a
county department's competence, and the department's head and qualified reviewer working
them (filing, 笔录, report, legal review, discussion); and the chain up to a served decision: the
authority's staff serve the 行政处罚告知书, take the party's 陈述申辩, record a hearing request and
serve the 听证通知书, hold the hearing and serve the 行政处罚决定书, its head decides — on the cases
the scale data left where the law makes those steps wait days (cases/penalty_scale.py) and on
their own. The people are the generated county's (territory/scale.py).

Phase 1 (soak) checks: no 5xx at all; CaseEvents written per kind equal the successes
the clients saw per kind; no duplicate case numbers; no case filed twice or reported on
twice, nor informed, decided or served its decision twice; no document number twice (per
issuer, year and kind); every period the phase's writes set reads back equal when counted again
with deadlines.clock and the database's holiday table (``clock_read_back``). Phase 2 (restart) runs the
same load and stops PostgreSQL in the middle, keeps it down a few seconds and starts it again: while
it is down, every failing answer must be the clean 503 "database unavailable" page (no
500, no traceback, no dropped connection); once it is back the application answers again
without a restart; no transition is half-applied (each case's status is the to_status of
its last status event) and no confirmed write is lost; a decision's paper whose drafting, issue or
service the outage left in doubt is taken up again from what the case shows (``resume_paper``), so
the phase serves its decisions too. Bounded in time and in requests.
Prints one SOAK line and writes bench/results/soak.json; exits 1 if any check fails.
"""

import argparse
import collections
import concurrent.futures
import datetime
import html
import json
import os
import pwd
import random
import re
import shlex
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import soak_enforcement, soak_field, soak_patches, soak_reports  # noqa: E402
from bench.run import PY, Session, env_for_app, free_port, give_bench_password, setup_django  # noqa: E402

SIZES = {
    # users: offices (register, assign, decide…), officers (act on their cases), county (reads)
    "short": {"offices": 4, "officers": 6, "county": 2, "soak_seconds": 20, "restart_seconds": 24, "down_seconds": 5,
              "restarts": 1, "max_requests": 6000, "cases": 200, "patrol_logs": 500, "leaders": 2},
    "full": {"offices": 8, "officers": 16, "county": 6, "soak_seconds": 180, "restart_seconds": 120,
             "down_seconds": 15, "restarts": 2, "max_requests": 200000, "cases": 2000, "patrol_logs": 10000,
             "leaders": 2},
}
REQUEST_TIMEOUT = 120
DROPPED, TIMED_OUT = 0, -1  # pseudo statuses: no answer (refused or reset), no answer in time
GRACE_SECONDS = 3.0  # after PostgreSQL is back: requests already in flight may still fail cleanly
DOWN_MARKER = 'data-landwatch="database-unavailable"'
TZ = ZoneInfo("Asia/Shanghai")
TRANSITION_EVENT = {
    "notify": "notified",
    "self-correct": "self_corrected",
    "reinspection-passed": "reinspection_passed",
    "reinspection-failed": "reinspection_failed",
    "enforcement-done": "enforcement_done",
    "resolve": "resolved",
    "withdraw": "withdrawn",
    "reopen": "reopened",
    # 移送: a case registered in a county department's competence (the soak registers villagers'
    # housing and "other" cases: 农业农村局 and 自然资源局) goes to it with a 案件移送书.
    "hand-over": "handed_over",
}
DECISION_EVENT = {"prosecute": "decided", "restore_farmland": "decided", "demolish": "decided",
                  "planning": "deferred", "no_action": "closed_no_action"}
# The penalty chain's steps the soak drives (issue 19).
CHAIN_EVENT = {"file": "filing_approved", "record": "investigation_recorded", "report": "report_submitted",
               "legal_review": "legal_reviewed", "discussion": "collective_discussion",
               "statement": "statement_received", "hearing_request": "hearing_requested", "hearing": "hearing_held",
               "decide": "penalty_decided"}
# The chain's papers served on the party (documents' kinds), each drafted, issued (numbered) and
# served through the documents' pages, counted per kind and stage ("penalty_notice issued"); the
# service of some is itself a step of the chain (its event: 告知 and the decision taking effect).
DOCUMENT_KINDS = ("penalty_notice", "hearing_notice", "hearing_summons", "penalty_decision")
DOCUMENT_STAGES = ("drafted", "issued", "served")
SERVED_EVENT = {"penalty_notice": "party_informed", "penalty_decision": "decision_served"}
# The cases the scale data leaves where the law makes the next step wait days (cases/penalty_scale.py):
# the soak's users find them by the stage written in their title, as a clerk searches for a case.
# Step -> (the title's mark, the link on the case page that offers the step to this user).
STAGE_STEPS = {
    "inform": ("待告知", "/documents/case/{pk}/new/?kind=penalty_notice"),
    "statement": ("待申辩", "/cases/{pk}/statement/"),
    "hearing_request": ("待听证申请", "/cases/{pk}/hearing-request/"),
    "hearing": ("待听证", "/cases/{pk}/hearing/"),
    "decide": ("待决定", "/cases/{pk}/decide-penalty/"),
    "serve_decision": ("待送达", "/documents/case/{pk}/new/?kind=penalty_decision"),
}
# Who takes which of them: the authority's staff inform, record and hear; its head decides.
STAFF_STAGES = ("inform", "statement", "hearing_request", "hearing", "serve_decision")
HEAD_STAGES = ("decide",)
# The chain's steps after the 笔录 (bench/soak.py drives them through their forms): URL name and values.
TODAY = object()  # the day of the request
CHAIN_STEPS = {
    "report": ("submit-report", {"facts": "压测：未经批准占用耕地建房", "evidence": "压测：勘验笔录",
                                 "proposal": "压测：限期拆除", "occurred_on": TODAY}),
    "legal_review": ("legal-review", {"measures": ["demolish"], "passed": "true", "opinion": "压测：事实清楚，同意",
                                      "reviewed_on": TODAY}),
    "discussion": ("collective-discussion", {"participants": "压测：组长、副组长、办公室主任",
                                             "conclusion": "压测：同意处罚意见", "held_on": TODAY}),
    "statement": ("statement", {"statement": "压测：当事人称系自用，请求从轻", "received_on": TODAY}),
    "hearing_request": ("hearing-request", {"note": "压测：当事人书面要求听证", "requested_on": TODAY}),
    # The head decides what the legal review passed, as the form proposes it (``_proposed``): the
    # measures, and a fine's amount inside the case's legal range and 裁量基准 band (cases/fines.py).
    "decide": ("decide-penalty", {"occurred_on": TODAY, "note": "压测：依法决定"}),
}
# The steps whose form names the hearing's presiding officer: the township's leader, who never
# investigates a case (行政处罚法 第六十四条(四)) and whom the scale data's summonses name too.
PRESIDING_LOGIN = "scale_leader_"
DOCUMENT_WRITE_KINDS = {f"{kind} {stage}" for kind in DOCUMENT_KINDS for stage in DOCUMENT_STAGES}
WRITE_KINDS = {"registered", "assigned", *TRANSITION_EVENT.values(), *DECISION_EVENT.values(),
               *CHAIN_EVENT.values(), *SERVED_EVENT.values(), *DOCUMENT_WRITE_KINDS}
WRITE_KINDS |= soak_reports.WRITE_KINDS  # public reports and reminders (issue 23)
WRITE_KINDS |= soak_patches.WRITE_KINDS  # 卫片: photos, judgements, confirmations, send-backs (issue 22)
# After the decision: 催告, court, execution, challenges, fines, referrals, 结案 (issue 20).
WRITE_KINDS |= soak_enforcement.WRITE_KINDS
WRITE_KINDS |= soak_field.WRITE_KINDS  # patrol logs sent by the phones' queues, some more than once (issue 24)
# The 公示 of a served decision (cases/publicity.py; 行政处罚法 第四十八条): the office records it
# right after serving the decision, with the text the form drafts (the party masked).
PUBLISHED = "decision_published"
WRITE_KINDS.add(PUBLISHED)
# Steps that happen once in a case's life (a second would be a double submit that got through):
# filing (registered → filed), the report (filed → in review), 告知 (in review → informed), the
# decision (informed → decided) and its service. (A legal review, a discussion, a statement may recur.)
ONCE_KINDS = [CHAIN_EVENT["file"], CHAIN_EVENT["report"], SERVED_EVENT["penalty_notice"], CHAIN_EVENT["decide"],
              SERVED_EVENT["penalty_decision"], PUBLISHED]  # (a publication is corrected, not recorded again)


# --- the throwaway cluster -------------------------------------------------------------


def reexec_inside_throwaway_cluster() -> int:
    """Run this script again under scripts/with-postgres.sh with a fresh cluster of its own."""
    dropped = ("DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["LANDWATCH_SOAK_OWN_CLUSTER"] = "1"
    script = str(Path(__file__).resolve())
    return subprocess.call([str(ROOT / "scripts" / "with-postgres.sh"), PY, script, *sys.argv[1:]], env=env)


class Cluster:
    """Stop and start the PostgreSQL server this process was started with (ours alone)."""

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            self.data = Path(cursor.fetchone()[0])
        connection.close()
        words = shlex.split((self.data / "postmaster.opts").read_text())
        self.bin = Path(words[0]).parent
        options, skip = [], False
        for word in words[1:]:
            if skip:
                skip = False
            elif word == "-D":
                skip = True
            else:
                options.append(word)
        self.options = shlex.join(options)
        owner = pwd.getpwuid(self.data.stat().st_uid).pw_name
        self.as_owner = ["runuser", "-u", owner, "--"] if os.getuid() == 0 and owner != "root" else []
        self.log = self.data.parent / "server.log"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), *args], check=True,
                       stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "-t", "60", "stop")

    def start(self) -> None:
        self._pg_ctl("-l", str(self.log), "-w", "-t", "60", "-o", self.options, "start")


# --- the load --------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the client looks at each 302 itself


class Stats:
    """What the clients saw, shared by all user threads of one phase."""

    def __init__(self, max_requests: int, deadline: float) -> None:
        self.lock = threading.Lock()
        self.max_requests = max_requests
        self.deadline = deadline
        self.requests = 0
        self.statuses: collections.Counter = collections.Counter()
        self.timeline: list[tuple[float, int, bool]] = []  # (time, status, clean)
        self.ok: collections.Counter = collections.Counter()  # confirmed writes per event kind
        self.in_doubt: collections.Counter = collections.Counter()  # write sent, answer lost
        self.refused: collections.Counter = collections.Counter()  # stale version, form error, not allowed
        self.registered_pks: list[int] = []
        self.unclean_samples: list[str] = []
        self.refused_samples: list[str] = []  # 4xx answers, to see why a step was refused
        self.refusals: list[str] = []  # forms answered with their errors: the step and what the form said
        self.crashes: list[str] = []

    def running(self) -> bool:
        return self.requests < self.max_requests and time.monotonic() < self.deadline

    def record(self, status: int, body: str, path: str) -> None:
        clean = status != DROPPED and (status < 500 or (status == 503 and DOWN_MARKER in body))
        if "Traceback" in body or "File \"/" in body:
            clean = False
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            self.timeline.append((time.monotonic(), status, clean))
            if not clean and len(self.unclean_samples) < 10:
                self.unclean_samples.append(f"{status} {path}: {body[:200]!r}")
            if 400 <= status < 500 and len(self.refused_samples) < 10:
                self.refused_samples.append(f"{status} {path}")


class Failed(Exception):
    """A request got no usable answer (5xx or no connection): the step's outcome is unknown."""


class VirtualUser:
    extra_headers: dict = {}  # the public reporters' forwarded address (bench/soak_reports.py)

    def __init__(self, base: str, username: str, role: str, pool: "CasePool", urls: dict, seed: int) -> None:
        self.base, self.role, self.pool, self.urls = base, role, pool, urls
        self.stats: Stats | None = None
        self.script: list[str] = []
        # The chain's next steps on a case this clerk is working (after a 笔录: the report, then the
        # legal review), taken before anything else, as a clerk finishing an investigation would.
        self.follow_up: list[tuple[str, int]] = []
        self.discussed: set[int] = set()  # a leader discusses a case once (the service would take more)
        self.last_registered: int | None = None
        self.round_mark = ""  # the phase's set of the cases the scale data left waiting (run_phase)
        self.wrote = False  # whether a write was sent since ``stage_step`` took its case
        # Several sessions may share a login: "scale_office_00#3" logs in as scale_office_00.
        self.username = username.split("#")[0]
        self.rng = random.Random(seed)
        for attempt in range(5):  # bench/run.py's login (this run's password); a busy machine may be slow
            try:
                session = Session(base, self.username)
                break
            except TimeoutError:
                if attempt == 4:
                    raise
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(session.jar), NoRedirect)

    # HTTP -----------------------------------------------------------------------------

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body,
                                     headers={"Referer": self.base + path, **self.extra_headers})
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                status, text, location = response.status, response.read().decode("utf-8", "replace"), ""
        except urllib.error.HTTPError as exc:
            status, text, location = exc.code, exc.read().decode("utf-8", "replace"), exc.headers.get("Location", "")
        except TimeoutError as exc:  # reported on its own: a slow machine, not a wrong answer
            status, text, location = TIMED_OUT, f"{type(exc).__name__}: {exc}", ""
        except OSError as exc:  # refused or reset: never acceptable, the server must answer
            slow = isinstance(getattr(exc, "reason", None), TimeoutError)  # urllib wraps a connect time-out
            status, text, location = TIMED_OUT if slow else DROPPED, f"{type(exc).__name__}: {exc}", ""
        self.stats.record(status, text, path)
        if status in (DROPPED, TIMED_OUT) or status >= 500:
            raise Failed(status)
        return status, text, location

    def get(self, path: str) -> str:
        status, text, location = self.request(path)
        if status == 302 and location.startswith(self.urls["login"]):
            raise RuntimeError(f"{self.username} was logged out")
        return text

    def post_and_follow(self, path: str, data: dict) -> str:
        """POST a form; 'ok' if the page it leads to says done, 'refused' otherwise. The page it led
        to is ``self.landed`` (a new document's, say)."""
        self.landed = ""
        status, text, location = self.request(path, data)
        self.refusal = text if status != 302 else ""
        if status != 302:
            return "refused"  # the form again with its errors, or 403
        self.landed = urllib.parse.urlsplit(location).path
        page = self.get(self.landed)
        return "ok" if "alert-success alert-dismissible" in page else "refused"

    # behaviour ------------------------------------------------------------------------

    def run(self) -> None:
        try:
            while self.stats.running():
                try:
                    self.step()
                except Failed:
                    time.sleep(0.2)  # the database is down: a person would wait a moment too
        except Exception as exc:  # a broken client must fail the run, not vanish
            with self.stats.lock:
                self.stats.crashes.append(f"{self.username}: {type(exc).__name__}: {exc}")

    def step(self) -> None:
        if self.script:  # each phase starts with a few sure steps (run_phase), then the roll decides
            entry = self.script.pop(0)
            try:
                return self.sure_step(entry)
            except Failed:  # the database went down: the step is taken again once it is back
                self.script.insert(0, entry)
                raise
        if self.follow_up:
            step, pk = self.follow_up.pop(0)
            return self.follow(step, pk)
        roll = self.rng.random()
        if self.role == "county" or roll < 0.45:
            return self.read()
        if self.role == "leader" and roll < 0.52:  # the head decides a case whose periods have run
            return self.stage_step("decide")
        if self.role == "leader":  # picks a case from the list, as the leader would
            if roll < 0.75:
                reviewing = {int(pk) for pk in re.findall(r'href="/cases/(\d+)/"',
                                                          self.get(self.urls["case_list"] + "?status=reviewing"))}
                if reviewing - self.discussed:
                    pk = self.rng.choice(sorted(reviewing - self.discussed))
                    self.discussed.add(pk)
                    # The township's list also shows the cases it handed over: their heads discuss them.
                    if f'href="/cases/{pk}/collective-discussion/"' in self.get(f"/cases/{pk}/"):
                        return self.chain_step("discussion", pk)
                    return None
            return self.file_one()
        if self.role == "department":  # the county department's qualified reviewer: 笔录, report, review …
            return self.record() if roll < 0.7 else self.stage_step(self.rng.choice(STAFF_STAGES))
        if self.role == "officer":
            mine = [int(pk) for pk in re.findall(r'href="/cases/(\d+)/"', self.get(self.urls["mine"]))
                    if int(pk) not in self.pool.kept]  # the chain's waiting cases are the phases' (pools)
            if mine:
                self.transition(self.rng.choice(mine))
            return None
        if roll < 0.52:
            return self.record()
        if roll < 0.57:  # a step of the penalty chain on a case waiting for it
            return self.stage_step(self.rng.choice(STAFF_STAGES))
        if roll < 0.62:
            return self.register()
        if roll < 0.7:
            return self.assign(self.pool.pick(self.username, self.rng))
        return self.transition(self.pool.pick(self.username, self.rng))

    def sure_step(self, entry: str) -> None:
        action, _, tries = entry.partition(":")
        if action == "register":
            return self.register()
        if action in ("file", "record"):  # a 笔录 waits for a leader's 立案审批: try again a little later
            if not (self.file_one() if action == "file" else self.record()) and int(tries or 0) < 40:
                time.sleep(0.25)
                self.script.append(f"{action}:{int(tries or 0) + 1}")
            return None
        if action == "stage":  # a case the scale data left waiting (cases/penalty_scale.py)
            return self.stage_step(tries)
        if action == "resume_paper":  # a decision's paper left in doubt by an outage (stage_step)
            return self.resume_paper(int(tries), "penalty_decision")
        return self.transition(self.last_registered) if self.last_registered else None

    def read(self) -> None:
        choice = self.rng.random()
        if choice < 0.3:
            query = self.rng.choice(["", "?status=notified", "?status=registered", "?page=2"])
            self.get(self.urls["case_list"] + query)
        elif choice < 0.6:
            pk = self.pool.pick(self.username, self.rng)
            self.get(f"/cases/{pk}/" if pk else self.urls["case_list"])
        elif choice < 0.8:
            self.get(self.urls["dashboard"])
        else:
            self.get(self.urls["patrol_logs"])

    def _write(self, kinds: list[str], path: str, data: dict) -> str:
        self.wrote = True
        try:
            outcome = self.post_and_follow(path, data)
        except Failed:
            with self.stats.lock:
                self.stats.in_doubt.update(kinds)
            raise
        with self.stats.lock:
            (self.stats.ok if outcome == "ok" else self.stats.refused).update(kinds)
        return outcome

    def register(self) -> None:
        form = self.get(self.urls["register"])
        villages = _options(form, "village")
        officers = _options(form, "assignee")
        if not villages:
            return
        tag = f"{self.username}-{time.monotonic_ns()}"
        assignee = self.rng.choice(officers) if officers and self.rng.random() < 0.7 else ""
        data = {
            "csrfmiddlewaretoken": _csrf(form), "party_kind": "person", "party_name": f"压测当事人{tag}",
            "title": f"压测案件 {tag}", "village": self.rng.choice(villages), "location_text": f"压测地点 {tag}",
            "land_type": "farmland", "area_m2": str(self.rng.randint(50, 900)), "farmland_area_m2": "0",
            "category": self.rng.choice(["villager_housing", "extra_homestead", "other"]), "source": "dynamic_patrol",
            "discovered_on": _today().isoformat(), "assignee": assignee, "confirm_duplicate": "on",
        }
        status_kinds = ["registered", *(["assigned"] if assignee else [])]
        try:
            status, text, location = self.request(self.urls["register"], data)
        except Failed:
            with self.stats.lock:
                self.stats.in_doubt.update(status_kinds)
            raise
        match = re.match(r"/cases/(\d+)/$", urllib.parse.urlsplit(location).path) if status == 302 else None
        with self.stats.lock:
            if match:
                self.stats.ok.update(status_kinds)
                self.stats.registered_pks.append(int(match.group(1)))
            else:
                self.stats.refused.update(status_kinds)
        if match:
            self.last_registered = int(match.group(1))
            self.pool.add(self.username, self.last_registered)
            self.get(urllib.parse.urlsplit(location).path)  # see the new case, as the clerk does

    def assign(self, pk: int) -> None:
        page = self.get(f"/cases/{pk}/")
        block = re.search(r'<select name="to".*?</select>', page, re.S)
        if not block:
            return
        officers = re.findall(r'<option value="(\d+)"(?! selected)', block.group(0))
        if not officers:
            return
        data = {"csrfmiddlewaretoken": _csrf(page), "cases": str(pk), "to": self.rng.choice(officers),
                "next": f"/cases/{pk}/", "note": "压测分派"}
        try:
            status, text, location = self.request(self.urls["assign"], data)
            page = self.get(urllib.parse.urlsplit(location).path) if status == 302 else ""
        except Failed:
            with self.stats.lock:
                self.stats.in_doubt["assigned"] += 1
            raise
        done = re.search(r'alert-success alert-dismissible[^>]*>\s*[^0-9<]*(\d+)', page)
        with self.stats.lock:
            if done:
                self.stats.ok["assigned"] += int(done.group(1))
            else:
                self.stats.refused["assigned"] += 1

    def transition(self, pk: int) -> None:
        page = self.get(f"/cases/{pk}/")
        names = [n for n in re.findall(rf'href="/cases/{pk}/([a-z-]+)/" data-action', page)
                 if n in TRANSITION_EVENT or n == "decide"]
        if not names:
            return
        name = self.rng.choice(names)
        path = f"/cases/{pk}/{name}/"
        form = self.get(path)
        if 'name="version"' not in form:
            return
        today = _today()
        values = {
            "served_on": today, "deadline": today + datetime.timedelta(days=15), "corrected_on": today,
            "inspected_on": today, "verified_on": today, "new_deadline": today + datetime.timedelta(days=15),
            "requirements": "压测：限期整改", "note": "压测记录", "reason": "压测：原因说明",
            "no_action_ground": "minor_corrected",
        }
        version = re.search(r'name="version" value="(\d*)"', form).group(1)
        data = {"csrfmiddlewaretoken": _csrf(form), "version": version}
        for field, value in values.items():
            if f'name="{field}"' in form:
                data[field] = value.isoformat() if isinstance(value, datetime.date) else value
        if name == "decide":
            disposition = self.rng.choice(["prosecute", "demolish", "restore_farmland", "planning", "no_action"])
            data.update(category=_selected(form, "category"), disposition=disposition,
                        plough_layer_damaged=_selected(form, "plough_layer_damaged"))
            kind = DECISION_EVENT[disposition]
        else:
            kind = TRANSITION_EVENT[name]
        self._write([kind], path, data)


    def actionable(self, status: str, action: str) -> int | None:
        """A case of ``status`` from the user's list whose page offers ``action`` to this user (the
        list also shows cases another authority works: the township sees the cases it handed over)."""
        listed = re.findall(r'href="/cases/(\d+)/"', self.get(self.urls["case_list"] + f"?status={status}"))
        for pk in self.rng.sample(listed, min(4, len(listed))):
            if f'href="/cases/{pk}/{action}/"' in self.get(f"/cases/{pk}/"):
                return int(pk)
        return None

    def file_one(self) -> bool:
        """The leader picks a registered case that is theirs to file and files it."""
        pk = self.actionable("registered", "file")
        return pk is not None and self.file(pk) is not None

    def file(self, pk: int) -> str | None:
        """立案审批 by the township's leader: all five conditions, a continuing violation."""
        if f'href="/cases/{pk}/file/" data-action' not in self.get(f"/cases/{pk}/"):
            return
        path = f"/cases/{pk}/file/"
        form = self.get(path)
        if 'name="version"' not in form:
            return
        data = {"csrfmiddlewaretoken": _csrf(form),
                "version": re.search(r'name="version" value="(\d*)"', form).group(1),
                "conditions": re.findall(r'name="conditions" value="([^"]+)"', form),
                # Before any case's discovery (the scale cases were found up to ten years ago; the
                # form refuses a start after the discovery), still going on: no limitation has run.
                "violation_started_on": (_today() - datetime.timedelta(days=3700)).isoformat(),
                "violation_continuing": "on", "occurred_on": _today().isoformat(), "note": "压测立案审批"}
        if self.rng.random() < 0.5:  # the occupation ended a month ago: two years to discover it run from then
            data["violation_ended_on"] = (_today() - datetime.timedelta(days=30)).isoformat()
        return self._write([CHAIN_EVENT["file"]], path, data)


    def chain_step(self, step: str, pk: int) -> str | None:
        """One step of the chain on case ``pk`` through its form (``CHAIN_STEPS``); the form may
        refuse (the case moved on, another clerk was first: the version), counted as refused."""
        name, values = CHAIN_STEPS[step]
        path = f"/cases/{pk}/{name}/"
        form = self.get(path)
        if 'name="version"' not in form:
            return None
        today = _today().isoformat()
        data = {"csrfmiddlewaretoken": _csrf(form),
                "version": re.search(r'name="version" value="(\d*)"', form).group(1),
                **{field: today if value is TODAY else value for field, value in values.items()}}
        if step == "decide":
            data.update(_proposed(form))
        return self._write([CHAIN_EVENT[step]], path, data)

    def follow(self, step: str, pk: int) -> None:
        """The next step of the chain on a case this user is working, when its page offers it."""
        if step == "inform":
            # The soak's legal review proposes 限期拆除: the notice of the right to a hearing goes with it.
            if self.serve_paper(pk, "penalty_notice") == "ok":
                self.serve_paper(pk, "hearing_notice")
        elif step == "summons":
            self.summon(pk)
        elif step in ("statement", "hearing_request"):
            if f'href="/cases/{pk}/{CHAIN_STEPS[step][0]}/"' in self.get(f"/cases/{pk}/"):
                self.chain_step(step, pk)
        else:
            self.chain_step(step, pk)

    def stage_step(self, step: str) -> bool:
        """The next step on a case the scale data left waiting for it (``STAGE_STEPS``): found by
        searching the list for its stage, offered on its page to this user, taken by one user only
        (``CasePool.claim``). False when there was none."""
        mark, link = STAGE_STEPS[step]
        query = "?q=" + urllib.parse.quote(f"{self.round_mark}（{mark}）")  # this phase's set of them
        if self.role == "office":
            # The township's list also shows the cases it handed over; their papers are the
            # department's to serve (its staff work them): the office lists its own (办案机关 the township).
            query += "&authority=township"
        listed = re.findall(r'href="/cases/(\d+)/"', self.get(self.urls["case_list"] + query))
        for pk in dict.fromkeys(int(pk) for pk in listed):
            if self.pool.claimed(step, pk) or link.format(pk=pk) not in self.get(f"/cases/{pk}/"):
                continue
            if not self.pool.claim(step, pk):
                continue
            self.wrote = False
            try:
                if step == "inform":  # 限期拆除 proposed: the notice of the right to a hearing goes with it
                    if self.serve_paper(pk, "penalty_notice") == "ok":
                        self.serve_paper(pk, "hearing_notice")
                elif step == "serve_decision":
                    if self.serve_paper(pk, "penalty_decision") == "ok":
                        self.publish(pk)
                elif step == "hearing":
                    self.hold_hearing(pk)
                elif self.chain_step(step, pk) == "ok" and step == "hearing_request":
                    self.summon(pk)  # the 听证通知书 goes out the day the party asks
            except Failed:
                # The database went down before anything was sent: the case waits for the next one
                # to come to it. Once a write was sent it may have been made: the case stays taken —
                # and a decision's paper is seen through by this user once the database is back.
                if not self.wrote:
                    self.pool.release(step, pk)
                elif step == "serve_decision":  # a sure step, taken first once the database is back
                    self.script.insert(0, f"resume_paper:{pk}")
                raise
            return True
        return False

    def publish(self, pk: int) -> str | None:
        """The 公示 of case ``pk``'s decision as its form drafts it, on the township's notice board."""
        path = f"/cases/{pk}/publication/new/"
        form = self.get(path)
        data = _form_data(form, "text")
        channels = re.findall(r'<option value="([^"]+)"', re.search(r'<select name="channel".*?</select>', form, re.S)
                              .group(0)) if data else []
        if not channels or not data.get("text", "").strip():
            return None
        data.update(channel=data.get("channel") or channels[-1],
                    location="压测：乡政府公示栏", published_on=_today().isoformat())
        return self._write([PUBLISHED], path, data)

    def serve_paper(self, pk: int, kind: str, draft: str = "") -> str | None:
        """A paper of the chain served on the party through the documents' pages: drafted from the
        case (or ``draft``, a draft a step made), issued (numbered), served directly today."""
        if not draft:
            form = self.get(f"/documents/case/{pk}/new/?kind={kind}")
            data = _form_data(form, "facts")
            if data is None:
                return None
            if "deadline_days" in data and not data["deadline_days"]:
                data["deadline_days"] = "15"
            if self._write([f"{kind} drafted"], f"/documents/case/{pk}/new/", data) != "ok":
                return "refused"
            draft = self.landed
        page = self.get(draft)
        if f'action="{draft}issue/"' in page:
            data = {"csrfmiddlewaretoken": _csrf(page), "issued_on": _today().isoformat()}
            if self._write([f"{kind} issued"], f"{draft}issue/", data) != "ok":
                return "refused"
        elif f'href="{draft}serve/"' not in page:  # neither a draft nor an issued paper awaiting service
            return None
        form = self.get(f"{draft}serve/")
        data = _form_data(form, "served_on")
        if data is None:
            return None
        recipient = data.get("recipient") or "压测当事人"
        data.update(method="direct", served_on=_today().isoformat(), recipient=recipient, signer=recipient,
                    server="压测执法人员")
        kinds = [f"{kind} served", *([SERVED_EVENT[kind]] if kind in SERVED_EVENT else [])]
        return self._write(kinds, f"{draft}serve/", data)

    def resume_paper(self, pk: int, kind: str) -> None:
        """A paper whose drafting, issue or service was left in doubt (the database went down under
        the request), taken up again as the clerk would once it is back: from what the case's
        documents show — the latest paper of ``kind`` served: done; issued: served; a draft: issued
        and served; none (the draft was not made): drafted again. A sure step (``sure_step``: taken
        again while the database is down). Without it the restart phase served no decision: a case
        whose write was in doubt stays taken (``stage_step``) and was given up."""
        from django.utils import translation

        from documents.models import DocumentKind

        with translation.override("zh-hans"):
            label = str(DocumentKind(kind).label)
        row = rf'href="(/documents/\d+/)">{re.escape(label)}</a>\s*<br><span class="badge text-bg-(\w+)"'
        rows = re.findall(row, self.get(f"/cases/{pk}/"))
        live = [(path, badge) for path, badge in rows if badge != "secondary"]  # not superseded nor withdrawn
        if live and live[-1][1] == "success":
            return
        self.serve_paper(pk, kind, draft=live[-1][0] if live else "")

    def summon(self, pk: int) -> None:
        """The 听证通知书 of a requested hearing (its time, place and presiding officer), then issued and
        served today: the hearing is held seven working days after at the earliest."""
        path = f"/cases/{pk}/schedule-hearing/"
        if f'href="{path}"' not in self.get(f"/cases/{pk}/"):
            return
        form = self.get(path)
        presiding = _option_labelled(form, "presiding", PRESIDING_LOGIN)
        if 'name="version"' not in form or presiding is None:
            return
        when = datetime.datetime.combine(_today() + datetime.timedelta(days=21), datetime.time(9, 0))
        data = {"csrfmiddlewaretoken": _csrf(form),
                "version": re.search(r'name="version" value="(\d*)"', form).group(1),
                "hearing_at": when.strftime("%Y-%m-%dT%H:%M"), "place": "压测听证室", "presiding": presiding}
        if self._write(["hearing_summons drafted"], path, data) != "ok":
            return
        draft = re.search(r'href="(/documents/\d+/)">[^<]*</a>\s*<br><span class="badge text-bg-warning"',
                          self.get(f"/cases/{pk}/"))
        if draft:
            self.serve_paper(pk, "hearing_summons", draft=draft.group(1))

    def hold_hearing(self, pk: int) -> None:
        """The hearing held today, presided over by the officer its summons named (the form may
        also take that officer from the summons and not ask)."""
        path = f"/cases/{pk}/hearing/"
        form = self.get(path)
        presiding = _option_labelled(form, "presiding", PRESIDING_LOGIN)
        asked = '<select name="presiding"' in form
        if 'name="version"' not in form or asked and presiding is None:
            return
        data = {"csrfmiddlewaretoken": _csrf(form),
                "version": re.search(r'name="version" value="(\d*)"', form).group(1),
                "held_on": _today().isoformat(), "summary": "压测：调查人员陈述事实、证据和处罚建议；当事人申辩",
                **({"presiding": presiding} if asked else {})}
        self._write([CHAIN_EVENT["hearing"]], path, data)

    def record(self) -> bool:
        """A 笔录 on a filed case the user investigates, signed by two certified officers; False
        when no such case was there to record on."""
        pk = self.actionable("filed", "records/new")
        if pk is None:
            return False
        path = f"/cases/{pk}/records/new/"
        form = self.get(path)
        officers = _options(form, "officer_1")
        if 'name="version"' not in form or len(officers) < 2:
            return False
        # Half an hour on the site that ended before now and began today: the case may have been
        # filed today, and a record cannot begin before the filing's day (cases.acts).
        now = datetime.datetime.now(TZ).replace(second=0, microsecond=0)
        started = max(now - datetime.timedelta(minutes=50), now.replace(hour=0, minute=0))
        ended = min(started + datetime.timedelta(minutes=30), now)
        first, second = self.rng.sample(officers, 2)
        data = {"csrfmiddlewaretoken": _csrf(form),
                "version": re.search(r'name="version" value="(\d*)"', form).group(1),
                "kind": "inspection_record", "place": "压测现场",
                "started_at": started.strftime("%Y-%m-%dT%H:%M"), "ended_at": ended.strftime("%Y-%m-%dT%H:%M"),
                "persons_present": "压测当事人", "content": "压测勘验：现场已建房屋一处", "officer_1": first,
                "officer_2": second}
        # Two clerks may record on the same case: the first to go on with it takes the rest of the chain.
        if (self._write([CHAIN_EVENT["record"]], path, data) == "ok" and self.rng.random() < 0.7
                and self.pool.claim("chain", pk)):
            # On to the report and the legal review, then (the notices served today) the party told,
            # its statement and hearing request, and the summons to the hearing.
            self.follow_up = [("report", pk), ("legal_review", pk), ("inform", pk), ("statement", pk),
                              ("hearing_request", pk), ("summons", pk)]
        return True


class CasePool:
    """Cases each office may work on: its township's cases, and the ones it registers. ``kept``: the
    chain's cases the scale data left waiting for a phase's step (``pools``), which no random write takes."""

    def __init__(self, by_user: dict[str, list[int]], kept: frozenset[int] = frozenset()) -> None:
        self.lock = threading.Lock()
        self.by_user = by_user
        self.kept = kept
        self.taken: set[tuple[str, int]] = set()

    def pick(self, username: str, rng: random.Random) -> int | None:
        with self.lock:
            cases = self.by_user[username]
            if not cases:  # a county department before any hand-over
                return None
            # Most work is on recent cases, some on the older backlog.
            return rng.choice(cases[-40:] if rng.random() < 0.7 else cases)

    def add(self, username: str, pk: int) -> None:
        with self.lock:
            self.by_user[username].append(pk)

    def claimed(self, step: str, pk: int) -> bool:
        with self.lock:
            return (step, pk) in self.taken

    def release(self, step: str, pk: int) -> None:
        with self.lock:
            self.taken.discard((step, pk))

    def claim(self, step: str, pk: int) -> bool:
        """Whether this user takes ``step`` on case ``pk``: once per case, as an office shares out its work."""
        with self.lock:
            if (step, pk) in self.taken:
                return False
            self.taken.add((step, pk))
            return True


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _options(page: str, name: str) -> list[str]:
    block = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    return re.findall(r'<option value="(\d+)"', block.group(0)) if block else []


def _option_labelled(page: str, name: str, prefix: str) -> str | None:
    """The value of the first option of select ``name`` whose label starts with ``prefix``."""
    block = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    found = re.search(rf'<option value="(\d+)"[^>]*>\s*{re.escape(prefix)}', block.group(0)) if block else None
    return found.group(1) if found else None


class _FormReader(HTMLParser):
    """The fields of each POST form of a page with the values they carry (what a browser would send)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.form = {}
            self.forms.append(self.form)
        elif self.form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs or kind in ("submit", "button", "file"):
                return
            self.form[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.form[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
            self.form.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.form[self.select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            self.form[self.textarea] += data


def _form_data(page: str, field: str) -> dict | None:
    """What the page's POST form holding ``field`` sends as it stands; None when there is none."""
    reader = _FormReader()
    reader.feed(page)
    return next((form for form in reader.forms if field in form and "csrfmiddlewaretoken" in form), None)


def _proposed(form: str) -> dict:
    """The penalty a decision form proposes: its ticked measures and the fine's amount."""
    ticked = re.findall(r'<input type="checkbox" name="measures" value="(\w+)"[^>]*\bchecked', form)
    fine = re.search(r'name="fine_yuan" value="([^"]*)"', form)
    return {"measures": ticked, "fine_yuan": fine.group(1) if fine else ""}


def _selected(page: str, name: str) -> str:
    block = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    found = re.search(r'<option value="([^"]*)"\s+selected', block.group(0)) if block else None
    return html.unescape(found.group(1)) if found else ""


def _today() -> datetime.date:
    return datetime.datetime.now(TZ).date()


# --- the database side -----------------------------------------------------------------


def snapshot() -> dict:
    """Counts the checks compare: events per kind, cases, the highest event id."""
    from django.db import connection
    from django.db.models import Count, Max, Q

    from cases.models import CaseEvent, DecisionPublication, ViolationCase
    from documents.models import CaseDocument, ServiceRecord

    connection.close()  # a connection from before a restart is gone
    kinds = dict(CaseEvent.objects.values_list("kind").annotate(n=Count("id")).order_by())
    # The chain's papers by kind: drafted (every row), issued (numbered), served (a service record).
    documents = CaseDocument.objects.filter(kind__in=DOCUMENT_KINDS).values_list("kind").order_by()
    for kind, drafted, issued, served in documents.annotate(
            drafted=Count("id"), issued=Count("id", filter=Q(sequence__isnull=False)),
            served=Count("service")):
        kinds.update({f"{kind} drafted": drafted, f"{kind} issued": issued, f"{kind} served": served})
    kinds.update(soak_reports.counts())
    kinds.update(soak_patches.counts())
    kinds.update(soak_enforcement.counts())
    kinds.update(soak_field.counts())
    return {"events": {k: kinds.get(k, 0) for k in sorted(WRITE_KINDS)}, "cases": ViolationCase.objects.count(),
            "max_event_id": CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0,
            "max_service_id": ServiceRecord.objects.aggregate(m=Max("id"))["m"] or 0,
            "max_publication_id": DecisionPublication.objects.aggregate(m=Max("id"))["m"] or 0}


def consistency(before: dict) -> dict:
    """Cases touched since the ``snapshot`` ``before``: status equals the to_status of the last status
    event; the periods written since read back (``clock_read_back``)."""
    since_event_id, since_service_id = before["max_event_id"], before["max_service_id"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH touched AS (SELECT DISTINCT case_id FROM cases_caseevent WHERE id > %s),
                 last AS (SELECT DISTINCT ON (e.case_id) e.case_id, e.to_status FROM cases_caseevent e
                          JOIN touched t ON t.case_id = e.case_id WHERE e.to_status <> ''
                          ORDER BY e.case_id, e.id DESC)
            SELECT count(*), count(*) FILTER (WHERE c.status IS DISTINCT FROM last.to_status)
            FROM touched JOIN cases_violationcase c ON c.id = touched.case_id LEFT JOIN last ON last.case_id = c.id
            """,
            [since_event_id],
        )
        touched, mismatched = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM (SELECT number FROM cases_violationcase GROUP BY number"
                       " HAVING count(*) > 1) d")
        duplicates = cursor.fetchone()[0]
        # The chain's steps that happen once in a case's life (``ONCE_KINDS``); counted over the
        # case's whole life, since one may be the scale data's and its double the soak's.
        cursor.execute(
            "SELECT case_id, kind, count(*) FROM cases_caseevent WHERE kind = ANY(%s) AND case_id IN"
            " (SELECT case_id FROM cases_caseevent WHERE id > %s)"
            " GROUP BY case_id, kind HAVING count(*) > 1 ORDER BY case_id, kind",
            [ONCE_KINDS, since_event_id],
        )
        twice = cursor.fetchall()
        steps_twice = len(twice)
        # Every numbered document once per issuer, year and kind (the 笔录, the reports …).
        cursor.execute("SELECT count(*) FROM (SELECT 1 FROM documents_casedocument WHERE sequence IS NOT NULL"
                       " GROUP BY issuer_id, year, kind, sequence HAVING count(*) > 1) d")
        duplicate_documents = cursor.fetchone()[0]
        # What the county departments did on the cases handed over to them (their own people's steps).
        cursor.execute(
            "SELECT e.kind, count(*) FROM cases_caseevent e JOIN cases_violationcase c ON c.id = e.case_id"
            " JOIN territory_unitmembership m ON m.user_id = e.actor_id AND m.unit_id = c.authority_id"
            " WHERE e.id > %s AND c.handed_over_on IS NOT NULL GROUP BY e.kind ORDER BY e.kind",
            [since_event_id],
        )
        department_steps = dict(cursor.fetchall())
    periods, mismatches = clock_read_back(since_event_id, since_service_id)
    # Every text published since holds none of its party's personal data (cases/publicity.py).
    from cases.models import DecisionPublication
    from cases.publicity import personal_data_in

    published = DecisionPublication.objects.filter(id__gt=before.get("max_publication_id", 0)).select_related(
        "case__party", "case__village")
    leaks = [f"case {row.case_id}: {', '.join(found)}" for row in published
             if (found := personal_data_in(row.text, row.case))]
    return {"publications_checked": len(published), "publications_with_personal_data": len(leaks),
            "publication_leak_samples": leaks[:10],
            "cases_touched": touched, "half_applied": mismatched, "duplicate_numbers": duplicates,
            "chain_steps_twice": steps_twice, "chain_steps_twice_samples": twice[:10],
            "duplicate_document_numbers": duplicate_documents, "department_steps": department_steps,
            "periods_checked": periods, "clock_mismatches": len(mismatches), "clock_mismatch_samples": mismatches[:10]}


def clock_read_back(since_event_id: int, since_service_id: int) -> tuple[dict, list[str]]:
    """Every period the soak's writes set, read back and counted again with ``deadlines.clock`` and
    the holiday table as it stands in the database: (periods checked per kind, mismatches).

    What the writes stored against what the engine says now: the 陈述申辩 deadline of each served
    告知书 (自然资源行政处罚办法 第三十三条、第五十七条), the last day to ask for a hearing (第三十四条),
    the hearing's earliest day against the day it was held (行政处罚法 第六十四条(二)、第八十五条), the
    decision's service deadline (第六十一条) and its 90-day time limit (办法 第三十八条; the case's
    decision clock), the deadline a served document gives (with its stored basis), and the 追诉时效 of
    an act that has ended (行政处罚法 第三十六条). A service counts from the day its method gives
    (``deadlines.clock.service_start``).
    """
    import datetime as dt

    from cases import procedure
    from cases.models import CaseEvent, EventKind, ViolationCase
    from deadlines import clock
    from documents.models import DEADLINE_PERIODS, CaseDocument, DocumentStatus, ServiceRecord

    clock.forget_table()  # the table as the database holds it now, not as this process cached it
    checked: collections.Counter = collections.Counter()
    wrong: list[str] = []

    def same(kind: str, case_id: int, stored, counted) -> None:
        checked[kind] += 1
        if stored != counted:
            wrong.append(f"case {case_id} {kind}: stored {stored}, counted {counted}")

    def day(value) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    def served_from(record: ServiceRecord) -> dt.date:
        return clock.service_start(record.method, record.served_on)[0]

    services = {r.document_id: r for r in ServiceRecord.objects.filter(
        document__case__events__id__gt=since_event_id).select_related("document").distinct()}

    def last_served(case_id: int, kind: str, on: dt.date) -> ServiceRecord | None:
        """The latest service of a ``kind`` paper of the case that counts as served by ``on``."""
        found = [r for r in services.values() if r.document.case_id == case_id and r.document.kind == kind
                 and r.document.status == DocumentStatus.SERVED and served_from(r) <= on]
        return max(found, key=lambda r: (served_from(r), r.pk), default=None)

    written = CaseEvent.objects.filter(id__gt=since_event_id, kind__in=[
        EventKind.PARTY_INFORMED, EventKind.HEARING_REQUESTED, EventKind.HEARING_HELD, EventKind.PENALTY_DECIDED,
        EventKind.DECISION_SERVED, EventKind.FILING_APPROVED]).order_by("id")
    for event in written:
        data, case_id = event.data or {}, event.case_id
        if event.kind == EventKind.PARTY_INFORMED:
            record = services.get(data.get("document"))
            counted = clock.deadline("statement", served_from(record)).date if record else "no service record"
            same("statement", case_id, day(data.get("statement_until")), counted)
        elif event.kind == EventKind.HEARING_REQUESTED:
            notice = last_served(case_id, "hearing_notice", event.occurred_on)
            counted = clock.deadline("hearing_request", served_from(notice)).date if notice else "no hearing notice"
            same("hearing_request", case_id, day(data.get("until")), counted)
        elif event.kind == EventKind.HEARING_HELD:
            summons = last_served(case_id, "hearing_summons", event.occurred_on)
            earliest = clock.deadline("hearing_notice", served_from(summons)).date if summons else None
            # Held on or after its earliest day: the stored day is the hearing's, the counted one the later of both.
            same("hearing_notice", case_id, event.occurred_on,
                 max(event.occurred_on, earliest) if earliest else "no summons served")
        elif event.kind == EventKind.PENALTY_DECIDED:
            same("decision_service", case_id, day(data.get("serve_by")),
                 clock.deadline("decision_service", event.occurred_on).date)
            notice = last_served(case_id, "penalty_notice", event.occurred_on)
            statement = clock.deadline("statement", served_from(notice)).date if notice else None
            waived = CaseEvent.objects.filter(case_id=case_id, kind=EventKind.STATEMENT_RECEIVED,
                                              data__waived=True).exists()
            # Decided after the statement period ran (or its waiver): the day after it at the earliest.
            same("statement_before_decision", case_id, event.occurred_on,
                 event.occurred_on if waived or (statement and event.occurred_on > statement) else
                 f"decided by {statement}")
            case = ViolationCase.objects.get(pk=case_id)
            limit = procedure.decision_clock(case, today=event.occurred_on)
            same("decision", case_id, event.occurred_on,
                 event.occurred_on if limit and event.occurred_on <= limit.date else f"limit {limit and limit.date}")
        elif event.kind == EventKind.DECISION_SERVED:
            decided = (CaseEvent.objects.filter(case_id=case_id, kind=EventKind.PENALTY_DECIDED, id__lt=event.id)
                       .order_by("-id").values_list("occurred_on", flat=True).first())
            due = clock.deadline("decision_service", decided).date if decided else None
            same("decision_service_due", case_id, day(data.get("due")), due)
            same("decision_service_late", case_id, data.get("late"), bool(due and event.occurred_on > due))
        elif event.kind == EventKind.FILING_APPROVED:  # None while a continuing act goes on
            same("limitation", case_id, day(data.get("limitation_ends")),
                 procedure.limitation_ends(started_on=day(data["started_on"]), continuing=data["continuing"],
                                           ended_on=day(data.get("ended_on"))))
    # Every paper served in the soak that gives the party days: its deadline and the basis beside it.
    for record in services.values():
        document: CaseDocument = record.document
        if record.pk <= since_service_id or document.kind not in DEADLINE_PERIODS or not document.deadline_days:
            continue
        counted = document.count_deadline(method=record.method, served_on=record.served_on)
        same(f"{DEADLINE_PERIODS[document.kind]} ({document.kind})", document.case_id,
             (document.deadline, document.deadline_basis), (counted.date, json.loads(json.dumps(counted.as_json()))))
    return dict(checked), wrong


def pools(users: dict[str, str]) -> CasePool:
    """The cases each user's random writes pick from: not the chain's cases the scale data left
    waiting for a phase (``STAGE_STEPS``), which the phases' sure steps take — a random self-correction
    took the restart phase's decided case before its decision was served."""
    from cases.models import ViolationCase
    from cases.penalty_scale import STAGE_TITLE_MARK
    from territory.models import UnitMembership

    kept = frozenset(ViolationCase.objects.filter(title__contains=STAGE_TITLE_MARK).values_list("pk", flat=True))
    by_user = {}
    for username, role in users.items():
        membership = UnitMembership.objects.filter(user__username=username).select_related("unit").first()
        qs = ViolationCase.objects.exclude(pk__in=kept).order_by("pk")
        if membership.unit.competence:  # a county department's people: the cases handed over to it
            qs = qs.filter(authority=membership.unit, handed_over_on__isnull=False)
        elif role != "county":  # township staff: their township's cases
            qs = qs.filter(village__township_id=membership.unit.township_id or membership.unit.pk)
        by_user[username] = list(qs.values_list("pk", flat=True)[:2000])
    return CasePool(by_user, kept)


# --- phases ----------------------------------------------------------------------------


def log_in(base: str, users: dict[str, str], urls: dict, pool: CasePool) -> list["VirtualUser"]:
    """Every virtual user logs in through the login form, two at a time (password hashing is slow)."""
    classes = {"reports": soak_reports.make_desk(VirtualUser), "public": soak_reports.make_reporter(VirtualUser),
               "patches": soak_patches.make_desk(VirtualUser)}
    classes["enforcement"] = classes["enforcement_head"] = soak_enforcement.make_desk(VirtualUser)
    classes["field"] = soak_field.make_desk(VirtualUser)
    classes["flood"] = classes["public"]
    with concurrent.futures.ThreadPoolExecutor(2) as executor:
        return list(executor.map(
            lambda item: classes.get(item[1][1], VirtualUser)(base, item[1][0], item[1][1], pool, urls, item[0]),
            enumerate(users.items())))


def run_phase(clients: list["VirtualUser"], *, seconds: float, max_requests: int, seed: int, round_mark: str,
              during=None) -> Stats:
    """One phase of load; ``round_mark``: its own set of the cases left waiting (cases/penalty_scale.py ROUNDS)."""
    stats = Stats(max_requests, time.monotonic() + seconds)
    same_role: collections.Counter = collections.Counter()
    for i, client in enumerate(clients):
        client.stats, client.rng, client.round_mark = stats, random.Random(seed + i), round_mark
        same_role[client.role] += 1
        # Sure steps first, so that a short phase on a slow machine still walks the chain: each
        # office registers a case and acts on it; the chain's later steps are taken on the cases the
        # scale data left waiting for them (the staff inform, take a statement, a hearing request,
        # hold a hearing, serve a decision; the heads decide); then each office records a 笔录 on a
        # case its leader has filed (trying again for a while until there is one), and each leader
        # files a case.
        # Each session starts with another of them, so that every stage is taken early in a short phase.
        # (A department's reviewer has the department's share of every stage: the last ones first,
        # where the offices begin with the first.)
        order = STAFF_STAGES[::-1] if client.role == "department" else STAFF_STAGES
        turn = (same_role[client.role] - 1) * 2 % len(order)
        stages = [f"stage:{step}" for step in (*order[turn:], *order[:turn])]
        client.script = {"office": ["register", "act on it", *stages, "record"],
                         "leader": [*(f"stage:{step}" for step in HEAD_STAGES), "file"],
                         "department": [*stages, "record"]}.get(client.role, [])
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
    for t in threads:
        t.start()
    events = during(stats) if during else []
    for t in threads:
        t.join(timeout=seconds + 120)
    stats.fault_events = events
    return stats


def compare(before: dict, after: dict, stats: Stats) -> dict:
    """Events written per kind against what the clients saw; rows lost when fewer were written.

    Equal, except for writes whose answer never came back (the database stopped between
    the commit and the answer, or the answer timed out): those may or may not be written.
    """
    per_kind, lost, mismatched = {}, 0, []
    for kind in sorted(WRITE_KINDS):
        written = after["events"][kind] - before["events"][kind]
        ok, doubt = stats.ok[kind], stats.in_doubt[kind]
        per_kind[kind] = {"written": written, "confirmed": ok, "in_doubt": doubt, "refused": stats.refused[kind]}
        lost += max(0, ok - written)
        if written < ok or written > ok + doubt:
            mismatched.append(kind)
    cases_written = after["cases"] - before["cases"]
    registered = len(stats.registered_pks)
    lost += max(0, registered - cases_written)
    if cases_written < registered or cases_written > registered + stats.in_doubt["registered"]:
        mismatched.append("cases")
    return {"per_kind": per_kind, "rows_lost": lost, "mismatched": mismatched,
            "cases_registered": {"written": cases_written, "confirmed": registered}}


def summarize(stats: Stats) -> dict:
    return {
        "requests": stats.requests,
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "errors_5xx": sum(v for k, v in stats.statuses.items() if k >= 500),
        "connection_errors": stats.statuses.get(DROPPED, 0),
        "timeouts": stats.statuses.get(TIMED_OUT, 0),
        "writes_confirmed": sum(stats.ok.values()),
        "writes_refused": sum(stats.refused.values()),
        "writes_in_doubt": sum(stats.in_doubt.values()),
        "unclean_samples": stats.unclean_samples,
        "refused_samples": stats.refused_samples,
        "form_refusals": stats.refusals[:20],
        "client_crashes": stats.crashes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="CI size: ~20 s of load and one restart")
    parser.add_argument("--seconds", type=float, help="override the length of each phase")
    parser.add_argument("--results", default=str(ROOT / "bench" / "results" / "soak.json"))
    parser.add_argument("--no-restart", action="store_true", help="only the soak phase")
    args = parser.parse_args()
    if not os.environ.get("LANDWATCH_SOAK_OWN_CLUSTER"):
        return reexec_inside_throwaway_cluster()
    mode = "short" if args.short else "full"
    size = dict(SIZES[mode])
    if args.seconds:
        size["soak_seconds"] = size["restart_seconds"] = args.seconds
    os.environ.setdefault("STATIC_COMPRESS", "false")
    started = time.monotonic()

    # The static files do not need the database: collect them while the data is built.
    static = subprocess.Popen([PY, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env_for_app(),
                              stdout=subprocess.DEVNULL)
    setup_django()
    from django.core.management import call_command

    from cases.penalty_scale import ROUNDS
    from landwatch.scale import generate

    call_command("migrate", "--noinput", verbosity=0)
    step("migrated", started)
    generate(townships=2, villages=10, cases=size["cases"], patrol_logs=size["patrol_logs"], progress=lambda msg: None)
    give_bench_password()
    step("county data generated", started)
    if static.wait() != 0:
        raise SystemExit("collectstatic failed")
    step("static files collected", started)
    from django.urls import reverse

    urls = {"login": reverse("login"), "case_list": reverse("cases:list"), "mine": reverse("cases:mine"),
            "register": reverse("cases:register"), "assign": reverse("cases:bulk-assign"),
            "dashboard": reverse("dashboards:index"), "patrol_logs": reverse("patrols:log-list"),
            "report_submit": reverse("reports:submit"), "report_list": reverse("reports:list"),
            "inbox": reverse("reminders:inbox")}
    users: dict[str, str] = {}
    for i in range(size["offices"]):
        users[f"scale_office_{i % 2:02d}#{i}"] = "office"
    for i in range(size["officers"]):
        users[f"scale_officer_{i % 2:02d}_{(i // 2) % 4}#{i}"] = "officer"
    for i in range(size["county"]):
        users[f"scale_county#{i}"] = "county"
    for i in range(size["leaders"]):
        users[f"scale_leader_{i % 2:02d}#{i}"] = "leader"
    # The county departments (territory/scale.py): each head files and discusses the cases handed
    # over to it, its qualified reviewer makes the 笔录, the report and the legal review.
    for prefix in ("scale_nr", "scale_ag"):
        users[f"{prefix}_head"] = "leader"
        users[f"{prefix}_legal"] = "department"
    # Public reports (bench/soak_reports.py): an anonymous reporter, one sender past the hourly limit,
    # and the report desks of the townships' offices, two of one township competing for the same leads.
    for i in range(3):
        users[f"scale_office_{i % 2:02d}#desk{i}"] = "reports"
    users["public#0"] = "public"
    users["public#flood"] = "flood"
    # 卫片 (bench/soak_patches.py): the offices' patch desks, two of one township competing for the same patches.
    for i in range(3):
        users[f"scale_office_{i % 2:02d}#patches{i}"] = "patches"
    # After the decision (bench/soak_enforcement.py): enforcement desks of each township's office and of
    # its leader, those of one township competing for the same cases.
    for role, sessions in soak_enforcement.SESSIONS.items():
        login = "scale_leader" if role == "enforcement_head" else "scale_office"
        for i in range(2 * sessions):
            users[f"{login}_{i % 2:02d}#{role}{i}"] = role
    # The phones' queues (bench/soak_field.py): two officers of each township sending patrol logs
    # filed offline, some more than once, some twice at the same moment.
    for i in range(4):
        users[f"scale_officer_{i % 2:02d}_{2 + i // 2}#field"] = "field"
    cluster = Cluster()
    setup_seconds = round(time.monotonic() - started, 1)

    port = free_port()
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"landwatch-soak-gunicorn-{port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "landwatch.wsgi", "--workers", "2", "--threads", "8",
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "--graceful-timeout", "5", "--timeout", "60"],
        cwd=ROOT, env={**env_for_app(), **soak_reports.app_env()}, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    report: dict = {"mode": mode, "size": size, "setup_seconds": setup_seconds, "checks": {}}
    failures: list[str] = []
    try:
        _wait_healthy(base)
        pool = pools({name.split("#")[0]: role for name, role in users.items()
                      if role not in soak_reports.ANONYMOUS})

        # Phase 1: soak. The reminders of the days before are sent first (bench/soak_reports.py).
        reminder_runs = soak_reports.ReminderRuns()
        step(f"reminders caught up: {reminder_runs.catch_up()}", started)
        before = snapshot()
        clients = log_in(base, users, urls, pool)
        step(f"{len(clients)} users logged in", started)
        # send_reminders in two processes at once, round after round, while the users work.
        stats = run_phase(clients, seconds=size["soak_seconds"],
                          max_requests=size["max_requests"], seed=1, round_mark=ROUNDS[0], during=reminder_runs)
        after = snapshot()
        soak = {**summarize(stats), **compare(before, after, stats), **consistency(before),
                **soak_reports.checks(base, clients, stats.refused), **soak_patches.checks(),
                **soak_enforcement.checks(), **soak_field.checks(),
                "reminder_rounds": reminder_runs.rounds,
                "reminder_runs": reminder_runs.runs}
        report["soak"] = soak
        if soak["client_crashes"]:
            failures.append(f"soak: load clients crashed: {soak['client_crashes'][:3]}")
        if soak["errors_5xx"] or soak["connection_errors"]:
            failures.append(f"soak: {soak['errors_5xx']} 5xx, {soak['connection_errors']} connection errors")
        if soak["mismatched"]:
            failures.append(f"soak: events written differ from confirmed transitions for {soak['mismatched']}")
        if (soak["half_applied"] or soak["duplicate_numbers"] or soak["chain_steps_twice"]
                or soak["duplicate_document_numbers"] or soak["clock_mismatches"]):
            failures.append(f"soak: {soak['half_applied']} half-applied cases, "
                            f"{soak['duplicate_numbers']} duplicate numbers, {soak['chain_steps_twice']} chain "
                            f"steps twice, {soak['duplicate_document_numbers']} duplicate document numbers, "
                            f"{soak['clock_mismatches']} periods that differ from the clock: "
                            f"{soak['clock_mismatch_samples'][:3]}")
        if soak["publications_with_personal_data"]:
            failures.append(f"soak: {soak['publications_with_personal_data']} publications hold the party's personal "
                            f"data: {soak['publication_leak_samples'][:3]}")
        if (soak["reminders_twice"] or soak["inbox_count_mismatches"] or soak["receipt_reply_mismatches"]
                or soak["flood_rows_beyond_limit"] or soak["merge_cycles"]
                or any(run["returncode"] for run in soak["reminder_runs"])):
            failures.append(f"soak: {soak['reminders_twice']} reminders sent twice, {soak['inbox_count_mismatches']} "
                            f"inbox counts unequal to rows, {soak['receipt_reply_mismatches']} receipts without "
                            f"their reply, {soak['flood_rows_beyond_limit']} reports past the hourly limit, "
                            f"{soak['merge_cycles']} merge cycles, reminder runs: "
                            f"{[run for run in soak['reminder_runs'] if run['returncode']][:2]}")
        if (soak["patches_confirmed_twice"] or soak["patches_judged_too_often"] or soak["patches_status_disagreeing"]
                or soak["patch_photos_without_event"]):
            failures.append(f"soak: {soak['patches_confirmed_twice']} patches confirmed twice, "
                            f"{soak['patches_judged_too_often']} judged more often than sent back, "
                            f"{soak['patches_status_disagreeing']} whose status disagrees with their last step, "
                            f"{soak['patch_photos_without_event']} photos without their event")
        failures += soak_enforcement.failures(soak, "soak") + soak_field.failures(soak, "soak")
        print(f"  soak: {soak['requests']} requests, {soak['writes_confirmed']} writes confirmed, "
              f"{soak['writes_refused']} refused (stale or not allowed), {soak['errors_5xx']} 5xx")

        # Phase 2: PostgreSQL stopped and started under the same load.
        if not args.no_restart:
            restart = restart_phase(clients, cluster, size)
            report["restart"] = restart
            failures += restart.pop("failures")
            print(f"  restart: {restart['requests']} requests, {restart['restarts_survived']}/{size['restarts']} "
                  f"restarts survived, {restart['outage_503']} clean 503 while down, "
                  f"{restart['unclean']} unclean answers, recovered after {restart['recovered_after_s']} s")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    soak = report.get("soak", {})
    restart = report.get("restart", {})
    totals = {
        "requests": soak.get("requests", 0) + restart.get("requests", 0),
        "transitions": soak.get("writes_confirmed", 0) + restart.get("writes_confirmed", 0),
        "errors_5xx": soak.get("errors_5xx", 0) + restart.get("unexpected_5xx", 0),
        "outage_503": restart.get("outage_503", 0),
        "restarts_survived": restart.get("restarts_survived", 0),
        "rows_lost": soak.get("rows_lost", 0) + restart.get("rows_lost", 0),
    }
    report["totals"] = totals
    report["failures"] = failures
    report["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    for failure in failures:
        print(f"  FAILED {failure}")
    print("SOAK " + " ".join(f"{k}={v}" for k, v in totals.items()))
    return 1 if failures else 0


def restart_phase(clients: list[VirtualUser], cluster: Cluster, size: dict) -> dict:
    from cases.penalty_scale import ROUNDS

    seconds, down, restarts = size["restart_seconds"], size["down_seconds"], size["restarts"]
    windows: list[tuple[float, float]] = []

    def faults(stats: Stats) -> list:
        # Spread the restarts over the middle of the phase, leaving time to recover after the last.
        slot = seconds / (restarts + 1)
        t0 = time.monotonic()
        for i in range(restarts):
            time.sleep(max(0.0, t0 + slot * (i + 0.6) - down / 2 - time.monotonic()))
            stopping = time.monotonic()
            cluster.stop()
            stopped = time.monotonic()
            time.sleep(down)
            cluster.start()  # pg_ctl -w: returns once the server accepts connections
            ready = time.monotonic()
            windows.append((stopping, ready))
            outages.append({"stop_at_s": round(stopping - phase_start, 1), "down_at_s": round(stopped - phase_start, 1),
                            "accepting_at_s": round(ready - phase_start, 1)})
            print(f"  restart {i + 1}: stop at {stopping - phase_start:.1f} s, down at {stopped - phase_start:.1f} s, "
                  f"accepting connections at {ready - phase_start:.1f} s", flush=True)
        return windows

    outages: list[dict] = []
    before = snapshot()
    phase_start = time.monotonic()
    stats = run_phase(clients, seconds=seconds, max_requests=size["max_requests"], seed=1000,
                      round_mark=ROUNDS[1], during=faults)
    after = snapshot()
    result = {**summarize(stats), **compare(before, after, stats), **consistency(before),
              **soak_enforcement.checks(), **soak_field.checks()}
    failures = soak_enforcement.failures(result, "restart") + soak_field.failures(result, "restart")
    outage_503 = unexpected = unclean = 0
    survived = 0
    recovered = []
    for _stopping, ready in windows:
        after_ready = [(t, s, c) for t, s, c in stats.timeline if t >= ready]
        first_ok = next((t for t, s, c in after_ready if 200 <= s < 400), None)
        if first_ok is not None:
            recovered.append(round(first_ok - ready, 2))
    for i, (outage, (_stopping, ready)) in enumerate(zip(outages, windows, strict=True)):
        # The answers between this restart's end and the next stop (or the end of the phase).
        nxt = windows[i + 1][0] if i + 1 < len(windows) else float("inf")
        after_ready = [(t, s) for t, s, c in stats.timeline if ready <= t < nxt]
        ok = [t for t, s in after_ready if 200 <= s < 400]
        outage.update(first_good_answer_at_s=round(ok[0] - phase_start, 1) if ok else None,
                      answers_after=len(after_ready),
                      last_answer_at_s=round(after_ready[-1][0] - phase_start, 1) if after_ready else None,
                      statuses_after=dict(collections.Counter(str(s) for _t, s in after_ready)))
    for t, status, clean in stats.timeline:
        in_window = any(stopping <= t <= ready + GRACE_SECONDS for stopping, ready in windows)
        if not clean:
            unclean += 1
        elif status >= 500 and in_window:
            outage_503 += 1
        elif status >= 500:
            unexpected += 1
    for i, (_stopping, ready) in enumerate(windows):
        nxt = windows[i + 1][0] if i + 1 < len(windows) else float("inf")
        later = [s for t, s, c in stats.timeline if ready + GRACE_SECONDS < t < nxt]
        if i < len(recovered) and later and all(s < 500 for s in later):
            survived += 1
    during = [s for t, s, c in stats.timeline if any(a <= t <= b for a, b in windows)]
    if result["client_crashes"]:
        failures.append(f"restart: load clients crashed: {result['client_crashes'][:3]}")
    if unclean:
        failures.append(f"restart: {unclean} unclean answers (500, traceback or dropped connection): "
                        f"{stats.unclean_samples[:3]}")
    if unexpected:
        failures.append(f"restart: {unexpected} 5xx outside the outage")
    if survived < restarts:
        failures.append(f"restart: recovered from {survived} of {restarts} restarts")
    if not any(s == 503 for s in during):
        failures.append("restart: no request met the stopped database (the outage was not exercised)")
    if result["mismatched"] or result["rows_lost"]:
        failures.append(f"restart: events written differ from confirmed writes for {result['mismatched']}")
    if (result["half_applied"] or result["duplicate_numbers"] or result["chain_steps_twice"]
            or result["duplicate_document_numbers"] or result["clock_mismatches"]):
        failures.append(f"restart: {result['half_applied']} half-applied cases, "
                        f"{result['duplicate_numbers']} duplicate numbers, {result['chain_steps_twice']} chain "
                        f"steps twice, {result['duplicate_document_numbers']} duplicate document numbers, "
                        f"{result['clock_mismatches']} periods that differ from the clock: "
                        f"{result['clock_mismatch_samples'][:3]}")
    if result["publications_with_personal_data"]:
        failures.append(f"restart: {result['publications_with_personal_data']} publications hold the party's "
                        f"personal data: {result['publication_leak_samples'][:3]}")
    result.update(
        outage_503=outage_503, unexpected_5xx=unexpected, unclean=unclean, restarts=restarts,
        restarts_survived=survived, down_seconds=down, requests_during_outage=len(during),
        recovered_after_s=max(recovered) if recovered else None, outages=outages, failures=failures,
    )
    return result


def step(what: str, started: float) -> None:
    print(f"  {what} ({time.monotonic() - started:.0f} s)", flush=True)


def _wait_healthy(base: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not become healthy")


if __name__ == "__main__":
    sys.exit(main())

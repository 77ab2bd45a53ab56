"""The soak's public reports and reminders (issue 23), driven beside the township's work (bench/soak.py).

- Anonymous reporters post reports through the public page (each from its own address, given to
  the application as the one proxy it trusts, ``LANDWATCH_TRUSTED_PROXY_HOPS=1``); one of them
  posts from a single address past the hourly limit: its refusals are counted, and no row beyond
  the limit may exist.
- The offices' report desks (``ReportDesk``, a session of each township's office) write the reply,
  then accept the report (as a finding, or straight into a case), merge it into another report or
  dismiss it; two desks of the same township compete for the same reports. They also read their
  reminders and mark some read.
- ``ReminderRuns`` runs the ``send_reminders`` command twice at once (two threads, two database
  connections), round after round while the phase lasts, each round counting as of one day later
  (``--date``), so that every round has reminders to send and both runs race for each of them.

Each write is counted like the others (``per_kind``: written / confirmed / in doubt). After the
phase (``checks``): no reminder reached one recipient twice for the same object, kind, due date and stage;
each user's unread count in the navigation equals their unread inbox rows; every accepted report
with a reply shows that reply on its public status page (receipt number and check code).
"""

import datetime
import html
import io
import itertools
import re
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

REPORT_KINDS = {"received": "report submitted", "accepted": "report accepted", "merged": "report merged",
                "dismissed": "report dismissed", "replied": "report replied"}
REMINDER_KINDS = ("reminders sent", "reminder inbox items", "reminder marked read")
WRITE_KINDS = {*REPORT_KINDS.values(), *REMINDER_KINDS}
ANONYMOUS = ("public", "flood")  # the roles without a login
FLOOD_ADDRESS = "203.0.113.66"  # TEST-NET-3: the one sender that goes past the hourly limit
# The application's hourly limit per sender in the soak (5 by default): reached within a short phase
# on a busy machine; the other reporters' addresses are drawn from 254, so they rarely meet it.
FLOOD_LIMIT = 2
LIMIT_MESSAGE = ("Too many reports from this connection", "一小时内从此网络提交的举报过多")
# What the reporters were told (receipt -> check code): the status pages are opened with them afterwards.
RECEIPTS: dict[str, str] = {}
_DESK_TURNS = itertools.count()
_RECEIPTS_LOCK = threading.Lock()


def app_env() -> dict:
    """The application's environment in the soak: the soak's client is the one proxy the app trusts."""
    return {"LANDWATCH_TRUSTED_PROXY_HOPS": "1", "LANDWATCH_REPORTS_PER_HOUR_PER_SENDER": str(FLOOD_LIMIT)}


def counts() -> dict:
    """Rows of the kinds counted here, for ``soak.snapshot``."""
    from django.db.models import Count

    from reminders.models import InboxItem, Reminder
    from reports.models import ReportAction

    actions = dict(ReportAction.objects.values_list("kind").annotate(n=Count("id")).order_by())
    found = {label: actions.get(kind, 0) for kind, label in REPORT_KINDS.items()}
    found["reminders sent"] = Reminder.objects.count()
    found["reminder inbox items"] = InboxItem.objects.count()
    found["reminder marked read"] = InboxItem.objects.filter(read_at__isnull=False).count()
    return found


def make_reporter(base_class):
    """The anonymous reporter: a ``VirtualUser`` without a login, on the public page only."""

    class PublicReporter(base_class):
        def __init__(self, base: str, name: str, role: str, pool, urls: dict, seed: int) -> None:
            import random

            self.base, self.role, self.pool, self.urls = base, role, pool, urls
            self.stats, self.script, self.follow_up, self.username = None, [], [], name
            self.rng = random.Random(seed)
            self.flood = role == "flood"
            self.extra_headers = {}
            self.form = ""
            self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                      _no_redirect())

        def step(self) -> None:
            from bench.soak import Failed, _csrf, _options

            address = FLOOD_ADDRESS if self.flood else f"198.51.100.{self.rng.randint(1, 254)}"
            self.extra_headers = {"X-Forwarded-For": address}
            # The flood is a script: it read the form once and posts it again and again.
            form = self.form if self.flood and self.form else self.get(self.urls["report_submit"])
            self.form = form
            townships = _options(form, "township")
            if not townships:
                return
            tag = time.monotonic_ns()
            data = {"csrfmiddlewaretoken": _csrf(form), "township": self.rng.choice(townships), "village": "",
                    "what": f"压测举报 {tag}：有人在耕地上挖土建房", "place_text": f"压测地点 {tag}", "website": "",
                    "reporter_name": "", "reporter_phone": ""}
            if self.rng.random() < 0.5:  # half give a (made-up, never repeated) phone
                data.update(reporter_name="压测举报人", reporter_phone=f"139{tag % 100_000_000:08d}")
            try:
                status, text, location = self.request(self.urls["report_submit"], data)
            except Failed:
                with self.stats.lock:
                    self.stats.in_doubt["report submitted"] += 1
                raise
            if status == 302:  # confirmed, whatever becomes of the receipt page (the database may stop now)
                with self.stats.lock:
                    self.stats.ok["report submitted"] += 1
                if not self.flood:  # a script reads no receipt
                    receipt_page = self.get(urllib.parse.urlsplit(location).path)
                    receipt = re.search(r"data-receipt>([^<]+)<", receipt_page)
                    code = re.search(r"data-code>([^<]+)<", receipt_page)
                    if receipt and code:
                        with _RECEIPTS_LOCK:
                            RECEIPTS[receipt.group(1).strip()] = code.group(1).strip()
            elif any(message in text for message in LIMIT_MESSAGE):
                with self.stats.lock:
                    self.stats.refused["report refused over the hourly limit"] += 1
            else:
                with self.stats.lock:
                    self.stats.refused["report submitted"] += 1
            if not self.flood:
                time.sleep(0.5)  # a person types

    return PublicReporter


def make_desk(base_class):
    """The office's report desk: a ``VirtualUser`` (logged in as the township's office) that handles leads."""

    class ReportDesk(base_class):
        # What a desk does with the next report, in turn (each desk starting elsewhere, so that a
        # short phase on a busy machine still sees every action): accept as a finding, dismiss,
        # merge, accept as a case.
        ACTIONS = (0.45, 0.9, 0.7, 0.1)
        turn = None

        def step(self) -> None:
            if self.turn is None:
                self.turn = next(_DESK_TURNS)
            listed = re.findall(r'href="/reports/(\d+)/" data-report', self.get(self.urls["report_list"]))
            if not listed or self.rng.random() < 0.15:
                return self.inbox()
            roll = self.ACTIONS[self.turn % len(self.ACTIONS)]
            self.turn += 1
            pk = int(self.rng.choice(listed))
            page = self.get(f"/reports/{pk}/")
            if 'data-accept-form' not in page:  # handled meanwhile by the other desk
                return None
            from bench.soak import _csrf, _options

            reply = f"压测答复 {pk}：已收到，正在核查。"
            if self._post(["report replied"], f"/reports/{pk}/reply/", {"csrfmiddlewaretoken": _csrf(page),
                                                                       "reply": reply}) != "ok":
                return None
            page = self.get(f"/reports/{pk}/")
            if 'data-accept-form' not in page:
                return None
            accept = page[page.index("data-accept-form"):]
            villages = _options(accept, "village")
            data = {"csrfmiddlewaretoken": _csrf(page)}
            if roll < 0.6 and villages:
                data.update(village=self.rng.choice(villages), category="other", urgency="normal", into="finding")
                if roll >= 0.3:
                    return self._post(["report accepted"], f"/reports/{pk}/accept/", data)
                # Straight into a case: a registration too, counted as the offices' own.
                data.update(into="case", title=f"压测举报立案 {pk}", party_name=f"压测当事人举报{pk}", area_m2="120")
                if self._post(["report accepted", "registered"], f"/reports/{pk}/accept/", data) == "ok":
                    case = None
                    try:
                        case = re.search(r'href="/cases/(\d+)/"', self.get(f"/reports/{pk}/"))
                    finally:  # counted even when the report's page fails after the case was written (a restart)
                        with self.stats.lock:
                            self.stats.registered_pks.append(int(case.group(1)) if case else 0)
                return None
            others = [r for r in re.findall(r'data-report="(\d+)">\s*<div class="fw-semibold">(\d+)',
                                            self.get(self.urls["report_list"])) if int(r[0]) != pk]
            if roll < 0.8 and others:
                data["into"] = self.rng.choice(others)[1]
                return self._post(["report merged"], f"/reports/{pk}/merge/", data)
            data["reason"] = "压测：经核实不属于土地违法"
            return self._post(["report dismissed"], f"/reports/{pk}/dismiss/", data)

        def _post(self, kinds: list[str], path: str, data: dict) -> str:
            return self._write(kinds, path, data)

        def inbox(self) -> None:
            from bench.soak import _csrf

            page = self.get(self.urls["inbox"])
            unread = re.findall(r'action="/reminders/(\d+)/read/"', page)
            if unread and self.rng.random() < 0.5:  # done when it leads back to the inbox (no message)
                from bench.soak import Failed

                try:
                    status, _, location = self.request(f"/reminders/{self.rng.choice(unread)}/read/",
                                                       {"csrfmiddlewaretoken": _csrf(page)})
                except Failed:
                    with self.stats.lock:
                        self.stats.in_doubt["reminder marked read"] += 1
                    raise
                done = status == 302 and urllib.parse.urlsplit(location).path == self.urls["inbox"]
                with self.stats.lock:
                    (self.stats.ok if done else self.stats.refused)["reminder marked read"] += 1
            else:
                time.sleep(0.3)

    return ReportDesk


def _no_redirect():
    from bench.soak import NoRedirect

    return NoRedirect


class ReminderRuns:
    """``send_reminders`` twice at once (two threads, each with its own database connection, as two
    timer runs that overlap), round after round, for as long as a phase runs. Threads, not processes:
    a process's start costs seconds on the shared machine, and the race is the database's either way."""

    PROCESSES = 2

    def __init__(self) -> None:
        self.rounds = 0
        self.runs: list[dict] = []
        self.lock = threading.Lock()

    @staticmethod
    def run_once(*args: str) -> tuple[int, str, str]:
        """``manage.py send_reminders *args`` in this thread: (0 or 1, what it printed, the error)."""
        from django.core.management import call_command
        from django.db import connection

        out = io.StringIO()
        try:
            call_command("send_reminders", *args, stdout=out, stderr=out)
            return 0, out.getvalue().strip(), ""
        except Exception as error:  # noqa: BLE001 (a failed run is reported, and fails the soak)
            return 1, out.getvalue().strip(), f"{type(error).__name__}: {error}"[-300:]
        finally:
            connection.close()

    def catch_up(self) -> str:
        """One run before the phase, as the timer's runs of the days before would have sent."""
        code, said, error = self.run_once("--no-delivery")
        if code:
            raise SystemExit(f"send_reminders failed: {error}")
        return said

    def __call__(self, stats) -> list:
        """The phase's ``during``: blocks until the phase ends; counts what each run says it sent."""
        barrier = threading.Barrier(self.PROCESSES)
        start = datetime.date.fromisoformat(_today())

        def runner() -> None:
            day = 0
            while stats.running():
                try:
                    barrier.wait(timeout=120)  # both processes of a round start together
                except threading.BrokenBarrierError:
                    return
                on = (start + datetime.timedelta(days=day + 1)).isoformat()  # a day later each round
                started = time.monotonic()
                code, said, error = self.run_once("--date", on)
                sent = re.search(r"reminders (\d+), inbox items (\d+)", said)
                with self.lock:
                    self.runs.append({"date": on, "returncode": code, "seconds": round(time.monotonic() - started, 1),
                                      "said": said[:120], "error": error})
                with stats.lock:
                    if code == 0 and sent:
                        stats.ok["reminders sent"] += int(sent.group(1))
                        stats.ok["reminder inbox items"] += int(sent.group(2))
                    else:
                        stats.in_doubt["reminders sent"] += 1
                day += 1
            barrier.abort()

        threads = [threading.Thread(target=runner, daemon=True) for _ in range(self.PROCESSES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.rounds = len(self.runs) // self.PROCESSES
        return []


def _today() -> str:
    from bench.soak import _today as today

    return today().isoformat()


def checks(base: str, clients: list, refused: dict) -> dict:
    """After a phase: duplicates, the inbox counts and the receipts' replies (see the module's docstring)."""
    from django.db import connection

    from reports.models import PublicReport
    from reports.services import sender_hash

    with connection.cursor() as cursor:
        # One recipient, one object, one kind, one due date, one stage: at most one inbox row, whatever the
        # runs did. A new due date is a new reminder: a re-inspection that failed set a new deadline,
        # and that one can be missed too.
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM reminders_inboxitem i"
            " JOIN reminders_reminder r ON r.id = i.reminder_id"
            " GROUP BY i.recipient_id, r.kind, r.subject, r.due_on, r.stage HAVING count(*) > 1) d")
        duplicates = cursor.fetchone()[0]
        cursor.execute(
            "SELECT i.recipient_id, r.kind, r.subject, r.stage, array_agg(r.due_on::text || ' ' || r.level)"
            " FROM reminders_inboxitem i JOIN reminders_reminder r ON r.id = i.reminder_id"
            " GROUP BY i.recipient_id, r.kind, r.subject, r.due_on, r.stage HAVING count(*) > 1 LIMIT 10")
        duplicate_samples = [list(row) for row in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM reminders_reminder")
        reminders = cursor.fetchone()[0]
        # Two desks merging two reports into each other at the same moment must not make a cycle.
        cursor.execute("SELECT count(*) FROM reports_publicreport a JOIN reports_publicreport b"
                       " ON b.id = a.merged_into_id WHERE b.merged_into_id = a.id")
        merge_cycles = cursor.fetchone()[0]
    # No row of the flooding address beyond the hourly limit (its refusals wrote nothing).
    flood_rows = PublicReport.objects.filter(sender_hash=sender_hash(FLOOD_ADDRESS)).count()
    inbox = _inbox_counts(clients)
    receipts = _receipts_show_replies(base)
    return {"reminder_rows": reminders, "reminders_twice": duplicates, "reminders_twice_samples": duplicate_samples,
            "merge_cycles": merge_cycles,
            "reports_refused_over_limit": refused.get("report refused over the hourly limit", 0),
            "flood_rows": flood_rows, "flood_limit": FLOOD_LIMIT,
            "flood_rows_beyond_limit": max(0, flood_rows - FLOOD_LIMIT),
            **inbox, **receipts}


def _inbox_counts(clients: list) -> dict:
    """Each logged-in soak user's navigation count against their unread inbox rows, read now."""
    from reminders.models import InboxItem

    checked, wrong = 0, []
    seen = set()
    for client in clients:
        if not hasattr(client, "opener") or client.role in ANONYMOUS or client.username in seen:
            continue
        seen.add(client.username)
        page = client.get(client.urls["inbox"])
        shown = re.search(r'data-unread="(\d*)"', page)
        rows = InboxItem.objects.filter(recipient__username=client.username, read_at__isnull=True).count()
        checked += 1
        if shown is None or int(shown.group(1) or 0) != rows:
            wrong.append(f"{client.username}: shown {shown and shown.group(1)}, rows {rows}")
    return {"inbox_counts_checked": checked, "inbox_count_mismatches": len(wrong), "inbox_mismatch_samples": wrong[:5]}


def _receipts_show_replies(base: str) -> dict:
    """Every accepted report with a reply, opened on the public status page with its receipt and code."""
    from reports.models import PublicReport, ReportStatus

    with _RECEIPTS_LOCK:
        known = dict(RECEIPTS)
    accepted = PublicReport.objects.filter(status=ReportStatus.ACCEPTED, receipt__in=list(known))
    checked, wrong, without_reply = 0, [], 0
    for report in accepted:
        if not report.reply:
            without_reply += 1
            continue
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        form = opener.open(f"{base}/reports/status/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "receipt": report.receipt,
                                       "code": known[report.receipt]}).encode()
        request = urllib.request.Request(f"{base}/reports/status/", data=data,
                                         headers={"Referer": f"{base}/reports/status/"})
        page = opener.open(request, timeout=60).read().decode()
        shown = re.search(r"data-reply>(.*?)</p>", page, re.S)
        checked += 1
        if shown is None or html.unescape(shown.group(1)).strip() != report.reply:
            wrong.append(report.receipt)
    return {"receipts_checked": checked, "receipt_reply_mismatches": len(wrong),
            "receipt_reply_mismatch_samples": wrong[:5], "accepted_without_reply": without_reply}

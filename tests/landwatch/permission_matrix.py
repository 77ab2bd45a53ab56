"""Who gets what from every URL: the expected table of the permission matrix (issue #9).

Rows are URL patterns as the resolver names them (``namespace:name``; an unnamed pattern by
its route). Each row says how to build the URL's arguments from the matrix's world
(``tests/landwatch/conftest.py``: every object lives in village B of township A) and the
status each actor gets, as a string in the order of ``ACTORS``:

    anonymous  coordinator_a  officer_assigned  officer_unassigned  office  leader  county
    other_office  inactive  superuser

``L`` means "302 to the login page" (the test checks the Location); ``302`` a redirect
elsewhere (post/redirect/get after success); ``U`` a POST refused with an error message and
a redirect back. A row's second string gives the POST statuses (``None``: the page only
reads: its POST row is derived, 405 for everyone logged in, see ``read_only_post``); a POST
answered L, U, 403, 404 or 405 must also change nothing (the audit trail gains no row and the
target object is as it was). Pages that take only POST get a GET row of 405.

The Django admin is generated from ``admin.site._registry`` (every registered model's
changelist, add, change, delete, history and redirect patterns): only the superuser is staff,
everyone else is sent to the admin's login page. A URL pattern that has no row here, and is
not a generated admin pattern, fails ``test_every_url_pattern_has_an_entry`` by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import ACTORS, ALL_ACTORS, DEPARTMENT_ACTORS


@dataclass(frozen=True)
class Entry:
    kwargs: Callable[[object], dict]
    get: str
    post: str | None = None
    # The object (a name in the world) whose row must not change on a refused POST.
    target: str | None = None
    # POST data that would do the deed if the actor were allowed (so a refusal is a real refusal).
    data: Callable[[object], dict] = field(default=lambda w: {})
    # The same for ``DEPARTMENT_ACTORS`` (``DEPARTMENT_EXPECTED``).
    department_get: str = ""
    department_post: str | None = None

    def expected(self, method: str) -> dict[str, str]:
        """Actor -> "200", "403", … or "L" (302 to a login page)."""
        out = {}
        for actors, row in ((ACTORS, self.get if method == "GET" else self.post),
                            (DEPARTMENT_ACTORS, self.department_get if method == "GET" else self.department_post)):
            codes = row.split()
            assert len(codes) == len(actors), f"{len(codes)} codes for {len(actors)} actors: {row!r}"
            out.update(zip(actors, codes, strict=True))
        return out


def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    """Every (key, route, pattern) of the project's URLconf, includes followed recursively."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            local = p.name or route
            key = f"{namespace}:{local}" if namespace else local
            yield key, route, p


def url_patterns() -> list[tuple[str, str]]:
    return [(key, route) for key, route, _ in walk()]


# --- argument builders ------------------------------------------------------------------

def _jpeg():
    from tests.patches.conftest import jpeg

    return jpeg()



def pk(name: str, arg: str = "pk") -> Callable[[object], dict]:
    return lambda w: {arg: w[name].pk}


def none(w) -> dict:
    return {}


def case_version(name: str, **extra) -> Callable[[object], dict]:
    return lambda w: {"version": w[name].version, **extra}


def today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def later(days: int) -> str:
    import datetime

    from django.utils import timezone

    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# POST payloads that would succeed for an allowed actor.
def _decide(w):
    return {"version": w["case"].version, "category": "extra_homestead", "disposition": "demolish", "reason": "核实",
            "occurred_on": today()}


def _reason(name):
    return lambda w: {"version": w[name].version, "reason": "权限矩阵测试", "occurred_on": today()}


TRANSITION_DATA = {
    "cases:decide": ("case", _decide),
    "cases:self-correct": ("case_notified", lambda w: {"version": w["case_notified"].version,
                                                       "corrected_on": today(), "note": "已拆除"}),
    "cases:reinspection-passed": ("case_corrected", lambda w: {"version": w["case_corrected"].version,
                                                               "inspected_on": today(), "note": "复查合格"}),
    "cases:reinspection-failed": ("case_corrected", lambda w: {"version": w["case_corrected"].version,
                                                               "inspected_on": today(), "new_deadline": later(15),
                                                               "note": "未拆除"}),
    "cases:approve-enforcement": ("case_notified", lambda w: {"version": w["case_notified"].version,
                                                              "note": "同意强制拆除", "occurred_on": today()}),
    "cases:enforcement-done": ("case_enforcing", lambda w: {"version": w["case_enforcing"].version,
                                                            "verified_on": today(), "note": "已拆除"}),
    "cases:resolve": ("case_deferred", _reason("case_deferred")),
    "cases:withdraw": ("case", _reason("case")),
    "cases:reopen": ("case_closed", _reason("case_closed")),
    "cases:hand-over": ("case_county", lambda w: {"version": w["case_county"].version, "occurred_on": today(),
                                                  "note": "移送县自然资源局"}),
    # Review, notice, hearing and decision (cases/penalty_views.py).
    "cases:legal-review": ("case_reviewing", lambda w: {"version": w["case_reviewing"].version,
                                                        "measures": ["demolish"], "passed": "true", "opinion": "同意",
                                                        "reviewed_on": today()}),
    "cases:collective-discussion": ("case_reviewing", lambda w: {"version": w["case_reviewing"].version,
                                                                 "participants": "镇长", "conclusion": "同意",
                                                                 "held_on": today()}),
    "cases:statement": ("case_informed", lambda w: {"version": w["case_informed"].version, "statement": "无异议",
                                                    "received_on": today()}),
    "cases:hearing-request": ("case_informed", lambda w: {"version": w["case_informed"].version,
                                                          "requested_on": today()}),
    "cases:schedule-hearing": ("case_informed", lambda w: {"version": w["case_informed"].version,
                                                           "hearing_at": f"{later(10)}T09:30", "place": "镇政府会议室",
                                                           "presiding": w.users["leader"].pk}),
    "cases:hearing": ("case_informed", lambda w: {"version": w["case_informed"].version, "summary": "听证",
                                                  "presiding": w.users["leader"].pk, "held_on": today()}),
    "cases:recheck": ("case_informed", lambda w: {"version": w["case_informed"].version, "conclusion": "不成立",
                                                  "rechecked_on": today()}),
    "cases:extend-decision-clock": ("case_reviewing", lambda w: {"version": w["case_reviewing"].version,
                                                                 "reason": "案情复杂", "approved_on": today(),
                                                                 "days": 30}),
    "cases:exclude-period": ("case_reviewing", lambda w: {"version": w["case_reviewing"].version,
                                                          "kind": "appraisal", "note": "土地鉴定",
                                                          "started_on": later(-10), "ended_on": later(-3)}),
    "cases:decide-penalty": ("case_informed", lambda w: {"version": w["case_informed"].version,
                                                         "measures": ["demolish"], "occurred_on": today()}),
    # Enforcement (cases/enforcement_views.py): the world's decided case has no served decision, so
    # every step but recording a challenge is refused on its form (200).
    "cases:record-challenge": ("case_decided", lambda w: {"version": w["case_decided"].version,
                                                          "kind": "lawsuit", "body": "测试县人民法院",
                                                          "filed_on": today()}),
    "cases:end-challenge": ("case_decided", lambda w: {"version": w["case_decided"].version, "outcome": "upheld",
                                                       "outcome_on": today()}),
    "cases:apply-to-court": ("case_decided", lambda w: {"version": w["case_decided"].version, "court": "测试县人民法院",
                                                        "filed_on": today(), "materials": ["application", "decision",
                                                                                           "party_and_demand",
                                                                                           "object"]}),
    "cases:court-ruling": ("case_decided", lambda w: {"version": w["case_decided"].version, "ruling": "accepted",
                                                      "ruled_on": today()}),
    "cases:decide-demolition": ("case_decided", lambda w: {"version": w["case_decided"].version,
                                                           "decided_on": today()}),
    # 结案 and the demand's 陈述申辩 (cases/closing.py): the head closes the decided case on "other";
    # with no demand served and no statement waiting the two others are refused on their forms (200).
    "cases:approve-closing": ("case_decided", lambda w: {"version": w["case_decided"].version, "ground": "other",
                                                         "note": "权限矩阵测试", "occurred_on": today()}),
    "cases:demand-statement": ("case_decided", lambda w: {"version": w["case_decided"].version,
                                                          "received_on": today(), "content": "请求缓拆"}),
    "cases:review-demand-statement": ("case_decided", lambda w: {"version": w["case_decided"].version,
                                                                 "review": "accepted", "reasons": "属实",
                                                                 "reviewed_on": today()}),
    # 立案 and the investigation (cases/procedure.py).
    "cases:file": ("case", lambda w: {"version": w["case"].version, "occurred_on": today(),
                                      "conditions": ["party", "violation", "liability", "competence", "limitation"],
                                      "violation_started_on": "2026-10-01"}),
    "cases:suspend": ("case_filed", lambda w: {"version": w["case_filed"].version, "ground": "force_majeure",
                                               "reason": "权限矩阵测试", "occurred_on": today()}),
    "cases:resume": ("case_suspended", _reason("case_suspended")),
    "cases:terminate": ("case_filed", lambda w: {"version": w["case_filed"].version, "ground": "not_established",
                                                 "reason": "权限矩阵测试", "occurred_on": today()}),
    "cases:submit-report": ("case_filed", lambda w: {"version": w["case_filed"].version, "facts": "占地建房",
                                                     "evidence": "询问笔录", "proposal": "限期拆除",
                                                     "occurred_on": today()}),
}

# How each URL's arguments are built, and the object a refused POST must leave as it was.
ARGS: dict[str, tuple[Callable, str | None, Callable | None]] = {
    # key: (kwargs, target, data)
    "home": (none, None, None),
    "healthz": (none, None, None),
    "floor": (none, None, None),
    "manifest": (none, None, None),
    "service-worker": (none, None, None),
    "offline": (none, None, None),
    "session": (none, None, None),
    "login": (none, None, lambda w: {"username": "office", "password": "wrong"}),
    "logout": (none, None, None),
    "set_language": (none, None, lambda w: {"language": "en", "next": "/"}),
    # patrols
    "territory:unit-list": (none, None, None),
    "territory:unit-detail": (pk("village"), "village", None),
    "territory:layer-list": (none, None, None),
    "territory:layer-geojson": (pk("layer"), "layer", None),
    # 卫片 patches
    "patches:batch-list": (none, None, None),
    "patches:batch-detail": (pk("batch"), "batch", None),
    "patches:batch-export": (pk("batch"), "batch", None),
    "patches:geojson": (lambda w: {"?": f"batch={w['batch'].pk}"}, None, None),
    "patches:detail": (pk("patch"), "patch", None),
    "patches:photo": (pk("patch_photo"), "patch_photo", None),
    "patches:add-photo": (pk("patch"), "patch", lambda w: {"photo": _jpeg()}),
    "patches:judge": (pk("patch"), "patch", lambda w: {"version": w["patch"].version, "judgement": "illegal",
                                                        "basis": "新建厂房"}),
    "patches:confirm": (pk("patch_judged"), "patch_judged", lambda w: {"version": w["patch_judged"].version}),
    "patches:return": (pk("patch_judged"), "patch_judged", lambda w: {"version": w["patch_judged"].version,
                                                                       "reason": "照片不清"}),
    "patches:assign": (pk("patch"), "patch", lambda w: {"version": w["patch"].version,
                                                         "village": w.territory.village_a.pk}),
    "patches:close": (pk("patch_illegal"), "patch_illegal", lambda w: {"version": w["patch_illegal"].version}),
    "cases:register-from-patch": (lambda w: {"patch_pk": w["patch_illegal"].pk}, "patch_illegal", None),
    "cases:outline": (pk("case"), "case", None),
    "patrols:log-list": (none, None, None),
    "patrols:log-create": (none, None, lambda w: {"village": w["village"].pk}),
    "patrols:log-detail": (pk("log"), "log", None),
    "patrols:log-withdraw": (pk("log"), "log", lambda w: {"reason": "重复填报"}),
    "patrols:finding-list": (none, None, None),
    "patrols:finding-create": (none, None, lambda w: {"village": w["village"].pk}),
    "patrols:finding-detail": (pk("finding"), "finding", None),
    "patrols:finding-dismiss": (pk("finding"), "finding", lambda w: {"reason": "已批准用地"}),
    "patrols:photo": (pk("photo"), "photo", None),
    # public reports (reports/): three public pages, the office's queue and its handling.
    "reports:submit": (none, None, lambda w: {"township": w["village"].township_id, "village": w["village"].pk,
                                              "what": "有人在耕地上建房", "place_text": "村口"}),
    "reports:receipt": (none, None, None),
    "reports:status": (none, None, lambda w: {"receipt": w["report"].receipt, "code": "TESTCODE"}),
    "reports:list": (none, None, None),
    "reports:detail": (pk("report"), "report", None),
    "reports:accept": (pk("report"), "report", lambda w: {"into": "finding", "village": w["village"].pk,
                                                          "category": "other", "urgency": "normal"}),
    "reports:merge": (pk("report"), "report", lambda w: {"into": w["report_other"].receipt}),
    "reports:dismiss": (pk("report"), "report", lambda w: {"reason": "经核实为合法用地"}),
    "reports:reply": (pk("report"), "report", lambda w: {"reply": "已收到，正在核查。"}),
    "reports:photo": (pk("report_photo"), "report_photo", None),
    "patrols:photo-stage": (none, None, lambda w: {"staged_for": "log", "draft_key": "ab" * 16}),
    "patrols:coverage": (none, None, None),
    "patrols:plan-list": (none, None, None),
    "patrols:plan-create": (lambda w: {"?": f"township={w.territory.township.pk}"}, None,
                            lambda w: {"township": w.territory.township.pk}),
    "patrols:plan-detail": (pk("plan"), "plan", None),
    "patrols:plan-edit": (pk("plan"), "plan", None),
    "patrols:pledge-list": (none, None, None),
    # A year without a pledge: "new" for a village and year that has one redirects to its edit page.
    "patrols:pledge-create": (lambda w: {"?": f"village={w['village'].pk}&year={w['pledge'].year - 1}"}, None,
                              lambda w: {"village": w["village"].pk, "year": w["pledge"].year - 1}),
    "patrols:pledge-detail": (pk("pledge"), "pledge", None),
    "patrols:pledge-edit": (pk("pledge"), "pledge", None),
    "patrols:pledge-assess": (pk("pledge"), "pledge", None),
    "patrols:pledge-scan": (pk("pledge"), "pledge", None),
    "patrols:project-list": (none, None, None),
    "patrols:project-create": (none, None, lambda w: {"village": w["village"].pk}),
    "patrols:project-detail": (pk("project"), "project", None),
    "patrols:project-edit": (pk("project"), "project", None),
    "patrols:project-inspect": (pk("project"), "project", None),
    # cases
    "cases:list": (none, None, None),
    "cases:mine": (none, None, None),
    "cases:register": (none, None, lambda w: {"village": w["village"].pk, "title": "越权立案",
                                              "registered_on": today()}),
    "cases:register-from-finding": (pk("finding", "finding_pk"), "finding", None),
    "cases:bulk-assign": (none, "case", lambda w: {"cases": [w["case"].pk], "to": w.users["officer_unassigned"].pk,
                                                   "note": "改派"}),
    "cases:party-detail": (pk("party"), "party", None),
    "cases:detail": (pk("case"), "case", None),
    "cases:enforcement-add": (pk("case_enforcing"), "case_enforcing", lambda w: {
        "version": w["case_enforcing"].version, "kind": "demolition", "carried_out_on": today()}),
    "cases:disciplinary-add": (pk("case"), "case", lambda w: {
        "version": w["case"].version, "person_name": "李四", "measure": "warning", "status": "proposed"}),
    "cases:attachment-add": (pk("case"), "case", None),
    "cases:attachment-file": (lambda w: {"pk": w["case"].pk, "attachment_pk": w["attachment"].pk}, "attachment",
                              None),
    "cases:note-add": (pk("case"), "case", lambda w: {"note": "权限矩阵测试"}),
    "cases:record-add": (pk("case_filed"), "case_filed", lambda w: {
        "version": w["case_filed"].version, "kind": "inquiry_record", "started_at": f"{today()}T00:00",
        "ended_at": f"{today()}T00:30", "place": "村委会", "persons_present": "张三", "content": "问：…答：…",
        "officer_1": w.users["officer_assigned"].pk, "officer_2": w.users["officer_unassigned"].pk}),
    "cases:edit-facts": (pk("case"), "case", lambda w: {"version": w["case"].version, "title": "越权改事实"}),
    "cases:referral-add": (pk("case"), "case", lambda w: {
        "version": w["case"].version, "police_organ": "某县公安局",
        "approved_on": today(), "sent_on": today()}),
    "cases:referral-answer": (lambda w: {"pk": w["case"].pk, "referral_pk": w["referral"].pk}, "referral",
                              lambda w: {"version": w["case"].version, "received_on": today()}),
    "cases:campaign-attach": (pk("case"), "case", lambda w: {
        "version": w["case"].version, "campaign": w["campaign"].pk, "reason": "权限矩阵测试"}),
    "cases:campaign-detach": (pk("case_closed"), "case_closed", _reason("case_closed")),
    # Fines, payment and confiscation (cases/fine_views.py).
    "cases:fine-payment": (pk("case_fined"), "case_fined", lambda w: {
        "version": w["case_fined"].version, "paid_on": today(), "amount": "100", "bank": "农业银行",
        "receipt_number": "矩阵-1"}),
    "cases:fine-arrangement": (pk("case_fined"), "case_fined", lambda w: {
        "version": w["case_fined"].version, "kind": "deferral", "applied_on": today(), "approved_on": today(),
        "reason": "经济困难", "due_1": later(60)}),
    "cases:confiscation-handover": (pk("case_fined"), "case_fined", lambda w: {
        "version": w["case_fined"].version, "handed_over_on": today(), "handed_to": "县人民政府",
        "document": "移交清单1"}),
    # 公示 of the penalty decision (cases/publicity_views.py).
    "cases:publication-add": (pk("case_to_publish"), "case_to_publish", lambda w: {
        "version": w["case_to_publish"].version, "channel": "notice_board", "location": "甲镇政府公示栏",
        "published_on": today(), "text": "行政处罚决定书文号：矩阵\n当事人：赵某某"}),
    "cases:publication-correct": (lambda w: {"pk": w["case_published"].pk, "publication_pk": w["publication"].pk},
                                  "publication", lambda w: {
        "version": w["case_published"].version, "channel": "website", "location": "https://www.example.gov.cn/1",
        "published_on": today(), "text": "当事人：赵某某", "correction_reason": "载体录错"}),
    "cases:publication-withdraw": (lambda w: {"pk": w["case_published"].pk, "publication_pk": w["publication"].pk},
                                   "publication", lambda w: {
        "version": w["case_published"].version, "withdrawn_on": today(), "reason": "原决定被撤销"}),
    "cases:publication-print": (lambda w: {"pk": w["case_published"].pk, "publication_pk": w["publication"].pk},
                                "publication", None),
    "cases:publication-export": (none, None, None),
    **{key: (pk(obj), obj, data) for key, (obj, data) in TRANSITION_DATA.items()},
    # campaigns
    "campaigns:list": (none, None, None),
    "campaigns:create": (none, None, None),
    "campaigns:detail": (pk("campaign"), "campaign", None),
    "campaigns:edit": (pk("campaign"), "campaign", lambda w: {"name": "改名", "basis": "", "goals": ""}),
    "campaigns:phases": (pk("campaign"), "campaign", None),
    "campaigns:next-year": (pk("campaign"), "campaign", None),
    "campaigns:tasks": (pk("campaign"), "campaign", None),
    "campaigns:task-create": (pk("campaign"), "campaign", None),
    "campaigns:meetings": (pk("campaign"), "campaign", None),
    "campaigns:meeting-create": (pk("campaign"), "campaign", None),
    "campaigns:publicity": (pk("campaign"), "campaign", lambda w: {
        "date": today(), "kind": "meeting", "village": w["village"].pk, "description": "宣传动员会",
        "audience": 50, "materials": 20}),
    "campaigns:group": (pk("campaign"), "campaign", lambda w: {
        "form": "team", "team-department": w.territory.department.pk, "team-user": w.users["officer_unassigned"].pk,
        "team-name": "另一队员", "team-post": "队员"}),
    "campaigns:review-create": (pk("campaign"), "campaign", None),
    "campaigns:report": (pk("campaign"), "campaign", None),
    "campaigns:report-xlsx": (pk("campaign"), "campaign", None),
    "campaigns:my-tasks": (none, None, None),
    "campaigns:task-detail": (pk("task"), "task", None),
    "campaigns:task-edit": (pk("task"), "task", None),
    "campaigns:task-progress": (pk("task"), "task", lambda w: {"note": "进展"}),
    "campaigns:task-status": (pk("task"), "task", lambda w: {"to_status": "done", "completed_on": today(),
                                                             "note": "完成"}),
    "campaigns:meeting-detail": (pk("meeting"), "meeting", None),
    "campaigns:decision-add": (pk("meeting"), "meeting", lambda w: {"text": "新的决定"}),
    "campaigns:decision-task": (pk("decision"), "decision", None),
    "campaigns:group-member-remove": (pk("group_member"), "group_member", None),
    "campaigns:team-member-remove": (pk("team_member"), "team_member", None),
    # documents
    "documents:case-documents": (pk("case", "case_pk"), "case", None),
    "documents:create": (pk("case", "case_pk"), "case", lambda w: {"kind": "stop_work"}),
    "documents:evidence": (pk("case", "case_pk"), "case", None),
    "documents:detail": (pk("draft"), "draft", None),
    "documents:edit": (pk("draft"), "draft", None),
    "documents:issue": (pk("draft"), "draft", lambda w: {"issued_on": today()}),
    "documents:serve": (pk("issued"), "issued", lambda w: {"method": "direct", "served_on": today(),
                                                           "recipient": "张三"}),
    "documents:proof": (pk("served"), "served", None),
    "documents:attach-proof": (pk("served_bare"), "served_bare", None),
    "documents:correct": (pk("served"), "served", None),
    "documents:withdraw": (pk("issued"), "issued", lambda w: {"reason": "错误"}),
    "documents:print": (pk("served"), "served", None),
    "documents:pdf": (pk("served"), "served", None),
    "documents:ledger": (none, None, None),
    "documents:import": (none, None, None),
    "documents:import-template": (none, None, None),
    "documents:import-preview": (none, None, None),
    "documents:import-confirm": (none, None, None),
    # 立卷归档 (documents/archive.py): a closed case to archive, an archived case's downloads.
    "documents:archive": (pk("case_closed", "case_pk"), "case_closed", None),
    "documents:archive-assemble": (pk("case_closed", "case_pk"), "case_closed", none),
    "documents:archive-pdf": (pk("archive"), "archive", None),
    "documents:archive-zip": (pk("archive"), "archive", None),
    # dashboards
    "dashboards:index": (none, None, None),
    "dashboards:map": (none, None, None),
    "dashboards:map-data": (none, None, None),
    "dashboards:map-coverage": (none, None, None),
    # reminders: each user's own inbox
    "reminders:inbox": (none, None, None),
    "reminders:read": (pk("reminder_item"), "reminder_item", None),
    "reminders:read-all": (none, None, None),
    # the admin's own pages (the per-model ones are generated below)
    "admin:index": (none, None, None),
    "admin:login": (none, None, None),
    "admin:logout": (none, None, None),
    "admin:password_change": (none, None, None),
    "admin:password_change_done": (none, None, None),
    "admin:autocomplete": (none, None, None),
    "admin:jsi18n": (none, None, None),
    "admin:view_on_site": (lambda w: {"content_type_id": _ct(w["case"]), "object_id": w["case"].pk}, "case", None),
    "admin:app_list": (lambda w: {"app_label": "cases"}, None, None),
    "admin:admin/(?P<url>.*)$": (lambda w: {"url": "no-such-page/"}, None, None),
    "admin:auth_user_password_change": (lambda w: {"id": w.users["office"].pk}, None, None),
    "admin:deadlines_holidayyear_upload": (none, None, lambda w: {"file": _holiday_file()}),
}


def _holiday_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("2031.csv", b"date,kind,name\n2031-10-01,holiday,x\n", "text/csv")


def _ct(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


# --- the Django admin, generated from its registry ----------------------------------------

ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")


def admin_object(model):
    """The object an admin row's URLs point at: the first row of the model (or a missing id)."""
    obj = model._default_manager.order_by("pk").first()
    return obj.pk if obj is not None else 0


def admin_keys() -> dict[str, tuple[Callable, object]]:
    """Every per-model admin URL key, with its kwargs builder and its model."""
    keys = {}
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        for action in ADMIN_ACTIONS:
            if action in ("changelist", "add"):
                kwargs = none
            else:
                kwargs = (lambda m: lambda w: {"object_id": admin_object(m)})(model)
            keys[f"admin:{info}_{action}"] = (kwargs, model)
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        keys[f"admin:{route}"] = ((lambda m: lambda w: {"object_id": admin_object(m)})(model), model)
    return keys


def url_for(key: str, route: str, kwargs: dict) -> str:
    """The path of a pattern: reversed by name, or (unnamed) its route with the arguments put in."""
    import re

    from django.urls import reverse

    kwargs = dict(kwargs)
    query = kwargs.pop("?", "")
    if "/" not in key.split(":")[-1] and "$" not in key:
        return reverse(key, kwargs=kwargs) + (f"?{query}" if query else "")
    # Regex groups first: "(?P<url>.*)" also holds "<url>", which the converter pattern would eat.
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), path)
    return "/" + path.lstrip("^").rstrip("$")


# --- the expected table --------------------------------------------------------------------
#
# ``L`` = 302 to the login page (the admin's own login page for admin URLs). Columns:
#                                                anon  coA offA offU offc lead cnty othO inac su
EXPECTED: dict[str, tuple[str, str | None]] = {
    #                                anon coA offA offU offc lead cnty othO inac su
    "home":                         ("L  200 200 200 200 200 200 200 L   200", None),
    "healthz":                      ("200 200 200 200 200 200 200 200 200 200", None),
    "floor":                        ("L  200 200 200 200 200 200 200 L   200", None),
    # The installable app (issue 24): its manifest, service worker and offline page are public
    # (the worker is fetched by the browser whoever is logged in); who is logged in is not.
    "manifest":                     ("200 200 200 200 200 200 200 200 200 200", None),
    "service-worker":               ("200 200 200 200 200 200 200 200 200 200", None),
    "offline":                      ("200 200 200 200 200 200 200 200 200 200", None),
    "session":                      ("L  200 200 200 200 200 200 200 L   200", None),
    # A wrong password: the form again for whoever is not logged in; the others are sent on.
    "login":                        ("200 302 302 302 302 302 302 302 200 302",
                                     "200 302 302 302 302 302 302 302 200 302"),
    "logout":                       ("L  405 405 405 405 405 405 405 L   405",
                                     "L  L   L   L   L   L   L   L   L   L"),
    "set_language":                 ("L  302 302 302 302 302 302 302 L   302",
                                     "L  302 302 302 302 302 302 302 L   302"),
    # patrols: a coordinator sees their own village only; logs and findings are filed by the
    # village's coordinator or the township's office and officers; plans, pledges and projects
    # are kept by the office; leaders and the county read.
    "territory:unit-list":            ("L  200 200 200 200 200 200 200 L   200", None),
    "territory:unit-detail":          ("L  404 200 200 200 200 200 404 L   200", None),
    # Map layers: read by every staff member over their scope (a township's layer is not another
    # township's); loaded by the county bureau, a township office or the administrator (an empty
    # POST: the form with its errors), refused to everyone else.
    "territory:layer-list":           ("L  200 200 200 200 200 200 200 L   200",
                                       "L  403 403 403 200 403 200 200 L   200"),
    "territory:layer-geojson":        ("L  200 200 200 200 200 200 404 L   200", None),
    # 卫片 patches: a batch of township A and its patches in village B. The batch is read by all of
    # the township (coordinator A sees no patch of it: village B is not theirs); the patches by the
    # township's staff and the county; verified in the field (photo, judgement)
    # by the coordinator, the officers and the office; confirmed, sent back, assigned, made a case
    # and closed out by the office. Batches are loaded by whoever loads layers. Closing out the
    # illegal patch whose case is not made yet is refused with a message (U).
    "patches:batch-list":             ("L  200 200 200 200 200 200 200 L   200",
                                       "L  403 403 403 200 403 200 200 L   200"),
    "patches:batch-detail":           ("L  200 200 200 200 200 200 404 L   200", None),
    "patches:batch-export":           ("L  200 200 200 200 200 200 404 L   200", None),
    "patches:geojson":                ("L  200 200 200 200 200 200 404 L   200", None),
    "patches:detail":                 ("L  404 200 200 200 200 200 404 L   200", None),
    "patches:photo":                  ("L  404 200 200 200 200 200 404 L   200", None),
    "patches:add-photo":              ("L  405 405 405 405 405 405 405 L   405",
                                       "L  404 302 302 302 403 403 404 L   302"),
    "patches:judge":                  ("L  405 405 405 405 405 405 405 L   405",
                                       "L  404 302 302 302 403 403 404 L   302"),
    "patches:confirm":                ("L  405 405 405 405 405 405 405 L   405",
                                       "L  404 403 403 302 403 403 404 L   302"),
    "patches:return":                 ("L  405 405 405 405 405 405 405 L   405",
                                       "L  404 403 403 302 403 403 404 L   302"),
    "patches:assign":                 ("L  405 405 405 405 405 405 405 L   405",
                                       "L  404 403 403 302 403 403 404 L   302"),
    "patches:close":                  ("L  405 405 405 405 405 405 405 L   405",
                                       "L  404 403 403 U   403 403 404 L   U"),
    "cases:register-from-patch":      ("L  404 403 403 200 403 403 404 L   200",
                                       "L  404 403 403 200 403 403 404 L   200"),
    # A case's outline is drawn or loaded by whoever corrects its facts (the township's office).
    "cases:outline":                  ("L  404 403 403 200 403 403 404 L   200",
                                       "L  404 403 403 200 403 403 404 L   200"),
    "patrols:log-list":             ("L  200 200 200 200 200 200 200 L   200", None),
    "patrols:log-create":           ("L  200 200 200 200 403 403 200 L   200",
                                     "L  404 200 200 200 403 403 404 L   200"),
    "patrols:log-detail":           ("L  404 200 200 200 200 200 404 L   200", None),
    "patrols:log-withdraw":         ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "patrols:finding-list":         ("L  200 200 200 200 200 200 200 L   200", None),
    "patrols:finding-create":       ("L  200 200 200 200 403 403 200 L   200",
                                     "L  404 200 200 200 403 403 404 L   200"),
    "patrols:finding-detail":       ("L  404 200 200 200 200 200 404 L   200", None),
    "patrols:finding-dismiss":      ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "patrols:photo":                ("L  404 200 200 200 200 200 404 L   200", None),
    # public reports: anyone sends and follows one; the office of the township handles it, its
    # leaders and the county read it; officers and coordinators (who meet the parties) do not.
    "reports:submit":               ("200 200 200 200 200 200 200 200 200 200",
                                     "302 302 302 302 302 302 302 302 302 302"),
    "reports:receipt":              ("302 302 302 302 302 302 302 302 302 302", None),
    "reports:status":               ("200 200 200 200 200 200 200 200 200 200",
                                     "302 302 302 302 302 302 302 302 302 302"),
    "reports:list":                 ("L  403 403 403 200 200 200 200 L   200", None),
    "reports:detail":               ("L  404 404 404 200 200 200 404 L   200", None),
    "reports:accept":               ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 404 404 302 403 403 404 L   302"),
    "reports:merge":                ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 404 404 302 403 403 404 L   302"),
    "reports:dismiss":              ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 404 404 302 403 403 404 L   302"),
    "reports:reply":                ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 404 404 302 403 403 404 L   302"),
    "reports:photo":                ("L  404 404 404 200 200 200 404 L   200", None),
    "patrols:photo-stage":          ("L  405 405 405 405 405 405 405 L   405",
                                     "L  400 400 400 400 403 403 400 L   400"),
    "patrols:coverage":             ("L  200 200 200 200 200 200 200 L   200", None),
    "patrols:plan-list":            ("L  200 200 200 200 200 200 200 L   200", None),
    "patrols:plan-create":          ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "patrols:plan-detail":          ("L  200 200 200 200 200 200 404 L   200", None),
    "patrols:plan-edit":            ("L  403 403 403 200 403 403 404 L   200",
                                     "L  403 403 403 200 403 403 404 L   200"),
    "patrols:pledge-list":          ("L  200 200 200 200 200 200 200 L   200", None),
    "patrols:pledge-create":        ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "patrols:pledge-detail":        ("L  404 200 200 200 200 200 404 L   200", None),
    "patrols:pledge-edit":          ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "patrols:pledge-assess":        ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "patrols:pledge-scan":          ("L  404 200 200 200 200 200 404 L   200", None),
    "patrols:project-list":         ("L  200 200 200 200 200 200 200 L   200", None),
    "patrols:project-create":       ("L  403 403 403 200 403 403 200 L   200",
                                     "L  403 403 403 200 403 403 200 L   200"),
    "patrols:project-detail":       ("L  404 200 200 200 200 200 404 L   200", None),
    "patrols:project-edit":         ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "patrols:project-inspect":      ("L  404 200 200 200 403 403 404 L   200",
                                     "L  404 200 200 200 403 403 404 L   200"),
    # cases: the office of the case's township manages; the assigned officer acts; a leader
    # approves enforcement; everyone of the township (and the county) reads.
    "cases:list":                   ("L  200 200 200 200 200 200 200 L   200", None),
    "cases:mine":                   ("L  200 200 200 200 200 200 200 L   200", None),
    "cases:register":               ("L  403 403 403 200 403 403 200 L   200",
                                     "L  403 403 403 200 403 403 200 L   200"),
    "cases:register-from-finding":  ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "cases:bulk-assign":            ("L  405 405 405 405 405 405 405 L   405",
                                     "L  403 403 403 302 403 403 U   L   302"),
    "cases:party-detail":           ("L  404 200 200 200 200 200 404 L   200", None),
    "cases:detail":                 ("L  404 200 200 200 200 200 404 L   200", None),
    "cases:enforcement-add":        ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    "cases:disciplinary-add":       ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:attachment-add":         ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    "cases:attachment-file":        ("L  404 200 200 200 200 200 404 L   200", None),
    "cases:note-add":               ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:edit-facts":             ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "cases:referral-add":           ("L  404 403 403 200 200 403 404 L   200",
                                     "L  404 403 403 302 302 403 404 L   302"),
    "cases:referral-answer":        ("L  404 403 403 200 200 403 404 L   200",
                                     "L  404 403 403 302 302 403 404 L   302"),
    "cases:campaign-attach":        ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:campaign-detach":        ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:decide":                 ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:self-correct":           ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:reinspection-passed":    ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:reinspection-failed":    ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:approve-enforcement":    ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    "cases:enforcement-done":       ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    "cases:resolve":                ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:withdraw":               ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    # 移送: the township office hands a county department's case over (the county only reads it).
    "cases:hand-over":              ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:reopen":                 ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    # Review, notice, hearing and decision: the office or a leader enters the legal review (the
    # service then asks for a valid qualification: without one the form shows the refusal, 200);
    # the leader discusses, extends and decides; the office and the case's officer record the
    # party's statement, the hearing and the re-examination. A refused step (no hearing notice
    # served, no notice served before the decision) is shown on its form: 200.
    "cases:legal-review":           ("L  404 403 403 200 200 403 404 L   200",
                                     "L  404 403 403 200 200 403 404 L   200"),
    # The world's case in review has no passed legal review: the leader's discussion is refused on
    # the form (200; 行政处罚法 第五十八条, tests/cases/test_collective_discussion.py).
    "cases:collective-discussion":  ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 200 403 404 L   200"),
    "cases:statement":              ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:hearing-request":        ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    # The 听证通知书 of a requested hearing: the office drafts it (``documents.issue``); with no
    # request on the world's case the refusal is shown on the form (200).
    "cases:schedule-hearing":       ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "cases:hearing":                ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    "cases:recheck":                ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:extend-decision-clock":  ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    # A period the decision clock does not count (鉴定, 公告 …): the office and the case's officer.
    "cases:exclude-period":         ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:decide-penalty":         ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 200 403 404 L   200"),
    # Enforcement: the office and the case's officer record challenges and rulings (cases.act); a
    # leader applies to the court and decides the township's own demolition (cases.approve).
    "cases:record-challenge":       ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:end-challenge":          ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    "cases:apply-to-court":         ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 200 403 404 L   200"),
    "cases:court-ruling":           ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    "cases:decide-demolition":      ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 200 403 404 L   200"),
    # 结案: the head (here the township's leader) approves; the office and the case's officer record
    # the party's statement on the demand, a leader reviews it (refused on the form: nothing to review).
    "cases:approve-closing":        ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    "cases:demand-statement":       ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 200 403 200 403 403 404 L   200"),
    "cases:review-demand-statement": ("L  404 403 403 403 200 403 404 L   200",
                                      "L  404 403 403 403 200 403 404 L   200"),
    # 立案 and the investigation: the head (interim: the township's leader) files, suspends,
    # resumes and terminates; the office and the assigned officer investigate.
    "cases:file":                   ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    "cases:suspend":                ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    "cases:resume":                 ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    "cases:terminate":              ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    "cases:submit-report":          ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:record-add":             ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    # Fines (cases/fines.py): the office and the case's officer record payments and the hand-over of
    # confiscated buildings (cases.investigate); the head (leader) approves a deferral or instalments
    # (行政处罚法 第六十六条, cases.decide_penalty).
    "cases:fine-payment":           ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "cases:fine-arrangement":       ("L  404 403 403 403 200 403 404 L   200",
                                     "L  404 403 403 403 302 403 404 L   302"),
    "cases:confiscation-handover":  ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    # 公示 (cases/publicity.py): the township's office records, corrects and withdraws (cases.publish);
    # leaders, officers and the county read the panel and print the published text.
    "cases:publication-add":        ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:publication-correct":    ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:publication-withdraw":   ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "cases:publication-print":      ("L  404 200 200 200 200 200 404 L   200", None),
    # The export holds the publications of the cases each user sees (scoped, never refused).
    "cases:publication-export":     ("L  200 200 200 200 200 200 200 L   200", None),
    # campaigns: the office of the township manages; officers update their own tasks; leaders,
    # officers and the county read; a coordinator sees the board of their own village's tasks.
    "campaigns:list":               ("L  200 200 200 200 200 200 200 L   200", None),
    "campaigns:create":             ("L  403 403 403 200 403 403 200 L   200",
                                     "L  403 403 403 200 403 403 200 L   200"),
    "campaigns:detail":             ("L  403 200 200 200 200 200 404 L   200", None),
    "campaigns:edit":               ("L  403 403 403 200 403 403 404 L   200",
                                     "L  403 403 403 302 403 403 404 L   302"),
    "campaigns:phases":             ("L  403 403 403 200 403 403 404 L   200",
                                     "L  403 403 403 200 403 403 404 L   200"),
    "campaigns:next-year":          ("L  405 405 405 405 405 405 405 L   405",
                                     "L  403 403 403 302 403 403 404 L   302"),
    "campaigns:tasks":              ("L  200 200 200 200 200 200 404 L   200", None),
    "campaigns:task-create":        ("L  403 403 403 200 403 403 404 L   200",
                                     "L  403 403 403 200 403 403 404 L   200"),
    "campaigns:meetings":           ("L  403 200 200 200 200 200 404 L   200", None),
    "campaigns:meeting-create":     ("L  403 403 403 200 403 403 404 L   200",
                                     "L  403 403 403 200 403 403 404 L   200"),
    # publicity/ and group/ list for readers and take the office's forms (an activity, a seat).
    "campaigns:publicity":          ("L  403 200 200 200 200 200 404 L   200",
                                     "L  403 403 403 302 403 403 404 L   302"),
    "campaigns:group":              ("L  403 200 200 200 200 200 404 L   200",
                                     "L  403 403 403 302 403 403 404 L   302"),
    "campaigns:review-create":      ("L  403 403 403 200 403 403 404 L   200",
                                     "L  403 403 403 200 403 403 404 L   200"),
    "campaigns:report":             ("L  403 200 200 200 200 200 404 L   200", None),
    "campaigns:report-xlsx":        ("L  403 200 200 200 200 200 404 L   200", None),
    "campaigns:my-tasks":           ("L  200 200 200 200 200 200 200 L   200", None),
    "campaigns:task-detail":        ("L  404 200 200 200 200 200 404 L   200", None),
    "campaigns:task-edit":          ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "campaigns:task-progress":      ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "campaigns:task-status":        ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "campaigns:meeting-detail":     ("L  403 200 200 200 200 200 404 L   200", None),
    "campaigns:decision-add":       ("L  405 405 405 405 405 405 405 L   405",
                                     "L  403 403 403 302 403 403 404 L   302"),
    "campaigns:decision-task":      ("L  403 403 403 200 403 403 404 L   200",
                                     "L  403 403 403 200 403 403 404 L   200"),
    "campaigns:group-member-remove": ("L  405 405 405 405 405 405 405 L   405",
                                      "L  403 403 403 302 403 403 404 L   302"),
    "campaigns:team-member-remove": ("L  405 405 405 405 405 405 405 L   405",
                                     "L  403 403 403 302 403 403 404 L   302"),
    # documents: read with the case; the office drafts, issues, corrects and withdraws; the
    # office or the assigned officer records service.
    "documents:case-documents":     ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:create":             ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "documents:evidence":           ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:detail":             ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:edit":               ("L  404 403 403 200 403 403 404 L   200",
                                     "L  404 403 403 200 403 403 404 L   200"),
    "documents:issue":              ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "documents:serve":              ("L  404 200 403 200 403 403 404 L   200",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "documents:proof":              ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:attach-proof":       ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 302 403 302 403 403 404 L   302"),
    "documents:correct":            ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "documents:withdraw":           ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "documents:print":              ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:pdf":                ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:ledger":             ("L  200 200 200 200 200 200 200 L   200", None),
    "documents:import":             ("L  403 403 403 200 403 403 200 L   200",
                                     "L  403 403 403 200 403 403 200 L   200"),
    "documents:import-template":    ("L  403 403 403 200 403 403 200 L   200", None),
    "documents:import-preview":     ("L  403 403 403 302 403 403 302 L   302", None),
    "documents:import-confirm":     ("L  405 405 405 405 405 405 405 L   405",
                                     "L  403 403 403 302 403 403 302 L   302"),
    # The case file: whoever reads the case reads and downloads it; the office (the issuer of its
    # papers) assembles it once the case is closed.
    "documents:archive":            ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:archive-assemble":   ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 403 403 302 403 403 404 L   302"),
    "documents:archive-pdf":        ("L  404 200 200 200 200 200 404 L   200", None),
    "documents:archive-zip":        ("L  404 200 200 200 200 200 404 L   200", None),
    # dashboards: the office, leaders and the county.
    "dashboards:index":             ("L  403 403 403 200 200 200 200 L   200", None),
    "dashboards:map":               ("L  403 403 403 200 200 200 200 L   200", None),
    "dashboards:map-data":          ("L  403 403 403 200 200 200 200 L   200", None),
    "dashboards:map-coverage":      ("L  403 403 403 200 200 200 200 L   200", None),
    # Everyone's own inbox; an item is its recipient's only (the assigned officer's here): 404 for
    # anyone else, the superuser included.
    "reminders:inbox":              ("L  200 200 200 200 200 200 200 L   200", None),
    "reminders:read":               ("L  405 405 405 405 405 405 405 L   405",
                                     "L  404 302 404 404 404 404 404 L   404"),
    "reminders:read-all":           ("L  405 405 405 405 405 405 405 L   405",
                                     "L  302 302 302 302 302 302 302 L   302"),
    # the admin's own pages: only staff (here the superuser) gets in.
    "admin:index":                  ("L  L   L   L   L   L   L   L   L   200", None),
    "admin:login":                  ("200 200 200 200 200 200 200 200 200 302", None),
    "admin:logout":                 ("L  302 302 302 302 302 302 302 L   405", None),
    "admin:password_change":        ("L  L   L   L   L   L   L   L   L   200", None),
    "admin:password_change_done":   ("L  L   L   L   L   L   L   L   L   200", None),
    "admin:autocomplete":           ("L  L   L   L   L   L   L   L   L   403", None),
    "admin:jsi18n":                 ("L  L   L   L   L   L   L   L   L   200", None),
    "admin:deadlines_holidayyear_upload": ("L  L   L   L   L   L   L   L   L   200",
                                           "L  L   L   L   L   L   L   L   L   302"),
    "admin:view_on_site":           ("L  L   L   L   L   L   L   L   L   302", None),
    "admin:app_list":               ("L  L   L   L   L   L   L   L   L   200", None),
    "admin:admin/(?P<url>.*)$":     ("L  L   L   L   L   L   L   L   L   404", None),
    "admin:auth_user_password_change": ("L  L   L   L   L   L   L   L   L   200", None),
}


# --- the county departments' people ---------------------------------------------------------
#
# The same URLs for ``DEPARTMENT_ACTORS`` (tests/landwatch/conftest.py), in their order:
#
#     dept_head dept_legal dept_officer  other_dept_head …legal …officer  far_head …legal …officer
#
# ``dept_*`` are the head (leader), the qualified legal reviewer and a certified officer of the
# natural resources department (自然资源局) the chain's cases were handed over to; ``other_dept_*``
# the same roles of the county's agriculture department (农业农村局); ``far_*`` of the natural
# resources department of another county. They meet the department's twins of the chain's cases
# (``DEPARTMENT_TWINS``) and the rest of the world (a township's rectification cases, documents,
# patrols, campaigns) as it is. After the hand-over (移送, 自然资源行政处罚办法 第十一条) the
# department's head files, suspends, resumes, terminates, discusses, extends and decides; its staff
# investigate (笔录, the report), record the party's statement, the hearing and the re-examination;
# the legal review is entered by its staff and refused on the form (200) without a valid
# qualification (行政处罚法 第五十八条). Its head and staff add evidence to the case (an empty POST: 200,
# the form's errors). The township's own rights on the case (decide the rectification, edit the
# facts, discipline) stay the township's (403). The
# other department and the other county see none of it (404), nor any township's data (their scope
# is their own unit). A department head holds the leader role: the dashboard answers (200) with
# the head's empty scope.
DEPARTMENT_EXPECTED: dict[str, tuple[str, str | None]] = {
    #                               head leg off  oHd oLg oOf fHd fLg fOf
    "home":                           ("200 200 200 200 200 200 200 200 200", None),
    "healthz":                        ("200 200 200 200 200 200 200 200 200", None),
    "floor":                          ("200 200 200 200 200 200 200 200 200", None),
    "manifest":                       ("200 200 200 200 200 200 200 200 200", None),
    "service-worker":                 ("200 200 200 200 200 200 200 200 200", None),
    "offline":                        ("200 200 200 200 200 200 200 200 200", None),
    "session":                        ("200 200 200 200 200 200 200 200 200", None),
    "login":                          ("302 302 302 302 302 302 302 302 302",
                                       "302 302 302 302 302 302 302 302 302"),
    "logout":                         ("405 405 405 405 405 405 405 405 405",
                                       "L   L   L   L   L   L   L   L   L"),
    "set_language":                   ("302 302 302 302 302 302 302 302 302",
                                       "302 302 302 302 302 302 302 302 302"),
    "territory:unit-list":            ("200 200 200 200 200 200 200 200 200", None),
    "territory:unit-detail":          ("404 404 404 404 404 404 404 404 404", None),
    "territory:layer-list":           ("200 200 200 200 200 200 200 200 200",
                                       "403 403 403 403 403 403 403 403 403"),
    "territory:layer-geojson":        ("404 404 404 404 404 404 404 404 404", None),
    "patches:batch-list":             ("200 200 200 200 200 200 200 200 200",
                                       "403 403 403 403 403 403 403 403 403"),
    "patches:batch-detail":           ("404 404 404 404 404 404 404 404 404", None),
    "patches:batch-export":           ("404 404 404 404 404 404 404 404 404", None),
    "patches:geojson":                ("404 404 404 404 404 404 404 404 404", None),
    "patches:detail":                 ("404 404 404 404 404 404 404 404 404", None),
    "patches:photo":                  ("404 404 404 404 404 404 404 404 404", None),
    "patches:add-photo":              ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "patches:judge":                  ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "patches:confirm":                ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "patches:return":                 ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "patches:assign":                 ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "patches:close":                  ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:register-from-patch":      ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:outline":                  ("403 403 403 404 404 404 404 404 404",
                                       "403 403 403 404 404 404 404 404 404"),
    "patrols:log-list":               ("200 200 200 200 200 200 200 200 200", None),
    "patrols:log-create":             ("403 403 403 403 403 403 403 403 403",
                                       "403 403 403 403 403 403 403 403 403"),
    "patrols:log-detail":             ("404 404 404 404 404 404 404 404 404", None),
    "patrols:log-withdraw":           ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:finding-list":           ("200 200 200 200 200 200 200 200 200", None),
    "patrols:finding-create":         ("403 403 403 403 403 403 403 403 403",
                                       "403 403 403 403 403 403 403 403 403"),
    "patrols:finding-detail":         ("404 404 404 404 404 404 404 404 404", None),
    "patrols:finding-dismiss":        ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:photo":                  ("404 404 404 404 404 404 404 404 404", None),
    "reports:submit":                 ("200 200 200 200 200 200 200 200 200",
                                       "302 302 302 302 302 302 302 302 302"),
    "reports:receipt":                ("302 302 302 302 302 302 302 302 302", None),
    "reports:status":                 ("200 200 200 200 200 200 200 200 200",
                                       "302 302 302 302 302 302 302 302 302"),
    "reports:list":                   ("200 403 403 200 403 403 200 403 403", None),
    "reports:detail":                 ("404 404 404 404 404 404 404 404 404", None),
    "reports:accept":                 ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "reports:merge":                  ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "reports:dismiss":                ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "reports:reply":                  ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "reports:photo":                  ("404 404 404 404 404 404 404 404 404", None),
    "patrols:photo-stage":            ("405 405 405 405 405 405 405 405 405",
                                       "403 403 403 403 403 403 403 403 403"),
    "patrols:coverage":               ("200 200 200 200 200 200 200 200 200", None),
    "patrols:plan-list":              ("200 200 200 200 200 200 200 200 200", None),
    "patrols:plan-create":            ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:plan-detail":            ("404 404 404 404 404 404 404 404 404", None),
    "patrols:plan-edit":              ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:pledge-list":            ("200 200 200 200 200 200 200 200 200", None),
    "patrols:pledge-create":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:pledge-detail":          ("404 404 404 404 404 404 404 404 404", None),
    "patrols:pledge-edit":            ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:pledge-assess":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:pledge-scan":            ("404 404 404 404 404 404 404 404 404", None),
    "patrols:project-list":           ("200 200 200 200 200 200 200 200 200", None),
    "patrols:project-create":         ("403 403 403 403 403 403 403 403 403",
                                       "403 403 403 403 403 403 403 403 403"),
    "patrols:project-detail":         ("404 404 404 404 404 404 404 404 404", None),
    "patrols:project-edit":           ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "patrols:project-inspect":        ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:list":                     ("200 200 200 200 200 200 200 200 200", None),
    "cases:mine":                     ("200 200 200 200 200 200 200 200 200", None),
    "cases:register":                 ("403 403 403 403 403 403 403 403 403",
                                       "403 403 403 403 403 403 403 403 403"),
    "cases:register-from-finding":    ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:bulk-assign":              ("405 405 405 405 405 405 405 405 405",
                                       "403 403 403 403 403 403 403 403 403"),
    "cases:party-detail":             ("404 404 404 404 404 404 404 404 404", None),
    "cases:detail":                   ("200 200 200 404 404 404 404 404 404", None),
    "cases:enforcement-add":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:disciplinary-add":         ("403 403 403 404 404 404 404 404 404",
                                       "403 403 403 404 404 404 404 404 404"),
    "cases:attachment-add":           ("200 200 200 404 404 404 404 404 404",
                                       "200 200 200 404 404 404 404 404 404"),
    "cases:attachment-file":          ("404 404 404 404 404 404 404 404 404", None),
    "cases:note-add":                 ("405 405 405 405 405 405 405 405 405",
                                       "302 302 302 404 404 404 404 404 404"),
    "cases:edit-facts":               ("403 403 403 404 404 404 404 404 404",
                                       "403 403 403 404 404 404 404 404 404"),
    "cases:referral-add":             ("200 200 200 404 404 404 404 404 404",
                                       "302 302 302 404 404 404 404 404 404"),
    "cases:referral-answer":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:campaign-attach":          ("403 403 403 404 404 404 404 404 404",
                                       "403 403 403 404 404 404 404 404 404"),
    "cases:campaign-detach":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:decide":                   ("403 403 403 404 404 404 404 404 404",
                                       "403 403 403 404 404 404 404 404 404"),
    "cases:self-correct":             ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:reinspection-passed":      ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:reinspection-failed":      ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:approve-enforcement":      ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:enforcement-done":         ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:resolve":                  ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:withdraw":                 ("403 403 403 404 404 404 404 404 404",
                                       "403 403 403 404 404 404 404 404 404"),
    "cases:hand-over":                ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:reopen":                   ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:legal-review":             ("200 200 200 404 404 404 404 404 404",
                                       "200 302 200 404 404 404 404 404 404"),
    "cases:collective-discussion":    ("200 403 403 404 404 404 404 404 404",
                                       "200 403 403 404 404 404 404 404 404"),  # no passed review yet
    "cases:statement":                ("200 200 200 404 404 404 404 404 404",
                                       "302 302 302 404 404 404 404 404 404"),
    "cases:hearing-request":          ("200 200 200 404 404 404 404 404 404",
                                       "200 200 200 404 404 404 404 404 404"),
    "cases:schedule-hearing":         ("200 200 200 404 404 404 404 404 404",
                                       "200 200 200 404 404 404 404 404 404"),
    "cases:hearing":                  ("200 200 200 404 404 404 404 404 404",
                                       "200 200 200 404 404 404 404 404 404"),
    "cases:recheck":                  ("200 200 200 404 404 404 404 404 404",
                                       "302 302 302 404 404 404 404 404 404"),
    "cases:extend-decision-clock":    ("200 403 403 404 404 404 404 404 404",
                                       "302 403 403 404 404 404 404 404 404"),
    "cases:exclude-period":           ("200 200 200 404 404 404 404 404 404",
                                       "302 302 302 404 404 404 404 404 404"),
    "cases:decide-penalty":           ("200 403 403 404 404 404 404 404 404",
                                       "200 403 403 404 404 404 404 404 404"),
    "cases:record-challenge":         ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:end-challenge":            ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:apply-to-court":           ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:court-ruling":             ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:decide-demolition":        ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:approve-closing":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:demand-statement":         ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:review-demand-statement":  ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:file":                     ("200 403 403 404 404 404 404 404 404",
                                       "302 403 403 404 404 404 404 404 404"),
    "cases:suspend":                  ("200 403 403 404 404 404 404 404 404",
                                       "302 403 403 404 404 404 404 404 404"),
    "cases:resume":                   ("200 403 403 404 404 404 404 404 404",
                                       "302 403 403 404 404 404 404 404 404"),
    "cases:terminate":                ("200 403 403 404 404 404 404 404 404",
                                       "302 403 403 404 404 404 404 404 404"),
    "cases:submit-report":            ("200 200 200 404 404 404 404 404 404",
                                       "302 302 302 404 404 404 404 404 404"),
    "cases:record-add":               ("200 200 200 404 404 404 404 404 404",
                                       "302 302 302 404 404 404 404 404 404"),
    "cases:fine-payment":             ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:fine-arrangement":         ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:confiscation-handover":    ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:publication-add":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:publication-correct":      ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:publication-withdraw":     ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "cases:publication-print":        ("404 404 404 404 404 404 404 404 404", None),
    "cases:publication-export":       ("200 200 200 200 200 200 200 200 200", None),
    "campaigns:list":                 ("200 200 200 200 200 200 200 200 200", None),
    "campaigns:create":               ("403 403 403 403 403 403 403 403 403",
                                       "403 403 403 403 403 403 403 403 403"),
    "campaigns:detail":               ("404 404 404 404 404 404 404 404 404", None),
    "campaigns:edit":                 ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:phases":               ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:next-year":            ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:tasks":                ("404 404 404 404 404 404 404 404 404", None),
    "campaigns:task-create":          ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:meetings":             ("404 404 404 404 404 404 404 404 404", None),
    "campaigns:meeting-create":       ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:publicity":            ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:group":                ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:review-create":        ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:report":               ("404 404 404 404 404 404 404 404 404", None),
    "campaigns:report-xlsx":          ("404 404 404 404 404 404 404 404 404", None),
    "campaigns:my-tasks":             ("200 200 200 200 200 200 200 200 200", None),
    "campaigns:task-detail":          ("404 404 404 404 404 404 404 404 404", None),
    "campaigns:task-edit":            ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:task-progress":        ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:task-status":          ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:meeting-detail":       ("404 404 404 404 404 404 404 404 404", None),
    "campaigns:decision-add":         ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:decision-task":        ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:group-member-remove":  ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "campaigns:team-member-remove":   ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:case-documents":       ("200 200 200 404 404 404 404 404 404", None),
    "documents:create":               ("302 302 302 404 404 404 404 404 404",
                                       "200 200 200 404 404 404 404 404 404"),
    "documents:evidence":             ("200 200 200 404 404 404 404 404 404", None),
    "documents:detail":               ("404 404 404 404 404 404 404 404 404", None),
    "documents:edit":                 ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:issue":                ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:serve":                ("404 404 404 404 404 404 404 404 404",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:proof":                ("404 404 404 404 404 404 404 404 404", None),
    "documents:attach-proof":         ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:correct":              ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:withdraw":             ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:print":                ("404 404 404 404 404 404 404 404 404", None),
    "documents:pdf":                  ("404 404 404 404 404 404 404 404 404", None),
    "documents:ledger":               ("200 200 200 200 200 200 200 200 200", None),
    "documents:import":               ("403 403 403 403 403 403 403 403 403",
                                       "403 403 403 403 403 403 403 403 403"),
    "documents:import-template":      ("403 403 403 403 403 403 403 403 403", None),
    "documents:import-preview":       ("403 403 403 403 403 403 403 403 403", None),
    "documents:import-confirm":       ("405 405 405 405 405 405 405 405 405",
                                       "403 403 403 403 403 403 403 403 403"),
    "documents:archive":              ("404 404 404 404 404 404 404 404 404", None),
    "documents:archive-assemble":     ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "documents:archive-pdf":          ("404 404 404 404 404 404 404 404 404", None),
    "documents:archive-zip":          ("404 404 404 404 404 404 404 404 404", None),
    "dashboards:index":               ("200 403 403 200 403 403 200 403 403", None),
    "dashboards:map":                 ("200 403 403 200 403 403 200 403 403", None),
    "dashboards:map-data":            ("200 403 403 200 403 403 200 403 403", None),
    "dashboards:map-coverage":        ("200 403 403 200 403 403 200 403 403", None),
    "reminders:inbox":                ("200 200 200 200 200 200 200 200 200", None),
    "reminders:read":                 ("405 405 405 405 405 405 405 405 405",
                                       "404 404 404 404 404 404 404 404 404"),
    "reminders:read-all":             ("405 405 405 405 405 405 405 405 405",
                                       "302 302 302 302 302 302 302 302 302"),
    "admin:index":                    ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:login":                    ("200 200 200 200 200 200 200 200 200",
                                       "200 200 200 200 200 200 200 200 200"),
    "admin:logout":                   ("302 302 302 302 302 302 302 302 302",
                                       "302 302 302 302 302 302 302 302 302"),
    "admin:password_change":          ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:password_change_done":     ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:autocomplete":             ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:jsi18n":                   ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:deadlines_holidayyear_upload":("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:view_on_site":             ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:app_list":                 ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:admin/(?P<url>.*)$":       ("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
    "admin:auth_user_password_change":("L   L   L   L   L   L   L   L   L",
                                       "L   L   L   L   L   L   L   L   L"),
}


# --- a case handed over to the county department (移送) -------------------------------------
#
# The documents' URLs again on a case the township's office handed over to the natural resources
# department (``World.handed_over``: its 案件移送书 ``letter``, the department's draft, issued and
# served papers). The papers are the department's (行政处罚法 第十七条、第二十二条; 自然资源行政处罚办法
# 第十一条): its head and staff draft, issue, correct and withdraw them in its name; the township's
# office no longer does (403) but still serves them (委托送达), as the assigned officer does; every
# reader of the case reads them and the township's own letter. Rows as in ``EXPECTED`` and
# ``DEPARTMENT_EXPECTED``: (GET, POST) for ``ACTORS``, then (GET, POST) for ``DEPARTMENT_ACTORS``.
HANDED_OVER: dict[str, tuple[str, str | None, str, str | None]] = {
    "documents:case-documents": ("L  404 200 200 200 200 200 404 L   200", None,
                                 "200 200 200 404 404 404 404 404 404", None),
    "documents:create":         ("L  404 403 403 403 403 403 404 L   302",
                                 "L  404 403 403 403 403 403 404 L   200",
                                 "302 302 302 404 404 404 404 404 404",
                                 "200 200 200 404 404 404 404 404 404"),
    "documents:detail":         ("L  404 200 200 200 200 200 404 L   200", None,
                                 "200 200 200 404 404 404 404 404 404", None),
    "documents:edit":           ("L  404 403 403 403 403 403 404 L   200",
                                 "L  404 403 403 403 403 403 404 L   200",
                                 "200 200 200 404 404 404 404 404 404",
                                 "200 200 200 404 404 404 404 404 404"),
    "documents:issue":          ("L  405 405 405 405 405 405 405 L   405",
                                 "L  404 403 403 403 403 403 404 L   302",
                                 "405 405 405 405 405 405 405 405 405",
                                 "302 302 302 404 404 404 404 404 404"),
    "documents:serve":          ("L  404 200 403 200 403 403 404 L   200",
                                 "L  404 302 403 302 403 403 404 L   302",
                                 "200 200 200 404 404 404 404 404 404",
                                 "302 302 302 404 404 404 404 404 404"),
    "documents:proof":          ("L  404 200 200 200 200 200 404 L   200", None,
                                 "200 200 200 404 404 404 404 404 404", None),
    "documents:attach-proof":   ("L  405 405 405 405 405 405 405 L   405",
                                 "L  404 302 403 302 403 403 404 L   302",
                                 "405 405 405 405 405 405 405 405 405",
                                 "302 302 302 404 404 404 404 404 404"),
    "documents:correct":        ("L  405 405 405 405 405 405 405 L   405",
                                 "L  404 403 403 403 403 403 404 L   302",
                                 "405 405 405 405 405 405 405 405 405",
                                 "302 302 302 404 404 404 404 404 404"),
    "documents:withdraw":       ("L  405 405 405 405 405 405 405 L   405",
                                 "L  404 403 403 403 403 403 404 L   302",
                                 "405 405 405 405 405 405 405 405 405",
                                 "302 302 302 404 404 404 404 404 404"),
    "documents:print":          ("L  404 200 200 200 200 200 404 L   200", None,
                                 "200 200 200 404 404 404 404 404 404", None),
    "documents:pdf":            ("L  404 200 200 200 200 200 404 L   200", None,
                                 "200 200 200 404 404 404 404 404 404", None),
}
# The township's own paper read on the handed-over case: its 案件移送书.
HANDED_OVER_OBJECTS = {"documents:detail": "letter", "documents:print": "letter", "documents:pdf": "letter"}


def handed_over_entry(key: str) -> Entry:
    """The row of ``key`` on the handed-over case, with ``ARGS[key]``'s builders (or the letter's)."""
    kwargs, target, data = ARGS[key]
    if key in HANDED_OVER_OBJECTS:
        kwargs, target = pk(HANDED_OVER_OBJECTS[key]), HANDED_OVER_OBJECTS[key]
    get, post, department_get, department_post = HANDED_OVER[key]
    if post is None:
        post, department_post = read_only_post(get), read_only_post(department_get)
    return Entry(kwargs=kwargs, get=get, post=post, target=target, data=data or (lambda w: {}),
                 department_get=department_get, department_post=department_post)


def department_row(key: str) -> tuple[str, str | None]:
    """The department actors' (GET, POST) codes of ``key``: its row, or (a generated admin URL) the
    admin's login page for all, since none of them is staff."""
    if key in DEPARTMENT_EXPECTED:
        return DEPARTMENT_EXPECTED[key]
    return " ".join(["L"] * len(DEPARTMENT_ACTORS)), " ".join(["L"] * len(DEPARTMENT_ACTORS))


def _admin_request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_expected(key: str, world) -> tuple[str, str | None]:
    """The rows of a generated admin URL: only the superuser is staff; what they get follows the ModelAdmin."""
    kwargs, model = admin_keys()[key]
    model_admin = admin.site._registry[model]
    request = _admin_request(world.users["superuser"])
    action = key.rsplit("_", 1)[-1] if not key.endswith("/") else "redirect"
    obj = model._default_manager.order_by("pk").first()
    if action == "changelist":
        su = 200 if model_admin.has_view_or_change_permission(request) else 403
    elif action == "add":
        su = 200 if model_admin.has_add_permission(request) else 403
    elif action == "redirect":
        su = 302  # the old change URL redirects to the new one
    elif action == "delete":
        # Django asks for the permission before it looks for the object: a model nobody may
        # delete from (the append-only ones) answers 403 even for a missing id.
        if not model_admin.has_delete_permission(request, obj):
            su = 403
        else:
            su = 302 if obj is None else 200  # missing: back to the admin index with a message
    elif action == "change":
        if not model_admin.has_view_or_change_permission(request, obj):
            su = 403
        else:
            su = 302 if obj is None else 200
    else:  # history looks for the object first
        if obj is None:
            su = 302
        else:
            su = 200 if model_admin.has_view_or_change_permission(request, obj) else 403
    get = " ".join(["L"] * (len(ACTORS) - 1) + [str(su)])
    post = None
    if action in ADMIN_POST_ACTIONS and model in admin_post_models():
        # An empty POST: the superuser gets the confirmation page back, nothing is deleted.
        post = get
    return get, post


# The admin's gate (active and staff) is one function whatever the model: every actor is tried
# on the admin's own pages and on the admins of the evidence (cases, documents, the audit
# trail); the other models' pages with the office clerk (a township user who is not staff) and
# the superuser: the same gate, a few hundred requests fewer. POST is tried on the evidence
# admins' delete pages.
ADMIN_POST_ACTIONS = ("delete",)
ADMIN_SAMPLE_ACTORS = ("office", "superuser")


def admin_post_models() -> set:
    from cases.models import ViolationCase
    from documents.models import CaseDocument
    from landwatch.models import AuditEntry

    return {ViolationCase, CaseDocument, AuditEntry}


# A page that only reads answers POST with 405 (whoever is not logged in is first sent to log in):
# every row of ours without a POST row gets this one. The admin's own pages are Django's, left out.
def read_only_post(get: str) -> str:
    return " ".join(code if code == "L" else "405" for code in get.split())


def is_read_only(key: str) -> bool:
    return key in EXPECTED and EXPECTED[key][1] is None and not key.startswith("admin:")


# Read-only pages that still answer POST with the page, in files the matrix's owner may not
# edit: the test expects them to fail (strict xfail), so a fix makes it say to drop the line.
READ_ONLY_POST_PENDING: dict[str, str] = {}


def _row(key: str, get: str, post: str | None, kwargs, target, data) -> Entry:
    department_get, department_post = department_row(key)
    if post is None:
        department_post = None
    elif is_read_only(key):
        department_post = read_only_post(department_get)
    return Entry(kwargs=kwargs, get=get, post=post, target=target, data=data or (lambda w: {}),
                 department_get=department_get, department_post=department_post)


def entry_for(key: str, world=None) -> Entry:
    """The row of ``key`` (a generated admin row needs the world to look at its object)."""
    if key in EXPECTED:
        kwargs, target, data = ARGS[key]
        get, post = EXPECTED[key]
        if is_read_only(key):
            post = read_only_post(get)
        return _row(key, get, post, kwargs, target, data)
    kwargs, _model = admin_keys()[key]
    get, post = admin_expected(key, world)
    return _row(key, get, post, kwargs, None, None)


def routes() -> dict[str, str]:
    return {key: route for key, route in url_patterns()}


def missing_patterns() -> list[str]:
    """URL patterns with no row: neither in EXPECTED (with its ARGS) nor a generated admin pattern."""
    generated = admin_keys()
    return [f"{key} ({route})" for key, route in url_patterns()
            if key not in generated and not (key in EXPECTED and key in ARGS)]


def actors_of(key: str) -> tuple[str, ...]:
    generated = admin_keys()
    if key in generated and generated[key][1] not in admin_post_models():
        return ADMIN_SAMPLE_ACTORS
    return ALL_ACTORS


def _has_post(key: str) -> bool:
    if key in EXPECTED:
        return EXPECTED[key][1] is not None or is_read_only(key)
    action = key.rsplit("_", 1)[-1]
    return action in ADMIN_POST_ACTIONS and admin_keys()[key][1] in admin_post_models()


def keys(method: str) -> list[str]:
    """The URL keys that have cells of ``method``, in URLconf order."""
    return list(dict.fromkeys(key for key, _actor in cells(method)))


def cells(method: str) -> list[tuple[str, str]]:
    """(key, actor) of every cell of ``method``, in URLconf order."""
    known = set(EXPECTED) | set(admin_keys())
    out = []
    for key, _route in url_patterns():
        if key not in known or (method == "POST" and not _has_post(key)):
            continue
        out.extend((key, actor) for actor in actors_of(key))
    return out

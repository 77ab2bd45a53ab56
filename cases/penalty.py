"""审理, 告知, 听证 and the penalty decision up to its service (docs/PROCEDURE.md,
"Review, notice, hearing and decision").

The writes of this part of the chain, each through the services' lock, right and guard
(``cases.services._changing`` / ``_transition``), and the rules a decision must meet. Every
refusal names the article it applies; ``check_decision`` is the one place that says whether
a penalty may be decided on a day.

- 法制审核 (``record_legal_review``): by a person holding a legal-review qualification valid
  that day (行政处罚法 第五十八条第二款; 自然资源行政处罚办法 第三十二条); it records the
  penalty proposed (办法 第三十条(七)).
- 集体讨论 (``record_collective_discussion``): required before deciding a serious case
  (行政处罚法 第五十七条第二款; 办法 第三十一条第二款).
- 告知 (``inform_party``): the service of the 行政处罚告知书 moves the case to "informed"
  (行政处罚法 第四十四条; 办法 第三十三条); ``documents.services.serve_document`` calls it.
- The party's statement (``record_statement``), hearing request (``record_hearing_request``),
  the hearing (``record_hearing``) and the 复核 (``record_recheck``, 行政处罚法 第四十五条).
- ``extend_decision_clock``: the head's approval of at most 30 more days, more for 案情特别复杂 by
  collective discussion (办法 第三十八条).
- ``decide_penalty``: the decision (transition ``decide_penalty``), refused unless
  ``check_decision`` passes; ``record_decision_service``: its service (行政处罚法 第六十一条).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from deadlines import dates
from deadlines.clock import Deadline, deadline, service_start

from . import acts, events, fines
from .errors import CaseError, IllegalTransitionError
from .models import CaseEvent, CaseStatus, ClockPause, ClockPauseKind, EventKind, PenaltyMeasure, ViolationCase

M = PenaltyMeasure

# The penalties after which the party must be told of the right to a hearing: 没收违法用地上的
# 新建建筑物和其他设施 and 限期拆除 (自然资源行政处罚办法 第三十四条(二)(四)); a fine or a
# confiscation of income only when the amount is 较大数额 under the province's rules
# (第三十四条(一)(三); 行政处罚法 第六十三条) — the reviewer says so, no figure is hard-coded.
HEARING_MEASURES = frozenset({M.CONFISCATE_BUILDINGS, M.DEMOLISH})
AMOUNT_MEASURES = frozenset({M.FINE, M.CONFISCATE_INCOME})

# The statuses in which the review, the notice and the hearing are recorded.
REVIEW_STATUSES = frozenset({CaseStatus.REVIEWING, CaseStatus.INFORMED})


# 中止 / 恢复调查 are told to the party in writing within three working days (自然资源行政处罚办法
# 第二十七条): the notice (a documents kind) of each act, drafted, numbered and served as the
# other notices are, until the decision is made.
SUSPENSION_NOTICES = {"suspension_notice": EventKind.INVESTIGATION_SUSPENDED,
                      "resumption_notice": EventKind.INVESTIGATION_RESUMED}
NOTICE_STATUSES = frozenset({CaseStatus.FILED, CaseStatus.SUSPENDED, *REVIEW_STATUSES})


class DecisionRefused(IllegalTransitionError):
    """A penalty decision the procedure does not allow yet; the message names the rule."""



# --- what the law asks of a case ---------------------------------------------------------------


def needs_hearing_notice(measures, amount_large: bool) -> bool:
    """Whether the penalty gives the party a right to a hearing (办法 第三十四条; 行政处罚法 第六十三条)."""
    measures = set(measures or ())
    return bool(measures & HEARING_MEASURES) or (amount_large and bool(measures & AMOUNT_MEASURES))


def is_serious(measures, amount_large: bool) -> bool:
    """A 重大违法行为 whose penalty the heads decide collectively (行政处罚法 第五十七条第二款;
    办法 第三十一条第二款).

    Neither text defines "重大"; LandWatch takes the penalties the 办法 itself counts as heavy
    enough for a hearing (第三十四条: 限期拆除, 没收 of the buildings, 较大数额 fines and
    confiscations), so every case that needs a hearing notice is also discussed collectively.
    """
    return needs_hearing_notice(measures, amount_large)


@dataclass(frozen=True)
class ChainFacts:
    """What the case's record says about the review, the notice and the hearing (one read)."""

    events: list[CaseEvent]
    penalty_notice_served: datetime.date | None
    hearing_notice_served: datetime.date | None
    # The day the latest 中止 / 恢复调查通知书 counts as served, by kind (``SUSPENSION_NOTICES``).
    suspension_notices_served: dict = field(default_factory=dict)
    # The day the latest 听证通知书 (time and place) counts as served.
    hearing_summons_served: datetime.date | None = None
    # Every 中止 / 恢复调查通知书 served, by kind, in order of the day it counts as served.
    suspension_notices_all: dict = field(default_factory=dict)
    # The presiding officer (a user id) the last served 听证通知书 names (``SERVICE_ORDER``); None if it names none.
    hearing_summons_presiding: int | None = None
    # Their name as the notice gave it (full name or username); "" if it names none.
    hearing_summons_presiding_name: str = ""

    def last(self, kind: str) -> CaseEvent | None:
        found = [e for e in self.events if e.kind == kind]
        return found[-1] if found else None

    def of(self, kind: str) -> list[CaseEvent]:
        return [e for e in self.events if e.kind == kind]


CHAIN_KINDS = (
    EventKind.INVESTIGATION_SUSPENDED, EventKind.INVESTIGATION_RESUMED, EventKind.LEGAL_REVIEWED,
    EventKind.COLLECTIVE_DISCUSSION, EventKind.PARTY_INFORMED, EventKind.STATEMENT_RECEIVED,
    EventKind.HEARING_REQUESTED, EventKind.HEARING_HELD, EventKind.RECHECKED, EventKind.DECISION_CLOCK_EXTENDED,
    EventKind.PENALTY_DECIDED, EventKind.DECISION_SERVED, EventKind.REPORT_SUBMITTED,
)


# The order the chain's notices were served in: by the day of service, then by the service entered
# last (a service record is append-only, its id grows). The LAST served 听证通知书 is the one in
# force: a change of presiding officer is a new notice naming the new officer, served seven
# working days before the hearing again (行政处罚法 第六十四条(二)(四)、第八十五条), even on the day the
# earlier one was served.
SERVICE_ORDER = ("service__served_on", "service__id")


def chain_facts(case: ViolationCase, *, events: list | None = None, documents: list | None = None) -> ChainFacts:
    """Two queries whatever the case holds: its chain events and its served notices; none for what
    the case page has already read, every event of the case in order (``events``, with their actor)
    and every document with its service and presiding officer (``documents``,
    ``documents.selectors.case_documents``)."""
    from documents.models import CaseDocument, DocumentKind, DocumentStatus
    from documents.selectors import served_in_order

    if events is None:
        chain = list(case.events.filter(kind__in=CHAIN_KINDS).select_related("actor")
                     .order_by("occurred_on", "at", "id"))
    else:
        chain = [e for e in events if e.kind in CHAIN_KINDS]
    kinds = [DocumentKind.PENALTY_NOTICE, DocumentKind.HEARING_NOTICE, DocumentKind.HEARING_SUMMONS,
             *SUSPENSION_NOTICES]
    if documents is None:
        rows = (CaseDocument.objects.filter(case=case, kind__in=kinds, status=DocumentStatus.SERVED)
                .order_by(*SERVICE_ORDER)
                .values_list("kind", "service__served_on", "service__method", "presiding_id", "presiding__first_name",
                             "presiding__last_name", "presiding__username"))
    else:
        rows = [(d.kind, d.service.served_on, d.service.method, d.presiding_id,
                 *((d.presiding.first_name, d.presiding.last_name, d.presiding.username) if d.presiding else ("",) * 3))
                for d in served_in_order(documents, kinds)]
    served, every, presiding, presiding_name = {}, {}, None, ""
    for kind, on, method, host, first_name, last_name, username in rows:
        # The latest service of each kind (a correction served later replaces it), from the day it
        # counts as served: a 公告 thirty days after it was issued (``deadlines.clock.service_start``).
        served[kind] = service_start(method, on)[0]
        every.setdefault(kind, []).append(served[kind])
        if kind == DocumentKind.HEARING_SUMMONS:
            # As ``get_full_name() or get_username()`` says it, without a query.
            presiding, presiding_name = host, (f"{first_name} {last_name}".strip() or username) if host else ""
    return ChainFacts(chain, served.get(DocumentKind.PENALTY_NOTICE), served.get(DocumentKind.HEARING_NOTICE),
                      {kind: served[kind] for kind in SUSPENSION_NOTICES if kind in served},
                      served.get(DocumentKind.HEARING_SUMMONS),
                      {kind: sorted(every[kind]) for kind in SUSPENSION_NOTICES if kind in every}, presiding,
                      presiding_name)


def statement_deadline(facts: ChainFacts) -> Deadline | None:
    """The last day the party may ask to state and defend: 5 working days from the 告知书's
    service (自然资源行政处罚办法 第三十三条、第五十七条; 行政处罚法 第八十五条)."""
    if facts.penalty_notice_served is None:
        return None
    return deadline("statement", facts.penalty_notice_served)


def hearing_request_deadline(facts: ChainFacts) -> Deadline | None:
    """The last day the party may ask for a hearing: 5 working days from the 听证告知书's
    service (办法 第三十四条第二款、第五十七条; 行政处罚法 第六十四条(一))."""
    if facts.hearing_notice_served is None:
        return None
    return deadline("hearing_request", facts.hearing_notice_served)


@dataclass(frozen=True)
class NoticeDue:
    """A 中止 / 恢复调查通知书 to be served within three working days of the act it tells of
    (自然资源行政处罚办法 第二十七条; working days with the holiday table, 第五十七条)."""

    kind: str
    act_on: datetime.date
    due: Deadline
    served_on: datetime.date | None
    today: datetime.date

    @property
    def late(self) -> bool:
        """Served after the third working day: a procedural flaw to show, the act stands."""
        return self.served_on is not None and self.served_on > self.due.date

    @property
    def overdue(self) -> bool:
        return self.served_on is None and self.today > self.due.date

    @property
    def label(self) -> str:
        from documents.models import DocumentKind

        return str(DocumentKind(self.kind).label)


def _notice_due(kind: str, act_on: datetime.date, served_on: datetime.date | None, today: datetime.date) -> NoticeDue:
    return NoticeDue(kind=kind, act_on=act_on, due=deadline("suspension_notice", act_on), served_on=served_on,
                     today=today)


def suspension_notices(facts: ChainFacts, *, today: datetime.date) -> list[NoticeDue]:
    """The notices of the case's last suspension and last resumption: due by, served, late.
    A notice served before the act it tells of is one of an earlier suspension: not counted."""
    rows = []
    for kind, act in SUSPENSION_NOTICES.items():
        event = facts.last(act)
        if event is None or event.occurred_on is None:
            continue
        served = facts.suspension_notices_served.get(kind)
        rows.append(_notice_due(kind, event.occurred_on, served if served and served >= event.occurred_on else None,
                                today))
    return rows


@dataclass(frozen=True)
class SuspensionCycle:
    """One 中止调查 and the 恢复调查 that ended it (自然资源行政处罚办法 第二十七条), with the notice of
    each act: the day it was due and served (None for a resumption not yet made)."""

    number: int
    suspended_on: datetime.date
    ground: str
    reason: str
    suspension_notice: NoticeDue
    resumed_on: datetime.date | None = None
    resume_reason: str = ""
    resumption_notice: NoticeDue | None = None

    @property
    def notices(self) -> list[NoticeDue]:
        return [n for n in (self.suspension_notice, self.resumption_notice) if n is not None]

    @property
    def ground_label(self) -> str:
        from .models import SuspensionGround

        return str(SuspensionGround(self.ground).label) if self.ground in SuspensionGround.values else self.ground


def _served_between(days: list, start: datetime.date, end: datetime.date | None) -> datetime.date | None:
    """The first notice served on or after the act and before the next act of its kind."""
    return next((d for d in days if d >= start and (end is None or d < end)), None)


def suspension_cycles(facts: ChainFacts, *, today: datetime.date) -> list[SuspensionCycle]:
    """Every suspension of the case in order, each with its resumption and both notices (no query:
    ``chain_facts`` holds the events and the served notices)."""
    suspended = facts.of(EventKind.INVESTIGATION_SUSPENDED)
    resumed = facts.of(EventKind.INVESTIGATION_RESUMED)
    served = facts.suspension_notices_all
    cycles = []
    # The lifecycle alternates them (suspended → resume → filed → suspend …): the n-th resumption
    # ends the n-th suspension.
    for number, event in enumerate(suspended, start=1):
        following = suspended[number].occurred_on if number < len(suspended) else None
        resume = resumed[number - 1] if number <= len(resumed) else None
        after_resume = resumed[number].occurred_on if number < len(resumed) else None
        cycles.append(SuspensionCycle(
            number=number, suspended_on=event.occurred_on, ground=(event.data or {}).get("ground", ""),
            reason=event.note,
            suspension_notice=_notice_due("suspension_notice", event.occurred_on, _served_between(
                served.get("suspension_notice", []), event.occurred_on, following), today),
            resumed_on=resume.occurred_on if resume else None, resume_reason=resume.note if resume else "",
            resumption_notice=_notice_due("resumption_notice", resume.occurred_on, _served_between(
                served.get("resumption_notice", []), resume.occurred_on, after_resume), today) if resume else None,
        ))
    return cycles


def late_suspension_notice(case: ViolationCase, kind: str, *, served_on: datetime.date,
                           method: str) -> Deadline | None:
    """When a 中止 / 恢复调查通知书 being served counts as served after the third working day of
    the act it tells of (办法 第二十七条): that period, for the timeline's mark; else None."""
    act = SUSPENSION_NOTICES.get(kind)
    on = (case.events.filter(kind=act).order_by("-occurred_on", "-at", "-id")
          .values_list("occurred_on", flat=True).first()) if act else None
    if on is None:
        return None
    notice = _notice_due(kind, on, service_start(method, served_on)[0], dates.today())
    return notice.due if notice.late else None


def decision_time_limit(case: ViolationCase, on: datetime.date):
    """The last day to decide, as ``procedure.decision_clock`` counts it (the one clock: 90 days
    from 立案, the suspensions and hearings not counted, an approved extension added; 行政处罚法
    第六十条, 自然资源行政处罚办法 第三十八条). None before filing."""
    from . import procedure  # procedure imports services, which this module's callers import

    return procedure.decision_clock(case, today=on)


def pending_hearing_request(facts: ChainFacts) -> CaseEvent | None:
    """The party's last hearing request when no hearing has been held since."""
    requested, held = facts.last(EventKind.HEARING_REQUESTED), facts.last(EventKind.HEARING_HELD)
    if requested is None or (held is not None and held.occurred_on >= requested.occurred_on):
        return None
    return requested


def hearing_earliest(facts: ChainFacts) -> Deadline | None:
    """The first day the requested hearing may be held: the 听证通知书 of its time and place is
    served at least seven days before (行政处罚法 第六十四条(二); working days, 第八十五条), counted
    from the day it counts as served (``deadlines.clock.service_start``). None while no notice
    served after the request is on file."""
    requested = facts.last(EventKind.HEARING_REQUESTED)
    served = facts.hearing_summons_served
    if requested is None or served is None or served < requested.occurred_on:
        return None
    return deadline("hearing_notice", served)


def decision_service_deadline(decided_on: datetime.date) -> Deadline:
    """The 决定书 is served within 7 working days (行政处罚法 第六十一条、第八十五条)."""
    return deadline("decision_service", decided_on)


def investigators(case: ViolationCase, facts: ChainFacts) -> set[int]:
    """Who investigated the case: its officer, whoever submitted the report, and the officers
    named on its records (``officers`` in an event's data) — none may preside over the hearing."""
    ids = {case.assignee_id} if case.assignee_id else set()
    for event in case.events.all().only("kind", "actor_id", "data"):
        if event.kind == EventKind.REPORT_SUBMITTED and event.actor_id:
            ids.add(event.actor_id)
        for officer in (event.data or {}).get("officers") or ():
            ids.add(officer.get("id") if isinstance(officer, dict) else officer)
    return {i for i in ids if i}


def hearing_hosts(case: ViolationCase) -> QuerySet:
    """The people who may be named to preside over the case's hearing (the forms' list): those of
    the 办案机关 that holds it (行政处罚法 第六十四条(四): "行政机关指定的非本案调查人员") — the county
    department a case was handed over to, else the township."""
    from .rules import is_township_authority

    users = get_user_model().objects.filter(is_active=True, memberships__active=True)
    if case.handed_over_on is not None and case.authority_id and not is_township_authority(None, case):
        users = users.filter(memberships__unit_id=case.authority_id)
    else:
        users = users.filter(memberships__unit__township_id=case.village.township_id)
    return users.distinct().order_by("first_name", "username")


def check_decision(case: ViolationCase, facts: ChainFacts, *, on: datetime.date, measures,
                   fine_yuan: Decimal | None) -> None:
    """Raise ``DecisionRefused`` naming the rule when a penalty may not be decided on ``on``."""
    if facts.penalty_notice_served is None or facts.last(EventKind.PARTY_INFORMED) is None:
        raise DecisionRefused(_(
            "No notice of intended penalty has been served on the party: a penalty is not decided before the "
            "party is told of it and of the right to state and defend (行政处罚法 第四十四条、第六十二条)."))
    statements = facts.of(EventKind.STATEMENT_RECEIVED)
    waived = any((e.data or {}).get("waived") for e in statements)
    period = statement_deadline(facts)
    if not waived and on <= period.date:
        raise DecisionRefused(_(
            "The party's time to state and defend runs until %(date)s (5 working days from the notice's service, "
            "自然资源行政处罚办法 第三十三条、第五十七条): decide after that day, or record the party's express "
            "waiver (行政处罚法 第六十二条).") % {"date": acts.shown_date(period.date)})
    informed = set(case.penalty_measures or ())
    if needs_hearing_notice(informed, case.penalty_amount_large):
        if facts.hearing_notice_served is None:
            raise DecisionRefused(_(
                "The proposed penalty gives the party a right to a hearing (限期拆除, 没收 or a large amount): "
                "serve the notice of the right to a hearing first (自然资源行政处罚办法 第三十四条; "
                "行政处罚法 第六十三条)."))
        request_period = hearing_request_deadline(facts)
        requested = facts.last(EventKind.HEARING_REQUESTED)
        # The waiver of a statement is not one of the hearing: the hearing's own period runs.
        if requested is None and on <= request_period.date:
            raise DecisionRefused(_(
                "The party may ask for a hearing until %(date)s (5 working days from the hearing notice's service, "
                "自然资源行政处罚办法 第三十四条): decide after that day.")
                % {"date": acts.shown_date(request_period.date)})
    requested, held = facts.last(EventKind.HEARING_REQUESTED), facts.last(EventKind.HEARING_HELD)
    if requested is not None and (held is None or held.occurred_on < requested.occurred_on):
        raise DecisionRefused(_(
            "The party asked for a hearing on %(date)s and it has not been held: the authority must hold it before "
            "deciding (行政处罚法 第六十三条、第六十四条).") % {"date": acts.shown_date(requested.occurred_on)})
    reviews = [e for e in facts.of(EventKind.LEGAL_REVIEWED) if (e.data or {}).get("passed")]
    if not reviews:
        raise DecisionRefused(_(
            "No passed legal review is on record: a penalty may not be decided without it "
            "(行政处罚法 第五十八条; 自然资源行政处罚办法 第三十二条)."))
    if held is not None and reviews[-1].occurred_on < held.occurred_on:
        raise DecisionRefused(_(
            "A hearing was held on %(date)s: the legal review must be made again after it "
            "(行政处罚法 第五十八条第一款(二)).") % {"date": acts.shown_date(held.occurred_on)})
    if is_serious(informed, case.penalty_amount_large) and facts.last(EventKind.COLLECTIVE_DISCUSSION) is None:
        raise DecisionRefused(_(
            "This is a serious case (限期拆除, 没收 or a large amount): the heads must discuss it collectively "
            "before deciding; record the collective discussion (行政处罚法 第五十七条第二款; "
            "自然资源行政处罚办法 第三十一条第二款)."))
    heard = [e for e in (*statements, *facts.of(EventKind.HEARING_HELD)) if not (e.data or {}).get("waived")]
    rechecks = facts.of(EventKind.RECHECKED)
    if heard and (not rechecks or rechecks[-1].occurred_on < heard[-1].occurred_on):
        raise DecisionRefused(_(
            "The party's statement or the hearing has not been re-examined: record the re-examination (复核) "
            "of the facts, reasons and evidence they raised (行政处罚法 第四十五条)."))
    extra = set(measures) - informed
    if extra:
        raise DecisionRefused(_(
            "The decision imposes %(measures)s, which the party was not told of: inform the party of it first "
            "(行政处罚法 第四十四条).") % {"measures": "、".join(str(M(m).label) for m in sorted(extra))})
    if fine_yuan is not None and (case.fine_yuan is None or fine_yuan > case.fine_yuan):
        raise DecisionRefused(_(
            "The fine is more than the one the party was told of: a penalty is never made heavier after the party "
            "was heard (行政处罚法 第四十四条、第四十五条第二款)."))
    limit = decision_time_limit(case, on)
    if limit is None:
        raise DecisionRefused(_("The case has no filing date: a penalty is decided only on a filed case "
                                "(行政处罚法 第六十条)."))
    if on > limit.date:
        raise DecisionRefused(_(
            "The time limit for the decision ended on %(date)s (90 days from the filing, 行政处罚法 第六十条; "
            "extended with the head's approval by at most 30 days, or further for a particularly complex case by "
            "the heads' collective discussion, 自然资源行政处罚办法 第三十八条).")
            % {"date": acts.shown_date(limit.date)})


# --- the writes ------------------------------------------------------------------------------


def _services():
    from . import services  # the services import this module's checks through the views only

    return services


def _record(case: ViolationCase, *, by, perm: str, kind: str, on: datetime.date | None, note: str = "",
            data: dict | None = None, fields: dict | None = None, statuses=REVIEW_STATUSES, check=None,
            effect=None, expected_version: int | None = None) -> CaseEvent:
    """One record of the review, notice or hearing: lock, right, status, act date, ``check``,
    ``effect`` (a write beside the event, e.g. the clock's pause), event."""
    services = _services()
    with services._changing(case, by=by, perm=perm, expected_version=expected_version, write="decide_penalty",
                            sources=statuses) as locked:
        on = acts.check_act_date(locked, on, act=acts.ACTS[kind])
        if check is not None:
            check(locked, on)
        if effect is not None:
            effect(locked, on)
        return services._save(case, locked, fields or {}, by=by, kind=kind, note=note, data=data,
                              occurred_on=on)


def record_legal_review(case: ViolationCase, *, by, reviewed_on: datetime.date | None = None, measures,
                        fine_yuan: Decimal | None = None, amount_large: bool = False, opinion: str,
                        passed: bool, fine_circumstance: str = fines.Circumstance.GENERAL, fine_reason: str = "",
                        expected_version: int | None = None) -> CaseEvent:
    """法制审核 by ``by``, who must hold a legal-review qualification valid on ``reviewed_on``
    (行政处罚法 第五十八条第二款); records the proposed penalty, which the notice states. A fine is
    checked against the legal range and the 裁量基准 (``fines.check_amount``)."""
    from territory.models import Credential, CredentialKind

    opinion = (opinion or "").strip()
    if not opinion:
        raise CaseError(_("Write the legal review's opinion."))
    measures = sorted(set(measures or ()))
    if not measures:
        raise CaseError(_("Choose the penalty proposed."))
    if M.FINE in measures and not fine_yuan:
        raise CaseError(_("Give the amount of the fine."))
    if M.FINE not in measures:
        fine_yuan = None
    holder = {}

    def check(locked, on):
        credential = Credential.objects.valid_on(on).filter(user=by, kind=CredentialKind.LEGAL_REVIEW).first()
        if credential is None:
            raise CaseError(_(
                "You hold no legal-review qualification valid on %(date)s: the legal review is made by a person "
                "qualified for it (行政处罚法 第五十八条第二款).") % {"date": acts.shown_date(on)})
        holder["number"] = credential.number

    services = _services()
    with services._changing(case, by=by, perm="cases.legal_review", expected_version=expected_version,
                            write="decide_penalty", sources=REVIEW_STATUSES) as locked:
        on = acts.check_act_date(locked, reviewed_on, act=acts.ACTS[EventKind.LEGAL_REVIEWED])
        check(locked, on)
        assessed = (fines.check_amount(locked, amount=fine_yuan, circumstance=fine_circumstance, reason=fine_reason)
                    .as_json(fine_yuan, fine_reason.strip()) if fine_yuan is not None else None)
        if locked.status == CaseStatus.INFORMED and (set(measures) - set(locked.penalty_measures or ())
                                                     or (fine_yuan or 0) > (locked.fine_yuan or 0)):
            raise CaseError(_(
                "The party was informed of a lighter penalty: a heavier one needs a new notice of intended penalty "
                "(行政处罚法 第四十四条、第四十五条第二款)."))
        fields = {"penalty_measures": measures, "fine_yuan": fine_yuan, "penalty_amount_large": amount_large}
        data = events.legal_reviewed(by=by, credential=holder["number"], measures=measures, fine_yuan=fine_yuan,
                                     amount_large=amount_large, passed=passed, fine=assessed)
        return services._save(case, locked, fields, by=by, kind=EventKind.LEGAL_REVIEWED, note=opinion,
                              data=data, occurred_on=on)


def record_collective_discussion(case: ViolationCase, *, by, held_on: datetime.date | None = None,
                                 participants: str, conclusion: str,
                                 expected_version: int | None = None) -> CaseEvent:
    """集体讨论 by the authority's heads (行政处罚法 第五十七条第二款; 办法 第三十一条第二款)."""
    participants, conclusion = (participants or "").strip(), (conclusion or "").strip()
    if not participants or not conclusion:
        raise CaseError(_("Name the participants and write the conclusion."))

    def check(locked, on):
        # Read under the case's lock: two heads submitting at once do not both pass the "twice" rule.
        check_discussion(chain_facts(locked))

    return _record(case, by=by, perm="cases.decide_penalty", kind=EventKind.COLLECTIVE_DISCUSSION, on=held_on,
                   note=conclusion, data=events.collective_discussion(participants=participants), check=check,
                   expected_version=expected_version)


# What may make the heads discuss a case again: something on the record their last discussion did
# not have before it — a hearing held (its 听证笔录), a new legal review, a new 陈述申辩.
REDISCUSSION_KINDS = frozenset({EventKind.HEARING_HELD, EventKind.LEGAL_REVIEWED, EventKind.STATEMENT_RECEIVED})


def check_discussion(facts: ChainFacts) -> None:
    """Raise ``CaseError`` naming the rule when the heads' 集体讨论 may not be recorded now.

    The collective discussion is how the heads decide a serious case (行政处罚法 第五十七条第二款;
    自然资源行政处罚办法 第三十一条第二款), and the legal review comes before the head's decision:
    "在行政机关负责人作出行政处罚的决定之前 … 进行法制审核；未经法制审核或者审核未通过的，不得作出决定"
    (行政处罚法 第五十八条第一款; 办法 第三十二条, which puts it after the 审理 of 第三十条 and before
    the decision). The 办法 sets no other order between them. So: the last legal review must have
    passed, and be newer than any hearing held (第五十八条第一款(二)). LandWatch asks a passed review
    before every decision (``check_decision``), so one is always required here.

    A second discussion is recorded only when something was added since the last one
    (``REDISCUSSION_KINDS``): otherwise it would decide the same record twice.
    """
    reviews = facts.of(EventKind.LEGAL_REVIEWED)
    if not reviews or not (reviews[-1].data or {}).get("passed"):
        raise CaseError(_(
            "The heads discuss the case collectively after it has passed the legal review: a penalty is not decided "
            "without a passed legal review (行政处罚法 第五十七条第二款、第五十八条; 自然资源行政处罚办法 第三十一条、"
            "第三十二条). Record the legal review first."))
    held = facts.last(EventKind.HEARING_HELD)
    if held is not None and reviews[-1].occurred_on < held.occurred_on:
        raise CaseError(_(
            "A hearing was held on %(date)s: the legal review is made again after it, before the heads discuss the "
            "case (行政处罚法 第五十八条第一款(二)).") % {"date": acts.shown_date(held.occurred_on)})
    last = facts.last(EventKind.COLLECTIVE_DISCUSSION)
    if last is not None and not any(e.kind in REDISCUSSION_KINDS and e.pk > last.pk for e in facts.events):
        raise CaseError(_(
            "The heads already discussed this case on %(date)s and nothing has been added since (a hearing, a new "
            "legal review, a new statement of the party): its decision is taken on that discussion (行政处罚法 "
            "第五十七条第二款; 自然资源行政处罚办法 第三十一条第二款).") % {"date": acts.shown_date(last.occurred_on)})


def inform_party(case: ViolationCase, *, by, served_on: datetime.date, document: int,
                 method: str = "") -> ViolationCase:
    """The 行政处罚告知书 was served (``documents.services.serve_document``): the case is informed.

    Needs the proposed penalty of a legal review: the notice states it (行政处罚法 第四十四条).
    """
    def check(locked):
        if not locked.penalty_measures:
            raise IllegalTransitionError(_(
                "Record the legal review with the proposed penalty first: the notice of intended penalty states "
                "it (行政处罚法 第四十四条)."))

    return _services()._transition(
        case, "inform", by=by, expected_version=None, on=served_on, check=check,
        data=events.party_informed(document=document, served_on=served_on,
                                   statement_until=deadline("statement", service_start(method, served_on)[0]).date))


def record_statement(case: ViolationCase, *, by, received_on: datetime.date | None = None, statement: str = "",
                     waived: bool = False, expected_version: int | None = None) -> CaseEvent:
    """陈述申辩 received (oral ones written down, 办法 第三十三条第二款), or the party's express
    waiver (行政处罚法 第六十二条). A statement after the period is kept, marked late."""
    statement = (statement or "").strip()
    if not statement and not waived:
        raise CaseError(_("Write what the party stated, or record the party's waiver."))
    facts = chain_facts(case)
    period = statement_deadline(facts)
    received = received_on or dates.today()
    late = period is not None and received > period.date
    return _record(case, by=by, perm="cases.investigate", kind=EventKind.STATEMENT_RECEIVED, on=received_on,
                   note=statement, data=events.statement_received(waived=waived, late=late),
                   statuses=frozenset({CaseStatus.INFORMED}), expected_version=expected_version)


def record_hearing_request(case: ViolationCase, *, by, requested_on: datetime.date | None = None, note: str = "",
                           expected_version: int | None = None) -> CaseEvent:
    """The party asks for a hearing, within 5 working days of the hearing notice's service
    (办法 第三十四条第二款; 行政处罚法 第六十四条(一)); refused without a served notice or late."""
    facts = chain_facts(case)

    def check(locked, on):
        period = hearing_request_deadline(facts)
        if period is None:
            raise CaseError(_("No notice of the right to a hearing has been served (自然资源行政处罚办法 第三十四条)."))
        if on > period.date:
            raise CaseError(_(
                "The time to ask for a hearing ended on %(date)s (5 working days from the hearing notice's service, "
                "自然资源行政处罚办法 第三十四条第二款).") % {"date": acts.shown_date(period.date)})

    def pause(locked, on):
        # The decision clock stands still from the request until the hearing is held
        # (自然资源行政处罚办法 第三十八条第二款: 听证 … 时间不计入).
        ClockPause.objects.create(case=locked, kind=ClockPauseKind.HEARING, started_on=on)

    period = hearing_request_deadline(facts)
    return _record(case, by=by, perm="cases.investigate", kind=EventKind.HEARING_REQUESTED, on=requested_on,
                   note=note, data=events.hearing_requested(until=period.date) if period else {}, check=check,
                   effect=pause, expected_version=expected_version)


def record_hearing(case: ViolationCase, *, by, held_on: datetime.date | None = None, presiding, summary: str,
                   absent: bool = False, expected_version: int | None = None) -> CaseEvent:
    """听证 held (or the party absent without reason: deemed waived, 行政处罚法 第六十四条(六)),
    presided over by someone who did not investigate the case (第六十四条(四))."""
    summary = (summary or "").strip()
    if not summary:
        raise CaseError(_("Summarise the hearing."))
    facts = chain_facts(case)

    def check(locked, on):
        requested = facts.last(EventKind.HEARING_REQUESTED)
        if requested is None:
            raise CaseError(_("The party has not asked for a hearing."))
        acts.check_act_date(locked, on, act=acts.ACTS[EventKind.HEARING_HELD], after=requested.occurred_on,
                            after_act=acts.ACTS[EventKind.HEARING_REQUESTED])
        if presiding.pk in investigators(locked, facts):
            raise CaseError(_(
                "%(name)s investigated this case and may not preside over its hearing (行政处罚法 第六十四条(四)).")
                % {"name": presiding.get_full_name() or presiding.get_username()})
        earliest = hearing_earliest(facts)
        if earliest is None:
            raise CaseError(_(
                "No notice of the hearing's time and place has been served since the party asked for the hearing: "
                "the party is told of them at least seven days before it (行政处罚法 第六十四条(二))."))
        check_presiding(facts, presiding)
        if on < earliest.date:
            raise CaseError(_(
                "The notice of the hearing's time and place counts as served on %(served)s: the hearing may be held "
                "from %(date)s on, seven working days later (行政处罚法 第六十四条(二)、第八十五条).")
                % {"served": acts.shown_date(facts.hearing_summons_served), "date": acts.shown_date(earliest.date)})

    def restart(locked, on):
        from . import procedure

        procedure.end_pause(locked, on, kind=ClockPauseKind.HEARING)

    return _record(case, by=by, perm="cases.investigate", kind=EventKind.HEARING_HELD, on=held_on, note=summary,
                   data=events.hearing_held(presiding=presiding, waived=absent), check=check, effect=restart,
                   statuses=frozenset({CaseStatus.INFORMED}), expected_version=expected_version)


def check_presiding(facts: ChainFacts, presiding) -> None:
    """The hearing is presided over by the officer its 听证通知书 named: the party was told who it
    is, to be able to ask for the officer's withdrawal (行政处罚法 第六十四条(二)(四)). Another officer
    needs a new notice, served seven working days before the hearing again."""
    named = facts.hearing_summons_presiding
    if named is None:
        raise CaseError(_(
            "The notice of the hearing's time and place names no presiding officer: the party must be told who "
            "presides, to be able to ask for the officer's withdrawal. Serve a notice that names the presiding "
            "officer (“Notify the hearing's time and place”; 行政处罚法 第六十四条(二)(四))."))
    if presiding.pk != named:
        host = get_user_model().objects.filter(pk=named).first()
        raise CaseError(_(
            "The notice of the hearing named %(named)s as presiding officer: the hearing is presided over by the "
            "officer the party was told of, who may be asked to withdraw (行政处罚法 第六十四条(二)(四)). To change "
            "the presiding officer, serve a new notice of the hearing's time and place.")
            % {"named": (host.get_full_name() or host.get_username()) if host else named})


def schedule_hearing(case: ViolationCase, *, by, hearing_at: datetime.datetime, place: str, presiding):
    """The 听证通知书 of a requested hearing, drafted for the office to issue and serve: its time
    and place, the presiding officer — not an investigator of the case — and the party's right to
    ask for the officer's withdrawal (行政处罚法 第六十四条(二)(四)). It is served at least seven working
    days before the hearing (第八十五条; ``hearing_earliest``); ``record_hearing`` refuses a hearing held
    earlier. Returns the draft."""
    from django.utils import formats, timezone

    from documents.drafting import hearing_summons_text, official_language
    from documents.models import DocumentKind
    from documents.services import create_document

    place = (place or "").strip()
    if not place:
        raise CaseError(_("Give the place of the hearing."))
    facts = chain_facts(case)
    requested = pending_hearing_request(facts)
    if requested is None:
        raise CaseError(_("The party has not asked for a hearing, or it has been held: there is no hearing to "
                          "notify (行政处罚法 第六十四条)."))
    if presiding.pk in investigators(case, facts):
        raise CaseError(_(
            "%(name)s investigated this case and may not preside over its hearing (行政处罚法 第六十四条(四)).")
            % {"name": presiding.get_full_name() or presiding.get_username()})
    local = timezone.localtime(hearing_at)
    if local.date() <= requested.occurred_on:
        raise CaseError(_("The hearing cannot be held before the party asked for it (%(date)s).")
                        % {"date": acts.shown_date(requested.occurred_on)})
    with official_language():
        text = hearing_summons_text(time=formats.date_format(local, "DATETIME_FORMAT"), place=place,
                                    presiding=presiding.get_full_name() or presiding.get_username())
    return create_document(case, by=by, kind=DocumentKind.HEARING_SUMMONS, requirements=text, presiding=presiding)


def record_recheck(case: ViolationCase, *, by, rechecked_on: datetime.date | None = None, conclusion: str,
                   accepted: bool, expected_version: int | None = None) -> CaseEvent:
    """复核 of what the party raised (行政处罚法 第四十五条): accepted points are adopted."""
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise CaseError(_("Write the conclusion of the re-examination."))
    return _record(case, by=by, perm="cases.investigate", kind=EventKind.RECHECKED, on=rechecked_on,
                   note=conclusion, data=events.rechecked(accepted=accepted),
                   statuses=frozenset({CaseStatus.INFORMED}), expected_version=expected_version)


def extend_decision_clock(case: ViolationCase, *, by, approved_on: datetime.date | None = None, reason: str,
                          days: int = 30, particularly_complex: bool = False, participants: str = "",
                          expected_version: int | None = None) -> CaseEvent:
    """More time for the decision, approved before the clock has run out (自然资源行政处罚办法
    第三十八条第一款: "案情复杂不能在规定期限内作出行政处罚决定的，经本部门负责人批准，可以适当延长，
    但延长期限不得超过三十日，案情特别复杂的除外").

    The head alone approves at most 30 days in all. Beyond them only a 案情特别复杂 case, and only by
    the heads' collective discussion: its date (``approved_on``), its participants and its
    conclusion (``reason``) are recorded, with the new last day, on the event.
    """
    from . import procedure

    reason = (reason or "").strip()
    participants = (participants or "").strip()
    if not reason:
        raise CaseError(_("Say why the case needs more time."))
    if days is None or days < 1:
        raise CaseError(_("Give the number of days of the extension."))
    if particularly_complex and not participants:
        raise CaseError(_(
            "A particularly complex case is given more time only by the heads' collective discussion: name its "
            "participants and write its conclusion (自然资源行政处罚办法 第三十八条)."))
    holder = {}

    def check(locked, on):
        limit = decision_time_limit(locked, on)
        if limit is None or on > limit.date:
            raise CaseError(_("The time limit for the decision has already run out: it can no longer be extended "
                              "(自然资源行政处罚办法 第三十八条)."))
        ordinary = limit.ordinary_extended_days
        if not particularly_complex and ordinary + days > procedure.ORDINARY_EXTENSION_LIMIT:
            raise CaseError(_(
                "The head may extend the time limit by at most 30 days in all (%(used)s already approved); more time "
                "is given only to a particularly complex case by the heads' collective discussion "
                "(自然资源行政处罚办法 第三十八条).") % {"used": ordinary})
        holder["until"] = deadline(limit.due.period, locked.filed_on, limit.due.length + days).date

    def effect(locked, on):
        # The event's data is built before the check ran: fill in the new last day it counted.
        data.update(events.decision_clock_extended(days=days, until=holder["until"],
                                                   particularly_complex=particularly_complex,
                                                   participants=participants))

    data: dict = {}
    return _record(case, by=by, perm="cases.decide_penalty", kind=EventKind.DECISION_CLOCK_EXTENDED, on=approved_on,
                   note=reason, data=data, check=check, effect=effect,
                   statuses=frozenset({CaseStatus.FILED, CaseStatus.SUSPENDED, *REVIEW_STATUSES}),
                   expected_version=expected_version)


EXCLUDED_KINDS = (ClockPauseKind.APPRAISAL, ClockPauseKind.ANNOUNCEMENT, ClockPauseKind.POSTAL,
                  ClockPauseKind.REFERRAL)


def record_excluded_period(case: ViolationCase, *, by, kind: str, started_on: datetime.date | None,
                           ended_on: datetime.date | None, note: str = "",
                           expected_version: int | None = None) -> CaseEvent:
    """A period the 90-day clock does not count, recorded once it has ended: 鉴定, 公告, 邮递在途, or
    waiting for the police or the procuratorate (自然资源行政处罚办法 第三十八条第二款). The clock
    (``procedure.decision_clock``) pauses from its first day until the day it ended."""
    from . import procedure

    if kind not in EXCLUDED_KINDS:
        raise CaseError(_("Choose which kind of period it was."))
    if started_on is None or ended_on is None:
        raise CaseError(_("Give the day the period began and the day it ended."))
    if ended_on < started_on:
        raise CaseError(_("The period cannot end before it began."))
    note = (note or "").strip()
    if not note:
        raise CaseError(_("Say what the period was (the appraisal, the announcement, the letter)."))

    def check(locked, on):
        if locked.filed_on is not None and started_on < locked.filed_on:
            raise CaseError(_("The period cannot begin before the case was filed (%(date)s).")
                            % {"date": acts.shown_date(locked.filed_on)})
        overlapping = ClockPause.objects.filter(case=locked, started_on__lt=ended_on).exclude(
            ended_on__isnull=False, ended_on__lte=started_on)
        if overlapping.exists():
            raise CaseError(_("The clock is already paused for part of that period: each day is counted out once."))

    def effect(locked, on):
        ClockPause.objects.create(case=locked, kind=kind, started_on=started_on, ended_on=ended_on)

    return _record(case, by=by, perm="cases.investigate", kind=EventKind.CLOCK_PAUSE_RECORDED, on=ended_on,
                   note=note, data=events.clock_pause_recorded(kind=kind, started_on=started_on, ended_on=ended_on),
                   check=check, effect=effect, statuses=procedure.BEFORE_DECISION,
                   expected_version=expected_version)


def decide_penalty(case: ViolationCase, *, by, decided_on: datetime.date | None = None, measures,
                   fine_yuan: Decimal | None = None, note: str = "",
                   fine_circumstance: str = fines.Circumstance.GENERAL, fine_reason: str = "",
                   expected_version: int | None = None) -> ViolationCase:
    """行政处罚决定 by the head (transition ``decide_penalty``), refused unless ``check_decision``
    passes. The 决定书 is then drafted, issued and served (within 7 working days). A fine is
    checked against the legal range and the 裁量基准 and written as the decision's ``Fine``."""
    measures = sorted(set(measures or ()))
    if not measures:
        raise CaseError(_("Choose the penalty decided."))
    if M.FINE not in measures:
        fine_yuan = None
    facts = chain_facts(case)
    # Checked before the service deadline is counted from it (a date in year 9999 would overflow).
    on = acts.check_act_date(None, decided_on, act=acts.ACTS[EventKind.PENALTY_DECIDED])

    def check(locked):
        check_decision(locked, facts, on=on, measures=measures, fine_yuan=fine_yuan)

    def prepare(locked):
        if fine_yuan is None:
            return {}
        fine = fines.make_fine(locked, by=by, decided_on=on, amount=fine_yuan, circumstance=fine_circumstance,
                               reason=fine_reason)
        return {"fine": fines.assessment(locked, fine_circumstance).as_json(fine_yuan, fine.reason)}

    return _services()._transition(
        case, "decide_penalty", by=by, expected_version=expected_version, on=on, note=note, check=check,
        prepare=prepare,
        fields={"penalty_measures": measures, "fine_yuan": fine_yuan},
        data=events.penalty_decided(measures=measures, fine_yuan=fine_yuan,
                                    serve_by=decision_service_deadline(on).date))


def record_decision_service(case: ViolationCase, *, by, served_on: datetime.date, comply_by: datetime.date | None,
                            document: int, method: str = "") -> CaseEvent:
    """The 决定书 was served (``documents.services.serve_document``): it takes effect (办法
    第三十五条第三款); the case's deadline becomes the decision's. A service after the 7 working
    days (行政处罚法 第六十一条) is kept, marked late."""
    decided = (case.events.filter(kind=EventKind.PENALTY_DECIDED).order_by("-at", "-id")
               .values_list("occurred_on", flat=True).first())
    due = decision_service_deadline(decided).date if decided else None
    late = due is not None and served_on > due
    effective, _from = service_start(method, served_on)

    def effect(locked, on):  # the fine's 15 days run from the service (行政处罚法 第六十七条第三款)
        fines.on_decision_served(locked, served_on=served_on, method=method)

    return _record(case, by=by, perm="documents.serve", kind=EventKind.DECISION_SERVED, on=served_on,
                   fields={"deadline": comply_by}, effect=effect,
                   data=events.decision_served(document=document, served_on=served_on, due=due, late=late,
                                               deadline=comply_by, effective_from=effective),
                   statuses=frozenset({CaseStatus.DECIDED}))


# --- what the case page shows ------------------------------------------------------------------

PANEL_STATUSES = frozenset({CaseStatus.FILED, CaseStatus.SUSPENDED, *REVIEW_STATUSES, CaseStatus.DECIDED})


def _refusal(check, facts: ChainFacts) -> str:
    """The message ``check(facts)`` refuses with, or "" when it passes."""
    try:
        check(facts)
    except CaseError as exc:
        return exc.message
    return ""


def panel(case: ViolationCase, *, time_limit, events: list | None = None, documents: list | None = None) -> dict | None:
    """The periods and the proposed penalty of a case in the chain (the case page's panel);
    None for a case outside it. Two queries (``chain_facts``) whatever the case holds, none given
    its ``events`` and ``documents`` already read.
    ``time_limit``: the decision clock the page has already read (``procedure.decision_clock``)."""
    if case.status not in PANEL_STATUSES:
        return None
    facts = chain_facts(case, events=events, documents=documents)
    today = dates.today()
    decided = facts.last(EventKind.PENALTY_DECIDED)
    served = facts.last(EventKind.DECISION_SERVED)
    return {
        "measures": [str(M(m).label) for m in case.penalty_measures or ()],  # kept per language: no lazy text
        "fine_yuan": case.fine_yuan,
        "amount_large": case.penalty_amount_large,
        "needs_hearing": needs_hearing_notice(case.penalty_measures, case.penalty_amount_large),
        "serious": is_serious(case.penalty_measures, case.penalty_amount_large),
        "statement": statement_deadline(facts),
        "hearing_request": hearing_request_deadline(facts),
        "time_limit": None if decided else time_limit,
        "service_due": decision_service_deadline(decided.occurred_on) if decided else None,
        "served": served,
        "served_late": bool(served and (served.data or {}).get("late")),
        "service_overdue": bool(decided and not served and decision_service_deadline(decided.occurred_on).date < today),
        "legal_review": facts.last(EventKind.LEGAL_REVIEWED),
        "discussion": facts.last(EventKind.COLLECTIVE_DISCUSSION),
        "suspension_notices": suspension_notices(facts, today=today),
        "suspensions": suspension_cycles(facts, today=today),
        "hearing_earliest": hearing_earliest(facts) if pending_hearing_request(facts) else None,
        # Why the heads' 集体讨论 may not be recorded now ("" when it may): the panel shows this
        # instead of the step's button (the service asks ``check_discussion`` again on POST).
        "discussion_refusal": _refusal(check_discussion, facts),
        # Who presides over the requested hearing: the officer the last served 听证通知书 names.
        "presiding_name": facts.hearing_summons_presiding_name if hearing_earliest(facts) else "",
    }

"""结案 on its lawful grounds, "no action" only on the grounds the law lists, and the party's
陈述申辩 on a 催告书 (issue 20, part g2; docs/PROCEDURE.md, "Closing, no action and the demand's
statement").

- **结案** (自然资源行政处罚办法 2024 第四十六条: "符合下列条件之一的，经自然资源主管部门负责人批准，
  案件结案"): a case of the penalty chain (filed, not one that predates the chain) closes only by
  the head's approval with a ground of that article (``approve_closing``); the rectification path's
  closing steps (re-inspection passed, enforcement verified) are refused on it (``path_refusal``).
  第四十六条第二款 ("涉及需要移送……刑事责任的，应当在结案前移送") stays ``referrals.closing_refusal``.
  A case that predates the chain keeps its old closing steps.
- **不予处罚**: "no action" (``Disposition.NO_ACTION``) and the 结案 on ground (三) take one of
  ``NoActionGround`` (行政处罚法 第三十三条、第三十六条; 办法 第三十一条); never on 永久基本农田
  (``transitions.no_action_refusal``).
- **催告书的陈述申辩** (行政强制法 第三十六条): recorded with its review; while one waits for its
  review, the application to the court and the township's own demolition are refused
  (``statement_refusal``, asked by ``cases/enforcement.py``).
"""

import datetime

from django.utils.translation import gettext as _

from . import acts, events
from .errors import ActDateError, CaseError, IllegalTransitionError
from .models import (
    CaseStatus,
    ClosingGround,
    CourtRuling,
    DemandStatement,
    EventKind,
    NoActionGround,
    StatementReview,
    ViolationCase,
)

# The closing steps of the rectification path; on a chain case 结案 is the head's approval instead.
# ``terminate`` (终止调查, 办法 第二十八条) is itself approved by the head and is ground (二) of 第四十六条.
APPROVED_CLOSINGS = frozenset({"approve_closing", "terminate"})

# From which states each ground may close a chain case.
GROUND_SOURCES = {
    # 办法 第三十一条(二)(三)(四): after 审理, before any decision.
    ClosingGround.NO_PENALTY: frozenset({CaseStatus.REVIEWING, CaseStatus.INFORMED}),
    # The party carried the decision out (self-corrected), or the enforcement was carried out.
    ClosingGround.EXECUTED: frozenset({CaseStatus.CORRECTED, CaseStatus.ENFORCING, CaseStatus.DECIDED}),
    # 终结执行 (行政强制法 第四十条): a decided or enforcing case.
    ClosingGround.EXECUTION_ENDED: frozenset({CaseStatus.DECIDED, CaseStatus.ENFORCING}),
    ClosingGround.ENFORCEMENT_APPLIED: frozenset({CaseStatus.DECIDED, CaseStatus.ENFORCING}),
    ClosingGround.OTHER: frozenset({CaseStatus.REVIEWING, CaseStatus.INFORMED, CaseStatus.DECIDED,
                                    CaseStatus.CORRECTED, CaseStatus.ENFORCING}),
}
# Grounds whose circumstances are the clerk's to write: the note is required.
NOTE_REQUIRED = frozenset({ClosingGround.EXECUTION_ENDED, ClosingGround.OTHER})


def on_chain(case: ViolationCase) -> bool:
    """The case went through 立案 in the system: its closing is the head's approval (no query)."""
    return case.filed_on is not None and not case.predates_chain


def path_refusal(case: ViolationCase, name: str) -> str:
    """Why transition ``name`` may not close ``case``, or "": a chain case closes only by 结案."""
    if name in APPROVED_CLOSINGS or not on_chain(case):
        return ""
    return _("A case of the penalty procedure is closed only with the head's approval on a ground of Article 46 of "
             "the Measures on Administrative Penalties for Natural Resources: use “Approve closing”.")


def no_action_ground_refusal(ground: str) -> str:
    if ground in NoActionGround.values:
        return ""
    return _("Choose the ground for giving no penalty: only those of Articles 33 and 36 of the Administrative "
             "Penalty Law and Article 31 of the Measures on Administrative Penalties for Natural Resources.")


def closing_refusal(case: ViolationCase, *, ground: str, no_action_ground: str = "", note: str = "") -> str:
    """Why the head may not approve 结案 of ``case`` on ``ground`` now, or ""."""
    if ground not in ClosingGround.values:
        return _("Choose the ground of closing (Article 46 of the Measures on Administrative Penalties for Natural "
                 "Resources).")
    if not on_chain(case):
        return _("Only a case of the penalty procedure is closed by the head's approval; this case closes by its "
                 "own steps.")
    if case.status not in GROUND_SOURCES[ground]:
        return _("The case is “%(status)s”: it cannot be closed on the ground “%(ground)s”.") % {
            "status": case.get_status_display(), "ground": ClosingGround(ground).label}
    if ground == ClosingGround.NO_PENALTY:
        if case.decisive_land_type == "basic_farmland":
            from .models import Disposition
            from .transitions import no_action_refusal

            return no_action_refusal(Disposition.NO_ACTION, case.decisive_land_type)
        return no_action_ground_refusal(no_action_ground)
    if ground == ClosingGround.EXECUTED and case.status == CaseStatus.ENFORCING \
            and not case.enforcement_actions.exists():
        return _("Record the enforcement carried out before closing the case as executed.")
    if ground == ClosingGround.EXECUTED and case.status == CaseStatus.DECIDED:
        return _("A decided case is closed as executed once the party's compliance is recorded "
                 "(self-correction) or the enforcement is carried out.")
    if ground == ClosingGround.ENFORCEMENT_APPLIED and not case.court_applications.exclude(
            ruling=CourtRuling.REFUSED).exists():
        return _("No application to the people's court for enforcement is on record (or the court refused it): "
                 "the case cannot be closed on this ground.")
    if ground in NOTE_REQUIRED and not (note or "").strip():
        return _("Describe the circumstances that close the case.")
    return ""


def approve_closing(case: ViolationCase, *, by, ground: str, closed_on: datetime.date | None = None,
                    no_action_ground: str = "", note: str = "",
                    expected_version: int | None = None) -> ViolationCase:
    """结案: the head (``cases.close``) approves closing the chain case on ``ground`` on ``closed_on``;
    the approval (who, when, ground, note) is on the event. A case flagged for a criminal referral
    still needs its referral first (第四十六条第二款; ``referrals.closing_refusal``)."""
    from django.utils import timezone

    from . import services

    closed_on = closed_on or timezone.localdate()
    note = (note or "").strip()
    if ground != ClosingGround.NO_PENALTY:
        no_action_ground = ""

    def check(locked):
        refusal = closing_refusal(locked, ground=ground, no_action_ground=no_action_ground, note=note)
        if refusal:
            raise IllegalTransitionError(refusal)

    return services._transition(
        case, "approve_closing", by=by, expected_version=expected_version, on=closed_on, note=note,
        fields={"closed_on": closed_on}, check=check,
        data={**events.case_closed(ground=ground, no_action_ground=no_action_ground),
              "approval": services._approval(by, note)})


def last_closing(case: ViolationCase, *, events: list | None = None):
    """The 结案 approval of a closed case (its event), or None; one query, closed cases only (none
    from the case's ``events`` already read, with their actor)."""
    if case.status != CaseStatus.CLOSED:
        return None
    if events is not None:
        return max((e for e in events if e.kind == EventKind.CASE_CLOSED), key=lambda e: (e.at, e.pk), default=None)
    return (case.events.filter(kind=EventKind.CASE_CLOSED).select_related("actor").order_by("-at", "-id").first())


# --- 催告书的陈述申辩 (行政强制法 第三十六条) -------------------------------------------------------


def statement_refusal(case: ViolationCase) -> str:
    """Why enforcement may not go on while a statement on the demand awaits its review, or "" (one query)."""
    if not case.demand_statements.filter(review=StatementReview.PENDING).exists():
        return ""
    return _("The party's statement on the demand has not been reviewed: the agency must hear it, record and review "
             "the facts, reasons and evidence (行政强制法 第三十六条: “行政机关应当充分听取当事人的意见，对当事人提出的"
             "事实、理由和证据，应当进行记录、复核”).")


def record_demand_statement(case: ViolationCase, *, by, received_on: datetime.date, content: str,
                            expected_version: int | None = None) -> DemandStatement:
    """The party's 陈述申辩 on the served 催告书, received on ``received_on``: not before the demand's
    service (行政强制法 第三十六条: "当事人收到催告书后有权进行陈述和申辩")."""
    from . import enforcement, services

    content = (content or "").strip()
    if not content:
        raise CaseError(_("Record the facts, reasons and evidence the party stated."))
    with services._changing(case, by=by, perm="cases.act", expected_version=expected_version, write="enforcement",
                            sources=frozenset({CaseStatus.DECIDED})) as locked:
        on = acts.check_act_date(locked, received_on, act=acts.ACTS[EventKind.DEMAND_STATEMENT])
        served = enforcement.track(locked).demand_served
        if served is None:
            raise CaseError(_("No demand (催告书) has been served since the decision: a statement on it is made after "
                              "it is received (行政强制法 第三十六条)."))
        if on < served:
            raise ActDateError(_("The statement cannot be received before the demand was served (%(date)s).") % {
                "date": acts.shown_date(served)})
        statement = DemandStatement(case=locked, received_on=on, content=content, recorded_by=by)
        statement.full_clean(exclude=["case", "recorded_by", "reviewed_by"])
        statement.save()
        services._save(case, locked, {}, by=by, kind=EventKind.DEMAND_STATEMENT,
                       data=events.demand_statement(statement=statement), occurred_on=on)
    return statement


def review_demand_statement(case: ViolationCase, *, by, review: str, reasons: str, reviewed_on: datetime.date,
                            expected_version: int | None = None) -> DemandStatement:
    """The agency's 复核 of the statement waiting for it, once: accepted (第三十六条: "成立的，行政机关
    应当采纳") or not accepted, with the reasons either way."""
    from . import services

    reasons = (reasons or "").strip()
    if review not in (StatementReview.ACCEPTED, StatementReview.NOT_ACCEPTED):
        raise CaseError(_("Choose whether the statement is accepted."))
    if not reasons:
        raise CaseError(_("Give the reasons of the review: which facts, reasons and evidence hold and which do not."))
    with services._changing(case, by=by, perm="cases.approve", expected_version=expected_version,
                            write="enforcement", sources=frozenset({CaseStatus.DECIDED})) as locked:
        row = (DemandStatement.objects.select_for_update().filter(case=locked, review=StatementReview.PENDING)
               .order_by("received_on", "id").first())
        if row is None:
            raise CaseError(_("No statement on the demand is waiting for its review."))
        on = acts.check_act_date(locked, reviewed_on, act=acts.ACTS[EventKind.DEMAND_STATEMENT_REVIEWED])
        if on < row.received_on:
            raise ActDateError(_("The review cannot be before the statement was received (%(date)s).") % {
                "date": acts.shown_date(row.received_on)})
        DemandStatement.objects.filter(pk=row.pk).update(review=review, reasons=reasons, reviewed_on=on,
                                                         reviewed_by=by)
        row.refresh_from_db()
        services._save(case, locked, {}, by=by, kind=EventKind.DEMAND_STATEMENT_REVIEWED,
                       data=events.demand_statement(statement=row), occurred_on=on)
    return row

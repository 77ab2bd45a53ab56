"""The case lifecycle in one place (DESIGN.md, "The case lifecycle").

```
registered ──decide──▶ (registered, disposition set) ──notify──▶ notified
notified ──self-corrected──▶ corrected ──reinspection passed──▶ closed
corrected ──reinspection failed, new deadline──▶ notified
notified ──deadline missed, leader approves──▶ enforcing ──done & verified──▶ closed
registered ──planning rectification──▶ deferred ──resolved──▶ closed
registered ──no action (with reason)──▶ closed
registered ──registered in error──▶ withdrawn
closed ──reopened with reason (回潮)──▶ registered
```

The penalty chain (docs/PROCEDURE.md gives the article behind every step):

```
registered ──移送 (a county department's case)──▶ registered, handed over to its 办案机关
registered ──立案审批 (the authority's head)──▶ filed ──调查报告──▶ reviewing
filed ──中止 (approved)──▶ suspended ──恢复──▶ filed
filed / suspended / reviewing ──终止 (approved)──▶ closed
reviewing ──告知书 served (法制审核 recorded)──▶ informed ──决定书──▶ decided
decided ──complied──▶ corrected;  decided ──not complied──▶ enforcement (part 2):
decided ──催告书 served, application to the court, court orders enforcement──▶ enforcing
decided ──公告, remedy periods lapsed, 强制拆除决定 (the township's own case)──▶ enforcing
enforcing ──executed and verified──▶ closed
```

A 责令停止 / 责令改正 order is not a penalty (自然资源行政处罚办法 第三十六条): the notice
path above stays for cases that end there.

Each entry names the states it may start from, the state it leads to, the permission
(``cases/rules.py``) the actor needs, the URL name of its form and the event it writes.
Services (``cases/services.py``) enforce the table; the detail page reads it to show
only the buttons a user may press now.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from landwatch.vocabulary import Category

from .models import CaseStatus, Disposition, EventKind, LandType

S = CaseStatus


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    perm: str
    event: str
    style: str = "primary"

    @property
    def url_name(self) -> str:
        return f"cases:{self.name.replace('_', '-')}"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("decide", _("Decide disposition"), frozenset({S.REGISTERED}), S.REGISTERED, "cases.decide",
                   EventKind.DECIDED),
        Transition("defer", _("Defer to planning rectification"), frozenset({S.REGISTERED}), S.DEFERRED,
                   "cases.decide", EventKind.DEFERRED, "secondary"),
        Transition("close_no_action", _("Close without action"), frozenset({S.REGISTERED}), S.CLOSED,
                   "cases.decide", EventKind.CLOSED_NO_ACTION, "secondary"),
        Transition("notify", _("Record rectification notice"), frozenset({S.REGISTERED}), S.NOTIFIED,
                   "cases.act", EventKind.NOTIFIED),
        Transition("self_correct", _("Record self-correction"), frozenset({S.NOTIFIED, S.DECIDED}), S.CORRECTED,
                   "cases.act", EventKind.SELF_CORRECTED, "success"),
        Transition("reinspection_passed", _("Re-inspection passed"), frozenset({S.CORRECTED}), S.CLOSED,
                   "cases.act", EventKind.REINSPECTION_PASSED, "success"),
        Transition("reinspection_failed", _("Re-inspection failed"), frozenset({S.CORRECTED}), S.NOTIFIED,
                   "cases.act", EventKind.REINSPECTION_FAILED, "warning"),
        # Not from "decided": a penalty decision is enforced through the court (cases/enforcement.py).
        Transition("approve_enforcement", _("Approve enforcement"), frozenset({S.NOTIFIED}), S.ENFORCING,
                   "cases.approve", EventKind.ENFORCEMENT_APPROVED, "danger"),
        Transition("enforcement_done", _("Enforcement done and verified"), frozenset({S.ENFORCING}), S.CLOSED,
                   "cases.act", EventKind.ENFORCEMENT_DONE, "success"),
        Transition("resolve", _("Resolved in planning"), frozenset({S.DEFERRED}), S.CLOSED, "cases.manage",
                   EventKind.RESOLVED, "success"),
        Transition("withdraw", _("Withdraw (registered in error)"), frozenset({S.REGISTERED}), S.WITHDRAWN,
                   "cases.manage", EventKind.WITHDRAWN, "outline-danger"),
        Transition("reopen", _("Reopen (recurrence)"), frozenset({S.CLOSED}), S.REGISTERED, "cases.manage",
                   EventKind.REOPENED, "outline-danger"),
        # 移送: the township hands a case whose 办案机关 is a county department over to it, with the
        # 案件移送书 and the evidence file (自然资源行政处罚办法 第十一条); the status stays.
        Transition("hand_over", _("Hand over to the competent authority"), frozenset({S.REGISTERED}),
                   S.REGISTERED, "cases.hand_over", EventKind.HANDED_OVER, "secondary"),
        # The penalty chain.
        Transition("file", _("Approve filing"), frozenset({S.REGISTERED}), S.FILED, "cases.file",
                   EventKind.FILING_APPROVED),
        Transition("suspend", _("Suspend the investigation"), frozenset({S.FILED}), S.SUSPENDED, "cases.file",
                   EventKind.INVESTIGATION_SUSPENDED, "secondary"),
        Transition("resume", _("Resume the investigation"), frozenset({S.SUSPENDED}), S.FILED, "cases.file",
                   EventKind.INVESTIGATION_RESUMED),
        Transition("terminate", _("Terminate the investigation"), frozenset({S.FILED, S.SUSPENDED, S.REVIEWING}),
                   S.CLOSED, "cases.file", EventKind.INVESTIGATION_TERMINATED, "outline-danger"),
        Transition("submit_report", _("Submit the investigation report"), frozenset({S.FILED}), S.REVIEWING,
                   "cases.investigate", EventKind.REPORT_SUBMITTED),
        Transition("inform", _("Serve the notice of intended penalty"), frozenset({S.REVIEWING}), S.INFORMED,
                   "cases.investigate", EventKind.PARTY_INFORMED),
        Transition("decide_penalty", _("Make the penalty decision"), frozenset({S.INFORMED}), S.DECIDED,
                   "cases.decide_penalty", EventKind.PENALTY_DECIDED),
        # 强制执行 (cases/enforcement.py): the court orders enforcement of a decision it was asked to
        # enforce (行政强制法 第五十七条), or the township decides the demolition it may carry out itself
        # (城乡规划法 第六十五条, 行政强制法 第四十四条).
        Transition("court_accepts", _("Record the court's enforcement order"), frozenset({S.DECIDED}), S.ENFORCING,
                   "cases.act", EventKind.COURT_RULED),
        Transition("decide_demolition", _("Decide the forced demolition"), frozenset({S.DECIDED}), S.ENFORCING,
                   "cases.approve", EventKind.DEMOLITION_DECIDED, "danger"),
        # 结案 of a chain case: the 办案机关's head approves it on a ground of 自然资源行政处罚办法 第四十六条
        # (cases/closing.py, which says from which states each ground closes); the one way a chain case
        # closes besides 终止调查.
        Transition("approve_closing", _("Approve closing"),
                   frozenset({S.REVIEWING, S.INFORMED, S.DECIDED, S.CORRECTED, S.ENFORCING}), S.CLOSED,
                   "cases.close", EventKind.CASE_CLOSED, "success"),
    )
}

# Dispositions that go on with a rectification notice and a deadline.
NOTICE_DISPOSITIONS = frozenset({Disposition.PROSECUTE, Disposition.RESTORE_FARMLAND, Disposition.DEMOLISH})

# Dispositions whose order is an administrative penalty: demolition (限期拆除, 自然资源行政处罚办法
# 第四条(五)) — with the land returned, or the buildings confiscated where the use fits the plan
# (没收, 第四条(二); 土地管理法 第七十七条、第七十八条). Such a case goes through the penalty chain
# (立案 onwards); a rectification notice may not be the order, except on a case that already held
# one when the chain came in (``predates_chain``).
PENALTY_DISPOSITIONS = frozenset({Disposition.PROSECUTE, Disposition.DEMOLISH})


def needs_penalty_procedure(case) -> bool:
    """Whether ``case``'s disposition may only be ordered by a penalty decision, not by a notice."""
    return case.disposition in PENALTY_DISPOSITIONS and not case.predates_chain


# Which transition a decision leads to: most decisions keep the case registered until the
# notice is served; planning defers it, no action closes it.
DECISION_TRANSITION = {
    Disposition.PROSECUTE: "decide",
    Disposition.RESTORE_FARMLAND: "decide",
    Disposition.DEMOLISH: "decide",
    Disposition.PLANNING: "defer",
    Disposition.NO_ACTION: "close_no_action",
}


def default_disposition(category: str, plough_layer_damaged: bool | None = None,
                        land_type: str | None = None) -> str | None:
    """The plan's 分类处理 default for a category; None when it is decided case by case.

    Farmland used for breeding: no action while the plough layer is intact, restore the
    farmland when it is damaged (unknown counts as damaged: the safer proposal). Never "no
    action" on 永久基本农田: orchards and ponds on it are to be corrected by a deadline even
    with the plough layer intact (土地管理法 第三十七条, 实施条例 2021 第五十一条).
    """
    if land_type == LandType.BASIC_FARMLAND and category == Category.FARMLAND_BREEDING:
        return Disposition.RESTORE_FARMLAND
    if category == Category.COMMERCIAL:
        return Disposition.PROSECUTE
    if category == Category.VILLAGER_HOUSING:
        return Disposition.PLANNING
    if category == Category.FARMLAND_BREEDING:
        return Disposition.NO_ACTION if plough_layer_damaged is False else Disposition.RESTORE_FARMLAND
    if category == Category.EXTRA_HOMESTEAD:
        return Disposition.DEMOLISH
    return None


def no_action_refusal(disposition: str, land_type: str | None) -> str:
    """Why "no action" may not be decided on this land, or "": 永久基本农田 used for orchards or
    ponds is always ordered corrected (实施条例 2021 第五十一条; before 2021-09-01 基本农田保护条例
    第三十三条), so the township may not close such a case without action."""
    if disposition == Disposition.NO_ACTION and land_type == LandType.BASIC_FARMLAND:
        return str(_("“No action” is not possible on permanent basic farmland: its use for orchards or ponds "
                     "must be corrected by a deadline (Article 51 of the Regulation for the Implementation of "
                     "the Land Administration Law)."))
    return ""


def needs_leader_approval(transition: str, category: str) -> bool:
    """Enforcement always, and "no action" on a commercial case, need a leader's approval."""
    return transition == "approve_enforcement" or (
        transition == "close_no_action" and category == Category.COMMERCIAL
    )


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]

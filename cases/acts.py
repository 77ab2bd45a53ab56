"""Act dates (issue #27): the day an act happened, kept apart from the moment it was recorded.

A township does not start on a blank page: notices are signed, served and inspected on paper
and entered later, often the next day by a clerk in the office. So every act carries its own
date — ``CaseEvent.occurred_on`` on the timeline, and on the records the service's
``served_on``, a document's ``issued_on``, an enforcement's ``carried_out_on`` … — while the
moment it was recorded stays the event's ``at`` and the audit trail's time. Deadlines,
"overdue" and the enforcement precondition count from the act's date, never from the
recording moment (a deadline runs from service: ``deadlines.clock.service_start``).

``check_act_date`` is the one rule of the date an act may carry, called by every service
that records an act (and by the forms that can tell early): not after today, not before the
case's registration (``ViolationCase.registered_on``; the registration itself is judged
against the discovery), and not before the act it follows (``previous_act``: the act that
brought the case to its status, or the one the caller names — service after signing).
A refusal is an ``ActDateError`` saying which date and why.
"""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from deadlines import dates

from .errors import ActDateError
from .models import CaseEvent, EventKind, ViolationCase

# The name of each act inside the messages ("the service date cannot be before …"), by the
# kind of event it writes, and for the acts that are not events of their own.
_DECISION = pgettext_lazy("act", "decision")
ACTS = {
    "discovery": pgettext_lazy("act", "discovery"),
    "issue": pgettext_lazy("act", "issue"),
    "corrected_issue": pgettext_lazy("act", "issue of the document it corrects"),
    "deadline": pgettext_lazy("act", "deadline"),
    EventKind.REGISTERED: pgettext_lazy("act", "registration"),
    EventKind.DECIDED: _DECISION,
    EventKind.DEFERRED: _DECISION,
    EventKind.CLOSED_NO_ACTION: _DECISION,
    EventKind.NOTIFIED: pgettext_lazy("act", "service"),
    EventKind.SELF_CORRECTED: pgettext_lazy("act", "self-correction"),
    EventKind.REINSPECTION_PASSED: pgettext_lazy("act", "re-inspection"),
    EventKind.REINSPECTION_FAILED: pgettext_lazy("act", "re-inspection"),
    EventKind.ENFORCEMENT_APPROVED: pgettext_lazy("act", "enforcement approval"),
    EventKind.ENFORCEMENT_RECORDED: pgettext_lazy("act", "enforcement measure"),
    EventKind.ENFORCEMENT_DONE: pgettext_lazy("act", "verification of the enforcement"),
    EventKind.RESOLVED: pgettext_lazy("act", "resolution"),
    EventKind.WITHDRAWN: pgettext_lazy("act", "withdrawal"),
    EventKind.REOPENED: pgettext_lazy("act", "reopening"),
    EventKind.DISCIPLINARY_RECORDED: pgettext_lazy("act", "disciplinary decision"),
    EventKind.NOTE: pgettext_lazy("act", "note"),
    EventKind.HANDED_OVER: pgettext_lazy("act", "hand-over"),
    # Review, notice, hearing and decision (cases/penalty.py), and the two steps before it that
    # its demo walks (cases/penalty_demo.py).
    EventKind.FILING_APPROVED: pgettext_lazy("act", "filing approval"),
    EventKind.REPORT_SUBMITTED: pgettext_lazy("act", "investigation report"),
    EventKind.LEGAL_REVIEWED: pgettext_lazy("act", "legal review"),
    EventKind.COLLECTIVE_DISCUSSION: pgettext_lazy("act", "collective discussion"),
    EventKind.PARTY_INFORMED: pgettext_lazy("act", "service of the notice of intended penalty"),
    EventKind.STATEMENT_RECEIVED: pgettext_lazy("act", "statement"),
    EventKind.HEARING_REQUESTED: pgettext_lazy("act", "hearing request"),
    EventKind.HEARING_HELD: pgettext_lazy("act", "hearing"),
    EventKind.RECHECKED: pgettext_lazy("act", "re-examination"),
    EventKind.DECISION_CLOCK_EXTENDED: pgettext_lazy("act", "extension approval"),
    EventKind.CLOCK_PAUSE_RECORDED: pgettext_lazy("act", "end of the period not counted"),
    EventKind.PENALTY_DECIDED: pgettext_lazy("act", "penalty decision"),
    EventKind.DECISION_SERVED: pgettext_lazy("act", "service of the decision"),
    EventKind.INVESTIGATION_SUSPENDED: pgettext_lazy("act", "suspension"),
    EventKind.INVESTIGATION_RESUMED: pgettext_lazy("act", "resumption"),
    EventKind.INVESTIGATION_TERMINATED: pgettext_lazy("act", "termination"),
    EventKind.INVESTIGATION_RECORDED: pgettext_lazy("act", "investigation record"),
    # Fines, payment and confiscation (cases/fines.py).
    EventKind.FINE_PAID: pgettext_lazy("act", "payment"),
    EventKind.FINE_ARRANGED: pgettext_lazy("act", "approval of the deferral or instalments"),
    EventKind.CONFISCATION_HANDED_OVER: pgettext_lazy("act", "hand-over of the confiscated buildings"),
    EventKind.REFERRED_TO_POLICE: pgettext_lazy("act", "referral to the police"),
    EventKind.REFERRAL_ANSWERED: pgettext_lazy("act", "police's answer"),
    # Enforcement through the court (cases/enforcement.py).
    EventKind.CHALLENGE_FILED: pgettext_lazy("act", "reconsideration or lawsuit"),
    EventKind.CHALLENGE_ENDED: pgettext_lazy("act", "outcome of the reconsideration or lawsuit"),
    EventKind.COURT_APPLIED: pgettext_lazy("act", "application to the court"),
    EventKind.COURT_RULED: pgettext_lazy("act", "court's ruling"),
    EventKind.DEMOLITION_DECIDED: pgettext_lazy("act", "forced demolition decision"),
    # 公示 (cases/publicity.py).
    EventKind.DECISION_PUBLISHED: pgettext_lazy("act", "publication"),
    EventKind.PUBLICATION_WITHDRAWN: pgettext_lazy("act", "withdrawal of the publication"),
    # 结案 and the demand's 陈述申辩 (cases/closing.py).
    EventKind.CASE_CLOSED: pgettext_lazy("act", "closing approval"),
    EventKind.DEMAND_STATEMENT: pgettext_lazy("act", "statement on the demand"),
    EventKind.DEMAND_STATEMENT_REVIEWED: pgettext_lazy("act", "review of the statement"),
}


def shown_date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def check_act_date(case: ViolationCase | None, on: datetime.date | None, *, act: str,
                   after: datetime.date | None = None, after_act: str = "") -> datetime.date:
    """The date of act ``act`` (a label of ``ACTS``) on ``case``, checked; ``None`` means today.

    Refused (``ActDateError``) when it is after today, before the case's registration
    (``case`` None: the registration itself, which ``after`` bounds by the discovery), or
    before ``after``, the date of the act it follows (named ``after_act``). The same day as
    the act it follows is allowed: a notice is often signed and served the same morning.
    """
    today = dates.today()
    on = on or today
    values = {"act": act, "date": shown_date(on)}
    if on > today:
        raise ActDateError(
            _("The %(act)s date (%(date)s) cannot be later than today (%(today)s): enter the day it happened.")
            % {**values, "today": shown_date(today)}
        )
    registered = getattr(case, "registered_on", None)
    if registered is not None and on < registered:
        raise ActDateError(
            _("The %(act)s date (%(date)s) cannot be before the case was registered (%(registered)s).")
            % {**values, "registered": shown_date(registered)}
        )
    if after is not None and on < after:
        raise ActDateError(
            _("The %(act)s date (%(date)s) cannot be before the %(previous)s it follows (%(previous_date)s).")
            % {**values, "previous": after_act, "previous_date": shown_date(after)}
        )
    return on


def previous_act(case: ViolationCase) -> tuple[datetime.date | None, str]:
    """The date and name of the act that brought ``case`` to its status: the act a transition follows.

    The latest event (in recording order) that led to the current status — the registration or
    reopening of a registered case, or its decision; the service (or failed re-inspection) of a
    notified one; the self-correction of a corrected one; the approval of an enforcing one.
    (None, "") for a case without such an event (rows made without the services).
    """
    event = (CaseEvent.objects.filter(case=case, to_status=case.status).order_by("-at", "-id")
             .only("kind", "occurred_on").first())
    if event is None:
        return None, ""
    return event.occurred_on, ACTS.get(event.kind, event.get_kind_display())

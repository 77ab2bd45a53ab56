"""The reminder kinds: one list, one line per kind.

A kind is a key, a label, a function ``items(today, until)`` that yields a ``Due`` for each
thing of that kind falling due by ``until`` (or overdue), and the default rungs of its
escalation ladder (working days overdue before the office, then the leader, are told; the
admin's ``EscalationRule`` overrides them). Another app's kind is added here in one line,
its ``items`` written beside its selector, e.g. the public reports' leads (part s5):

    Kind("report", _("Public report not handled"), "reminders.kinds.untouched_reports", 1, 1),

Every date comes from where it lives: the case's fields, ``deadlines/periods.py`` through
``deadlines.clock`` and the penalty chain's own readers (``reminders/kinds.py``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .kinds import Due


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    source: str  # dotted path of items(today, until) -> Iterable[Due]
    office_after: int = 2
    leader_after: int = 5

    def items(self, today, until) -> Iterable[Due]:
        function: Callable = import_string(self.source)
        return function(today, until)


KINDS: list[Kind] = [
    Kind("notice", _("Deadline of a rectification notice or decision"), "reminders.kinds.notice_deadlines", 2, 5),
    Kind("statement", _("Statement and defence period"), "reminders.kinds.statement_periods", 1, 3),
    Kind("hearing_request", _("Period to request a hearing"), "reminders.kinds.hearing_request_periods", 1, 3),
    Kind("decision", _("Time limit for the penalty decision"), "reminders.kinds.decision_clocks", 1, 3),
    Kind("finding", _("Patrol finding not handled"), "reminders.kinds.open_findings", 2, 5),
    Kind("patrol", _("Patrol plan falling behind"), "reminders.kinds.patrols_behind", 3, 10),
    Kind("task", _("Campaign task"), "reminders.kinds.campaign_tasks", 2, 5),
    # 举报 left three working days escalate: the office on the day, its leaders the next working day.
    Kind("report", _("Public report not handled"), "reminders.kinds.untouched_reports", 1, 1),
    # 公示 of a penalty decision and its withdrawal after a revocation (cases/publicity.py).
    Kind("publication", _("Publication of a penalty decision"), "reminders.kinds.publication_deadlines", 1, 3),
]


def kind(key: str) -> Kind | None:
    return next((k for k in KINDS if k.key == key), None)

"""What falls due, kind by kind: each function yields a ``Due`` for every item due by ``until``.

``until`` is the end of the "due soon" window (``deadlines.clock.due_soon_until``); items
already overdue are yielded too (``services.send_reminders`` decides the stage and the rung).
No date is computed here that is kept elsewhere: a case's notice deadline is its ``deadline``
field, the 陈述申辩 and hearing-request periods are the penalty chain's own
(``cases.penalty.statement_deadline``, ``hearing_request_deadline``), the 90-day clock is
``cases.procedure.decision_clock``, a finding's period is ``deadlines.periods`` "finding", a
patrol plan's interval is ``patrols.coverage``'s and a task's date its ``due_date``.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Task
from cases import penalty, procedure, publicity
from cases.models import CaseStatus, EventKind, ViolationCase
from deadlines.clock import add_working_days, deadline
from landwatch.roles import Role
from patrols.coverage import month_bounds, village_coverage
from patrols.models import PatrolFinding
from reports.selectors import UNTOUCHED_WORKING_DAYS, leads_untouched
from territory.models import ResponsibilityUnit, UnitMembership

# The decision clock is at least 90 calendar days (办法 第三十八条): a case filed later than this
# before the window's end cannot fall due in it, and is not read.
DECISION_DAYS = 90


@dataclass(frozen=True)
class Due:
    """One thing falling due: what it is (``subject``, unique within its kind), when, who answers for it."""

    subject: str
    due_on: datetime.date
    title: str
    url: str
    township_id: int | None
    assignee_ids: tuple[int, ...] = ()
    case_id: int | None = None


def _case_due(case: ViolationCase, due_on: datetime.date, what: str) -> Due:
    return Due(subject=f"case:{case.pk}", due_on=due_on, title=f"{case.number} {case.title}：{what}",
               url=case.get_absolute_url(), township_id=case.village.township_id,
               assignee_ids=(case.assignee_id,) if case.assignee_id else (), case_id=case.pk)


def _cases():
    return ViolationCase.objects.select_related("village").only(
        "pk", "number", "title", "assignee_id", "village__township_id", "deadline", "filed_on", "status")


def notice_deadlines(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """The party's deadline of a served 整改通知书 or penalty decision (``ViolationCase.deadline``)."""
    for case in _cases().filter(pk__in=ViolationCase.objects.with_open_notice().filter(deadline__lte=until)):
        yield _case_due(case, case.deadline, _("the deadline given to the party"))


def _informed() -> Iterator[tuple[ViolationCase, penalty.ChainFacts]]:
    for case in _cases().filter(status=CaseStatus.INFORMED):
        yield case, penalty.chain_facts(case)


def statement_periods(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """The 陈述申辩 period of a served 告知书 (5 working days, 办法 第三十三条、第五十七条), until
    the party's statement is on record."""
    for case, facts in _informed():
        due = penalty.statement_deadline(facts)
        if due is None or due.date > until or facts.last(EventKind.STATEMENT_RECEIVED):
            continue
        yield _case_due(case, due.date, _("the statement and defence period ends"))


def hearing_request_periods(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """The period to ask for a hearing after the 听证告知书 (5 working days, 办法 第三十四条), until
    a request is on record."""
    for case, facts in _informed():
        due = penalty.hearing_request_deadline(facts)
        if due is None or due.date > until or facts.last(EventKind.HEARING_REQUESTED):
            continue
        yield _case_due(case, due.date, _("the period to request a hearing ends"))


def decision_clocks(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """The time limit for the decision (90 days from 立案, pauses and extensions counted:
    ``procedure.decision_clock``; 自然资源行政处罚办法 第三十八条)."""
    latest_filing = until - datetime.timedelta(days=DECISION_DAYS)
    for case in _cases().filter(status__in=procedure.BEFORE_DECISION, filed_on__lte=latest_filing):
        clock = procedure.decision_clock(case, today=today)
        if clock is not None and clock.date <= until:
            yield _case_due(case, clock.date, _("the time limit for the penalty decision"))


def open_findings(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """A finding still "reported" three working days after its report (periods "finding"): the
    office registers it as a case or dismisses it."""
    earliest = timezone.make_aware(datetime.datetime.combine(until - datetime.timedelta(days=2), datetime.time()))
    for finding in (PatrolFinding.objects.reported().filter(reported_at__lt=earliest)
                    .select_related("village").order_by("pk")):
        due = deadline("finding", timezone.localdate(finding.reported_at)).date
        if due <= until:
            yield Due(subject=f"finding:{finding.pk}", due_on=due, title=_("Patrol finding: %(place)s")
                      % {"place": finding.place}, url=finding.get_absolute_url(),
                      township_id=finding.village.township_id)


def untouched_reports(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """A public report (举报) the office has left alone: due on the third working day after it came
    in or was last handled (``reports.selectors.leads_untouched``, on the holiday table). A report
    has no assignee, so its first rung is the township's office. The title names the receipt and the
    place, never the reporter (issue 23: the identity stays with the office and above). Handled and
    left alone again, it counts from the new day, a new subject."""
    for report in leads_untouched(until).order_by("pk"):
        touched = timezone.localdate(report.last_action_at or report.submitted_at)
        yield Due(subject=f"report:{report.pk}:{touched.isoformat()}",
                  due_on=add_working_days(touched, UNTOUCHED_WORKING_DAYS),
                  title=_("Public report %(receipt)s: %(place)s")
                  % {"receipt": report.receipt, "place": report.place_text or (report.village or report.township)},
                  url=report.get_absolute_url(), township_id=report.township_id)


# The coverage reader scopes by the user asking; the reminders ask for every village.
_EVERYONE = SimpleNamespace(is_authenticated=True, is_superuser=True, pk=None)


def patrols_behind(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """A village whose regular patrol plan is falling behind: its last patrol is older than the
    plan's interval (``patrols.coverage``). Due the day the interval ends; a village never
    patrolled is due from the first of the month. The village's coordinators answer for it."""
    villages = ResponsibilityUnit.objects.villages().active()
    rows = [row for row in village_coverage(_EVERYONE, today=today, villages=villages, with_findings=False,
                                            with_coordinators=False)
            if row.has_plan]
    coordinators: dict[int, list[int]] = {}
    for unit_id, user_id in UnitMembership.objects.filter(
            unit__in=[row.village.pk for row in rows], role=Role.COORDINATOR, active=True,
            user__is_active=True).values_list("unit_id", "user_id"):
        coordinators.setdefault(unit_id, []).append(user_id)
    for row in rows:
        if row.last_patrol is None:
            due = month_bounds(today)[0]
        else:
            due = row.last_patrol + datetime.timedelta(days=row.interval_days)
        if due > until:
            continue
        yield Due(subject=f"village:{row.village.pk}", due_on=due,
                  title=_("Patrol due in %(village)s") % {"village": row.village.name},
                  url=reverse("patrols:coverage"), township_id=row.village.township_id,
                  assignee_ids=tuple(coordinators.get(row.village.pk, ())))


def campaign_tasks(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """An open task of the campaign by its ``due_date``; its responsible person answers for it."""
    for task in Task.objects.open().filter(due_date__lte=until).select_related("campaign").order_by("pk"):
        yield Due(subject=f"task:{task.pk}", due_on=task.due_date, title=_("Campaign task: %(title)s")
                  % {"title": task.title}, url=task.get_absolute_url(), township_id=task.campaign.township_id,
                  assignee_ids=(task.owner_id,) if task.owner_id else ())


def publication_deadlines(today: datetime.date, until: datetime.date) -> Iterator[Due]:
    """公示 of a penalty decision within 7 working days of its making, and its withdrawal within 3
    working days of a revocation (``cases.publicity.due_items``; 行政处罚法 第四十八条)."""
    for case, due_on, what in publicity.due_items(until):
        yield _case_due(case, due_on, what)

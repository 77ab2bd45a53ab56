"""Patrol coverage (动态巡查): planned against done per village, computed in a few aggregate queries.

What "planned" means: a regular plan in force today (active, inside its validity, and in
its months if seasonal) promises ``times`` patrols per week or per month in each of its
villages. For the week, weekly plans count as they are and monthly plans not at all; for
the calendar month, monthly plans count as they are and weekly plans four times. A joint
spot check (不定期) is never planned coverage. A village is overdue when it has a plan and
its last patrol is older than the plan's interval (7 days ÷ weekly times, or the month's
length ÷ monthly times), or it has a plan and was never patrolled.
"""

import datetime
import json
import math
from calendar import monthrange
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce

from landwatch.roles import Role
from territory.selectors import unit_scope_q, villages_visible_to

from .models import FindingCount, FindingStatus, PatrolDay, PatrolLog, PatrolPlan, PlanKind, PlanPeriod


class Village(NamedTuple):
    """What a coverage row shows of its village, read as plain values rather than as a unit: the
    dashboard keeps its rows pickled, and a county's 200 villages as units took 3.2 ms to pickle
    and 2.0 to read back, against 0.9 and 0.8 as tuples of their pk, name and township
    (docs/PERFORMANCE.md, twenty-sixth session)."""

    pk: int
    name: str
    code: str
    township_id: int | None


@dataclass
class VillageCoverage:
    village: Village
    coordinators: int | None = 0  # None: not counted (``village_coverage(with_coordinators=False)``)
    done_week: int = 0
    done_month: int = 0
    planned_week: int = 0
    planned_month: int = 0
    last_patrol: datetime.date | None = None
    findings_total: int = 0
    findings_open: int = 0
    interval_days: int | None = None
    today: datetime.date = field(default_factory=datetime.date.today)

    @property
    def days_since_last(self) -> int | None:
        return (self.today - self.last_patrol).days if self.last_patrol else None

    @property
    def has_plan(self) -> bool:
        return self.interval_days is not None

    @property
    def overdue(self) -> bool:
        if not self.has_plan:
            return False
        return self.last_patrol is None or self.days_since_last > self.interval_days

    @property
    def behind_week(self) -> bool:
        return self.done_week < self.planned_week

    @property
    def behind_month(self) -> bool:
        return self.done_month < self.planned_month

    @property
    def without_coordinator(self) -> bool:
        return self.coordinators == 0  # None (not counted) says nothing either way


def week_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = today - datetime.timedelta(days=today.weekday())
    return start, start + datetime.timedelta(days=6)


def month_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today.replace(day=1), today.replace(day=monthrange(today.year, today.month)[1])


def _last_patrol(user, lookup: str, today: datetime.date) -> Subquery:
    logs = PatrolLog.objects.current().filter(patrolled_on__lte=today)
    if lookup != "village":
        # A joint patrol counts where its own village lies in the user's scope. A log of the
        # village itself does by the village's own scope (``village_coverage`` keeps only the
        # villages in it): checked again per village, PostgreSQL scanned the units 200 times.
        logs = logs.filter(unit_scope_q(user, "village"))
    return Subquery(logs.filter(**{lookup: OuterRef("pk")}).order_by("-patrolled_on").values("patrolled_on")[:1])


def village_coverage(user, *, today: datetime.date, villages=None, with_findings: bool = True,
                     with_coordinators: bool = True) -> list[VillageCoverage]:
    """Coverage of every village the user may see (or of ``villages``), in three queries (the
    regular plans in force ride with the patrol counts).

    ``with_findings=False`` leaves the finding counts at zero and saves their query;
    ``with_coordinators=False`` leaves ``coordinators`` None and saves the villages' join to
    their memberships and users: the county dashboard's village query compiled in 0.69 ms and
    answered in 2.33 instead of 1.07 and 2.82 (docs/PERFORMANCE.md, thirty-second session).
    """
    week_start, week_end = week_bounds(today)
    month_start, month_end = month_bounds(today)
    # Only villages in the user's scope (``_last_patrol`` relies on it).
    qs = villages_visible_to(user) if villages is None else villages.filter(unit_scope_q(user))
    coordinators = Count(
        "memberships",
        filter=Q(memberships__role=Role.COORDINATOR, memberships__active=True, memberships__user__is_active=True),
        distinct=True,
    ) if with_coordinators else Value(None, IntegerField())
    village_list = list(
        qs.values_list("pk", "name", "code", "township_id").annotate(
            coordinator_count=coordinators,
            # The last patrol looked up per village (an index probe on village + date) rather
            # than found by grouping every log the township ever wrote.
            last_own=_last_patrol(user, "village", today),
            last_joint=_last_patrol(user, "other_villages", today),
        ).order_by("township__path", "sort_order", "name")
    )
    rows = {
        pk: VillageCoverage(
            village=Village(pk, name, code, township_id), coordinators=coordinators, today=today,
            last_patrol=max((d for d in (last_own, last_joint) if d), default=None),
        )
        for pk, name, code, township_id, coordinators, last_own, last_joint in village_list
    }
    if not rows:
        return []
    # The villages again as a subquery, not their ids: 200 ids were prepared one by one into
    # each of three queries. (A village made active between the two reads has no row: skipped.)
    ids = qs.values("pk")

    # The regular plans in force in those villages ride in the same round trip (a row of a plan
    # has its times; a row of logs has none): compiled together in 1.29 ms, against 1.03 and 0.58
    # as two queries (docs/PERFORMANCE.md, twenty-ninth session).
    no_plan = {"plan_times": Cast(Value(None), IntegerField()), "plan_period": Cast(Value(None), CharField()),
               "plan_months": Cast(Value(None), CharField())}
    # Only this week's and this month's patrols are counted, in one round trip (UNION ALL): each
    # village's own logs from its rows per day (``PatrolDay``, kept by the database: at most 31 a
    # village, however many logs), and the villages a joint patrol also covered from the logs,
    # where the log's own village lies in the user's scope (as ``_last_patrol``; for its own,
    # ``ids`` holds the villages in scope).
    first_day = min(week_start, month_start)
    own = (
        PatrolDay.objects.filter(village__in=ids, day__gte=first_day, day__lte=today)
        .values(v=F("village"))
        .annotate(
            week=Coalesce(Sum("n", filter=Q(day__range=(week_start, week_end))), 0),
            month=Coalesce(Sum("n", filter=Q(day__range=(month_start, month_end))), 0),
            **no_plan,
        )
        .order_by()
    )
    # A log is one row per other village it covered (a pair of the table between them), so a
    # plain count is exact. Counting a column of the date index, never null, hashes the rows.
    joint = (
        PatrolLog.objects.current().filter(patrolled_on__lte=today, patrolled_on__gte=first_day)
        .filter(unit_scope_q(user, "village"), other_villages__in=ids)
        .values(v=F("other_villages"))
        .annotate(
            week=Count("patrolled_on", filter=Q(patrolled_on__range=(week_start, week_end))),
            month=Count("patrolled_on", filter=Q(patrolled_on__range=(month_start, month_end))),
            **no_plan,
        )
        .order_by()
    )
    plans = (
        PatrolPlan.objects.valid_on(today).filter(kind=PlanKind.REGULAR, villages__in=ids)
        .values(v=F("villages"), week=Value(0), month=Value(0), plan_times=F("times"), plan_period=F("period"),
                plan_months=Cast("months", CharField()))
        .order_by()
    )
    plan_rows = []
    for row in own.union(joint, plans, all=True):
        if row["plan_times"] is not None:
            plan_rows.append(row)
            continue
        cov = rows.get(row["v"])
        if cov is None:
            continue
        cov.done_week += row["week"]
        cov.done_month += row["month"]

    if with_findings:
        _count_findings(rows, ids)
    _add_plans(rows, plan_rows, today)
    return list(rows.values())


def _count_findings(rows: dict, ids: QuerySet) -> None:
    # From the counts per village and status that the database keeps (``FindingCount``): the bench
    # county's 50,075 findings were counted through their (village, status) index in 6.1 ms.
    findings = (
        FindingCount.objects.filter(village__in=ids)
        .values("village")
        .annotate(total=Sum("n"), open=Coalesce(Sum("n", filter=Q(status=FindingStatus.REPORTED)), 0))
        .order_by()
    )
    for row in findings:
        if row["village"] in rows:
            rows[row["village"]].findings_total = row["total"]
            rows[row["village"]].findings_open = row["open"]


def _add_plans(rows: dict, plans: list[dict], today: datetime.date) -> None:
    """Add the regular plans in force (rows of a village, its times, period and months as JSON
    text) to the villages' planned patrols and intervals."""
    days_in_month = monthrange(today.year, today.month)[1]
    for plan in plans:
        times, period, months = plan["plan_times"], plan["plan_period"], json.loads(plan["plan_months"] or "[]")
        if months and today.month not in months:
            continue
        cov = rows.get(plan["v"])
        if cov is None:
            continue
        if period == PlanPeriod.WEEK:
            cov.planned_week += times
            cov.planned_month += times * 4
            interval = math.ceil(7 / times)
        else:
            cov.planned_month += times
            interval = math.ceil(days_in_month / times)
        cov.interval_days = interval if cov.interval_days is None else min(cov.interval_days, interval)

"""The dashboard's figures, each from one aggregate query over what the user may see.

Every count here is grouped in the database (``values(...).annotate(...)`` with
``Count(..., filter=Q(...))``), never one query per village, township or figure, so the
page costs the same number of queries with ten cases or ten thousand. The definitions
follow the case model's named filters (``ViolationCase.objects.open()``, ``overdue()``,
``due_soon()``) and a test holds them equal.

What counts as what (a case withdrawn, i.e. registered in error, is no case: it is counted
nowhere but in its own "withdrawn" note, like the campaign report's "found" leaves it out):
- total: every case but those withdrawn, so total = open + closed (the tiles add up); it opens
  the case list's "all but withdrawn" choice;
- open: registered … deferred (``OPEN_STATUSES``); closed: closed; withdrawn: withdrawn;
- overdue: a served notice whose deadline has passed; due soon: deadline today or within
  ``DUE_SOON_DAYS`` working days (``deadlines.clock.due_soon_until``);
- closed this week: closed on Monday of this week or later (``closed_on``);
- area occupied: the area of every case counted in the total, and it opens the same list, whose
  total row adds up the same areas; area restored: the area of the closed cases (the land given
  back or legalised), opening the closed cases;
- patrols this week against planned: ``patrols.coverage`` (regular plans in force);
- findings awaiting registration: patrol findings still "reported";
- projects with warnings: active land project cards with at least one computed warning.
"""

from __future__ import annotations

import bisect
import datetime
import operator
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    DateField,
    DecimalField,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from cases.models import DUE_SOON_DAYS, OPEN_STATUSES, RUNNING_STATUSES, CaseStatus, ViolationCase
from cases.selectors import cases_visible_to, summaries_visible_to
from cases.summary import AssigneeSummary, CaseSummary, CauseSummary, ClosureSummary, DeadlineSummary
from deadlines import clock
from landwatch import dataversion, links
from landwatch.subqueries import Joined, Packed
from landwatch.vocabulary import Category, Cause
from patches.models import Judgement, PatchStatus
from patches.selectors import batch_reached_q, batches_visible_to, patches_visible_to
from patrols.coverage import village_coverage, week_bounds
from patrols.models import FindingStatus
from patrols.selectors import finding_counts_visible_to, findings_visible_to
from territory import geo
from territory.models import Zone
from territory.selectors import (
    layers_visible_to,
    scope_key,
    townships_visible_to,
    villages_visible_to,
)

STATUS_COLOURS = {
    CaseStatus.REGISTERED: "#6c757d",
    CaseStatus.FILED: "#3d5a80",
    CaseStatus.SUSPENDED: "#5c636a",
    CaseStatus.REVIEWING: "#055160",
    CaseStatus.INFORMED: "#8a4f00",
    CaseStatus.DECIDED: "#842029",
    CaseStatus.NOTIFIED: "#0d6efd",
    CaseStatus.CORRECTED: "#087990",  # as the status badge (cases.css), dark enough for white text
    CaseStatus.ENFORCING: "#dc3545",
    CaseStatus.DEFERRED: "#fd7e14",
    CaseStatus.CLOSED: "#198754",
    CaseStatus.WITHDRAWN: "#adb5bd",
}
SHOWN_STATUSES = [s for s in CaseStatus if s != CaseStatus.WITHDRAWN]
MAP_LIMIT = 5000


# --- Headline figures ---------------------------------------------------------------------------


def _dated_aggregates(today: datetime.date) -> dict:
    """The figures that depend on a date of the case, not only on its status."""
    week_start, _week_end = week_bounds(today)
    notified = Q(status__in=RUNNING_STATUSES, deadline__isnull=False)
    closed = Q(status=CaseStatus.CLOSED)
    return {
        "overdue": Count("pk", filter=notified & Q(deadline__lt=today)),
        "due_soon": Count(
            "pk",
            filter=notified & Q(deadline__gte=today, deadline__lte=clock.due_soon_until(today, DUE_SOON_DAYS)),
        ),
        "closed_week": Count("pk", filter=closed & Q(closed_on__gte=week_start, closed_on__lte=today)),
    }


def _by_status(group_by: str, group, status: str, n: int, area: Decimal | None) -> dict:
    """A ``case_tallies`` grid row (a group and one status) with the figures its status alone
    decides, from its cases and their area."""
    area = area or _NO_AREA
    counted, closed = status != CaseStatus.WITHDRAWN, status == CaseStatus.CLOSED
    return {
        group_by: group, "status": status,
        "total": n if counted else 0,
        "open": n if status in _OPEN else 0,
        "withdrawn": 0 if counted else n,
        "closed": n if closed else 0,
        "overdue": 0, "due_soon": 0, "closed_week": 0,
        "area": area if counted else _NO_AREA,
        "area_restored": area if closed else _NO_AREA,
    }


_OPEN = frozenset(OPEN_STATUSES)
# One zero for every grid row's area it does not count: the shares are kept pickled, and pickle
# writes an object met before as a reference (a county's grids pickled in 0.42 ms instead of 0.72).
_NO_AREA = Decimal(0)


def _case_aggregates(today: datetime.date) -> dict:
    counted = ~Q(status=CaseStatus.WITHDRAWN)
    closed = Q(status=CaseStatus.CLOSED)
    return {
        "total": Count("pk", filter=counted),
        "open": Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        "withdrawn": Count("pk", filter=Q(status=CaseStatus.WITHDRAWN)),
        "closed": Count("pk", filter=closed),
        **_dated_aggregates(today),
        "area": Sum("area_m2", filter=counted),
        "area_restored": Sum("area_m2", filter=closed),
    }


def case_counts(cases: QuerySet[ViolationCase], *, today: datetime.date, group_by: str | None = None):
    """The headline case numbers: one row (a dict) per ``group_by`` value, or one dict for all."""
    qs = cases.order_by()
    if group_by is None:
        return _zero_areas(qs.aggregate(**_case_aggregates(today)))
    return {row[group_by]: _zero_areas(row) for row in qs.values(group_by).annotate(**_case_aggregates(today))}


WEEKLY_DAYS = 200  # the closed chart's longest span drawn in weeks


class WeekStart(Func):
    """The Monday of a date's week, as a date (PostgreSQL's date_trunc on a plain timestamp: Django's
    ``TruncWeek`` goes through a timestamp with time zone, half as fast over the county's closures)."""

    output_field = DateField()
    template = "DATE_TRUNC('week', %(expressions)s::timestamp)::date"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'weekday 0', '-6 days')", **extra)


class MonthStart(Func):
    """The first of a date's month, as a date (as ``WeekStart``)."""

    output_field = DateField()
    template = "DATE_TRUNC('month', %(expressions)s::timestamp)::date"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')", **extra)


@dataclass
class CaseTallies:
    """What the dashboard's case figures and charts are drawn from (``case_tallies``).

    ``grid``: one row per (``group_by``, status) with the figures its status decides
    (``_by_status``), and one row per group with status None holding its dated figures
    (overdue, due soon, closed this week), so that ``sum_grid`` adds up both and the status
    chart, which counts ``total``, passes over the dated rows. ``categories``: the cases
    (withdrawn ones left out) of each category, for the category chart, kept apart: rows per
    (group, status, category) made a county's grid 500 rows instead of 80, each read, kept and
    added up. ``holders``: one row per holder of open cases with their overdue notices.
    ``closed``: the cases closed in each (week, month) bucket, keyed by the Monday of the week
    and the first of the month (a week across two months is two buckets), with the first and
    last days closed in it: ``{(week, month): [n, first, last]}``, each day as its ordinal
    (``date.toordinal``: the shares are kept pickled, and a decade of dates took 3 of the 4 ms
    that pickling a county's case parts cost).
    ``causes``: the cases (withdrawn ones left out) carrying each cause tag.
    """

    grid: list[dict]
    holders: list[dict]
    closed: dict
    causes: dict
    categories: dict


NAME_FIELDS = ("first_name", "last_name", "username")  # an assignee's, for the assignee chart
HELD = "held"  # ``case_tallies``' rows of open cases per assignee, beside the status rows
MONTHLY = "monthly"  # its row of a share with a closure before the weeks drawn (its chart: months)
CLOSED_WEEK = "closed-week"  # its rows of the cases closed this week per group
CATEGORY = "category"  # its rows of the cases of each category (withdrawn ones left out)


def case_tallies(user, *, today: datetime.date, group_by: str, townships: list[int] | None = None):
    """The case figures of the user's scope in two queries whose cost does not grow with the cases.

    - counts and areas per (group, status), cases per category and per cause, and open cases per
      assignee with the assignee's name: from ``CaseSummary``, ``CauseSummary`` and ``AssigneeSummary``,
      kept exact by the database (``cases/summary.py``); the shares with a closure before the
      first of the month ``WEEKLY_DAYS`` ago, whose chart is drawn in months (``closed_chart``),
      with all their months from ``ClosureSummary``; and the cases closed this week per group;
      in one query (UNION ALL; a cause row has no status, the other rows name theirs: ``CATEGORY``,
      ``HELD``, ``MONTHLY``, ``CLOSED_WEEK``);
    - overdue and due-soon notices per (group, assignee), and the closures of the shares drawn
      in weeks, in one query (UNION ALL; a running row has no month): the running cases whose
      deadline falls from the first of this month to the end of the due-soon window from
      ``case_status_deadline_idx``, those whose deadline fell in a month before (overdue) from
      ``DeadlineSummary``, and the closures of the shares drawn in weeks (all since that month)
      per week and month from the closed cases' index. At county scale, where every township
      has closures over the years, no closed case is read one by one but this week's.
    Where a figure needs no village (the county's grid and overdue notices per township, the
    causes, the assignees, the months), the summaries per township are read
    (``summaries_visible_to``, ``per_village``):
    at county scale 1,500 rows instead of 41,000 (~14 ms less in the database, docs/PERFORMANCE.md).
    A few thousand summary rows and the dated cases are read at county scale, not every case.

    With ``townships`` (their pks): the cases of those townships' villages only, one
    ``CaseTallies`` per township (``{pk: tallies}``) from the same two queries, each grouped
    by township as well: a township's share of a county's figures (``dashboards/shares.py``).
    """
    week_start, _week_end = week_bounds(today)
    split = F("village__township") if townships is not None else Value(None, IntegerField())

    def narrowed(queryset):
        return queryset if townships is None else queryset.filter(village__township__in=townships)

    def summed_up(model, *, per_village: bool = False) -> tuple:
        """A summary's rows in scope (per township where they need no village: a county's
        dashboard reads a few hundred rows of each instead of up to 20,000), with a row's township."""
        rows = summaries_visible_to(user, model, per_village=per_village)
        township = rows.model.TOWNSHIP
        if townships is None:
            return rows, Value(None, IntegerField())
        return rows.filter(**{f"{township}__in": townships}), F(township)

    no_name = {name: Value(None, CharField()) for name in NAME_FIELDS}
    grid, grid_split = summed_up(CaseSummary, per_village=group_by != "village__township")
    categories, category_split = summed_up(CaseSummary)
    causes, cause_split = summed_up(CauseSummary)
    held, held_split = summed_up(AssigneeSummary)
    closures, closure_split = summed_up(ClosureSummary)
    deadlines, deadline_split = summed_up(DeadlineSummary, per_village=group_by != "village__township")
    cases = narrowed(cases_visible_to(user)).order_by()
    recent = (today - datetime.timedelta(days=WEEKLY_DAYS)).replace(day=1)  # closures read case by case since
    this_month = today.replace(day=1)  # deadlines read case by case since
    no_key = Value(None, CharField())
    summed = (
        grid.values(t=grid_split, g=F(grid.model.TOWNSHIP if group_by == "village__township" else group_by),
                    s=F("status"), **no_name)
        .annotate(k=no_key, cases=Sum("n"), area=Sum("area_m2"))
        .order_by()
    ).union(
        categories.exclude(status=CaseStatus.WITHDRAWN)
        .values(t=category_split, g=Value(None, IntegerField()), s=Value(CATEGORY, CharField()), **no_name)
        .annotate(k=F("category"), cases=Sum("n"), area=Value(None, DecimalField()))
        .order_by(),
        causes.exclude(status=CaseStatus.WITHDRAWN)
        .values(t=cause_split, g=Value(None, IntegerField()), s=Value(None, CharField()), **no_name)
        .annotate(k=F("cause"), cases=Sum("n"), area=Value(None, DecimalField()))
        .order_by(),
        held.filter(status__in=OPEN_STATUSES)
        .values(t=held_split, g=F("assignee"), s=Value(HELD, CharField()),
                **{name: F(f"assignee__{name}") for name in NAME_FIELDS})
        .annotate(k=no_key, cases=Sum("n"), area=Value(None, DecimalField()))
        .filter(cases__gt=0)
        .order_by(),
        # The shares with a closure before ``recent`` (their chart is drawn in months, every month
        # from the summary), with their months packed as text ("2016-03-01:4,…"): a county's
        # 1,300 rows of a township and a month cost 3.5 ms more through the ORM than ten rows.
        closures.filter(status=CaseStatus.CLOSED, n__gt=0)
        .values(t=closure_split, g=Value(None, IntegerField()), s=Value(MONTHLY, CharField()), **no_name)
        .annotate(k=Joined(Packed("month", "n")),
                  cases=Sum("n", filter=Q(month__lt=recent)), area=Value(None, DecimalField()))
        .filter(cases__gt=0)  # (the scope's as one share has no GROUP BY: one row, of NULL, when none)
        .order_by(),
        # The cases closed this week, per group.
        cases.filter(status=CaseStatus.CLOSED, closed_on__gte=week_start, closed_on__lte=today)
        .values(t=split, g=F(group_by), s=Value(CLOSED_WEEK, CharField()), **no_name)
        .annotate(k=no_key, cases=Count("closed_on"), area=Value(None, DecimalField())),
        all=True,
    )
    shares = {pk: _Tallying() for pk in (townships if townships is not None else [None])}
    monthly = set()  # the shares drawn in months
    ordinals: dict[str, int] = {}  # each month's, read once for all the shares
    for row in summed:
        share = shares[row["t"]]
        if row["s"] is None:
            share.causes[row["k"]] = row["cases"]
        elif row["s"] == CATEGORY:
            share.categories[row["k"]] = row["cases"]
        elif row["s"] == HELD:
            share.holders[row["g"]] = {
                "assignee": row["g"], **{f"assignee__{name}": row[name] for name in NAME_FIELDS},
                "open": row["cases"], "overdue": 0,
            }
        elif row["s"] == MONTHLY:
            monthly.add(row["t"])
            _add_months(share.closed, row["k"], ordinals)
        elif row["s"] == CLOSED_WEEK:
            share.dated.setdefault(row["g"], _dated_row(group_by, row["g"]))["closed_week"] += row["cases"]
        else:
            share.grid.append(_by_status(group_by, row["g"], row["s"], row["cases"], row["area"]))
    # (A typed NULL: PostgreSQL types the untyped NULLs of two parts in a row as text.)
    no_date = Cast(Value(None), DateField())
    parts = [
        # The running cases whose deadline falls this month or in the due-soon window, case by case:
        # overdue (x) or due soon (y).
        cases.filter(
            status__in=RUNNING_STATUSES, deadline__gte=this_month,
            deadline__lte=clock.due_soon_until(today, DUE_SOON_DAYS),
        )
        .values(t=split, g=F(group_by), who=F("assignee"), week=no_date, month=no_date)
        # Counting a column of the index (never null here), not the id: the id is not in it.
        .annotate(
            x=Count("deadline", filter=Q(deadline__lt=today)), y=Count("deadline", filter=Q(deadline__gte=today)),
            first=no_date, last=no_date,
        ),
        # Those whose deadline fell in a month before this one, from the summary: all overdue.
        deadlines.filter(status__in=RUNNING_STATUSES, month__lt=this_month)
        .values(t=deadline_split, g=F(deadlines.model.TOWNSHIP if group_by == "village__township" else group_by),
                who=F("assignee"), week=no_date, no_month=no_date)  # (the summary has a column "month")
        .annotate(x=Sum("n"), y=Value(0, IntegerField()), first=no_date, last=no_date)
        .filter(x__gt=0),  # (a row left at 0 by cases since closed)
    ]
    weekly = [pk for pk in shares if pk not in monthly]
    if weekly:
        # The shares drawn in weeks: their closures (all since ``recent``) case by case, per week and
        # month (``closed_chart`` draws weeks when every closure is at most WEEKLY_DAYS old).
        closed = cases.filter(status=CaseStatus.CLOSED, closed_on__gte=recent)
        parts.append(
            (closed if townships is None else closed.filter(village__township__in=weekly))
            .values(t=split, g=Value(None, IntegerField()), who=Value(None, IntegerField()),
                    week=WeekStart("closed_on"), month=MonthStart("closed_on"))
            .annotate(x=Count("closed_on"), y=Value(0, IntegerField()), first=Min("closed_on"),
                      last=Max("closed_on"))
        )
    for row in parts[0].union(*parts[1:], all=True):
        share = shares[row["t"]]
        if row["month"] is None:  # running cases of a group and assignee: overdue (x), due soon (y)
            figures = share.dated.setdefault(row["g"], _dated_row(group_by, row["g"]))
            figures["overdue"] += row["x"]
            figures["due_soon"] += row["y"]
            if row["x"] and row["who"] in share.holders:  # (a case assigned between the two reads: in the next)
                share.holders[row["who"]]["overdue"] += row["x"]
        else:  # cases closed in a (week, month)
            _add_closed(share.closed, (_day(row["week"]), _day(row["month"])),
                        [row["x"], _day(row["first"]), _day(row["last"])])
    if townships is None:
        return shares[None].done()
    return {pk: share.done() for pk, share in shares.items()}


@dataclass
class _Tallying:
    """A ``CaseTallies`` being read: its holders and dated rows by key until ``done``."""

    grid: list = field(default_factory=list)
    holders: dict = field(default_factory=dict)
    dated: dict = field(default_factory=dict)
    closed: dict = field(default_factory=dict)
    causes: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)

    def done(self) -> CaseTallies:
        return CaseTallies(self.grid + list(self.dated.values()), list(self.holders.values()),
                           self.closed, self.causes, self.categories)


def add_tallies(parts: list[CaseTallies]) -> CaseTallies:
    """The sum of several townships' ``CaseTallies`` (their grids side by side, the rest added up)."""
    grid, holders, closed, causes, categories = [], {}, {}, Counter(), Counter()
    for part in parts:
        grid.extend(part.grid)
        for row in part.holders:
            held = holders.setdefault(row["assignee"], {**row, "open": 0, "overdue": 0})
            held["open"] += row["open"]
            held["overdue"] += row["overdue"]
        for bucket, figures in part.closed.items():
            _add_closed(closed, bucket, figures)
        causes.update(part.causes)  # (a Counter adds them up)
        categories.update(part.categories)
    return CaseTallies(grid, list(holders.values()), closed, dict(causes), dict(categories))


def _day(day: datetime.date | None) -> int | None:
    """A day as ``CaseTallies.closed`` holds it."""
    return None if day is None else day.toordinal()


def _add_closed(closed: dict, bucket: tuple, figures: list) -> None:
    """Add a bucket's [cases, first day, last day] into ``closed`` (``CaseTallies.closed``)."""
    n, first, last = figures
    kept = closed.get(bucket)
    if kept is None:
        closed[bucket] = [n, first, last]
        return
    kept[0] += n
    if first < kept[1]:
        kept[1] = first
    if last > kept[2]:
        kept[2] = last


def _add_months(closed: dict, packed: str, ordinals: dict) -> None:
    """Add a ``MONTHLY`` row's months ("2016-03-01:4,2016-04-01:2,…") into ``closed``, each as the
    bucket (None, its first day); ``ordinals``: the months' days already read, by their text
    (a county's ten townships name the same 130 months)."""
    for item in packed.split(","):
        month, n = item.split(":")
        day = ordinals.get(month)
        if day is None:
            day = ordinals[month] = datetime.date.fromisoformat(month).toordinal()
        _add_closed(closed, (None, day), (int(n), day, day))


def _dated_row(group_by: str, group) -> dict:
    return {group_by: group, "status": None, **EMPTY_CASE_COUNTS}


def sum_grid(grid: list[dict], *, by: str | None = None):
    """``case_counts``' answer from ``case_grid``'s rows: one dict, or one per ``by`` value."""
    if by is None:
        return _add_up(grid)
    groups: dict = {}
    for row in grid:
        groups.setdefault(row[by], []).append(row)
    return {key: _add_up(rows) for key, rows in groups.items()}


def _add_up(rows: list[dict]) -> dict:
    total = dict(EMPTY_CASE_COUNTS)
    if rows:  # column by column (half the time of row by row and key by key)
        for key, column in zip(EMPTY_CASE_COUNTS, zip(*map(_COUNTED, rows), strict=True), strict=True):
            total[key] += sum(filter(None, column))
    return total


def _zero_areas(row: dict) -> dict:
    for key in ("area", "area_restored"):
        row[key] = row.get(key) or Decimal(0)
    return row


EMPTY_CASE_COUNTS = {
    "total": 0,
    "open": 0,
    "withdrawn": 0,
    "closed": 0,
    "overdue": 0,
    "due_soon": 0,
    "closed_week": 0,
    "area": Decimal(0),
    "area_restored": Decimal(0),
}
_COUNTED = operator.itemgetter(*EMPTY_CASE_COUNTS)  # a grid row's figures, in that order


@dataclass
class Figure:
    key: str
    label: str
    value: int | Decimal
    url: str | None = None
    of: int | None = None  # "done of planned"
    kind: str = "count"  # how the value is written (landwatch.quantities.KINDS): "m2" for an area
    alert: bool = False
    note: str = ""  # how the figure is made up, under it ("4 open + 2 closed")

    @property
    def is_count(self) -> bool:
        return self.kind == "count"


@dataclass
class TownshipRow:
    """One township's headline figures (one row of the county's side-by-side table)."""

    township: object | None
    cases: dict
    findings: int = 0
    projects_warned: int = 0
    patrols_week: int = 0
    patrols_planned: int = 0
    figures: list[Figure] = field(default_factory=list)


def case_figures(c: dict, *, scope: dict) -> list[Figure]:
    """The case figures with their links; ``scope`` narrows each link (a township, a village)."""
    return [
        Figure(
            "total",
            _("Cases in total"),
            c["total"],
            links.case_list_url(**scope, status=links.COUNTED),
            note=_("%(open)s open + %(closed)s closed") % {"open": c["open"], "closed": c["closed"]},
        ),
        Figure("open", _("Open"), c["open"], links.case_list_url(**scope, status=links.OPEN)),
        Figure("closed", _("Closed"), c["closed"], links.case_list_url(**scope, status=CaseStatus.CLOSED)),
        Figure(
            "overdue",
            _("Overdue notices"),
            c["overdue"],
            links.case_list_url(**scope, overdue=links.ON),
            alert=c["overdue"] > 0,
        ),
        Figure(
            "due_soon",
            _("Due within %(days)d working days") % {"days": DUE_SOON_DAYS},
            c["due_soon"],
            links.case_list_url(**scope, due_soon=links.ON),
        ),
        Figure(
            "closed_week",
            _("Closed this week"),
            c["closed_week"],
            links.case_list_url(
                **scope,
                status=CaseStatus.CLOSED,
                closed_from=c["week_start"].isoformat(),
                closed_to=c["today"].isoformat(),
            ),
        ),
        Figure(
            "area",
            _("Area occupied"),
            c["area"],
            links.case_list_url(**scope, status=links.COUNTED),
            kind="m2",
        ),
        Figure(
            "area_restored",
            _("Area restored"),
            c["area_restored"],
            links.case_list_url(**scope, status=CaseStatus.CLOSED),
            kind="m2",
        ),
    ]


def townships_in_order(user) -> list:
    """The townships the user sees, in order: units and memberships are county-wide data, so a pinned
    view keeps them under the county-wide version alone (``landwatch.dataversion``)."""
    return dataversion.cached_in_pinned(
        f"townships:{scope_key(user)}", lambda: list(townships_visible_to(user).order_by("path")),
        scope=dataversion.COUNTY_WIDE_DATA,
    )


PATCH_COUNTS = ("patches_total", "patches_pending", "patches_judged", "patches_illegal", "patches_closed")


WARNED = "warned"  # ``township_counts``' rows of the land project cards with a warning


def township_counts(user, *, townships: list[int] | None, warned_cards: QuerySet | None = None) -> dict[int, dict]:
    """Per township the user sees (or of ``townships``, their pks), in one query: its findings awaiting
    registration, and the latest 卫片 batch with patches of the user's scope in the township
    (``patch_batch_id``, ``_issued_on``, ``_name``, ``_verify_by``) with those patches by status and
    judgement (``PATCH_COUNTS``). ``patch_figures`` takes the latest of the townships' batches.
    With ``warned_cards`` (``patrols.project_warnings.warned``): how many of those cards lie in the
    township as well (``projects_warned``).

    A UNION ALL of the reported findings per township (from their counts per village and status),
    the patches per (township, batch, status, judgement) of the batches the user
    reaches and the warned cards per township: a few hundred rows whatever the patches. (The cards
    counted in a query of their own: a round trip more, and 1.15 + 0.70 ms of compiling against
    1.57 together, docs/PERFORMANCE.md.)
    """
    patches = patches_visible_to(user).filter(batch_reached_q(user, "batch"))
    units = townships_visible_to(user).values("pk") if townships is None else townships
    patches = patches.filter(township__in=units)
    # From the counts per village and status that the database keeps (``FindingCount``; seen where
    # the findings are, ``finding_counts_visible_to``): counted village by village through their
    # (village, status) index, the bench county's 25,000 reported findings took 2.5 ms (EXPLAIN ANALYZE).
    reported = finding_counts_visible_to(user).filter(status=FindingStatus.REPORTED, village__township__in=units)
    no_batch = {name: Value(None, field) for name, field in (
        ("b", IntegerField()), ("issued_on", DateField()), ("batch_name", CharField()), ("verify_by", DateField()),
        ("s", CharField()), ("j", CharField()),
    )}
    parts = [
        patches.values(t=F("township"), b=F("batch"), issued_on=F("batch__issued_on"), batch_name=F("batch__name"),
                       verify_by=F("batch__verify_by"), s=F("status"), j=F("judgement"))
        .annotate(n=Count("pk")).order_by(),
    ]
    if warned_cards is not None:
        parts.append(
            warned_cards.filter(village__township__in=units)
            .values(t=F("village__township"), **{**no_batch, "s": Value(WARNED, CharField())})
            .annotate(n=Count("pk")).order_by()
        )
    rows = (
        reported.values(t=F("village__township"), **no_batch).annotate(n=Sum("n")).order_by()
    ).union(*parts, all=True)
    counts: dict[int, dict] = {}
    batches: dict[int, dict] = {}  # per township, per batch: its patches by status and judgement
    for row in rows:
        counts.setdefault(row["t"], no_counts())
        if row["b"] is None:
            counts[row["t"]]["projects_warned" if row["s"] == WARNED else "findings_reported"] += row["n"]
            continue
        batch = batches.setdefault(row["t"], {}).setdefault(row["b"], {
            "patch_batch_id": row["b"], "patch_batch_issued_on": row["issued_on"],
            "patch_batch_name": row["batch_name"], "patch_batch_verify_by": row["verify_by"],
            **{name: 0 for name in PATCH_COUNTS},
        })
        batch["patches_total"] += row["n"]
        for name, counted in (("patches_pending", row["s"] == PatchStatus.PENDING),
                              ("patches_judged", row["s"] == PatchStatus.JUDGED),
                              ("patches_closed", row["s"] == PatchStatus.CLOSED),
                              ("patches_illegal", row["j"] == Judgement.ILLEGAL)):
            batch[name] += row["n"] if counted else 0
    for township, kept in batches.items():
        counts[township].update(max(kept.values(), key=lambda b: (b["patch_batch_issued_on"], b["patch_batch_id"])))
    for pk in townships or []:
        counts.setdefault(pk, no_counts())
    return counts


def no_counts() -> dict:
    """A township's ``township_counts`` with nothing to count."""
    return {"findings_reported": 0, "projects_warned": 0, "patch_batch_id": None, "patch_batch_issued_on": None,
            "patch_batch_name": None, "patch_batch_verify_by": None, **{name: 0 for name in PATCH_COUNTS}}


def township_rows(
    *, today: datetime.date, townships: list, case_counts: dict, coverage: list, counts: dict
) -> list[TownshipRow]:
    """Headline figures per township the user sees (one township for its leaders and office); no query.

    ``townships`` come from ``townships_in_order``, ``case_counts`` maps each township's pk to
    its case numbers (``sum_grid``), ``coverage`` is ``patrols.coverage.village_coverage``,
    ``counts`` each township's ``township_counts`` with its ``projects_warned`` (``shares.kept``).
    """
    done: dict[int, int] = {}
    planned: dict[int, int] = {}
    for row in coverage:
        tid = row.village.township_id
        done[tid] = done.get(tid, 0) + row.done_week
        planned[tid] = planned.get(tid, 0) + row.planned_week
    week_start, _week_end = week_bounds(today)
    side_by_side = len(townships) > 1
    rows = []
    for township in townships:
        c = {**EMPTY_CASE_COUNTS, **case_counts.get(township.pk, {}), "week_start": week_start, "today": today}
        row = TownshipRow(
            township,
            c,
            findings=counts.get(township.pk, {}).get("findings_reported", 0),
            projects_warned=counts.get(township.pk, {}).get("projects_warned", 0),
            patrols_week=done.get(township.pk, 0),
            patrols_planned=planned.get(township.pk, 0),
        )
        row.figures = case_figures(c, scope={"township": township.pk} if side_by_side else {})
        if not side_by_side:
            row.figures += _other_figures(row)
        rows.append(row)
    return rows


def _other_figures(row: TownshipRow) -> list[Figure]:
    return [
        Figure(
            "patrols_week",
            _("Patrols this week"),
            row.patrols_week,
            links.coverage_url(),
            of=row.patrols_planned,
            alert=row.patrols_week < row.patrols_planned,
        ),
        Figure(
            "findings",
            _("Findings awaiting registration"),
            row.findings,
            links.finding_list_url(status="reported"),
            alert=row.findings > 0,
        ),
        Figure(
            "projects_warned",
            _("Projects with warnings"),
            row.projects_warned,
            links.project_list_url(),
            alert=row.projects_warned > 0,
        ),
    ]


def total_row(rows: list[TownshipRow], *, today: datetime.date) -> TownshipRow:
    """The sum of the township rows, with links to the unfiltered lists (the county's bottom line)."""
    keys = [k for k in EMPTY_CASE_COUNTS]
    c = {k: sum((r.cases[k] for r in rows), EMPTY_CASE_COUNTS[k]) for k in keys}
    c.update(week_start=week_bounds(today)[0], today=today)
    row = TownshipRow(
        None,
        c,
        findings=sum(r.findings for r in rows),
        projects_warned=sum(r.projects_warned for r in rows),
        patrols_week=sum(r.patrols_week for r in rows),
        patrols_planned=sum(r.patrols_planned for r in rows),
    )
    row.figures = case_figures(c, scope={}) + _other_figures(row)
    return row


# --- Charts (ECharts options, built here, drawn by static/dashboards/dashboard.js) ---------------


def _horizontal_bar(categories: list[str], series: list[dict], *, stacked: bool = False) -> dict:
    for s in series:
        s.setdefault("type", "bar")
        if stacked:
            s["stack"] = "total"
        s.setdefault("emphasis", {"focus": "series"})
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 8, "right": 24, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {
            "type": "category",
            "data": categories,
            "inverse": True,
            "axisLabel": {"width": 110, "overflow": "truncate"},
        },
        "series": series,
        "_height": max(160, 60 + 28 * len(categories)),
    }


def status_chart(grid: list[dict], *, groups: list, group_field: str, scope_key: str) -> dict:
    """Cases by status per village (or per township for the county), stacked; from ``case_grid``."""
    counts: dict[tuple, int] = {}
    for row in grid:
        key = (row[group_field], row["status"])
        counts[key] = counts.get(key, 0) + row["total"]
    series = []
    for status in SHOWN_STATUSES:
        series.append(
            {
                "name": str(status.label),
                "itemStyle": {"color": STATUS_COLOURS[status]},
                "data": [
                    {
                        "value": counts.get((g.pk, status.value), 0),
                        "url": links.case_list_url(**{scope_key: g.pk}, status=status.value),
                    }
                    for g in groups
                ],
            }
        )
    return _horizontal_bar([g.name for g in groups], series, stacked=True)


def category_chart(counts: dict) -> dict:
    """Cases per category (``CaseTallies.categories``: withdrawn ones left out, as in the total).

    The slices add up to the "cases in total" figure; each opens the list of its category
    without the withdrawn cases.
    """
    data = [
        {
            "name": str(label),
            "value": counts.get(value, 0),
            "url": links.case_list_url(category=value, status=links.COUNTED),
        }
        for value, label in Category.choices
    ]
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "65%"],
                "center": ["50%", "42%"],
                "label": {"formatter": "{c}"},
                "data": data,
            }
        ],
        "_height": 320,
    }


def cause_chart(counts: dict) -> dict:
    """The six causes (成因): how many cases carry each tag (a case may carry several).

    Withdrawn cases are left out, as in the "cases in total" figure; each bar opens the list
    of its cause without them, so it shows the bar's length. ``counts``: ``CaseTallies.causes``.
    """
    series = [
        {
            "name": _("Cases"),
            "itemStyle": {"color": "#1f5c4a"},
            "label": {"show": True, "position": "right"},
            "data": [
                {"value": counts.get(value, 0), "url": links.case_list_url(cause=value, status=links.COUNTED)}
                for value in Cause.values
            ],
        }
    ]
    option = _horizontal_bar([str(label) for label in Cause.labels], series)
    option["yAxis"]["axisLabel"] = {"width": 150, "overflow": "break"}
    option["legend"] = {"show": False}
    option["grid"]["top"] = 8
    option["_height"] = 360
    return option


def assignee_chart(holders: list[dict]) -> dict:
    """Open cases per assignee with their overdue notices, from ``case_activity``'s rows."""
    rows = sorted(
        holders, key=lambda r: (r["assignee"] is None, -r["open"], r["assignee__username"] or "")
    )
    names = []
    for r in rows:
        if r["assignee"] is None:
            names.append(_("Unassigned"))
        else:
            full = f"{r['assignee__last_name'] or ''}{r['assignee__first_name'] or ''}".strip()
            names.append(full or r["assignee__username"])
    series = [
        {
            "name": _("Open"),
            "itemStyle": {"color": "#0d6efd"},
            "data": [{"value": r["open"], "url": _assignee_url(r["assignee"], status=links.OPEN)} for r in rows],
        },
        {
            # Its own context: "Overdue" alone is the patrols' 逾期未巡 (the first catalog wins).
            "name": pgettext("dashboard", "Overdue"),
            "itemStyle": {"color": "#dc3545"},
            "data": [{"value": r["overdue"], "url": _assignee_url(r["assignee"], overdue=links.ON)} for r in rows],
        },
    ]
    return _horizontal_bar([str(n) for n in names], series)


def _assignee_url(assignee_id: int | None, **filters) -> str | None:
    # The unassigned bar opens the list's "(unassigned)" choice.
    return links.case_list_url(assignee=links.UNASSIGNED if assignee_id is None else assignee_id, **filters)


def closed_chart(closed: dict, *, campaign, phases: list, today: datetime.date) -> dict:
    """Cases closed per week (per month over long spans) with the running total, against the phases.

    ``closed``: ``CaseTallies.closed``, the cases closed per (week, month) with their first and last days.
    """
    day = datetime.date.fromordinal
    starts = [day(first) for _n, first, _last in closed.values()] + ([campaign.start_date] if campaign else [])
    ends = [day(last) for _n, _first, last in closed.values()] + ([campaign.end_date] if campaign else []) + [today]
    if not starts:
        starts = [today]
    first, last = min(starts), max(ends)
    # Weekly bars only when every closure is at most WEEKLY_DAYS old (first >= last - WEEKLY_DAYS >=
    # today - WEEKLY_DAYS): ``case_tallies`` counts weeks since the first of that day's month only.
    monthly = (last - first).days > WEEKLY_DAYS
    buckets: list[tuple[datetime.date, datetime.date]] = []
    cursor = first.replace(day=1) if monthly else first - datetime.timedelta(days=first.weekday())
    while cursor <= last:
        if monthly:
            nxt = (cursor.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        else:
            nxt = cursor + datetime.timedelta(days=7)
        buckets.append((cursor, nxt - datetime.timedelta(days=1)))
        cursor = nxt
    closed_in = [0] * len(buckets)
    bucket_starts = [start for start, _end in buckets]
    for (week, month), (n, _first, _last) in closed.items():
        # Each (week, month) falls in one bucket: its month's over long spans, else its week's.
        closed_in[bisect.bisect_right(bucket_starts, day(month if monthly else week)) - 1] += n
    bars, line, running = [], [], 0
    for (start, end), n in zip(buckets, closed_in, strict=True):
        running += n
        bars.append(
            {
                "value": [start.isoformat(), n],
                "url": links.case_list_url(
                    status=CaseStatus.CLOSED, closed_from=start.isoformat(), closed_to=end.isoformat()
                ),
            }
        )
        line.append([start.isoformat(), running])
    areas = []
    if campaign:
        for phase in phases:
            areas.append(
                [
                    {"name": str(phase.get_kind_display()), "xAxis": phase.start_date.isoformat()},
                    {"xAxis": (phase.end_date + datetime.timedelta(days=1)).isoformat()},
                ]
            )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "time"},
        "yAxis": [
            {"type": "value", "minInterval": 1},
            {"type": "value", "minInterval": 1, "splitLine": {"show": False}},
        ],
        "series": [
            {
                "name": _("Closed per month") if monthly else _("Closed per week"),
                "type": "bar",
                "itemStyle": {"color": "#198754"},
                "data": bars,
                "markArea": {
                    "silent": True,
                    "itemStyle": {
                        "color": "rgba(31,92,74,0.08)",
                        "borderColor": "rgba(31,92,74,0.3)",
                        "borderWidth": 1,
                    },
                    # Over years (monthly bars) the three phases are a few pixels wide and their
                    # names would print over one another: the bands stay, unlabelled.
                    "label": {"show": not monthly, "position": "insideTop", "color": "#1f5c4a"},
                    "data": areas,
                },
            },
            {
                "name": _("Closed in total"),
                "type": "line",
                "yAxisIndex": 1,
                "showSymbol": False,
                "itemStyle": {"color": "#6c757d"},
                "data": line,
            },
        ],
        "_height": 300,
    }


def coverage_chart(coverage: list) -> dict:
    """Patrols this week against planned, per village (from ``patrols.coverage``)."""
    url = links.coverage_url()
    series = [
        {
            "name": _("Planned this week"),
            "itemStyle": {"color": "#adb5bd"},
            "data": [{"value": r.planned_week, "url": url} for r in coverage],
        },
        {
            "name": _("Patrolled this week"),
            "itemStyle": {"color": "#1f5c4a"},
            "data": [
                {"value": r.done_week, "url": url, "itemStyle": {"color": "#dc3545"} if r.overdue else {}}
                for r in coverage
            ],
        },
    ]
    return _horizontal_bar([r.village.name for r in coverage], series)


# --- The map ------------------------------------------------------------------------------------


def map_settings() -> dict:
    """What the map needs before its markers arrive (no query): tiles, colours, link patterns."""
    return {
        "tileUrl": settings.LANDWATCH_MAP_TILE_URL,
        "attribution": settings.LANDWATCH_MAP_ATTRIBUTION,
        "caseUrl": links.pk_url_pattern("cases:detail"),
        "findingUrl": links.pk_url_pattern("patrols:finding-detail"),
        "statuses": [{"value": s.value, "label": str(s.label), "colour": STATUS_COLOURS[s]} for s in CaseStatus],
        "findingLabel": _("Patrol finding awaiting registration"),
        "patchColours": PATCH_COLOURS,
        "coverageColours": COVERAGE_COLOURS,
        "patchLegend": [{"colour": colour, "label": str(label)} for colour, label in (
            (PATCH_COLOURS["pending"], _("To verify")), (PATCH_COLOURS["judged"], _("Awaiting confirmation")),
            (PATCH_COLOURS["illegal"], _("Illegal")), (PATCH_COLOURS["legal"], _("Legal")),
            (PATCH_COLOURS["other"], _("Other")), (PATCH_COLOURS["closed"], _("Closed out")))],
        "failed": _("The map could not be loaded. Reload the page to try again."),
    }


def map_markers(user, cases: QuerySet[ViolationCase]) -> dict:
    """Markers: cases with coordinates (coloured by status), open patrol findings, village labels.

    Three queries, served as JSON (``views.map_data``) so that the pages holding a map do not
    carry up to 5,000 markers in their HTML nor pay for them before the figures show.
    """
    status_labels = dict(CaseStatus.choices)
    case_rows = list(
        cases.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("-pk")
        .values("pk", "number", "title", "status", "latitude", "longitude", "village__name")[:MAP_LIMIT]
    )
    finding_rows = list(
        findings_visible_to(user)
        .reported()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("-pk")
        .values("pk", "location_text", "latitude", "longitude", "village__name", "urgency")[:MAP_LIMIT]
    )
    village_rows = list(
        villages_visible_to(user)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values("name", "latitude", "longitude")
    )
    truncated = len(case_rows) >= MAP_LIMIT
    summary = ngettext(
        "%(n)s case with coordinates is shown.", "%(n)s cases with coordinates are shown.", len(case_rows)
    ) % {"n": len(case_rows)}
    if truncated:
        summary += " " + _("Only the latest ones are drawn: narrow the filter to see the rest.")
    return {
        "cases": [
            {
                "id": r["pk"],
                "lat": float(r["latitude"]),
                "lng": float(r["longitude"]),
                "status": r["status"],
                "label": f"{r['number']} {r['title']}",
                "sub": f"{r['village__name']} · {status_labels.get(r['status'], r['status'])}",
            }
            for r in case_rows
        ],
        "findings": [
            {
                "id": r["pk"],
                "lat": float(r["latitude"]),
                "lng": float(r["longitude"]),
                "label": r["location_text"],
                "sub": r["village__name"],
                "urgent": r["urgency"] != "normal",
            }
            for r in finding_rows
        ],
        "villages": [
            {"name": r["name"], "lat": float(r["latitude"]), "lng": float(r["longitude"])} for r in village_rows
        ],
        "truncated": truncated,
        "summary": summary,
    }


def patch_figures(counts: dict) -> tuple[dict | None, list[Figure]]:
    """The latest 卫片 batch with patches in the user's scope and its progress, summed over the user's
    townships (``counts``: their ``township_counts``, each naming its own latest batch; no query here):
    patches to verify, judgements awaiting the office, patches judged illegal and those closed out, each
    linked to the batch page's list of the same patches."""
    dated = [c for c in counts.values() if c["patch_batch_id"] is not None]
    if not dated:
        return None, []
    first = max(dated, key=lambda c: (c["patch_batch_issued_on"], c["patch_batch_id"]))
    # A township whose own latest batch is older has no patch in this one.
    townships = [c for c in dated if c["patch_batch_id"] == first["patch_batch_id"]]
    batch = {"name": first["patch_batch_name"], "url": reverse("patches:batch-detail", args=[first["patch_batch_id"]])}

    def total(name: str) -> int:
        return sum(c[name] for c in townships)

    def url(**query) -> str:
        return f"{batch['url']}?{urlencode(query)}"

    pending, illegal = total("patches_pending"), total("patches_illegal")
    return batch, [
        Figure("patches_pending", _("Patches to verify"), pending, url(status="pending"), of=total("patches_total"),
               alert=pending > 0 and timezone.localdate() > first["patch_batch_verify_by"]),
        Figure("patches_judged", _("Judgements awaiting the office"), total("patches_judged"), url(status="judged")),
        Figure("patches_illegal", _("Patches judged illegal"), illegal, url(judgement="illegal")),
        Figure("patches_closed", _("Illegal patches closed out"), total("patches_closed"), url(status="closed"),
               of=illegal),
    ]


# The map's overlays, by kind: their colours (static/dashboards/dashboards.css has the legend's swatches).
OVERLAY_COLOURS = {
    "village_boundary": "#495057", "basic_farmland": "#e0a800", "farmland": "#8bbf5a",
    "ecological_redline": "#2f9e44", "urban_boundary": "#6f42c1", "other": "#0d6efd", "patches": "#dc3545",
    "coverage": "#198754",
}
COVERAGE_COLOURS = {"done": "#198754", "behind": "#fd7e14", "overdue": "#dc3545", "none": "#adb5bd"}
PATCH_COLOURS = {"pending": "#fd7e14", "judged": "#0dcaf0", "legal": "#198754", "illegal": "#dc3545",
                 "other": "#6c757d", "closed": "#212529"}


def coverage_geojson(user, *, today: datetime.date) -> dict:
    """Each village boundary in force over the user's scope with its patrols this week (``village_coverage``)."""
    rows = {row.village.pk: row for row in village_coverage(user, today=today, with_findings=False,
                                                                   with_coordinators=False)}
    zones = Zone.objects.filter(village__in=list(rows), layer__kind="village_boundary",
                                layer__replaced_at__isnull=True).only("geometry", "village_id")
    features = []
    for zone in zones:
        row = rows[zone.village_id]
        state = ("overdue" if row.overdue else "behind" if row.behind_week else
                 "done" if row.done_week or row.planned_week else "none")
        features.append({"type": "Feature", "geometry": geo.to_geojson(zone.shape), "properties": {
            "label": f"{row.village.name} · {COVERAGE_LABELS[state]} ({row.done_week}/{row.planned_week})",
            "state": state}})
    return {"type": "FeatureCollection", "features": features}


COVERAGE_LABELS = {"done": gettext_lazy("patrolled as planned"), "behind": gettext_lazy("behind the plan"),
                   "overdue": gettext_lazy("past the plan's interval"), "none": gettext_lazy("no plan")}


def map_overlays(user, *, layer: str | None = None, batch: str | None = None) -> list[dict]:
    """The layers in force over the user's scope and the latest 卫片 batches, as switchable overlays
    (two queries). Village boundaries are on; a layer or batch named in the query is on too."""
    overlays = []
    for row in layers_visible_to(user).order_by("kind", "unit__path").values("pk", "name", "kind"):
        overlays.append({"name": row["name"], "kind": row["kind"], "colour": OVERLAY_COLOURS[row["kind"]],
                         "url": reverse("territory:layer-geojson", args=[row["pk"]]),
                         "on": row["kind"] == "village_boundary" or str(row["pk"]) == layer})
    overlays.append({"name": str(_("Patrol coverage this week")), "kind": "coverage", "colour": "#198754",
                     "url": reverse("dashboards:map-coverage"), "on": False})
    for row in batches_visible_to(user).order_by("-issued_on", "-pk").values("pk", "name")[:3]:
        overlays.append({"name": row["name"], "kind": "patches", "colour": OVERLAY_COLOURS["patches"],
                         "url": f"{reverse('patches:geojson')}?batch={row['pk']}", "on": str(row["pk"]) == batch,
                         "patchUrl": links.pk_url_pattern("patches:detail")})
    return overlays


def phase_caption(campaign, today: datetime.date) -> str:
    if campaign is None:
        return ""
    return _("%(name)s, %(start)s – %(end)s") % {
        "name": campaign.name,
        "start": date_format(campaign.start_date, "DATE_FORMAT"),
        "end": date_format(campaign.end_date, "DATE_FORMAT"),
    }


def fine_figures(f: dict) -> list[Figure]:
    """Fines decided, paid in full and outstanding (``f``: ``cases.fines.fine_figures``' sums over the
    user's scope), each linked to the case list that counts the same cases. Never an enforcement
    action's cost."""
    from cases import fines

    def url(which: str) -> str | None:
        return links.case_list_url(status=links.COUNTED, fine=which)

    return [
        Figure("fines_decided", _("Fines decided"), f["decided"], url(fines.FINE_DECIDED)),
        Figure("fines_decided_amount", _("Fines decided"), f["decided_amount"], url(fines.FINE_DECIDED), kind="yuan"),
        Figure("fines_paid", _("Fines paid in full"), f["paid"], url(fines.FINE_PAID)),
        Figure("fines_paid_amount", _("Paid to the bank"), f["paid_amount"], url(fines.FINE_DECIDED), kind="yuan",
               note=_("surcharges included")),
        Figure("fines_outstanding", _("Fines outstanding"), f["outstanding"], url(fines.FINE_OUTSTANDING),
               alert=f["outstanding"] > 0),
        Figure("fines_outstanding_amount", _("Fines outstanding"), f["outstanding_amount"],
               url(fines.FINE_OUTSTANDING), kind="yuan", note=_("surcharge not included")),
    ]

"""The cases summed up per village, status, category, assignee, cause and month closed, kept exact by the database.

The county dashboard's figures (cases per township, status and category, their areas, open
cases per assignee, cases per cause) were three passes over every case in scope after each
committed write (~250 ms at county scale, docs/PERFORMANCE.md). They are read here instead,
from small tables that triggers on the cases keep equal to a ``GROUP BY`` over them:

- ``CaseSummary``: one row per (village, handed-to department, status, category) with the
  number of cases and their area;
- ``AssigneeSummary``: one row per (village, handed-to department, status, assignee) with the
  number of cases (the assignee chart; a table of its own: with the category in the same key
  the rows were 27,000 at county scale instead of 8,000 and 6,000);
- ``CauseSummary``: one row per (village, handed-to department, status, cause) with the
  number of cases carrying that cause tag;
- ``ClosureSummary``: one row per (village, handed-to department, status, month of the closing
  day ``closed_on``) with the number of cases (the chart of closures over the years: a county's
  decade of closed cases is read as a row per village and month, ~20,000 rows for 45,000 cases
  at county scale, and only the months before the last few, which the chart draws in weeks);
- ``DeadlineSummary``: one row per (village, handed-to department, status, assignee, month of
  the deadline) with the number of running cases (``RUNNING_STATUSES``) whose notice has a
  deadline. A deadline in a month before today's has passed: the overdue notices per assignee
  are these rows summed, and only this month's deadlines are read case by case (at county
  scale 10,700 overdue cases hashed by township and assignee took 5.5 ms of the dashboard's
  database time, docs/PERFORMANCE.md).

Each has a twin per township (``TownshipCaseSummary`` …, PostgreSQL only: ``TOWNSHIP_GRAIN``), the
same figures with the township in place of the village: a county's dashboard reads a few hundred
rows per summary instead of up to 20,000 (``cases.selectors.summaries_visible_to``). A case's
township is its village's (``territory.ResponsibilityUnit.township``); a village moved to
another township takes its rows with it (a row trigger on the units). SQLite (``make run``)
keeps the village grain only: its triggers would name the units' table, and SQLite fails a
migration that rebuilds a table a trigger names ("no such table"); a township's migration
cannot pause the cases app's triggers (territory does not import cases).

``handed_to`` is the case's 办案机关 once the case is handed over (移送: ``handed_over_on`` set),
else empty: a county department's people see exactly those cases (``cases.selectors.
handed_over_q``), so a row's visibility is decided by its own columns as a case's is.

How they stay exact, whatever writes the cases (a service, the admin, a bulk load, raw SQL):
- PostgreSQL: statement triggers with transition tables add the new rows and subtract the
  old ones in one aggregated upsert per statement (a 10,000-row survey import is one upsert of
  a few hundred keys, not 10,000); rows whose keys and area did not change cancel out and
  write nothing, so an edit of a case's title locks no summary row. The upsert takes its rows
  in key order, so two writers cannot deadlock on them. The triggers are ``ENABLE ALWAYS``:
  they run under ``session_replication_role = replica`` too, which the scale generator's bulk
  load sets to skip the audit and version triggers (``landwatch/scale.py``).
- SQLite (``make run``): row triggers doing the same upsert per row.
Rows that fall to zero stay (a count of 0 shows nothing). The summaries are left out of the
audit trail and of the data versions (``landwatch.audit.EXCLUDED_TABLES``): they are written
only beside the case rows that carry the change, which both already record.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from landwatch import kept_by_triggers
from landwatch.vocabulary import Category, Cause


class Grain(models.Model):
    """The key every summary shares, besides its place: the department a case was handed over to
    and its status.

    Plain ids (no foreign key constraint, DO_NOTHING): a row left at zero must not keep a unit
    or a user from being deleted; the rows follow the cases, which keep their own constraints.
    """

    handed_to = models.ForeignKey(
        "territory.ResponsibilityUnit", verbose_name=_("handed over to"), null=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    status = models.CharField(_("status"), max_length=20)
    n = models.IntegerField(_("cases"), default=0)

    class Meta:
        abstract = True


class Summary(Grain):
    """A summary per village, the grain every scope reads exactly."""

    PLACE = "village"  # the unit a row sums up
    TOWNSHIP = "village__township"  # a row's township, as a lookup

    village = models.ForeignKey(
        "territory.ResponsibilityUnit", verbose_name=_("village"), on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.village_id} {self.status}: {self.n}"


class TownshipSummary(Grain):
    """A summary per township: exact for a scope of whole townships (``cases.selectors.
    summaries_visible_to``), and only on PostgreSQL."""

    PLACE = TOWNSHIP = "township"

    township = models.ForeignKey(
        "territory.ResponsibilityUnit", verbose_name=_("township"), null=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.township_id} {self.status}: {self.n}"


# Each unique constraint is the triggers' ON CONFLICT target: one row per key, an empty
# assignee or department counted as one key (NULLs would be distinct in a plain constraint).


class CaseSummary(Summary):
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    area_m2 = models.DecimalField(_("area occupied (m²)"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("case summary")
        verbose_name_plural = _("case summaries")
        constraints = [
            models.UniqueConstraint(
                "village", "status", "category", Coalesce("handed_to", 0), name="case_summary_key"
            ),
        ]


class AssigneeSummary(Summary):
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )

    class Meta:
        verbose_name = _("assignee summary")
        verbose_name_plural = _("assignee summaries")
        constraints = [
            models.UniqueConstraint(
                "village", "status", Coalesce("assignee", 0), Coalesce("handed_to", 0), name="assignee_summary_key"
            ),
        ]


class CauseSummary(Summary):
    cause = models.CharField(_("cause"), max_length=30, choices=Cause.choices)

    class Meta:
        verbose_name = _("cause summary")
        verbose_name_plural = _("cause summaries")
        constraints = [
            models.UniqueConstraint("village", "status", "cause", Coalesce("handed_to", 0), name="cause_summary_key"),
        ]


class ClosureSummary(Summary):
    """The cases with a closing day, per month of that day (the first of the month)."""

    month = models.DateField(_("month closed"))

    class Meta:
        verbose_name = _("closure summary")
        verbose_name_plural = _("closure summaries")
        constraints = [
            models.UniqueConstraint("village", "status", "month", Coalesce("handed_to", 0),
                                    name="closure_summary_key"),
        ]


class DeadlineSummary(Summary):
    """The running cases with a deadline, per assignee and month of the deadline (the first of the month)."""

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    month = models.DateField(_("month of the deadline"))

    class Meta:
        verbose_name = _("deadline summary")
        verbose_name_plural = _("deadline summaries")
        constraints = [
            models.UniqueConstraint("village", "status", Coalesce("assignee", 0), "month", Coalesce("handed_to", 0),
                                    name="deadline_summary_key"),
        ]


class TownshipCaseSummary(TownshipSummary):
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    area_m2 = models.DecimalField(_("area occupied (m²)"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("case summary per township")
        verbose_name_plural = _("case summaries per township")
        constraints = [
            models.UniqueConstraint(Coalesce("township", 0), "status", "category", Coalesce("handed_to", 0),
                                    name="township_case_summary_key"),
        ]


class TownshipAssigneeSummary(TownshipSummary):
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )

    class Meta:
        verbose_name = _("assignee summary per township")
        verbose_name_plural = _("assignee summaries per township")
        constraints = [
            models.UniqueConstraint(Coalesce("township", 0), "status", Coalesce("assignee", 0),
                                    Coalesce("handed_to", 0), name="township_assignee_summary_key"),
        ]


class TownshipCauseSummary(TownshipSummary):
    cause = models.CharField(_("cause"), max_length=30, choices=Cause.choices)

    class Meta:
        verbose_name = _("cause summary per township")
        verbose_name_plural = _("cause summaries per township")
        constraints = [
            models.UniqueConstraint(Coalesce("township", 0), "status", "cause", Coalesce("handed_to", 0),
                                    name="township_cause_summary_key"),
        ]


class TownshipClosureSummary(TownshipSummary):
    month = models.DateField(_("month closed"))

    class Meta:
        verbose_name = _("closure summary per township")
        verbose_name_plural = _("closure summaries per township")
        constraints = [
            models.UniqueConstraint(Coalesce("township", 0), "status", "month", Coalesce("handed_to", 0),
                                    name="township_closure_summary_key"),
        ]


class TownshipDeadlineSummary(TownshipSummary):
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    month = models.DateField(_("month of the deadline"))

    class Meta:
        verbose_name = _("deadline summary per township")
        verbose_name_plural = _("deadline summaries per township")
        constraints = [
            models.UniqueConstraint(Coalesce("township", 0), "status", Coalesce("assignee", 0), "month",
                                    Coalesce("handed_to", 0), name="township_deadline_summary_key"),
        ]


# Each summary's twin per township (PostgreSQL only).
TOWNSHIP_GRAIN = {
    CaseSummary: TownshipCaseSummary,
    AssigneeSummary: TownshipAssigneeSummary,
    CauseSummary: TownshipCauseSummary,
    ClosureSummary: TownshipClosureSummary,
    DeadlineSummary: TownshipDeadlineSummary,
}

SUMMARY_TABLES = (
    "cases_casesummary", "cases_assigneesummary", "cases_causesummary", "cases_closuresummary",
    "cases_deadlinesummary", "cases_townshipcasesummary", "cases_townshipassigneesummary",
    "cases_townshipcausesummary", "cases_townshipclosuresummary", "cases_townshipdeadlinesummary",
)

# What the upserts below write: each summary's table, key columns, conflict target (the
# expressions of its unique constraint) and whether it sums the area.
_CASE = ("cases_casesummary", "village_id, handed_to_id, status, category",
         "(village_id, status, category, COALESCE(handed_to_id, 0))", True)
_ASSIGNEE = ("cases_assigneesummary", "village_id, handed_to_id, status, assignee_id",
             "(village_id, status, COALESCE(assignee_id, 0), COALESCE(handed_to_id, 0))", False)
_CAUSE = ("cases_causesummary", "village_id, handed_to_id, status, cause",
          "(village_id, status, cause, COALESCE(handed_to_id, 0))", False)
_CLOSURE = ("cases_closuresummary", "village_id, handed_to_id, status, month",
            "(village_id, status, month, COALESCE(handed_to_id, 0))", False)
_DEADLINE = ("cases_deadlinesummary", "village_id, handed_to_id, status, assignee_id, month",
             "(village_id, status, COALESCE(assignee_id, 0), month, COALESCE(handed_to_id, 0))", False)
# Their twins per township, in the same order.
_TOWNSHIP_CASE = ("cases_townshipcasesummary", "township_id, handed_to_id, status, category",
                  "(COALESCE(township_id, 0), status, category, COALESCE(handed_to_id, 0))", True)
_TOWNSHIP_ASSIGNEE = ("cases_townshipassigneesummary", "township_id, handed_to_id, status, assignee_id",
                      "(COALESCE(township_id, 0), status, COALESCE(assignee_id, 0), COALESCE(handed_to_id, 0))", False)
_TOWNSHIP_CAUSE = ("cases_townshipcausesummary", "township_id, handed_to_id, status, cause",
                   "(COALESCE(township_id, 0), status, cause, COALESCE(handed_to_id, 0))", False)
_TOWNSHIP_CLOSURE = ("cases_townshipclosuresummary", "township_id, handed_to_id, status, month",
                     "(COALESCE(township_id, 0), status, month, COALESCE(handed_to_id, 0))", False)
_TOWNSHIP_DEADLINE = ("cases_townshipdeadlinesummary", "township_id, handed_to_id, status, assignee_id, month",
                      "(COALESCE(township_id, 0), status, COALESCE(assignee_id, 0), month, COALESCE(handed_to_id, 0))",
                      False)
_GRAINS = {
    "village": (_CASE, _ASSIGNEE, _CAUSE, _CLOSURE, _DEADLINE),
    "township": (_TOWNSHIP_CASE, _TOWNSHIP_ASSIGNEE, _TOWNSHIP_CAUSE, _TOWNSHIP_CLOSURE, _TOWNSHIP_DEADLINE),
}
# The statuses ``DeadlineSummary`` counts: ``cases.models.RUNNING_STATUSES`` (a change there needs a
# migration that installs the triggers again, ``installed``; tests/cases/test_summary.py checks them equal).
DEADLINE_STATUSES = ("notified", "decided")


def _grains(vendor: str) -> tuple[str, ...]:
    """The grains a vendor's triggers keep (the township's on PostgreSQL only: the module's docstring)."""
    return ("village", "township") if vendor == "postgresql" else ("village",)


def _base_key(r: str, grain: str = "village") -> list[str]:
    """A case row's shared key; ``r`` is the row (an alias, or NEW / OLD in a SQLite trigger)."""
    place = f"{r}.village_id" if grain == "village" else (
        f"(SELECT tv.township_id FROM territory_responsibilityunit tv WHERE tv.id = {r}.village_id)"
    )
    return [place, f"CASE WHEN {r}.handed_over_on IS NOT NULL THEN {r}.authority_id END", f"{r}.status"]


def _select(key: list[str], sign: int, *, area: str | None = None, rest: str = "", count: str = "") -> str:
    """One source of deltas: the key as k1..kN, ``d`` (+1 or -1 case, or ``count`` cases) and ``a``
    (signed area)."""
    columns = ", ".join(f"{expr} AS k{i}" for i, expr in enumerate(key, 1))
    a = f", {sign} * {area} AS a" if area else ""
    d = f"{sign} * {count}" if count else f"{sign}"
    return f"SELECT {columns}, {d} AS d{a} {rest}".rstrip()


def _upsert(summary: tuple, *sources: str) -> str:
    """Add the summed deltas of ``sources`` to the summary, keys in order (no deadlock between writers).

    Keys whose deltas cancel out (a row updated without a change to its key or area) are
    left out by HAVING: nothing written, no row locked.
    """
    table, columns, target, area = summary
    width = len(columns.split(", "))
    keys = ", ".join(f"k{i}" for i in range(1, width + 1))
    positions = ", ".join(str(i) for i in range(1, width + 1))
    sums, having = ("sum(d), sum(a)", "sum(d) <> 0 OR sum(a) <> 0") if area else ("sum(d)", "sum(d) <> 0")
    values = "n, area_m2" if area else "n"
    update = f"n = {table}.n + excluded.n" + (f", area_m2 = {table}.area_m2 + excluded.area_m2" if area else "")
    return (
        f"INSERT INTO {table} ({columns}, {values}) SELECT {keys}, {sums} "
        f"FROM ({' UNION ALL '.join(sources)}) x WHERE true GROUP BY {positions} HAVING {having} "
        f"ORDER BY {positions} ON CONFLICT {target} DO UPDATE SET {update};"
    )


def _month(r: str, vendor: str, column: str = "closed_on") -> str:
    """The first day of the month of a case row's date ``column``, as a date, in the vendor's SQL."""
    if vendor == "postgresql":
        return f"date_trunc('month', {r}.{column})::date"
    return f"date({r}.{column}, 'start of month')"


def _case_rows(r: str, sign: int, rest: str = "", *, vendor: str) -> list[tuple[tuple, str]]:
    """The deltas a case row ``r`` (``rest``: where it comes from) makes in the summaries of the cases."""
    closed = f"{rest} WHERE {r}.closed_on IS NOT NULL".strip()
    statuses = ", ".join(f"'{status}'" for status in DEADLINE_STATUSES)
    running = f"{rest} WHERE {r}.deadline IS NOT NULL AND {r}.status IN ({statuses})".strip()
    deltas = []
    for grain in _grains(vendor):
        case, assignee, _cause, closure, deadline = _GRAINS[grain]
        key = _base_key(r, grain)
        deltas += [
            (case, _select(key + [f"{r}.category"], sign, area=f"{r}.area_m2", rest=rest)),
            (assignee, _select(key + [f"{r}.assignee_id"], sign, rest=rest)),
            (closure, _select(key + [_month(r, vendor)], sign, rest=closed)),
            (deadline, _select(key + [f"{r}.assignee_id", _month(r, vendor, "deadline")], sign, rest=running)),
        ]
    return deltas


def _cause_rows(r: str, c: str, sign: int, rest: str, *, vendor: str) -> list[tuple[tuple, str]]:
    """The deltas of the cause tags ``c`` of the cases ``r`` (``rest`` joins them)."""
    return [(_GRAINS[grain][2], _select(_base_key(r, grain) + [f"{c}.cause"], sign, rest=rest))
            for grain in _grains(vendor)]


def _moved_rows(new: str, old: str) -> list[tuple[tuple, str]]:
    """The deltas of a village moved from township ``old`` to ``new`` (expressions): its rows of
    each summary per village, taken from the old township's twin and added to the new one's."""
    deltas = []
    for village_grain, township_grain in zip(_GRAINS["village"], _GRAINS["township"], strict=True):
        table, columns, _target, area = village_grain
        rest = columns.split(", ")[1:]  # the key after the village
        for township, sign in ((old, -1), (new, 1)):
            deltas.append((township_grain, _select(
                [township] + [f"s.{column}" for column in rest], sign, area="s.area_m2" if area else None,
                count="s.n", rest=f"FROM {table} s WHERE s.village_id = NEW.id",
            )))
    return deltas


def _upserts(*deltas: list[tuple[tuple, str]], tables=SUMMARY_TABLES) -> list[str]:
    """One upsert per summary that the deltas touch, summaries in a fixed order; ``tables``: the
    summaries the schema has (a migration before one's table was added installs the others)."""
    by_summary: dict[tuple, list[str]] = {}
    for summary, source in (d for group in deltas for d in group):
        by_summary.setdefault(summary, []).append(source)
    order = [*_GRAINS["village"], *_GRAINS["township"]]
    return [_upsert(s, *by_summary[s]) for s in order if s in by_summary and s[0] in tables]


def _body(*deltas: list[tuple[tuple, str]], tables=SUMMARY_TABLES) -> str:
    return "\n    ".join(_upserts(*deltas, tables=tables))


def postgresql_sql(tables=SUMMARY_TABLES) -> str:
    """The trigger functions and statement triggers of the summaries (idempotent)."""

    def body(*deltas):
        return _body(*deltas, tables=tables)

    cases_new = _case_rows("r", 1, "FROM new_rows r", vendor="postgresql")
    cases_old = _case_rows("r", -1, "FROM old_rows r", vendor="postgresql")
    their_causes = "FROM {rows} r JOIN cases_casecause c ON c.case_id = r.id"
    causes_new = _cause_rows("r", "c", 1, their_causes.format(rows="new_rows"), vendor="postgresql")
    causes_old = _cause_rows("r", "c", -1, their_causes.format(rows="old_rows"), vendor="postgresql")
    tag_case = "FROM {rows} c JOIN cases_violationcase r ON r.id = c.case_id"
    tags_new = _cause_rows("r", "c", 1, tag_case.format(rows="new_rows"), vendor="postgresql")
    tags_old = _cause_rows("r", "c", -1, tag_case.format(rows="old_rows"), vendor="postgresql")
    triggers = []
    functions = (("cases_violationcase", "cases_summary_cases"), ("cases_casecause", "cases_summary_causes"))
    for table, function in functions:
        for event, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            name = f"cases_summary_{event.lower()}"
            triggers.append(
                f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
                f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {name};"
            )
    return f"""
CREATE OR REPLACE FUNCTION cases_summary_cases() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {body(cases_new)}
  ELSIF TG_OP = 'DELETE' THEN
    {body(cases_old, causes_old)}
  ELSE
    {body(cases_old, cases_new, causes_old, causes_new)}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cases_summary_causes() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {body(tags_new)}
  ELSIF TG_OP = 'DELETE' THEN
    {body(tags_old)}
  ELSE
    {body(tags_old, tags_new)}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

{chr(10).join(triggers)}

-- A village moved to another township (territory.ResponsibilityUnit.save) takes its rows of the
-- summaries per township along. A row trigger: a statement trigger with transition tables
-- cannot name the column.
CREATE OR REPLACE FUNCTION cases_summary_units() RETURNS trigger AS $$
BEGIN
  {body(_moved_rows("NEW.township_id", "OLD.township_id"))}
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE TRIGGER cases_summary_township AFTER UPDATE OF township_id ON territory_responsibilityunit
FOR EACH ROW WHEN (OLD.township_id IS DISTINCT FROM NEW.township_id) EXECUTE FUNCTION cases_summary_units();
ALTER TABLE territory_responsibilityunit ENABLE ALWAYS TRIGGER cases_summary_township;
"""


# The case columns a summary reads: an UPDATE OF any other column leaves the summaries as they are.
_KEY_COLUMNS = "village_id, status, category, assignee_id, authority_id, handed_over_on, area_m2, closed_on, deadline"


def sqlite_sql(tables=SUMMARY_TABLES) -> list[str]:
    """The same upserts as row triggers (SQLite has no statement triggers nor transition tables)."""
    their_causes = "FROM cases_casecause c WHERE c.case_id = {r}.id"
    tag_case = "FROM cases_violationcase r WHERE r.id = {c}.case_id"
    bodies = {
        "cases_summary_case_insert": ("AFTER INSERT ON cases_violationcase", [_case_rows("NEW", 1, vendor="sqlite")]),
        "cases_summary_case_update": (
            f"AFTER UPDATE OF {_KEY_COLUMNS} ON cases_violationcase",
            [
                _case_rows("OLD", -1, vendor="sqlite"), _case_rows("NEW", 1, vendor="sqlite"),
                _cause_rows("OLD", "c", -1, their_causes.format(r="OLD"), vendor="sqlite"),
                _cause_rows("NEW", "c", 1, their_causes.format(r="NEW"), vendor="sqlite"),
            ],
        ),
        "cases_summary_case_delete": (
            "AFTER DELETE ON cases_violationcase",
            [_case_rows("OLD", -1, vendor="sqlite"),
             _cause_rows("OLD", "c", -1, their_causes.format(r="OLD"), vendor="sqlite")],
        ),
        "cases_summary_cause_insert": (
            "AFTER INSERT ON cases_casecause", [_cause_rows("r", "NEW", 1, tag_case.format(c="NEW"), vendor="sqlite")]
        ),
        "cases_summary_cause_update": (
            "AFTER UPDATE ON cases_casecause",
            [
                _cause_rows("r", "OLD", -1, tag_case.format(c="OLD"), vendor="sqlite"),
                _cause_rows("r", "NEW", 1, tag_case.format(c="NEW"), vendor="sqlite"),
            ],
        ),
        "cases_summary_cause_delete": (
            "AFTER DELETE ON cases_casecause", [_cause_rows("r", "OLD", -1, tag_case.format(c="OLD"), vendor="sqlite")]
        ),
    }
    statements = []
    for name, (when, deltas) in bodies.items():
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} {when} BEGIN {_body(*deltas, tables=tables)} END")
    return statements


def _all_rows(vendor: str) -> list[list[tuple[tuple, str]]]:
    return [
        _case_rows("r", 1, "FROM cases_violationcase r", vendor=vendor),
        _cause_rows("r", "c", 1, "FROM cases_violationcase r JOIN cases_casecause c ON c.case_id = r.id",
                    vendor=vendor),
    ]


def rebuild_sql(vendor: str, tables=SUMMARY_TABLES) -> list[str]:
    """The summaries computed again from the cases (the migration's first fill; a repair)."""
    return [f"DELETE FROM {table}" for table in tables] + _upserts(*_all_rows(vendor), tables=tables)


def install(connection) -> None:
    """Create the triggers for the connection's database (PostgreSQL or SQLite) and fill the summaries."""
    present = set(connection.introspection.table_names())
    tables = [table for table in SUMMARY_TABLES if table in present]  # as the migrations so far made them
    statements = [postgresql_sql(tables)] if connection.vendor == "postgresql" else sqlite_sql(tables)
    with connection.cursor() as cursor:
        for statement in statements + rebuild_sql(connection.vendor, tables):
            cursor.execute(statement)


def uninstall(connection) -> None:
    """Drop the triggers (the migration's way back, before the tables go)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DROP FUNCTION IF EXISTS cases_summary_cases() CASCADE; "
                "DROP FUNCTION IF EXISTS cases_summary_causes() CASCADE; "
                "DROP FUNCTION IF EXISTS cases_summary_units() CASCADE"
            )
            return
        for event in ("insert", "update", "delete"):
            for table in ("case", "cause"):
                cursor.execute(f"DROP TRIGGER IF EXISTS cases_summary_{table}_{event}")


def installed() -> migrations.RunPython:
    """A migration's step that creates the triggers again (a summary added, a trigger changed) and
    fills every summary afresh from the cases (``landwatch.kept_by_triggers.installed``)."""
    return kept_by_triggers.installed(install, uninstall)


def paused_on_sqlite(*operations) -> list:
    """A migration's ``operations`` with the SQLite triggers dropped before and re-created after
    (``landwatch.kept_by_triggers.paused_on_sqlite``): a migration that alters ``cases_violationcase``
    or ``cases_casecause`` wraps its operations in this."""
    return kept_by_triggers.paused_on_sqlite(install, uninstall, *operations)


def drift() -> list[tuple]:
    """Where a summary differs from a count over the cases: ``(table, key, summary, count)`` rows.

    Empty when the summaries are exact; the tests of every kind of write assert it.
    """
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for summary, source in (d for group in _all_rows(connection.vendor) for d in group):
            table, columns, _target, area = summary
            width = len(columns.split(", "))
            keys = ", ".join(f"k{i}" for i in range(1, width + 1))
            positions = ", ".join(str(i) for i in range(1, width + 1))
            kept, counted = ("n, area_m2", "sum(d), sum(a)") if area else ("n", "sum(d)")
            cursor.execute(f"SELECT {columns}, {kept} FROM {table} WHERE n <> 0")
            summed = {_key(row[:width]): tuple(float(x) for x in row[width:]) for row in cursor.fetchall()}
            cursor.execute(f"SELECT {keys}, {counted} FROM ({source}) x GROUP BY {positions}")
            counts = {_key(row[:width]): tuple(float(x) for x in row[width:]) for row in cursor.fetchall()}
            for key in summed.keys() | counts.keys():
                if summed.get(key) != counts.get(key):
                    found.append((table, key, summed.get(key), counts.get(key)))
    return found


def _key(values) -> tuple:
    """A summary's key as ``drift`` compares it: SQLite reads a DATE column as a date and a
    computed month as its text."""
    return tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in values)

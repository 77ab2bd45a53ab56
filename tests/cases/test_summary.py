"""The case summaries the county dashboard reads (cases/summary.py) equal a count over the cases
after every kind of write: each transition, registration, reassignment, a correction of the
village, area or causes, a withdrawal, a hand-over, the bulk registration of the survey import,
the scale generator's load, and deletes, raw ones included; on PostgreSQL, their twins per
township too, a village moved to another township included.

``drift()`` compares each summary row with a ``GROUP BY`` over the cases; the dashboard's own
figures are compared with ``case_counts``, the direct aggregate over the cases that the home
page still uses.
"""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services
from cases.models import OPEN_STATUSES, RUNNING_STATUSES, CaseCause, CaseStatus, ViolationCase
from cases.selectors import cases_visible_to
from cases.summary import DEADLINE_STATUSES, TOWNSHIP_GRAIN, CaseSummary, drift
from cases.transitions import TRANSITIONS
from dashboards import selectors
from landwatch.roles import Role
from landwatch.vocabulary import Category, Cause, DiscoverySource
from tests.cases.test_transitions import ALLOWED_ROLES, RUNNERS, make_case
from tests.factories import PartyFactory, member
from tests.on_sqlite import run_on_sqlite

pytestmark = pytest.mark.django_db



def _dashboard_equals_a_direct_count(user) -> None:
    """The county dashboard's figures, cause chart and assignee chart against the cases themselves."""
    today = timezone.localdate()
    tallies = selectors.case_tallies(user, today=today, group_by="village__township")
    cases = cases_visible_to(user)
    assert selectors.sum_grid(tallies.grid) == selectors.case_counts(cases, today=today)
    by_township = selectors.sum_grid(tallies.grid, by="village__township")
    direct = selectors.case_counts(cases, today=today, group_by="village__township")
    assert {k: v for k, v in by_township.items() if v["total"] or v["withdrawn"]} == {
        k: {f: v[f] for f in selectors.EMPTY_CASE_COUNTS} for k, v in direct.items() if v["total"] or v["withdrawn"]
    }
    holders = {r["assignee"]: (r["open"], r["overdue"]) for r in tallies.holders}
    running_overdue = Q(status__in=RUNNING_STATUSES, deadline__isnull=False, deadline__lt=today)
    assert holders == {
        r["assignee"]: (r["n"], r["overdue"])
        for r in cases.filter(status__in=OPEN_STATUSES).values("assignee").annotate(
            n=Count("pk"), overdue=Count("pk", filter=running_overdue)
        )
    }
    causes = {d["url"].split("cause=")[1].split("&")[0]: d["value"]
              for d in selectors.cause_chart(tallies.causes)["series"][0]["data"]}
    direct_causes = dict(
        CaseCause.objects.filter(case__in=cases.exclude(status=CaseStatus.WITHDRAWN))
        .values_list("cause").annotate(n=Count("pk"))
    )
    assert causes == {c: direct_causes.get(c, 0) for c in Cause.values}
    categories = {d["url"].split("category=")[1].split("&")[0]: d["value"]
                  for d in selectors.category_chart(tallies.categories)["series"][0]["data"]}
    direct_categories = dict(cases.exclude(status=CaseStatus.WITHDRAWN).values_list("category").annotate(n=Count("pk")))
    assert categories == {c: direct_categories.get(c, 0) for c in Category.values}
    # The county dashboard adds up its townships' shares (dashboards/shares.py): the same figures.
    townships = list(cases.order_by().values_list("village__township", flat=True).distinct())
    shares = selectors.case_tallies(user, today=today, group_by="village__township", townships=townships)
    added = selectors.add_tallies(list(shares.values()))
    # (A township whose cases are all gone keeps its summary rows at 0: nothing to show.)
    shown = {k: v for k, v in selectors.sum_grid(added.grid, by="village__township").items()
             if v["total"] or v["withdrawn"]}
    assert shown == {k: v for k, v in by_township.items() if v["total"] or v["withdrawn"]}
    assert {r["assignee"]: (r["open"], r["overdue"]) for r in added.holders} == holders
    assert added.causes == tallies.causes
    assert added.categories == tallies.categories
    # (A township whose closures are all recent keeps them per week in its share, the scope's in
    # months once one closure is older: the same chart.)
    assert (selectors.closed_chart(added.closed, campaign=None, phases=[], today=today)
            == selectors.closed_chart(tallies.closed, campaign=None, phases=[], today=today))
    # The closures per month (the chart over long spans) and per week (over short ones, when
    # every closure is since the first of the month WEEKLY_DAYS ago).
    closed_on = list(cases.filter(status=CaseStatus.CLOSED, closed_on__isnull=False)
                     .values_list("closed_on", flat=True))
    months, weeks = Counter(), Counter()
    for (week, month), (n, _first, _last) in tallies.closed.items():  # (days as ordinals)
        months[datetime.date.fromordinal(month)] += n
        if week is not None:
            weeks[datetime.date.fromordinal(week)] += n
    assert months == Counter(day.replace(day=1) for day in closed_on)
    recent = (today - datetime.timedelta(days=selectors.WEEKLY_DAYS)).replace(day=1)
    direct_weeks = Counter(day - datetime.timedelta(days=day.weekday()) for day in closed_on)
    assert weeks == (direct_weeks if all(day >= recent for day in closed_on) else Counter())


def _exact(user) -> None:
    assert drift() == []
    _dashboard_equals_a_direct_count(user)


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_keeps_the_summaries_exact(name, case_in, office, officer, leader, county_user):
    t = TRANSITIONS[name]
    case = make_case(case_in, name, sorted(t.sources)[0], officer)
    CaseCause.objects.create(case=case, cause=Cause.values[0])
    case_in(CaseStatus.CLOSED)  # a neighbour in another status, untouched
    _exact(county_user)
    actor = leader if "leader" in ALLOWED_ROLES[name] and "office" not in ALLOWED_ROLES[name] else office
    if t.perm in ("cases.approve", "cases.decide_penalty"):
        actor = leader
    RUNNERS[name](case, actor)
    case.refresh_from_db()
    assert case.status == t.target
    _exact(county_user)


def _spec(territory, i: int, **kw) -> dict:
    return {
        "village": territory.village_a if i % 2 else territory.village_b,
        "title": f"汇总测试{i}",
        "party": PartyFactory(township=territory.township),
        "location_text": f"第{i}组",
        "area_m2": Decimal("100.25") + i,
        "category": list(Category)[i % len(Category)],
        "source": DiscoverySource.DYNAMIC_PATROL,
        "discovered_on": timezone.localdate(),
        "causes": [Cause.values[i % len(Cause.values)]],
        **kw,
    }


def test_registration_one_and_in_bulk_keeps_the_summaries_exact(territory, office, officer, county_user):
    services.register_case(by=office, **_spec(territory, 0, assignee=officer))
    _exact(county_user)
    # The survey import registers its rows through the same bulk path (one statement per table).
    services.register_cases(by=office, specs=[_spec(territory, i) for i in range(1, 40)])
    _exact(county_user)
    assert CaseSummary.objects.filter(village=territory.village_a).exists()


def test_reassignment_and_corrections_keep_the_summaries_exact(
    territory, office, officer, other_officer, county_user, case_in
):
    cases = [case_in(CaseStatus.NOTIFIED, deadline=timezone.localdate() - datetime.timedelta(days=2)),
             case_in(CaseStatus.REGISTERED)]
    for c in cases:
        CaseCause.objects.create(case=c, cause=Cause.values[1])
    _exact(county_user)
    services.assign_cases(cases, to=other_officer, by=office)
    _exact(county_user)
    case = ViolationCase.objects.get(pk=cases[1].pk)
    services.update_case_facts(
        case, by=office, area_m2=Decimal("777.70"), category=Category.VILLAGE_CONSTRUCTION,
        causes=[Cause.values[2], Cause.values[3]],
    )
    _exact(county_user)
    # No service moves a case to another village (the raw writes below do); the admin's form:
    case.refresh_from_db()
    case.village = territory.village_b
    case.save()
    _exact(county_user)


def test_deletes_and_raw_sql_keep_the_summaries_exact(case_in, county_user, territory):
    kept, deleted, raw = case_in(CaseStatus.REGISTERED), case_in(CaseStatus.CLOSED), case_in(CaseStatus.NOTIFIED)
    for c in (kept, deleted, raw):
        CaseCause.objects.create(case=c, cause=Cause.values[0])
    ViolationCase.objects.filter(pk=deleted.pk).delete()  # its causes first (CASCADE), then the case
    _exact(county_user)
    with connection.cursor() as cursor:
        # Writes no service makes: the database keeps the summaries all the same.
        cursor.execute("UPDATE cases_violationcase SET status = 'closed', closed_on = %s WHERE id = %s",
                       [timezone.localdate(), raw.pk])
        cursor.execute("UPDATE cases_casecause SET cause = %s WHERE case_id = %s", [Cause.values[4], kept.pk])
        cursor.execute("UPDATE cases_violationcase SET village_id = %s, area_m2 = area_m2 + 1",
                       [territory.village_b.pk])
    _exact(county_user)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_casecause WHERE case_id = %s", [raw.pk])
        cursor.execute("DELETE FROM cases_violationcase WHERE id = %s", [raw.pk])
    _exact(county_user)


def test_closures_over_the_years_keep_the_summaries_exact(case_in, county_user, territory):
    # Closures older than the chart's weeks are read from the summary per month, the recent
    # ones case by case: the figures are the closed cases' whichever side of the line they fall.
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=d) for d in (1200, 700, 400, 260, 190, 30, 0)]
    cases = [case_in(CaseStatus.CLOSED, closed_on=day) for day in days]
    _exact(county_user)
    chart = selectors.closed_chart(
        selectors.case_tallies(county_user, today=today, group_by="village__township").closed,
        campaign=None, phases=[], today=today,
    )
    bars = chart["series"][0]["data"]
    assert all(bar["value"][0].endswith("-01") for bar in bars)  # over three years: months
    assert sum(bar["value"][1] for bar in bars) == len(days)
    assert bars[0]["value"][0] == days[0].replace(day=1).isoformat()
    with connection.cursor() as cursor:
        # A closing day corrected to another month, a closure undone, another moved to a village
        # of the other township: no service does the first two this way.
        cursor.execute("UPDATE cases_violationcase SET closed_on = %s WHERE id = %s",
                       [today - datetime.timedelta(days=500), cases[1].pk])
        cursor.execute("UPDATE cases_violationcase SET status = 'notified', closed_on = NULL WHERE id = %s",
                       [cases[2].pk])
        cursor.execute("UPDATE cases_violationcase SET village_id = %s WHERE id = %s",
                       [territory.other_village.pk, cases[0].pk])
    _exact(county_user)
    ViolationCase.objects.filter(pk__in=[cases[0].pk, cases[4].pk]).delete()
    _exact(county_user)


def test_deadlines_over_the_months_keep_the_overdue_notices_exact(case_in, county_user, office, officer,
                                                                  other_officer, territory):
    # Deadlines in a month before this one are read from the summary, this month's and the
    # due-soon window's case by case: each notice counts once, overdue or due soon, per assignee.
    today = timezone.localdate()
    offsets = (-400, -60, -31, -1, 0, 1, 2, 40)
    cases = [case_in(CaseStatus.NOTIFIED if i % 2 else CaseStatus.DECIDED, deadline=today + datetime.timedelta(days=d),
                     assignee=officer if i % 3 else other_officer, village=territory.village_a if i % 2 else
                     territory.village_b) for i, d in enumerate(offsets)]
    case_in(CaseStatus.REGISTERED)  # no notice yet: no deadline
    deferred = case_in(CaseStatus.DEFERRED)  # a deadline, but not running: not overdue
    ViolationCase.objects.filter(pk=deferred.pk).update(deadline=today - datetime.timedelta(days=90))

    def per_village_equals_a_direct_count(user):
        grid = selectors.case_tallies(user, today=today, group_by="village").grid
        direct = selectors.case_counts(cases_visible_to(user), today=today, group_by="village")
        by_village = selectors.sum_grid(grid, by="village")
        for village, figures in direct.items():
            assert (by_village[village]["overdue"], by_village[village]["due_soon"]) == (
                figures["overdue"], figures["due_soon"])

    _exact(county_user)
    per_village_equals_a_direct_count(office)
    assert selectors.sum_grid(selectors.case_tallies(county_user, today=today, group_by="village__township").grid)[
        "overdue"] == 4
    with connection.cursor() as cursor:
        # A deadline moved into this month, another out of it, a notice reassigned, one closed,
        # one put back to registered: no service does all of these this way.
        cursor.execute("UPDATE cases_violationcase SET deadline = %s WHERE id = %s", [today, cases[0].pk])
        cursor.execute("UPDATE cases_violationcase SET deadline = %s WHERE id = %s",
                       [today - datetime.timedelta(days=200), cases[4].pk])
        cursor.execute("UPDATE cases_violationcase SET assignee_id = %s WHERE id = %s", [office.pk, cases[1].pk])
        cursor.execute("UPDATE cases_violationcase SET status = 'closed', closed_on = %s WHERE id = %s",
                       [today, cases[2].pk])
        cursor.execute("UPDATE cases_violationcase SET status = 'registered', deadline = NULL WHERE id = %s",
                       [cases[3].pk])
    _exact(county_user)
    per_village_equals_a_direct_count(office)
    ViolationCase.objects.filter(pk=cases[5].pk).delete()
    _exact(county_user)


def test_the_deadline_summary_counts_the_running_statuses():
    # Its triggers name the statuses in SQL (a change of RUNNING_STATUSES needs them installed again).
    assert set(DEADLINE_STATUSES) == set(RUNNING_STATUSES)


PER_TOWNSHIP = pytest.mark.skipif(connection.vendor != "postgresql",
                                  reason="the summaries per township are PostgreSQL's")


@PER_TOWNSHIP
def test_a_village_moved_to_another_township_takes_its_summaries_along(case_in, county_user, territory, office):
    # The summaries per township follow the village (territory.ResponsibilityUnit.save sets its
    # township): no case row is written, the units' trigger moves the village's rows.
    today = timezone.localdate()
    moved = [case_in(CaseStatus.NOTIFIED), case_in(CaseStatus.CLOSED, closed_on=today - datetime.timedelta(days=900))]
    CaseCause.objects.create(case=moved[0], cause=Cause.values[0])
    case_in(CaseStatus.REGISTERED, village=territory.village_b)  # stays in 甲镇
    _exact(county_user)
    village = territory.village_a
    village.parent = territory.other_township
    village.save()
    assert ViolationCase.objects.filter(village__township=territory.other_township).count() == 2
    _exact(county_user)
    grid = selectors.sum_grid(selectors.case_tallies(county_user, today=today, group_by="village__township").grid,
                              by="village__township")
    assert (grid[territory.township.pk]["total"], grid[territory.other_township.pk]["total"]) == (1, 2)
    # The township's own office sees its remaining village only.
    assert selectors.sum_grid(selectors.case_tallies(office, today=today, group_by="village").grid)["total"] == 1


def test_a_coordinators_figures_are_their_villages_not_their_townships(case_in, coordinator_a, county_user, territory):
    # A coordinator's scope is one village: the summaries per township would add the other
    # villages' cases, so their figures come from the summaries per village.
    case_in(CaseStatus.NOTIFIED, deadline=timezone.localdate() - datetime.timedelta(days=1))
    case_in(CaseStatus.CLOSED, village=territory.village_b,
            closed_on=timezone.localdate() - datetime.timedelta(days=400))
    CaseCause.objects.create(case=case_in(CaseStatus.REGISTERED, village=territory.village_b), cause=Cause.values[0])
    _exact(county_user)
    _dashboard_equals_a_direct_count(coordinator_a)
    tallies = selectors.case_tallies(coordinator_a, today=timezone.localdate(), group_by="village__township")
    assert selectors.sum_grid(tallies.grid)["total"] == 1 and not tallies.causes and len(tallies.closed) == 0


@PER_TOWNSHIP
def test_a_scope_of_whole_townships_reads_the_summaries_per_township(case_in, county_user, office, territory):
    # The county's dashboard reads no summary per village (1,500 rows at county scale instead
    # of 41,000); one township's reads them for its figures per village only.
    case_in(CaseStatus.CLOSED, closed_on=timezone.localdate() - datetime.timedelta(days=400))

    def tables_read(user, group_by):
        with CaptureQueriesContext(connection) as queries:
            selectors.case_tallies(user, today=timezone.localdate(), group_by=group_by)
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        return {model._meta.db_table for pair in TOWNSHIP_GRAIN.items() for model in pair
                if f'FROM "{model._meta.db_table}"' in sql}

    assert tables_read(county_user, "village__township") == {model._meta.db_table for model in TOWNSHIP_GRAIN.values()}
    # (The grid and the overdue notices per village; the rest, the categories among it, per township.)
    assert tables_read(office, "village") == {model._meta.db_table for model in TOWNSHIP_GRAIN.values()} - {
        "cases_townshipdeadlinesummary"} | {"cases_casesummary", "cases_deadlinesummary"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the scale generator is PostgreSQL's")
def test_the_scale_generators_bulk_load_keeps_the_summaries_exact(county_user):
    # COPY with the audit and version triggers off (session_replication_role = replica): the
    # summaries' triggers fire all the same (ENABLE ALWAYS).
    call_command("generate_scale", townships=2, villages=4, cases=300, patrol_logs=100, stdout=open("/dev/null", "w"))
    assert ViolationCase.objects.count() >= 300
    assert drift() == []


def test_on_sqlite_the_demo_and_raw_writes_keep_the_summaries_exact(tmp_path):
    # `make run`'s database: row triggers instead of statement triggers (sqlite_summary.py).
    outcome = run_on_sqlite("tests/cases/sqlite_summary.py", tmp_path, timeout=300)
    assert outcome["cases"] > 40 and outcome["rows"] > 0 and outcome["total"] > 0
    assert outcome["after_demo"] == []
    assert outcome["after_raw_writes"] == []
    assert outcome["dashboard_equals_count"]


def test_the_survey_import_keeps_the_summaries_exact(client, office, territory, county_user):
    from tests.documents.test_import_in_flight import _import, row, survey_only

    territory.township.document_prefix = "甲土监"
    territory.township.save()
    client.force_login(office)
    rows = [row(f"当事人{i}", location=f"第{i}组", number=f"甲土监〔2026〕整改第{i:03d}号") for i in range(1, 6)]
    _import(client, rows + [survey_only(f"普查{i}", location=f"村口{i}") for i in range(5)])
    assert ViolationCase.objects.count() == 10
    _exact(county_user)


def test_a_county_departments_people_see_the_summaries_of_the_cases_handed_over_to_them(
    case_in, office, officer, county_user
):
    # The summaries carry the department a case was handed over to (移送), so its people's
    # figures are the cases they work, as cases_visible_to gives them.
    case = make_case(case_in, "hand_over", sorted(TRANSITIONS["hand_over"].sources)[0], officer)
    case_in(CaseStatus.CLOSED)  # the township's own: not theirs
    head = member(case.authority, Role.LEADER, username="dept_head")
    assert selectors.sum_grid(selectors.case_tallies(head, today=timezone.localdate(), group_by="village__township")
                              .grid)["total"] == 0
    RUNNERS["hand_over"](case, office)
    _exact(county_user)
    _dashboard_equals_a_direct_count(head)
    grid = selectors.case_tallies(head, today=timezone.localdate(), group_by="village__township").grid
    assert selectors.sum_grid(grid)["total"] == 1 == cases_visible_to(head).count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the audit and version triggers are PostgreSQL's")
def test_the_summaries_stay_out_of_the_audit_trail_and_the_data_versions(case_in, office, officer, other_officer):
    # Their rows are written beside the case rows that carry the change, which the trail and
    # the versions already record: an entry per summary row would be noise in the trail and a
    # trigger more on every write of a case.
    from landwatch.models import AuditEntry

    cases = [case_in(CaseStatus.NOTIFIED), case_in(CaseStatus.REGISTERED)]
    services.assign_cases(cases, to=other_officer, by=office)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_violationcase SET status = 'closed', closed_on = %s WHERE id = %s",
                       [timezone.localdate(), cases[0].pk])
        cursor.execute("SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'landwatch%%'")
        triggered = {row[0] for row in cursor.fetchall()}
    assert ViolationCase.objects.filter(assignee=other_officer).count() == 2  # the writes were made
    summaries = {model._meta.db_table for pair in TOWNSHIP_GRAIN.items() for model in pair}
    assert not summaries & triggered
    assert not AuditEntry.objects.filter(table_name__in=summaries).exists()
    assert AuditEntry.objects.filter(table_name="cases_violationcase", row_id=str(cases[0].pk)).exists()

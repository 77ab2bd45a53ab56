"""Coverage: planned against done per village, days since the last patrol, overdue flags."""

import datetime

import pytest

from landwatch.roles import Role
from patrols.coverage import village_coverage
from patrols.models import PlanKind, PlanPeriod
from patrols.services import withdraw_log
from tests.factories import PatrolFindingFactory, PatrolLogFactory, PatrolPlanFactory, member

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)  # a Thursday; the week began Monday 23 November


def rows_by_name(user, today=TODAY):
    return {r.village.name: r for r in village_coverage(user, today=today)}


@pytest.fixture
def weekly_plan(territory, office):
    return PatrolPlanFactory(
        responsible_unit=territory.office_unit, villages=[territory.village_a, territory.village_b], created_by=office
    )


def test_planned_and_done_for_week_and_month(territory, office, coordinator_a, weekly_plan):
    a = territory.village_a
    for day in (datetime.date(2026, 11, 2), datetime.date(2026, 11, 16), datetime.date(2026, 11, 23), TODAY):
        PatrolLogFactory(village=a, patrolled_on=day, created_by=coordinator_a)
    PatrolLogFactory(village=a, patrolled_on=datetime.date(2026, 10, 30), created_by=coordinator_a)  # last month
    row = rows_by_name(office)["甲一村"]
    assert (row.done_week, row.planned_week) == (2, 1)
    assert (row.done_month, row.planned_month) == (4, 4)
    assert row.last_patrol == TODAY and row.days_since_last == 0
    assert not row.overdue


def test_days_since_last_and_overdue_after_the_plan_interval(territory, office, coordinator_b, weekly_plan):
    PatrolLogFactory(
        village=territory.village_b, patrolled_on=TODAY - datetime.timedelta(days=7), created_by=coordinator_b
    )
    row = rows_by_name(office)["甲二村"]
    assert row.days_since_last == 7 and not row.overdue  # exactly the weekly interval
    row = rows_by_name(office, TODAY + datetime.timedelta(days=1))["甲二村"]
    assert row.days_since_last == 8 and row.overdue


def test_a_village_with_a_plan_and_no_patrol_is_overdue_one_without_a_plan_is_not(territory, office):
    PatrolPlanFactory(responsible_unit=territory.office_unit, villages=[territory.village_a], created_by=office)
    rows = rows_by_name(office)
    assert rows["甲一村"].overdue and rows["甲一村"].last_patrol is None
    assert not rows["甲二村"].overdue and not rows["甲二村"].has_plan
    assert rows["甲二村"].planned_week == 0


def test_withdrawn_and_future_logs_do_not_count(territory, office, coordinator_a, weekly_plan):
    log = PatrolLogFactory(village=territory.village_a, patrolled_on=TODAY, created_by=coordinator_a)
    PatrolLogFactory(
        village=territory.village_a, patrolled_on=TODAY + datetime.timedelta(days=1), created_by=coordinator_a
    )
    withdraw_log(log, by=office, reason="录错了村")
    row = rows_by_name(office)["甲一村"]
    assert row.done_week == 0 and row.last_patrol is None


def test_a_joint_patrol_counts_for_every_village_it_covered(territory, office, officer, weekly_plan):
    log = PatrolLogFactory(village=territory.village_a, patrolled_on=TODAY, created_by=officer)
    log.other_villages.set([territory.village_b])
    rows = rows_by_name(office)
    assert rows["甲一村"].done_week == 1 and rows["甲二村"].done_week == 1
    assert rows["甲二村"].last_patrol == TODAY


def test_seasonal_monthly_and_spot_check_plans(territory, office):
    a = territory.village_a
    PatrolPlanFactory(responsible_unit=territory.office_unit, villages=[a], times=2, months=[11], created_by=office)
    PatrolPlanFactory(responsible_unit=territory.office_unit, villages=[a], times=1, months=[6], created_by=office)
    PatrolPlanFactory(
        responsible_unit=territory.department, villages=[a], times=3, period=PlanPeriod.MONTH, created_by=office
    )
    PatrolPlanFactory(
        responsible_unit=territory.department,
        villages=[a],
        kind=PlanKind.JOINT_SPOT_CHECK,
        period=PlanPeriod.MONTH,
        created_by=office,
    )
    PatrolPlanFactory(
        responsible_unit=territory.office_unit, villages=[a], valid_to=datetime.date(2026, 10, 31), created_by=office
    )
    row = rows_by_name(office)["甲一村"]
    # November: the 2/week seasonal plan (×4 for the month) and the 3/month plan; June's, the
    # spot check and the expired plan do not count.
    assert row.planned_week == 2
    assert row.planned_month == 2 * 4 + 3
    assert row.interval_days == 4  # ceil(7 / 2)


def test_coordinators_and_findings_per_village(territory, office, coordinator_a):
    member(territory.village_a, Role.COORDINATOR, username="old", is_active=False)
    log = PatrolLogFactory(village=territory.village_a, created_by=coordinator_a)
    PatrolFindingFactory(log=log)
    PatrolFindingFactory(
        log=log, status="dismissed", dismiss_reason="x", handled_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    )
    rows = rows_by_name(office)
    assert rows["甲一村"].coordinators == 1 and not rows["甲一村"].without_coordinator
    assert rows["甲二村"].without_coordinator
    assert (rows["甲一村"].findings_open, rows["甲一村"].findings_total) == (1, 2)


def test_coverage_without_its_counts_of_coordinators_and_findings(territory, office, coordinator_a, weekly_plan):
    PatrolLogFactory(village=territory.village_a, created_by=coordinator_a, patrolled_on=TODAY)
    full = rows_by_name(office)
    lean = {r.village.name: r for r in village_coverage(office, today=TODAY, with_findings=False,
                                                       with_coordinators=False)}
    assert list(lean) == list(full)
    for name, row in lean.items():
        # What the dashboard and the reminders read is the same; the coordinators are not counted,
        # so no village reads as one without a coordinator.
        assert (row.done_week, row.planned_week, row.last_patrol, row.overdue) == (
            full[name].done_week, full[name].planned_week, full[name].last_patrol, full[name].overdue)
        assert row.coordinators is None and not row.without_coordinator
    assert full["甲二村"].without_coordinator


def test_coverage_is_scoped_to_the_user(territory, coordinator_a, other_office, office):
    assert set(rows_by_name(coordinator_a)) == {"甲一村"}
    assert set(rows_by_name(other_office)) == {"乙一村"}
    assert set(rows_by_name(office)) == {"甲一村", "甲二村"}

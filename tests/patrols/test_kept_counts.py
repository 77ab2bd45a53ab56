"""The patrols per village and day that coverage reads (patrols/kept_counts.py) equal a count over
the current logs after every kind of write: a log filed, withdrawn, moved to another day or
village, deleted, loaded in bulk, written in raw SQL, the scale generator's load; and on SQLite
(`make run`), the demo's writes and raw ones, with the triggers in place after every migration.

``drift()`` compares each row with a ``GROUP BY`` over the logs; coverage's own figures are
compared with a count over the logs.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dashboards import selectors
from landwatch.models import AuditEntry
from patrols import kept_counts
from patrols.coverage import village_coverage
from patrols.models import FindingCount, FindingStatus, PatrolDay, PatrolFinding, PatrolLog
from patrols.services import create_patrol_log, dismiss_finding, mark_finding_registered, withdraw_log
from tests.factories import PatrolFindingFactory, PatrolLogFactory
from tests.on_sqlite import run_on_sqlite

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)  # a Thursday: the week began on Monday 23 November


def _kept(village, day) -> int:
    return sum(PatrolDay.objects.filter(village=village, day=day).values_list("n", flat=True))


def _coverage_equals_a_count_over_the_logs(user) -> None:
    week_start = TODAY - datetime.timedelta(days=TODAY.weekday())
    current = PatrolLog.objects.current().filter(patrolled_on__lte=TODAY)
    for row in village_coverage(user, today=TODAY):
        logs = current.filter(village=row.village.pk)
        assert row.done_week == logs.filter(patrolled_on__gte=week_start).count(), row.village.name
        assert row.done_month == logs.filter(patrolled_on__gte=TODAY.replace(day=1)).count(), row.village.name


def test_filing_and_withdrawing_through_the_services_keeps_the_rows_exact(territory, office, coordinator_a):
    a = territory.village_a
    log = create_patrol_log(PatrolLog(village=a, patrolled_on=TODAY), by=coordinator_a)
    create_patrol_log(PatrolLog(village=a, patrolled_on=TODAY), by=coordinator_a)
    assert _kept(a, TODAY) == 2
    withdraw_log(log, by=office, reason="记错了村")
    assert _kept(a, TODAY) == 1
    assert kept_counts.drift() == []
    _coverage_equals_a_count_over_the_logs(office)


def test_a_log_moved_to_another_day_or_village_moves_its_count(territory, office, coordinator_a):
    a, b = territory.village_a, territory.village_b
    log = PatrolLogFactory(village=a, patrolled_on=TODAY, created_by=coordinator_a)
    log.patrolled_on = TODAY - datetime.timedelta(days=5)
    log.save()
    assert (_kept(a, TODAY), _kept(a, log.patrolled_on)) == (0, 1)
    PatrolLog.objects.filter(pk=log.pk).update(village=b)
    assert (_kept(a, log.patrolled_on), _kept(b, log.patrolled_on)) == (0, 1)
    assert kept_counts.drift() == []
    _coverage_equals_a_count_over_the_logs(office)


def test_an_edit_that_moves_nothing_writes_no_row(territory, coordinator_a):
    log = PatrolLogFactory(village=territory.village_a, patrolled_on=TODAY, created_by=coordinator_a)

    def where_the_row_lies():  # a row written again (even to the same count) moves to a new tuple
        with connection.cursor() as cursor:
            cursor.execute("SELECT ctid::text FROM patrols_patrolday WHERE village_id = %s", [territory.village_a.pk])
            return cursor.fetchall()

    before = where_the_row_lies()
    PatrolLog.objects.filter(pk=log.pk).update(notes="补记", route="东组")
    assert where_the_row_lies() == before  # not locked, not written: the edit's deltas cancel out
    PatrolLog.objects.filter(pk=log.pk).update(patrolled_on=TODAY)  # the same day again: nothing either
    assert where_the_row_lies() == before
    PatrolLog.objects.filter(pk=log.pk).update(patrolled_on=TODAY - datetime.timedelta(days=1))
    assert where_the_row_lies() != before


def test_bulk_loads_deletes_and_raw_sql_keep_the_rows_exact(territory, office, coordinator_a, coordinator_b):
    a, b = territory.village_a, territory.village_b
    days = [TODAY - datetime.timedelta(days=n) for n in range(12)]
    PatrolLog.objects.bulk_create(
        PatrolLog(village=(a, b)[n % 2], patrolled_on=days[n % 12], created_by=coordinator_a) for n in range(60)
    )
    assert kept_counts.drift() == []
    with connection.cursor() as cursor:
        # Writes no service makes: the database keeps the rows all the same.
        cursor.execute("UPDATE patrols_patrollog SET withdrawn_at = %s, withdraw_reason = 'x' WHERE village_id = %s "
                       "AND patrolled_on = %s", [timezone.now(), a.pk, days[0]])
        cursor.execute("UPDATE patrols_patrollog SET patrolled_on = %s WHERE village_id = %s", [days[3], b.pk])
        cursor.execute("DELETE FROM patrols_patrollog WHERE id IN (SELECT id FROM patrols_patrollog "
                       "WHERE village_id = %s ORDER BY id LIMIT 4)", [a.pk])
    assert kept_counts.drift() == []
    assert _kept(b, days[3]) == 30
    _coverage_equals_a_count_over_the_logs(office)
    PatrolLog.objects.all().delete()
    assert kept_counts.drift() == [] and not PatrolDay.objects.exclude(n=0).exists()


def _findings_equal_a_count(user, territory) -> None:
    findings = PatrolFinding.objects.all()
    for row in village_coverage(user, today=TODAY):
        mine = findings.filter(village=row.village.pk)
        assert (row.findings_total, row.findings_open) == (mine.count(), mine.filter(status="reported").count())
    counts = selectors.township_counts(user, townships=None)
    for township in (territory.township, territory.other_township):
        reported = findings.filter(village__township=township, status="reported").count()
        assert counts.get(township.pk, selectors.no_counts())["findings_reported"] == reported


def test_findings_reported_registered_dismissed_and_moved_keep_their_counts_exact(
    territory, office, officer, coordinator_a, county_user,
):
    a, b = territory.village_a, territory.village_b
    found = [PatrolFindingFactory(log__village=a, log__created_by=coordinator_a) for _n in range(4)]
    assert FindingCount.objects.get(village=a, status=FindingStatus.REPORTED).n == 4
    mark_finding_registered(found[0], by=office)
    dismiss_finding(found[1], by=office, reason="已有审批手续")
    assert dict(FindingCount.objects.filter(village=a).values_list("status", "n")) == {
        FindingStatus.REPORTED: 2, FindingStatus.REGISTERED: 1, FindingStatus.DISMISSED: 1,
    }
    _findings_equal_a_count(county_user, territory)
    with connection.cursor() as cursor:
        # Writes no service makes: the database keeps the counts all the same.
        cursor.execute("UPDATE patrols_patrolfinding SET village_id = %s WHERE id = %s", [b.pk, found[2].pk])
        cursor.execute("UPDATE patrols_patrolfinding SET status = 'dismissed', dismiss_reason = 'x', handled_at = %s "
                       "WHERE id = %s", [timezone.now(), found[3].pk])
    assert kept_counts.drift() == []
    _findings_equal_a_count(county_user, territory)
    _findings_equal_a_count(office, territory)
    PatrolFinding.objects.filter(pk__in=[f.pk for f in found[2:]]).delete()  # (the two handled have events)
    assert kept_counts.drift() == []
    _findings_equal_a_count(county_user, territory)


def test_the_scale_generators_bulk_load_keeps_the_rows_exact():
    # COPY with the audit and version triggers off (session_replication_role = replica): the
    # patrol days' triggers fire all the same (ENABLE ALWAYS).
    call_command("generate_scale", townships=2, villages=4, cases=50, patrol_logs=500, stdout=open("/dev/null", "w"))
    assert PatrolLog.objects.current().count() >= 500
    assert sum(PatrolDay.objects.values_list("n", flat=True)) == PatrolLog.objects.current().count()
    assert sum(FindingCount.objects.values_list("n", flat=True)) == PatrolFinding.objects.count() > 0
    assert kept_counts.drift() == []


def test_the_rows_stay_out_of_the_audit_trail_and_the_data_versions(territory, coordinator_a):
    # Their rows are written beside the logs and findings that carry the change, which the trail
    # and the versions already record.
    PatrolFindingFactory(log__village=territory.village_a, log__patrolled_on=TODAY, log__created_by=coordinator_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'landwatch%%'")
        triggered = {row[0] for row in cursor.fetchall()}
    assert PatrolDay.objects.filter(n=1).exists() and FindingCount.objects.filter(n=1).exists()  # written
    counts = {"patrols_patrolday", "patrols_findingcount"}
    assert not counts & triggered and {"patrols_patrollog", "patrols_patrolfinding"} <= triggered
    assert not AuditEntry.objects.filter(table_name__in=counts).exists()


def test_on_sqlite_the_demo_and_raw_writes_keep_the_rows_exact(tmp_path):
    # `make run`'s database: row triggers, in place after every migration (sqlite_kept_counts.py).
    outcome = run_on_sqlite("tests/patrols/sqlite_kept_counts.py", tmp_path, timeout=300)
    assert outcome["triggers"] == [f"patrols_{kind}_{event}" for kind in ("finding_counts", "patrol_days")
                                   for event in ("delete", "insert", "update")]
    assert outcome["logs"] > 0 and outcome["kept"] == outcome["logs"]
    assert outcome["after_demo"] == [] and outcome["after_raw_writes"] == []
    assert outcome["coverage_equals_count"] and outcome["findings"] > 0

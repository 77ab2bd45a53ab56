"""The act-date migration dates the events already stored (issue #27): from their data, else their day.

Runs the real migration backwards and forwards on PostgreSQL, where the timeline's append-only
trigger must be set aside for the backfill and the audit trigger still records it.
"""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from landwatch.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0007_units_in_territory")]
AFTER = [("cases", "0008_act_dates")]
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """The tests after this one need every migration applied again (0011 onwards add columns)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_events_get_the_date_of_their_act_and_cases_their_registration_day(territory, office, party):
    apps = _migrate(BEFORE)
    try:
        Case, Event = apps.get_model("cases", "ViolationCase"), apps.get_model("cases", "CaseEvent")
        registered_at = datetime.datetime(2022, 3, 10, 23, 30, tzinfo=datetime.UTC)  # 3月11日 in Shanghai
        case = Case.objects.create(
            number="2022-001", title="旧案", party_id=party.pk, village_id=territory.village_a.pk, location_text="三组",
            area_m2=100, source="dynamic_patrol", discovered_on=datetime.date(2022, 3, 1), created_by_id=office.pk,
            created_at=datetime.datetime(2022, 4, 2, 9, 0, tzinfo=SHANGHAI),
        )
        entered = datetime.datetime(2022, 4, 20, 10, 0, tzinfo=SHANGHAI)
        registered = Event.objects.create(case_id=case.pk, kind="registered", to_status="registered", at=registered_at)
        served = Event.objects.create(case_id=case.pk, kind="notified", at=entered,
                                      data={"served_on": "2022-03-28", "deadline": "2022-04-27"})
        inspected = Event.objects.create(case_id=case.pk, kind="reinspection_failed", at=entered,
                                         data={"inspected_on": "2022-04-18", "deadline": "2022-05-10"})
        note = Event.objects.create(case_id=case.pk, kind="note", at=entered, note="电话回访")
    finally:
        apps = _migrate(AFTER)
    Case, Event = apps.get_model("cases", "ViolationCase"), apps.get_model("cases", "CaseEvent")
    dates = dict(Event.objects.values_list("pk", "occurred_on"))
    assert dates[registered.pk] == datetime.date(2022, 3, 11)  # the local day, not UTC's
    assert dates[served.pk] == datetime.date(2022, 3, 28)
    assert dates[inspected.pk] == datetime.date(2022, 4, 18)
    assert dates[note.pk] == datetime.date(2022, 4, 20)
    # The registration day is its event's, not the moment the row was made.
    assert Case.objects.get(pk=case.pk).registered_on == datetime.date(2022, 3, 11)
    # The backfill is in the audit trail, and the timeline is append-only again afterwards.
    assert AuditEntry.objects.filter(table_name="cases_caseevent", row_id=str(served.pk), action="U").exists()
    with connection.cursor() as cursor, pytest.raises(Exception, match="append-only"):
        cursor.execute("UPDATE cases_caseevent SET note = 'x' WHERE id = %s", [note.pk])

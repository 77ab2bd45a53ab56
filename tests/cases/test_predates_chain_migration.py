"""Migration cases 0011 marks the cases that already held a served rectification notice as
predating the penalty chain, and keeps every case's history as it was (issue 19, "Existing data
migrates").

Runs the real migration backwards and forwards on PostgreSQL with historical models.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0010_campaign_is_a_period")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_cases_with_a_served_notice_are_marked_and_keep_their_history(territory, office, party):
    apps = _migrate(BEFORE)
    try:
        Case, Event = apps.get_model("cases", "ViolationCase"), apps.get_model("cases", "CaseEvent")
        common = dict(party_id=party.pk, village_id=territory.village_a.pk, location_text="三组", area_m2=100,
                      source="dynamic_patrol", discovered_on=datetime.date(2022, 3, 1), created_by_id=office.pk,
                      registered_on=datetime.date(2022, 3, 2))
        noticed = Case.objects.create(number="2022-001", title="已送达整改通知书", status="notified",
                                      disposition="demolish", deadline=datetime.date(2022, 4, 1), **common)
        closed = Case.objects.create(number="2022-002", title="整改后结案", status="closed", disposition="demolish",
                                     closed_on=datetime.date(2022, 5, 1), **common)
        decided = Case.objects.create(number="2022-003", title="已决定未送达", disposition="demolish", **common)
        fresh = Case.objects.create(number="2022-004", title="新登记", **common)
        for case in (noticed, closed, decided, fresh):
            Event.objects.create(case_id=case.pk, kind="registered", to_status="registered",
                                 occurred_on=datetime.date(2022, 3, 2))
        for case in (noticed, closed, decided):
            Event.objects.create(case_id=case.pk, kind="decided", from_status="registered", to_status="registered",
                                 occurred_on=datetime.date(2022, 3, 5), data={"disposition": "demolish"})
        for case in (noticed, closed):
            Event.objects.create(case_id=case.pk, kind="notified", from_status="registered", to_status="notified",
                                 occurred_on=datetime.date(2022, 3, 10), note="限期自行拆除",
                                 data={"served_on": "2022-03-10", "deadline": "2022-04-01"})
        Event.objects.create(case_id=closed.pk, kind="reinspection_passed", from_status="corrected",
                             to_status="closed", occurred_on=datetime.date(2022, 5, 1))
        history = sorted(Event.objects.values_list("pk", "case_id", "kind", "from_status", "to_status",
                                                   "occurred_on", "note"))
        rows = sorted(Case.objects.values_list("pk", "status", "disposition", "deadline", "closed_on"))
    finally:
        apps = _migrate()
    Case, Event = apps.get_model("cases", "ViolationCase"), apps.get_model("cases", "CaseEvent")
    marked = dict(Case.objects.values_list("number", "predates_chain"))
    assert marked == {"2022-001": True, "2022-002": True, "2022-003": False, "2022-004": False}
    # Nothing else moved: every event kept, every case in its state, no filing date invented.
    assert sorted(Event.objects.values_list("pk", "case_id", "kind", "from_status", "to_status", "occurred_on",
                                            "note")) == history
    assert sorted(Case.objects.values_list("pk", "status", "disposition", "deadline", "closed_on")) == rows
    assert not Case.objects.filter(filed_on__isnull=False).exists()

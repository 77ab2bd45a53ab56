"""The benchmark's writer (bench/writer.py): each kind of write is a real one, in its township."""

import pytest
from django.core.management import call_command
from django.db import connection

from bench import writer
from cases.models import CaseEvent
from documents.models import CaseDocument
from patrols.models import PatrolEvent, PatrolLog

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="generate_scale loads PostgreSQL only"),
]


@pytest.fixture
def towns():
    call_command("generate_scale", townships=2, villages=4, cases=80, patrol_logs=20, stdout=open("/dev/null", "w"))
    found = writer.townships()
    assert len(found) == 2
    return found


def test_each_kind_writes_through_its_service_in_the_township(towns):
    town = towns[1]
    township = town.villages[0].township_id
    logs, events, documents = PatrolLog.objects.count(), CaseEvent.objects.count(), CaseDocument.objects.count()

    writer.write("patrol_log", town, 0)
    log = PatrolLog.objects.latest("pk")
    assert PatrolLog.objects.count() == logs + 1 and log.village.township_id == township
    assert PatrolEvent.objects.filter(log=log, kind=PatrolEvent.Kind.LOG_CREATED, actor=town.office).exists()

    case = town.cases[0]
    writer.write("case_event", town, 0)
    writer.write("case_event", town, 0)  # the case goes to the other officer, then back
    assert CaseEvent.objects.count() == events + 2
    assigned = CaseEvent.objects.filter(case=case, kind="assigned").order_by("-pk")[:2]
    assert {e.actor_id for e in assigned} == {town.office.pk}
    case.refresh_from_db()
    assert case.assignee_id in {o.pk for o in town.officers}

    writer.write("document", town, 0)
    assert CaseDocument.objects.count() == documents + 1
    document = CaseDocument.objects.latest("pk")
    assert document.case_id == case.pk and document.kind == "stop_work" and document.township_id == township


@pytest.mark.django_db(transaction=True)
def test_the_writer_commits_every_kind_in_every_township_until_stopped(towns):
    # The thread has its own connection: it sees only committed rows and commits its own.
    logs = PatrolLog.objects.count()
    thread = writer.Writer(towns, rate=20)
    thread.start()
    while sum(thread.done.values()) + sum(thread.failed.values()) < 12 and thread.is_alive():
        thread.join(timeout=0.2)
    writes = thread.stop()

    assert not thread.is_alive() and writes["failed"] == {}, writes["failures"]
    assert set(writes["committed"]) == set(writer.KINDS)
    assert writes["achieved_rate"] > 0 and writes["townships"] == 2
    new_logs = PatrolLog.objects.filter(notes__contains="基准测试")
    assert new_logs.count() == PatrolLog.objects.count() - logs == writes["committed"]["patrol_log"]
    assert {log.village.township_id for log in new_logs} == {t.villages[0].township_id for t in towns}

"""A service that locks a row to take one change at a time leaves the township's row free.

Every write that references a township (a unit under it, a document, a case's record) checks
that row with FOR KEY SHARE at commit. A FOR UPDATE on it blocks them, and with the rows both
sides write beside (the data versions, the case summaries) it deadlocks: the soak found a public
report's submission, then a layer's load, each deadlocked with a write naming the township
(docs/RELIABILITY.md). The layers' and the tasks' locks joined the township (for their order,
for their checks) and locked its row too.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.models import TaskStatus
from reports.services import one_submission_at_a_time
from territory.models import Layer, LayerKind
from territory.services import _layers_in_force_locked, load_layer
from tests.factories import UnitFactory, metre_box
from tests.factories.campaigns import TaskFactory, campaign_with_phases
from tests.territory.test_layers import _file
from tests.together import holding, lock_timeout

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def _report_submitted(territory, office):
    return lambda: one_submission_at_a_time(territory.township)


def _layer_loaded(territory, office):
    layer = Layer.objects.create(unit=territory.township, kind=LayerKind.VILLAGE_BOUNDARY, name="村界",
                                 loaded_by=office, loaded_at=timezone.now())
    return lambda: _layers_in_force_locked(layer.unit, layer.kind)


def _task_started(territory, office):
    task = TaskFactory(campaign=campaign_with_phases(territory.township, name="整治行动"), created_by=office,
                       owner_unit=territory.department)
    return lambda: campaign_services.change_task_status(task, by=office, to_status=TaskStatus.IN_PROGRESS)


@pytest.mark.parametrize("locking", [_report_submitted, _layer_loaded, _task_started])
def test_a_write_referencing_the_township_commits_while_a_service_holds_its_lock(locking, territory, office):
    with holding(locking(territory, office)), lock_timeout("2s"):
        try:
            with transaction.atomic():  # its foreign key to the township is checked at commit
                UnitFactory(kind="department", parent=territory.township, name="压测组")
        except OperationalError as error:
            pytest.fail(f"blocked by the service's lock: {error}")


def test_two_first_loads_of_a_kind_at_once_leave_one_layer_in_force(territory, office):
    # With nothing in force yet there was no layer to lock: the second load went ahead, waited on
    # the first's row in the one-in-force index and failed when the first committed (a 500 in the
    # soak). Both take the unit's row first now: the second waits, then replaces the first.
    unit, kind = territory.township, LayerKind.BASIC_FARMLAND

    def first_load():
        _layers_in_force_locked(unit, kind)
        Layer.objects.create(unit=unit, kind=kind, name="2024年度", loaded_by=office, loaded_at=timezone.now())

    outcome = []

    def second_load():
        try:
            outcome.append(load_layer(unit=unit, kind=kind, name="2025年度", by=office,
                                      upload=_file([({"BSM": "1"}, metre_box(499000, 3339000, 1000, 2000))])))
        except Exception as error:  # noqa: BLE001 (asserted below)
            outcome.append(error)
        finally:
            connection.close()

    second = threading.Thread(target=second_load)
    with holding(first_load):
        second.start()
        time.sleep(0.5)  # the second load is under way while the first's transaction is open
    second.join(10)
    assert [type(x) for x in outcome] == [Layer], outcome
    assert list(Layer.objects.filter(unit=unit, kind=kind).in_force().values_list("name", flat=True)) == ["2025年度"]
    assert Layer.objects.filter(unit=unit, kind=kind, replaced_at__isnull=False).count() == 1

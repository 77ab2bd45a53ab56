"""The documents data migration adopts the interim notice events: once, on historical models, and a no-op when empty."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from cases.models import CaseStatus
from cases.services import record_notice
from documents.models import CaseDocument, DocumentStatus, ServiceRecord

pytestmark = pytest.mark.django_db

MIGRATION = ("documents", "0002_adopt_interim_notices")


def historical_apps():
    """The models as the migration sees them on this database: the unit tables it joins were renamed
    since (patrols 0006, the territory's move), so the state includes that rename."""
    return MigrationLoader(connection).project_state([MIGRATION, ("patrols", "0006_territory_tables")]).apps


def run_migration():
    module = importlib.import_module("documents.migrations.0002_adopt_interim_notices")
    module.adopt(historical_apps(), None)


def test_the_migration_is_in_the_graph():
    loader = MigrationLoader(connection)
    assert MIGRATION in loader.graph.nodes
    assert MIGRATION in loader.applied_migrations  # the test database was migrated through it


def test_no_op_on_an_empty_database():
    run_migration()
    assert not CaseDocument.objects.exists() and not ServiceRecord.objects.exists()


def test_adopts_interim_notices_on_historical_models_once(make_case, office):
    served_on = timezone.localdate() - datetime.timedelta(days=6)
    case = make_case()
    record_notice(case, by=office, deadline=served_on + datetime.timedelta(days=20), served_on=served_on,
                  requirements="限期自行拆除")
    other = make_case(status=CaseStatus.REGISTERED)
    record_notice(other, by=office, deadline=served_on + datetime.timedelta(days=10), served_on=served_on)

    run_migration()
    run_migration()  # idempotent

    docs = list(CaseDocument.objects.order_by("id"))
    assert [d.case_id for d in docs] == [case.pk, other.pk]
    first = docs[0]
    assert first.status == DocumentStatus.SERVED and first.kind == "rectification"
    assert first.deadline == served_on + datetime.timedelta(days=20) and first.deadline_days == 20
    assert first.requirements == "限期自行拆除"
    assert first.reference.endswith("整改第001号") and docs[1].reference.endswith("整改第002号")
    assert first.source_event.kind == "notified" and first.service.served_on == served_on
    assert ServiceRecord.objects.count() == 2

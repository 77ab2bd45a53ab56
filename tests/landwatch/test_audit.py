"""Every write leaves a trace in the audit trail, whatever the code path."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from landwatch.appendonly import append_only_models
from landwatch.audit import audit_context
from landwatch.models import AuditEntry
from patrols.models import PatrolEvent
from territory.models import ResponsibilityUnit
from tests.factories import UnitFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL-only")


def _entries(obj):
    return AuditEntry.objects.filter(table_name=obj._meta.db_table, row_id=str(obj.pk)).order_by("id")


def test_create_change_and_delete_are_recorded_even_through_queryset_update(territory):
    unit = UnitFactory(kind="department", parent=territory.township, name="临时组")
    ResponsibilityUnit.objects.filter(pk=unit.pk).update(phone="0573-1234567")  # bypasses save()
    pk = unit.pk
    ResponsibilityUnit.objects.filter(pk=pk).delete()
    actions = list(
        AuditEntry.objects.filter(table_name="territory_responsibilityunit", row_id=str(pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[0] == "I" and "U" in actions and actions[-1] == "D"
    change = AuditEntry.objects.filter(
        table_name="territory_responsibilityunit", row_id=str(pk), new_values__phone="0573-1234567"
    ).get()
    assert change.old_values == {"phone": ""}  # only the changed column, with its old value


def test_a_no_op_save_writes_nothing(territory):
    before = AuditEntry.objects.count()
    territory.village_a.save()
    assert AuditEntry.objects.count() == before


def test_passwords_never_reach_the_trail(office):
    office.set_password("new secret")
    office.save()
    for entry in _entries(office):
        assert "password" not in (entry.new_values or {}) and "password" not in (entry.old_values or {})


def test_a_request_names_its_actor(client, superuser, territory):
    client.force_login(superuser)
    unit = territory.village_a
    url = reverse("admin:territory_responsibilityunit_change", args=[unit.pk])
    data = {
        "kind": unit.kind, "name": "甲一村（改名）", "code": unit.code, "parent": unit.parent_id,
        "contact_person": "", "phone": "", "address": "", "letterhead": "", "document_prefix": "",
        "latitude": "", "longitude": "", "active": "on", "sort_order": 0,
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = _entries(unit).filter(action="U").last()
    assert entry.actor_id == superuser.pk
    assert entry.context == f"POST {url}"
    assert entry.new_values == {"name": "甲一村（改名）"}


def test_commands_can_name_their_actor(territory, superuser):
    with audit_context(superuser, "manage.py loaddemo"):
        unit = UnitFactory(kind="department", parent=territory.township)
    entry = _entries(unit).filter(action="I").get()
    assert (entry.actor_id, entry.context) == (superuser.pk, "manage.py loaddemo")


def test_event_rows_are_append_only_even_for_superusers(office):
    event = PatrolEvent.objects.create(kind=PatrolEvent.Kind.PLAN_SAVED, actor=office, note="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE patrols_patrolevent SET note = 'rewritten' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM patrols_patrolevent WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.note == "x"


# --- append-only history and evidence: the marker is the one list -------------------------


def test_every_history_and_evidence_row_refuses_update_and_delete_raw_and_orm(append_only_rows):
    rows = append_only_rows()
    assert sorted(rows) == [m._meta.label for m in append_only_models()]
    for label, row in rows.items():
        table = row._meta.db_table
        # back-dating, moving or rewriting by hand: the trigger refuses, whoever asks
        for sql in (f'UPDATE "{table}" SET id = -id WHERE id = %s', f'DELETE FROM "{table}" WHERE id = %s'):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
                c.execute(sql, [row.pk])
        # and the ORM refuses before the database is asked (the same on SQLite)
        with pytest.raises(TypeError, match="append-only"):
            row.save()
        with pytest.raises(TypeError, match="append-only"):
            row.delete()
        with pytest.raises(TypeError, match="append-only"):
            type(row).objects.filter(pk=row.pk).update(pk=row.pk + 1000)
        with pytest.raises(TypeError, match="append-only"):
            type(row).objects.filter(pk=row.pk).delete()
        assert type(row).objects.filter(pk=row.pk).exists(), label


def test_the_units_an_enforcement_involved_stay_linked(append_only_rows, territory):
    from territory.models import UnitKind
    from tests.factories import UnitFactory

    action = append_only_rows()["cases.EnforcementAction"]
    department = UnitFactory(kind=UnitKind.DEPARTMENT, parent=territory.township, name="供电所")
    action.units.add(department)  # written with the record
    with pytest.raises(TypeError, match="append-only"), transaction.atomic():
        action.units.remove(department)
    with pytest.raises(TypeError, match="append-only"), transaction.atomic():
        action.units.clear()
    table = action.units.through._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(f'DELETE FROM "{table}" WHERE enforcementaction_id = %s', [action.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(f'UPDATE "{table}" SET responsibilityunit_id = %s', [territory.office_unit.pk])
    assert list(action.units.all()) == [department]


def test_evidence_cannot_be_back_dated_or_moved_even_in_sql(append_only_rows):
    rows = append_only_rows()
    attachment = rows["cases.CaseAttachment"]
    other = append_only_rows()["cases.CaseAttachment"].case
    for sql, args in (
        ('UPDATE "cases_caseattachment" SET uploaded_at = uploaded_at - interval \'1 day\' WHERE id = %s', []),
        ('UPDATE "cases_caseattachment" SET case_id = %s WHERE id = %s', [other.pk]),
        ('UPDATE "cases_caseattachment" SET sha256 = %s WHERE id = %s', ["c" * 64]),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [*args, attachment.pk])
    stored = type(attachment).objects.get(pk=attachment.pk)
    assert (stored.case_id, stored.uploaded_at, stored.sha256) == (attachment.case_id, attachment.uploaded_at,
                                                                  attachment.sha256)


def test_a_staged_photo_gets_its_owner_once_and_never_another(append_only_rows, territory, office):
    from tests.factories import PatrolLogFactory

    photo = append_only_rows()["patrols.PatrolPhoto"]
    first, second = (PatrolLogFactory(village=territory.village_a, created_by=office) for _ in range(2))
    type(photo).objects.filter(pk=photo.pk).update(log=first)  # the form was saved: filled once
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute('UPDATE "patrols_patrolphoto" SET log_id = %s WHERE id = %s', [second.pk, photo.pk])
    with pytest.raises(TypeError, match="append-only"):
        type(photo).objects.filter(pk=photo.pk).update(log=second)
    photo.refresh_from_db()
    assert photo.log_id == first.pk


def test_history_looking_models_carry_the_marker_and_their_tables_exist(db):
    """A model named like a timeline, or holding a hashed file, is append-only unless listed here with why."""
    from django.apps import apps

    from landwatch.audit import append_only_tables, schema_tables

    not_evidence = {
        # the pledge card is edited over the year; a new scan replaces the old one (hash kept)
        "patrols.FarmlandPledge",
        # the case names the SHA-256 of its current case file (立卷归档); the file is documents.CaseArchive's
        "cases.ViolationCase",
    }
    marked = set(append_only_models())
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        history = model.__name__.endswith(("Event", "History")) or any(n.endswith("sha256") for n in names)
        if history and model._meta.label not in not_evidence and model._meta.label != "landwatch.AuditEntry":
            assert model in marked, f"{model._meta.label} looks like history or evidence but is not AppendOnly"
    with connection.cursor() as cursor:
        tables = set(schema_tables(cursor))
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'landwatch_append_only'")
        triggered = {row[0].strip('"') for row in cursor.fetchall()}
    assert set(append_only_tables()) <= tables
    assert triggered == set(append_only_tables())
    assert {"cases_caseevent", "campaigns_taskevent", "patrols_patrolevent",
            "cases_enforcementaction_units"} <= triggered


def test_history_is_protected_from_cascades(append_only_rows):
    from django.db.models import ProtectedError

    rows = append_only_rows()
    task = rows["campaigns.TaskEvent"].task
    with pytest.raises(ProtectedError), transaction.atomic():
        task.delete()
    assert rows["campaigns.TaskEvent"].__class__.objects.filter(task=task).count() == 1
    for model in append_only_models():
        for f in model._meta.concrete_fields:
            if f.many_to_one or f.one_to_one:
                assert f.remote_field.on_delete.__name__ == "PROTECT", f"{model._meta.label}.{f.name}"

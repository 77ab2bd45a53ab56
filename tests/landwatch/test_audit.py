"""Every write leaves a trace in the audit trail, whatever the code path."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from landwatch.audit import audit_context
from landwatch.models import AuditEntry
from patrols.models import PatrolEvent, ResponsibilityUnit
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
        AuditEntry.objects.filter(table_name="patrols_responsibilityunit", row_id=str(pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[0] == "I" and "U" in actions and actions[-1] == "D"
    change = AuditEntry.objects.filter(table_name="patrols_responsibilityunit", row_id=str(pk), new_values__phone="0573-1234567").get()
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
    url = reverse("admin:patrols_responsibilityunit_change", args=[unit.pk])
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
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PatrolEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PatrolEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.note == "x"

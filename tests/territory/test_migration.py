"""The territory left patrols with its rows (issue #18): a database at the migrations before the move
upgrades with ``migrate`` and keeps every unit, membership, id and foreign key pointing at them.

The test takes the test database back to the migrations before the move (``migrate patrols 0005``,
which also runs the move's migrations backwards), fills it through the historical models with a
demo-like territory and a row in every table that points at a unit (found from the old models, so
a table added later cannot be forgotten), upgrades it with ``migrate`` as an administrator would,
and reads everything back through today's models. ``transaction=True``: migrations cannot run
inside the test's transaction; the database is brought forward again whatever happens.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("patrols", "0005_log_list_order_index")  # the last migration of patrols with the units in it
UNIT_MODELS = {("patrols", "responsibilityunit"), ("patrols", "unitmembership")}
DAY = datetime.date(2026, 3, 15)


def _historical_apps():
    loader = MigrationLoader(connection)
    return loader.project_state(sorted(loader.applied_migrations)).apps


def _points_at_units(field) -> bool:
    target = field.related_model
    return bool(field.is_relation and target is not None and not isinstance(target, str)
                and (target._meta.app_label, target._meta.model_name) in UNIT_MODELS)


def _referring_fields(apps) -> list[tuple[type[models.Model], models.Field]]:
    """Every foreign key and many-to-many field of the old models that points at a unit or membership."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields(include_hidden=False)
        if (field.many_to_one or field.many_to_many) and not field.auto_created and _points_at_units(field)
    ]


class Rows:
    """Rows of the historical models, their required fields filled with plain values."""

    def __init__(self, apps, user, units: dict):
        self.apps = apps
        self.user = user
        self.units = units  # by kind, for a foreign key to a unit that the caller did not name
        self.made: dict[str, list] = {}

    def unit_for(self, field):
        kind = (field.remote_field.limit_choices_to or {}).get("kind")
        return self.units.get(kind) or self.units["village" if "village" in field.name else "department"]

    def _value(self, field):
        if field.choices:
            return field.choices[0][0]
        if isinstance(field, models.ForeignKey):
            if field.related_model._meta.label_lower == get_user_model()._meta.label_lower:
                return self.user
            if field.related_model._meta.label in UNIT_LABELS:
                return self.unit_for(field)
            return self.make(field.related_model._meta.label)
        if isinstance(field, models.FileField):
            return "migration/test.pdf"
        if isinstance(field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(field, (models.CharField, models.TextField)):
            return f"迁移{uuid.uuid4().hex}"[: field.max_length or 40]
        if isinstance(field, models.DecimalField):
            return Decimal("1")
        if isinstance(field, (models.IntegerField, models.FloatField)):
            return 1
        if isinstance(field, models.DateTimeField):
            return timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(9)))
        if isinstance(field, models.DateField):
            return DAY
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.JSONField):
            return {}
        raise AssertionError(f"no value for {field!r}")

    def make(self, label: str, **values):
        model = self.apps.get_model(label)
        values = {**SATISFY.get(model._meta.label, {}), **values}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in values or field.attname in values:
                continue
            if field.null or field.has_default() or (field.blank and not field.is_relation):
                continue
            values[field.name] = self._value(field)
        row = model.objects.create(**values)
        self.made.setdefault(model._meta.label, []).append(row)
        return row


def _unit(apps, kind: str, name: str, code: str, parent=None):
    """A unit as the old ``save()`` placed it (historical models have no custom ``save``)."""
    Unit = apps.get_model("patrols", "ResponsibilityUnit")
    unit = Unit.objects.create(kind=kind, name=name, code=code, parent=parent, path="")
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.township_id = unit.pk if kind == "township" else (parent.township_id if parent else None)
    unit.save(update_fields=["path", "township"])
    return unit


def _fill(apps) -> dict:
    """A county with two townships, villages, departments, memberships, and a row in every referring table."""
    User = apps.get_model("auth", "User")
    admin = User.objects.create(username="migration_admin", is_superuser=True, is_staff=True)
    county = _unit(apps, "county", "嘉禾县国土资源局", "M-COUNTY")
    township = _unit(apps, "township", "丰乐镇", "M-T01", county)
    villages = [_unit(apps, "village", name, f"M-V{i}", township) for i, name in enumerate(["杨柳山村", "青石村"])]
    department = _unit(apps, "department", "国土所", "M-D1", township)
    office = _unit(apps, "office", "领导小组办公室", "M-O1", township)
    _unit(apps, "leading_group", "领导小组", "M-L1", township)
    other = _unit(apps, "township", "云溪镇", "M-T02", county)
    _unit(apps, "village", "云溪村", "M-V9", other)

    Membership = apps.get_model("patrols", "UnitMembership")
    for username, unit, role in [("m_coordinator", villages[0], "coordinator"), ("m_office", office, "office"),
                                 ("m_officer", department, "officer"), ("m_county", county, "county")]:
        Membership.objects.create(user=User.objects.create(username=username), unit=unit, role=role, post="岗位")

    # Every table that points at a unit gets a row pointing at one of the right kind.
    rows = Rows(apps, admin, {"township": township, "village": villages[0], "department": department})
    for model, field in _referring_fields(apps):
        if model._meta.label in UNIT_LABELS:
            continue
        unit = villages[1] if field.name == "other_villages" else rows.unit_for(field)
        if field.many_to_many:
            row = (rows.made.get(model._meta.label) or [rows.make(model._meta.label)])[0]
            getattr(row, field.name).add(unit)
        elif not rows.made.get(model._meta.label):
            rows.make(model._meta.label, **{field.name: unit})
        else:
            row = rows.made[model._meta.label][0]
            setattr(row, field.name, unit)
            row.save(update_fields=[field.name])

    # Bookkeeping that names the models: an admin log entry and a model permission held by a group.
    ContentTypeOld = apps.get_model("contenttypes", "ContentType")
    unit_type = ContentTypeOld.objects.get_or_create(app_label="patrols", model="responsibilityunit")[0]
    permission = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=unit_type, codename="change_responsibilityunit",
        defaults={"name": "Can change responsibility unit"},
    )[0]
    group = apps.get_model("auth", "Group").objects.create(name="migration-unit-editors")
    group.permissions.add(permission)
    User.objects.get(username="m_office").groups.add(group)
    apps.get_model("admin", "LogEntry").objects.create(
        user=admin, content_type=unit_type, object_id=str(township.pk), object_repr=township.name,
        action_flag=2, change_message="[]", action_time=timezone.now(),
    )
    return {"township": township.pk, "villages": [v.pk for v in villages]}


UNIT_LABELS = {"patrols.ResponsibilityUnit", "patrols.UnitMembership"}
# Values the tables' check constraints ask beyond their required fields.
SATISFY = {
    "campaigns.JointTeamMember": {"name": "沈国平"},
}


def _key(model, field) -> str:
    return f"{model._meta.label}.{field.name}"


def _snapshot(fields) -> dict:
    """Each referring field's (row id, unit id) pairs, keyed by ``key``."""
    result = {}
    for key, model, field in fields:
        if field.many_to_many:
            through = getattr(model, field.name).through
            source = field.m2m_field_name() + "_id"
            target = field.m2m_reverse_field_name() + "_id"
            result[key] = sorted(through.objects.values_list(source, target))
        else:
            result[key] = sorted(model.objects.exclude(**{field.attname: None}).values_list("pk", field.attname))
    return result


def _units_and_memberships(Unit, Membership) -> tuple[list, list]:
    unit_fields = ["pk", "kind", "name", "code", "parent_id", "township_id", "path"]
    membership_fields = ["pk", "user_id", "unit_id", "role", "post", "active"]
    return (sorted(Unit.objects.values_list(*unit_fields)), sorted(Membership.objects.values_list(*membership_fields)))


def _constraints(table: str) -> dict[str, tuple]:
    """Every index and constraint of ``table``, by name, with its columns and kind."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name: (tuple(info["columns"]), info["unique"], info["index"], bool(info["foreign_key"]))
        for name, info in found.items()
    }


def _triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal", [table]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def old_database():
    """The test database at the migrations before the move; brought forward again afterwards."""
    call_command("migrate", *BEFORE, verbosity=0)
    ContentType.objects.clear_cache()
    try:
        yield _historical_apps()
    finally:
        call_command("migrate", verbosity=0)
        ContentType.objects.clear_cache()


def test_the_move_is_undone_by_going_back_to_before_it(old_database):
    loader = MigrationLoader(connection)
    assert ("territory", "0001_initial") not in loader.applied_migrations
    assert old_database.get_model("patrols", "ResponsibilityUnit")._meta.db_table == "patrols_responsibilityunit"
    assert "patrols_responsibilityunit" in connection.introspection.table_names()
    assert "territory_responsibilityunit" not in connection.introspection.table_names()


def test_an_existing_database_upgrades_with_its_territory_and_everything_pointing_at_it(old_database):
    from territory.models import ResponsibilityUnit, UnitMembership

    old = old_database
    fields = _referring_fields(old)
    ids = _fill(old)
    # Every table that points at a unit has a row that does, or the comparison below proves nothing.
    before = _snapshot([(_key(model, field), model, field) for model, field in fields])
    empty = [key for key, pairs in before.items() if not pairs]
    assert not empty, f"fields with no row pointing at a unit: {empty}"
    assert {key.split(".")[0] for key in before} >= {"cases", "campaigns", "documents", "patrols"}
    units_before = _units_and_memberships(old.get_model("patrols", "ResponsibilityUnit"),
                                          old.get_model("patrols", "UnitMembership"))
    audited_before = _audit_rows("patrols_responsibilityunit")
    constraints_before = {table: _constraints(f"patrols_{table}") for table in ("responsibilityunit", "unitmembership")}

    call_command("migrate", verbosity=0)
    ContentType.objects.clear_cache()

    # The same rows, ids and links, now read through today's models.
    from django.apps import apps as current

    assert _units_and_memberships(ResponsibilityUnit, UnitMembership) == units_before
    now_fields = []
    for model, field in fields:
        moved = model._meta.label in UNIT_LABELS
        now = current.get_model("territory" if moved else model._meta.app_label, model._meta.model_name)
        now_field = now._meta.get_field(field.name)
        assert now_field.related_model in (ResponsibilityUnit, UnitMembership), _key(model, field)
        now_fields.append((_key(model, field), now, now_field))
    assert _snapshot(now_fields) == before
    township = ResponsibilityUnit.objects.get(pk=ids["township"])
    assert set(ResponsibilityUnit.objects.villages().under(township).values_list("pk", flat=True)) == set(
        ids["villages"]
    )

    # The content types moved with the models: the admin log and the group's permission still apply.
    from django.contrib.admin.models import LogEntry

    assert not ContentType.objects.filter(app_label="patrols", model__in=["responsibilityunit", "unitmembership"])
    entry = LogEntry.objects.get(object_id=str(ids["township"]))
    assert entry.content_type.model_class() is ResponsibilityUnit and entry.get_edited_object() == township
    office_user = get_user_model().objects.get(username="m_office")
    assert office_user.has_perm("territory.change_responsibilityunit")

    # New rows take the next ids, through the sequences that came with the tables.
    top_unit = max(pk for pk, *_ in units_before[0])
    village = ResponsibilityUnit.objects.create(kind="village", name="新村", code="M-NEW", parent=township)
    assert village.pk > top_unit and village.path == f"{township.path}{village.pk}/"
    membership = UnitMembership.objects.create(user=office_user, unit=village, role="office")
    assert membership.pk > max(pk for pk, *_ in units_before[1])

    # Indexes and constraints came along, names and all (the unique code, the path index, the named ones).
    for table, constraints in constraints_before.items():
        assert _constraints(f"territory_{table}") == constraints
    assert {"unit_kind_township_idx", "membership_unique_user_unit_role"} <= (
        set(constraints_before["responsibilityunit"]) | set(constraints_before["unitmembership"])
    )

    if connection.vendor == "postgresql":
        # The identity sequence still belongs to the id column (Django's sequence resets find it by that).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence('territory_responsibilityunit', 'id')")
            assert cursor.fetchone()[0]
        # The audit and data-version triggers are on the renamed tables, and no table of the old name is left.
        for table in ("territory_responsibilityunit", "territory_unitmembership"):
            assert {"landwatch_audit", "landwatch_data_version"} <= _triggers(table)
        assert "patrols_responsibilityunit" not in connection.introspection.table_names()
        # The trail written before keeps the name the table had; the new rows are recorded under the new one.
        assert audited_before and _audit_rows("patrols_responsibilityunit") == audited_before
        assert (str(village.pk), "I") in {(r, a) for r, a, _ in _audit_rows("territory_responsibilityunit")}


def _audit_rows(table: str) -> list[tuple]:
    from landwatch.models import AuditEntry

    return list(AuditEntry.objects.filter(table_name=table).order_by("id").values_list("row_id", "action", "id"))

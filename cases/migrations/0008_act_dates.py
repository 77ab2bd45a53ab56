"""Act dates (issue #27): every timeline event gets the day its act happened, every case its registration day.

``CaseEvent.occurred_on`` is backfilled from the date the event's data already carries for
its kind (the service date of a notice, the day of a re-inspection …), else the local day
(Asia/Shanghai) of the moment it was recorded; ``ViolationCase.registered_on`` from its
"registered" event, else from ``created_at``. The timeline is append-only, guarded by a
trigger on PostgreSQL: that trigger is set aside for this one UPDATE, inside the migration's
transaction, and the audit trigger still records every row it fills.
"""

import zoneinfo

import django.utils.timezone

from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, DateField, F, OuterRef, Subquery, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncDate

import cases.models

# The key of the data that holds the act's own date, per event kind (cases/events.py).
DATA_DATES = {
    "notified": "served_on",
    "self_corrected": "corrected_on",
    "reinspection_passed": "inspected_on",
    "reinspection_failed": "inspected_on",
    "enforcement_recorded": "date",
    "enforcement_done": "verified_on",
}


def _guard(schema_editor, action: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    if action == "ENABLE":
        # The UPDATE left deferred foreign-key checks pending; ALTER TABLE refuses to run
        # over them, so they are run now (and the migration's later ALTERs find none).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'landwatch_append_only' "
        "AND tgrelid = 'cases_caseevent'::regclass) THEN "
        f"ALTER TABLE cases_caseevent {action} TRIGGER landwatch_append_only; END IF; END $$"
    )
    if action == "ENABLE":
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def backfill(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    ViolationCase = apps.get_model("cases", "ViolationCase")
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    recorded_day = TruncDate("at", tzinfo=tz)
    _guard(schema_editor, "DISABLE")
    CaseEvent.objects.filter(occurred_on__isnull=True).update(occurred_on=Case(
        *(When(kind=kind, then=Coalesce(Cast(KT(f"data__{key}"), DateField()), recorded_day))
          for kind, key in DATA_DATES.items()),
        default=recorded_day,
        output_field=DateField(),
    ))
    registered = (CaseEvent.objects.filter(case=OuterRef("pk"), kind="registered").order_by("at", "id")
                  .values("occurred_on")[:1])
    ViolationCase.objects.filter(registered_on__isnull=True).update(
        registered_on=Coalesce(Subquery(registered), TruncDate(F("created_at"), tzinfo=tz))
    )
    # Both UPDATEs leave deferred trigger events (foreign keys, the data version); ENABLE runs
    # them before the ALTERs that follow, which PostgreSQL refuses over pending events.
    _guard(schema_editor, "ENABLE")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_units_in_territory"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="occurred_on",
            field=models.DateField(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="violationcase",
            name="registered_on",
            field=models.DateField(null=True, blank=True, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="caseevent",
            name="occurred_on",
            field=cases.models.ActDateField(blank=True, verbose_name="date of the act"),
        ),
        migrations.AlterField(
            model_name="violationcase",
            name="registered_on",
            field=cases.models.ActDateField(blank=True, editable=False, recorded="created_at",
                                            verbose_name="registered on"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="recorded at"),
        ),
        migrations.AlterModelOptions(
            name="caseevent",
            options={"ordering": ["occurred_on", "at", "id"], "verbose_name": "case event",
                     "verbose_name_plural": "case events"},
        ),
    ]

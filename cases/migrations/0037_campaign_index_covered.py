"""The case's campaign loses its own index: ``case_campaign_status_idx`` leads with it.

Only the index is dropped (``DROP INDEX``), on PostgreSQL and SQLite alike. Django's own
``AlterField`` would rebuild the cases table on SQLite, which drops the summaries' triggers
(``cases/summary.py``), and drop and validate again the foreign key on PostgreSQL.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "cases_violationcase_campaign_id_76f062fc"  # the name Django gave the field's index


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_units_in_territory"),
        ("cases", "0036_closure_summary_triggers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="violationcase",
                    name="campaign",
                    field=models.ForeignKey(
                        blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases", to="campaigns.campaign", verbose_name="campaign",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "cases_violationcase" ("campaign_id")',
                ),
            ],
        ),
    ]

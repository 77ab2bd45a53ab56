"""State only: the units moved from patrols to territory with their rows.

Their tables were renamed in place (patrols 0006), so the foreign keys below already point at the
right table; only Django's picture of them changes, nothing is done to the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_evidence_corrections'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='enforcementaction',
                name='units',
                field=models.ManyToManyField(blank=True, limit_choices_to={'kind': 'department'}, related_name='+', to='territory.responsibilityunit', verbose_name='units involved'),
            ),
            migrations.AlterField(
                model_name='party',
                name='township',
                field=models.ForeignKey(limit_choices_to={'kind': 'township'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.responsibilityunit', verbose_name='township'),
            ),
            migrations.AlterField(
                model_name='violationcase',
                name='village',
                field=models.ForeignKey(limit_choices_to={'kind': 'village'}, on_delete=django.db.models.deletion.PROTECT, related_name='violation_cases', to='territory.responsibilityunit', verbose_name='village'),
            ),
        ]),
    ]

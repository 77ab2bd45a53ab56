"""State only: the units moved from patrols to territory with their rows.

Their tables were renamed in place (patrols 0006), so the foreign keys below already point at the
right table; only Django's picture of them changes, nothing is done to the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_task_history_protected'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='campaign',
                name='township',
                field=models.ForeignKey(limit_choices_to={'kind': 'township'}, on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='territory.responsibilityunit', verbose_name='township'),
            ),
            migrations.AlterField(
                model_name='jointteammember',
                name='department',
                field=models.ForeignKey(limit_choices_to={'kind': 'department'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.responsibilityunit', verbose_name='department'),
            ),
            migrations.AlterField(
                model_name='publicityactivity',
                name='village',
                field=models.ForeignKey(blank=True, help_text='Empty for the whole township.', limit_choices_to={'kind': 'village'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.responsibilityunit', verbose_name='village'),
            ),
            migrations.AlterField(
                model_name='task',
                name='owner_unit',
                field=models.ForeignKey(blank=True, help_text='The department or village responsible.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='campaign_tasks', to='territory.responsibilityunit', verbose_name='owner unit'),
            ),
        ]),
    ]

"""State only: patrols' foreign keys now name territory's units, and the units leave patrols' state.

The tables were renamed in place by 0006 and ``territory/0001_initial`` took the models over;
this runs after every other app has pointed its foreign keys at ``territory`` too.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_units_in_territory'),
        ('cases', '0007_units_in_territory'),
        ('documents', '0003_units_in_territory'),
        ('patrols', '0006_territory_tables'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='patrollog',
                name='village',
                field=models.ForeignKey(limit_choices_to={'kind': 'village'}, on_delete=django.db.models.deletion.PROTECT, related_name='patrol_logs', to='territory.responsibilityunit', verbose_name='village'),
            ),
            migrations.AlterField(
                model_name='patrolfinding',
                name='village',
                field=models.ForeignKey(limit_choices_to={'kind': 'village'}, on_delete=django.db.models.deletion.PROTECT, related_name='patrol_findings', to='territory.responsibilityunit', verbose_name='village'),
            ),
            migrations.AlterField(
                model_name='patrolplan',
                name='responsible_unit',
                field=models.ForeignKey(help_text='The unit that patrols: a village, the land office or the leading group office.', on_delete=django.db.models.deletion.PROTECT, related_name='patrol_plans', to='territory.responsibilityunit', verbose_name='responsible unit'),
            ),
            migrations.AlterField(
                model_name='patrolplan',
                name='township',
                field=models.ForeignKey(limit_choices_to={'kind': 'township'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.responsibilityunit', verbose_name='township'),
            ),
            migrations.AlterField(
                model_name='farmlandpledge',
                name='village',
                field=models.ForeignKey(limit_choices_to={'kind': 'village'}, on_delete=django.db.models.deletion.PROTECT, related_name='farmland_pledges', to='territory.responsibilityunit', verbose_name='village'),
            ),
            migrations.AlterField(
                model_name='landproject',
                name='village',
                field=models.ForeignKey(limit_choices_to={'kind': 'village'}, on_delete=django.db.models.deletion.PROTECT, related_name='land_projects', to='territory.responsibilityunit', verbose_name='village'),
            ),
            migrations.AlterField(
                model_name='patrollog',
                name='departments',
                field=models.ManyToManyField(blank=True, limit_choices_to={'kind': 'department'}, related_name='joined_patrol_logs', to='territory.responsibilityunit', verbose_name='participating departments'),
            ),
            migrations.AlterField(
                model_name='patrollog',
                name='other_villages',
                field=models.ManyToManyField(blank=True, help_text='A joint patrol may cover more villages than the one it is filed under.', limit_choices_to={'kind': 'village'}, related_name='joint_patrol_logs', to='territory.responsibilityunit', verbose_name='other villages covered'),
            ),
            migrations.AlterField(
                model_name='patrolplan',
                name='departments',
                field=models.ManyToManyField(blank=True, limit_choices_to={'kind': 'department'}, related_name='joined_patrol_plans', to='territory.responsibilityunit', verbose_name='participating departments'),
            ),
            migrations.AlterField(
                model_name='patrolplan',
                name='villages',
                field=models.ManyToManyField(limit_choices_to={'kind': 'village'}, related_name='covering_patrol_plans', to='territory.responsibilityunit', verbose_name='villages'),
            ),
            migrations.DeleteModel(name='UnitMembership'),
            migrations.DeleteModel(name='ResponsibilityUnit'),
        ]),
    ]

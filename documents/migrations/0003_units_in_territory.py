"""State only: the units moved from patrols to territory with their rows.

Their tables were renamed in place (patrols 0006), so the foreign keys below already point at the
right table; only Django's picture of them changes, nothing is done to the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_adopt_interim_notices'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='casedocument',
                name='township',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.responsibilityunit', verbose_name='township'),
            ),
            migrations.AlterField(
                model_name='documentsequence',
                name='township',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.responsibilityunit', verbose_name='township'),
            ),
        ]),
    ]

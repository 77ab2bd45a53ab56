from django.db import migrations

from cases.summary import installed


class Migration(migrations.Migration):
    # The triggers again, now writing the summaries per township too, and the units' trigger that
    # moves a village's rows with it (cases/summary.py). Apart from the tables' migration: their
    # unique indexes (the upserts' conflict targets) are created at the end of that migration.

    dependencies = [
        ('cases', '0038_township_summaries'),
    ]

    operations = [
        installed(),
    ]

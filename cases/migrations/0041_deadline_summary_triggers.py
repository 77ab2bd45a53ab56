from django.db import migrations

from cases.summary import installed


class Migration(migrations.Migration):
    # The triggers again, now writing the summaries of the deadlines too (cases/summary.py). Apart
    # from the tables' migration: their unique indexes (the upserts' conflict targets) are created
    # at the end of that migration.

    dependencies = [
        ('cases', '0040_deadline_summaries'),
    ]

    operations = [
        installed(),
    ]

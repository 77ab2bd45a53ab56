from django.db import migrations

from cases.summary import installed


class Migration(migrations.Migration):
    # The triggers again, now writing the closures per month too (cases/summary.py). Apart from
    # the table's migration: its unique index (the upserts' conflict target) is created at the
    # end of that migration, after a step inside it would have run.

    dependencies = [
        ('cases', '0035_closure_summary'),
    ]

    operations = [
        installed(),
    ]

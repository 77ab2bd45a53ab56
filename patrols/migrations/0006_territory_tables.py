"""The territory leaves patrols with its rows: its two tables are renamed in place.

``ALTER TABLE ... RENAME`` keeps every row, id, index, constraint and foreign key pointing at
them (PostgreSQL tracks them by the table's oid, SQLite rewrites the references), the identity
sequence stays owned by the ``id`` column, and the audit and data-version triggers stay on the
table (``landwatch/audit.py`` and ``landwatch/dataversion.py`` reinstall them on every table after
``migrate``; no table of the old name is left to carry stale ones). The models themselves move in
``territory/0001_initial``; ``patrols/0007_units_in_territory`` takes them out of patrols' state.

Audit rows written before keep the table name they were written with
(``patrols_responsibilityunit``, ``patrols_unitmembership``): the trail records what happened,
and is not rewritten. The row ids did not change, so a unit's whole history is the rows of both
names with its id (the admin's search on "responsibilityunit" finds both).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('patrols', '0005_log_list_order_index'),
    ]

    operations = [
        migrations.AlterModelTable(name='responsibilityunit', table='territory_responsibilityunit'),
        migrations.AlterModelTable(name='unitmembership', table='territory_unitmembership'),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    """One version per township and one for the county-wide data (landwatch/dataversion.py).

    The single county-wide row of before (id 1) would now read as the version of unit 1: it
    goes, and the triggers installed after migrate make the county-wide row (id 0).
    """

    dependencies = [
        ("landwatch", "0003_data_version"),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM landwatch_dataversion", migrations.RunSQL.noop),
    ]

"""Turn the interim rectification-notice events of the cases app into served documents.

Before the documents app, a notice was a "notified" event on the case timeline carrying
its deadline and service date. This runs ``documents.services.adopt_interim_notices``
on the historical models once, so every existing database gets its documents without a
manual command. Idempotent (events already linked to a document are skipped) and a
no-op on an empty database. Going back leaves the documents in place: they are records
of service, not derived data.
"""

from django.db import migrations


def adopt(apps, schema_editor):
    from documents.services import adopt_interim_notices

    adopt_interim_notices(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_source_finding"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(adopt, migrations.RunPython.noop, elidable=True),
    ]

from django.db import migrations


def install_summary(apps, schema_editor) -> None:
    # The triggers again, now writing the closures per month too, and every summary filled
    # afresh from the cases in the same transaction as the new table (cases/summary.py).
    from cases.summary import install

    install(schema_editor.connection)


def uninstall_summary(apps, schema_editor) -> None:
    # Back before this migration: the triggers go, since they write the table that goes; the
    # next migrate forward installs them again.
    from cases.summary import uninstall

    uninstall(schema_editor.connection)



class Migration(migrations.Migration):
    # Apart from the table's migration: its unique index (the upserts' conflict target) is
    # created at the end of that migration, after a step inside it would have run.

    dependencies = [
        ('cases', '0035_closure_summary'),
    ]

    operations = [
        migrations.RunPython(install_summary, uninstall_summary, elidable=False),
    ]

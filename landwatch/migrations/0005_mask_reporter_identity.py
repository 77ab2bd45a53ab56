"""Mask a public reporter's name and phone in the audit rows written before the trail masked them.

The triggers themselves are recreated by every migrate (landwatch.audit.install_triggers), with
the masked columns as their arguments; this pass cleans what they wrote before (issue 23).
"""

from django.db import migrations


def mask_existing(apps, schema_editor) -> None:
    from landwatch.audit import MASKED_COLUMNS, mask

    AuditEntry = apps.get_model("landwatch", "AuditEntry")
    for table in MASKED_COLUMNS:
        for entry in AuditEntry.objects.filter(table_name=table).only("old_values", "new_values").iterator():
            old, new = mask(table, entry.old_values), mask(table, entry.new_values)
            if (old, new) != (entry.old_values, entry.new_values):
                AuditEntry.objects.filter(pk=entry.pk).update(old_values=old, new_values=new)


class Migration(migrations.Migration):
    dependencies = [("landwatch", "0004_versions_per_township")]

    operations = [migrations.RunPython(mask_existing, migrations.RunPython.noop)]

"""Each kind's escalation rule with its defaults (registry.KINDS at the time of writing), for the admin to edit."""

from django.db import migrations

DEFAULTS = {
    "notice": (2, 5),
    "statement": (1, 3),
    "hearing_request": (1, 3),
    "decision": (1, 3),
    "finding": (2, 5),
    "patrol": (3, 10),
    "task": (2, 5),
}


def load(apps, schema_editor):
    EscalationRule = apps.get_model("reminders", "EscalationRule")
    for kind, (office_after, leader_after) in DEFAULTS.items():
        EscalationRule.objects.get_or_create(kind=kind, defaults={"office_after": office_after,
                                                                  "leader_after": leader_after})


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

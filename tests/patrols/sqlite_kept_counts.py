"""The patrols app's kept counts on SQLite (`make run`): the demo's writes and raw ones keep them exact.

Run by ``test_kept_counts.py`` in a process of its own (the suite's database is PostgreSQL), with
``DATABASE_URL`` naming a fresh SQLite file and ``DEBUG=true``. It migrates (every migration: a
later one that rebuilt the logs' table would drop the triggers with it), loads the demo, writes
the way no service does, and prints one JSON line: the triggers in place, the rows' drift after
each stage and whether the county's coverage equals a count over the logs and findings.
"""

import io
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landwatch.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402


def main() -> None:
    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0)
    call_command("loaddemo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    from patrols import kept_counts
    from patrols.coverage import village_coverage, week_bounds
    from patrols.models import PatrolDay, PatrolFinding, PatrolLog

    current = PatrolLog.objects.current()
    outcome = {
        "triggers": sorted(kept_counts.triggers(connection)),
        "logs": current.count(),
        "kept": sum(PatrolDay.objects.values_list("n", flat=True)),
        "after_demo": kept_counts.drift(),
    }
    first, last = PatrolLog.objects.order_by("pk")[:1].get(), PatrolLog.objects.order_by("-pk")[:1].get()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE patrols_patrollog SET village_id = %s, patrolled_on = %s WHERE id = %s",
                       [last.village_id, timezone.localdate(), first.pk])
        cursor.execute("UPDATE patrols_patrollog SET withdrawn_at = %s, withdraw_reason = 'x' WHERE id = %s",
                       [timezone.now(), last.pk])
        # Two logs copied in raw SQL, then one of them deleted (a demo log has its events and photos).
        columns = ", ".join(f.column for f in PatrolLog._meta.concrete_fields if not f.primary_key
                            and f.column != "client_key")
        for _copy in range(2):
            cursor.execute(f"INSERT INTO patrols_patrollog ({columns}, client_key) SELECT {columns}, '' "
                           "FROM patrols_patrollog WHERE id = %s", [first.pk])
        cursor.execute("DELETE FROM patrols_patrollog WHERE id = (SELECT max(id) FROM patrols_patrollog)")
        finding = PatrolFinding.objects.order_by("pk")[:1].get()
        cursor.execute("UPDATE patrols_patrolfinding SET status = 'dismissed', dismiss_reason = 'x', handled_at = %s, "
                       "village_id = %s WHERE id = %s", [timezone.now(), last.village_id, finding.pk])
    outcome["after_raw_writes"] = kept_counts.drift()
    county = get_user_model().objects.get(username="county")
    today = timezone.localdate()
    week_start, _week_end = week_bounds(today)
    logs = current.filter(patrolled_on__lte=today)
    outcome["coverage_equals_count"] = all(
        row.done_week == logs.filter(village=row.village.pk, patrolled_on__gte=week_start).count()
        and row.done_month == logs.filter(village=row.village.pk, patrolled_on__gte=today.replace(day=1)).count()
        and (row.findings_total, row.findings_open) == (
            PatrolFinding.objects.filter(village=row.village.pk).count(),
            PatrolFinding.objects.filter(village=row.village.pk, status="reported").count(),
        )
        for row in village_coverage(county, today=today)
    )
    outcome["findings"] = PatrolFinding.objects.count()
    print(json.dumps(outcome, default=str))


if __name__ == "__main__":
    main()

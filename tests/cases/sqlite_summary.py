"""The case summaries on SQLite (`make run`): the demo's writes and raw ones keep them exact.

Run by ``test_summary.py`` in a process of its own (the suite's database is PostgreSQL), with
``DATABASE_URL`` naming a fresh SQLite file and ``DEBUG=true``. It migrates, loads the demo
(registrations, every step of the rectification and penalty chains, hand-overs, withdrawals),
then writes the way no service does, and prints one JSON line: the summaries' drift after each
stage and whether the county dashboard's figures equal a direct count.
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

    from cases.models import CaseCause, CaseSummary, ViolationCase
    from cases.selectors import cases_visible_to
    from cases.summary import drift
    from dashboards import selectors

    outcome = {"cases": ViolationCase.objects.count(), "rows": CaseSummary.objects.count(), "after_demo": drift()}
    village_ids = list(ViolationCase.objects.values_list("village", flat=True).distinct()[:2])
    first, last = ViolationCase.objects.order_by("pk")[:1].get(), ViolationCase.objects.order_by("-pk")[:1].get()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_violationcase SET village_id = %s, area_m2 = area_m2 + 1.5 WHERE id = %s",
                       [village_ids[-1], first.pk])
        cursor.execute("UPDATE cases_violationcase SET status = 'closed', closed_on = %s WHERE id = %s",
                       [timezone.localdate(), last.pk])
        # One tag each of three cases that do not carry the new cause yet (the pair is unique).
        cursor.execute("UPDATE cases_casecause SET cause = 'weak_management' WHERE id IN "
                       "(SELECT min(id) FROM cases_casecause c WHERE NOT EXISTS (SELECT 1 FROM cases_casecause d "
                       "WHERE d.case_id = c.case_id AND d.cause = 'weak_management') GROUP BY case_id LIMIT 3)")
        cursor.execute("DELETE FROM cases_casecause WHERE id IN (SELECT id FROM cases_casecause LIMIT 2)")
    from landwatch.vocabulary import Cause

    new_cause = next(c for c in Cause.values if not first.causes.filter(cause=c).exists())
    CaseCause.objects.create(case=first, cause=new_cause)
    outcome["after_raw_writes"] = drift()
    county = get_user_model().objects.get(username="county")
    today = timezone.localdate()
    tallies = selectors.case_tallies(county, today=today, group_by="village__township")
    direct = selectors.case_counts(cases_visible_to(county), today=today)
    outcome["dashboard_equals_count"] = selectors.sum_grid(tallies.grid) == direct
    outcome["total"] = direct["total"]
    print(json.dumps(outcome, default=str))


if __name__ == "__main__":
    main()

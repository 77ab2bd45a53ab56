"""The demo holds a fine unpaid and accruing its surcharge, one paid in instalments, and a
confiscation handed over, each reached through the real steps (cases/fine_demo.py)."""

import io

from cases import fines
from cases.fine_demo import CONFISCATED, INSTALMENTS, UNPAID, load_fines
from cases.models import EventKind, ViolationCase
from deadlines.demo import load_holidays
from territory.demo import load_territory


def test_demo_shows_a_surcharge_instalments_and_a_handover(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_holidays(stdout=io.StringIO())
    load_territory()
    assert load_fines() == {"fine_cases": 3}
    assert load_fines() == {"fine_cases": 0}  # idempotent
    cases = {c.title: c for c in ViolationCase.objects.filter(title__in=[UNPAID, INSTALMENTS, CONFISCATED])}
    unpaid = fines.account(fines.current_fine(cases[UNPAID]))
    assert unpaid.surcharge > 0 and unpaid.principal_paid == 0 and unpaid.overdue_since is not None
    fine = fines.current_fine(cases[INSTALMENTS])
    account = fines.account(fine)
    assert fine.arrangements.count() == 1 and len(account.schedule) == 2
    assert account.surcharge == 0 and 0 < account.principal_paid < fine.amount_yuan
    handed = cases[CONFISCATED].events.get(kind=EventKind.CONFISCATION_HANDED_OVER)
    assert handed.data["late"] is False

"""The demo's public reports: one accepted into a case and answered, one dismissed, two waiting, one of
them untouched long enough to escalate; loading twice adds nothing."""

import io

import pytest
from django.utils import timezone

from deadlines.demo import load_holidays
from reports.demo import load_reports
from reports.models import PublicReport
from reports.selectors import leads_untouched
from territory.demo import load_territory

pytestmark = pytest.mark.django_db


def test_the_demo_shows_each_stage_of_a_report():
    load_holidays(stdout=io.StringIO())
    load_territory(stdout=None)
    assert load_reports() == {"reports": 4}
    by_status = {s: PublicReport.objects.filter(status=s) for s in ("new", "accepted", "dismissed")}
    assert [by_status[s].count() for s in ("new", "accepted", "dismissed")] == [2, 1, 1]
    accepted = by_status["accepted"].get()
    assert accepted.finding.case.source == "report" and accepted.reply
    assert by_status["dismissed"].get().reply
    assert leads_untouched(timezone.localdate()).filter(village__isnull=True).count() == 1
    assert load_reports() == {"reports": 0} and PublicReport.objects.count() == 4

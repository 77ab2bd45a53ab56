"""The patrols demo: idempotent, three months of logs up to today with a few villages behind, pledges and cards."""

import pytest
from django.utils import timezone

from patrols.coverage import village_coverage
from patrols.demo import load_patrols
from patrols.models import FarmlandPledge, LandProject, PatrolFinding, PatrolLog, PledgeAssessment
from patrols.project_warnings import projects_with_warnings
from territory.demo import load_territory

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (PatrolLog, PatrolFinding, FarmlandPledge, PledgeAssessment, LandProject)]


def test_demo_is_idempotent_and_tells_a_story():
    load_territory()
    load_patrols()
    first = counts()
    load_patrols()
    assert counts() == first
    logs, findings, pledges, assessments, projects = first
    # Last year's pledges and this year's; this year's are assessed once late November has come.
    today = timezone.localdate()
    assessed = 22 if (today.month, today.day) >= (11, 25) else 11
    assert logs > 120 and findings >= 8 and pledges == 22 and assessments == assessed and projects == 10
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="office")
    rows = {r.village.name: r for r in village_coverage(office, today=today)}
    assert rows["白马村"].overdue and not rows["杨柳山村"].overdue
    assert sum(r.overdue for r in rows.values() if r.village.code.startswith("T01")) >= 2
    warnings = {p.card_no: {w.code for w in ws} for p, ws in projects_with_warnings(office, today=today)}
    assert "idle" in warnings["T01-GY-2023-01"]
    assert "intensity" in warnings["T01-GY-2021-02"]
    assert "violation" in warnings["T01-GY-2024-02"]
    assert set(PatrolFinding.objects.values_list("status", flat=True)) >= {"reported", "dismissed"}

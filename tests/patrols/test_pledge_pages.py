"""What a clerk reads on the farmland pledge (责任书) pages: the assessment's words, the years offered."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.models import PledgeAssessment
from patrols.services import assess_pledge
from tests.factories import FarmlandPledgeFactory

pytestmark = pytest.mark.django_db


def test_the_assessment_grade_reads_kaohe_jieguo_not_the_patrol_result(client, territory, office):
    """The grade feeds the village cadre evaluation: it is a 考核结果, not a 巡查结果."""
    pledge = FarmlandPledgeFactory(village=territory.village_a, created_by=office)
    assessment = PledgeAssessment(
        pledge=pledge, assessed_on=datetime.date(2026, 11, 25), assessed_by=office,
        farmland_score=Decimal("28"), basic_farmland_score=Decimal("19"), reclamation_score=Decimal("10"),
        development_score=Decimal("15"), violation_control_score=Decimal("18"),
    )
    assess_pledge(pledge, assessment, by=office)
    client.force_login(office)
    page = client.get(reverse("patrols:pledge-detail", args=[pledge.pk])).content.decode()
    assert "考核结果" in page
    assert "巡查结果" not in page
    assert str(PledgeAssessment._meta.get_field("result").verbose_name) == "考核结果"


def test_the_year_selector_offers_next_year(client, territory, office):
    """Next year's pledges are started from the list, not by editing the address."""
    this_year = timezone.localdate().year
    FarmlandPledgeFactory(village=territory.village_a, created_by=office, year=this_year - 2)
    client.force_login(office)
    page = client.get(reverse("patrols:pledge-list")).content.decode()
    offered = [int(y) for y in re.findall(r'<option value="(\d{4})"', page)]
    assert offered == [this_year + 1, this_year, this_year - 2]
    next_year = client.get(reverse("patrols:pledge-list"), {"year": this_year + 1}).content.decode()
    create = reverse("patrols:pledge-create")
    assert f"{create}?village={territory.village_a.pk}&amp;year={this_year + 1}" in next_year

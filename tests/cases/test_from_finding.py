"""A patrol finding becomes a case through one function, linked both ways, never twice."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cases import services
from cases.models import ViolationCase
from tests.factories import PatrolFindingFactory


@pytest.fixture
def finding(territory, coordinator_a):
    return PatrolFindingFactory(village=territory.village_a, reported_by=coordinator_a, location_text="甲一村河滩",
                                description="河滩边新建养殖棚", suspected_category="farmland_breeding")


def test_register_from_finding_links_both_ways(finding, office, party):
    case = services.register_case_from_finding(finding, by=office, party=party, title="河滩养殖棚案",
                                               area_m2=Decimal("300"))
    finding.refresh_from_db()
    assert finding.status == "registered" and finding.case == case and case.source_finding == finding
    assert (case.village, case.category, case.location_text) == (finding.village, "farmland_breeding", "甲一村河滩")
    again = services.register_case_from_finding(finding, by=office, party=party, title="重复点击",
                                                area_m2=Decimal("1"))
    assert again == case and ViolationCase.objects.count() == 1


def test_a_dismissed_finding_is_not_registered(finding, office, party):
    from patrols.services import dismiss_finding

    dismiss_finding(finding, by=office, reason="经核实不属实")
    with pytest.raises(services.CaseError):
        services.register_case_from_finding(finding, by=office, party=party, title="x", area_m2=Decimal("1"))
    assert not ViolationCase.objects.exists()


def test_register_from_finding_page(client, finding, office, officer, other_office, territory):
    url = reverse("cases:register-from-finding", args=[finding.pk])
    assert client.get(url).status_code == 302
    client.force_login(other_office)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(office)
    response = client.get(url)
    assert response.status_code == 200 and "河滩边新建养殖棚" in response.content.decode()
    response = client.post(url, {
        "party_kind": "person", "party_name": "赵六", "title": "赵六河滩养殖棚案", "village": territory.village_a.pk,
        "location_text": "甲一村河滩", "land_type": "farmland", "area_m2": "300", "farmland_area_m2": "300",
        "category": "farmland_breeding", "plough_layer_damaged": "true", "source": "dynamic_patrol",
        "discovered_on": datetime.date(2026, 11, 20).isoformat(),
    })
    case = ViolationCase.objects.get()
    assert response.status_code == 302 and case.source_finding == finding
    assert client.get(url)["Location"] == case.get_absolute_url()
    assert client.put(url).status_code == 405

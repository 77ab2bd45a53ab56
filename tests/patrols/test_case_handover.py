"""Finding → case hand-over through ``cases.services.register_case_from_finding`` (the cases app owns it)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from patrols.models import FindingStatus, PatrolEvent
from tests.factories import PatrolFindingFactory, PatrolLogFactory

services = pytest.importorskip("cases.services")
if not hasattr(services, "register_case_from_finding"):  # pragma: no cover - before the cases issue lands
    pytest.skip("cases.services.register_case_from_finding does not exist yet", allow_module_level=True)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(territory, coordinator_a):
    log = PatrolLogFactory(village=territory.village_a, created_by=coordinator_a)
    return PatrolFindingFactory(log=log, location_text="甲一村二组河堤", description="新打地基")


@pytest.fixture
def party(territory):
    from cases.models import Party

    return Party.objects.create(township=territory.township, name="村民某某")


def register(finding, office, party):
    return services.register_case_from_finding(
        finding, by=office, party=party, title="二组建房案", area_m2=Decimal("120")
    )


def test_both_links_and_both_events(finding, office, party):
    case = register(finding, office, party)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REGISTERED and finding.handled_by == office
    assert finding.case == case and case.source_finding == finding
    assert PatrolEvent.objects.filter(finding=finding, kind=PatrolEvent.Kind.FINDING_REGISTERED).count() == 1
    assert case.events.exists()


def test_a_double_click_registers_once(finding, office, party):
    first = register(finding, office, party)
    second = register(finding, office, party)
    assert first == second
    assert type(first).objects.count() == 1
    assert PatrolEvent.objects.filter(finding=finding, kind=PatrolEvent.Kind.FINDING_REGISTERED).count() == 1


def test_a_dismissed_finding_cannot_become_a_case(finding, office, party):
    from patrols.services import dismiss_finding

    dismiss_finding(finding, by=office, reason="经核实已批")
    with pytest.raises(Exception):  # noqa: B017 - the cases app's own error type
        register(finding, office, party)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISMISSED
    assert not hasattr(finding, "case") or PatrolEvent.objects.filter(kind="finding_registered").count() == 0


def test_pages_link_the_case_and_stop_offering_registration(client, finding, office, party):
    client.force_login(office)
    detail = reverse("patrols:finding-detail", args=[finding.pk])
    register_url = reverse("cases:register-from-finding", args=[finding.pk])
    assert register_url in client.get(detail).content.decode()
    case = register(finding, office, party)
    body = client.get(detail).content.decode()
    assert case.get_absolute_url() in body and register_url not in body
    queue = client.get(reverse("patrols:finding-list"), {"status": "registered"}).content.decode()
    assert "甲一村二组河堤" in queue and register_url not in queue

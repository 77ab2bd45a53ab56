"""Findings move reported → registered / dismissed only through the services."""

import pytest
from django.core.exceptions import ValidationError

from landwatch.roles import Role
from patrols.models import FindingStatus, PatrolEvent, PatrolFinding
from patrols.services import FindingStateError, dismiss_finding, mark_finding_registered
from tests.factories import PatrolFindingFactory, PatrolLogFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(territory, coordinator_a):
    log = PatrolLogFactory(village=territory.village_a, created_by=coordinator_a)
    return PatrolFindingFactory(log=log)


@pytest.fixture
def other_office_clerk(territory):
    return member(territory.office_unit, Role.OFFICE, username="office2")


def test_mark_registered_records_who_and_when_and_an_event(finding, office):
    mark_finding_registered(finding, by=office)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REGISTERED
    assert finding.handled_by == office and finding.handled_at is not None
    event = PatrolEvent.objects.get(finding=finding)
    assert event.kind == PatrolEvent.Kind.FINDING_REGISTERED and event.actor == office


def test_second_registration_is_refused_and_changes_nothing(finding, office, other_office_clerk):
    mark_finding_registered(finding, by=office)
    stale = PatrolFinding.objects.get(pk=finding.pk)
    with pytest.raises(FindingStateError):
        mark_finding_registered(stale, by=other_office_clerk)
    finding.refresh_from_db()
    assert finding.handled_by == office
    assert PatrolEvent.objects.filter(finding=finding).count() == 1


def test_dismiss_needs_a_reason_and_records_it(finding, office):
    with pytest.raises(ValidationError):
        dismiss_finding(finding, by=office, reason="  ")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REPORTED
    dismiss_finding(finding, by=office, reason="经核实为已批建房")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISMISSED and finding.dismiss_reason == "经核实为已批建房"
    with pytest.raises(FindingStateError):
        mark_finding_registered(finding, by=office)

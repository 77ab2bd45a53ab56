"""The demo tells one story in time, placed around the day it is loaded (issue #27, point 2).

A leader opening the demo sees a township at work today: this year's campaign in its
correction phase, notices served weeks ago with deadlines passed, running and due soon,
patrol logs of the last weeks — not a backlog of cases four years late. Every date agrees
with the others: a case's events follow its registration, its number carries the year it was
registered, a notice is served after it is signed and its deadline runs from the service.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import Campaign, Meeting, PhaseKind, PublicityActivity, Task
from cases.models import CaseEvent, EventKind, ViolationCase
from documents.models import CaseDocument, ServiceRecord
from patrols.models import FarmlandPledge, PatrolFinding, PatrolLog, ProjectInspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("loaddemo", allow_production=True, stdout=open("/dev/null", "w"))
    return timezone.localdate()


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def test_the_campaign_runs_today_in_its_correction_phase(demo):
    today = demo
    campaign = Campaign.objects.get(township__code="T01")
    assert campaign.start_date <= today <= campaign.end_date
    assert str(campaign.start_date.year) in campaign.name
    correction = campaign.phases.get(kind=PhaseKind.CORRECTION)
    assert correction.start_date <= today <= correction.end_date
    for meeting in Meeting.objects.filter(campaign=campaign):
        assert campaign.start_date <= meeting.date <= today, meeting.title
    for activity in PublicityActivity.objects.filter(campaign=campaign):
        assert campaign.start_date <= activity.date <= today
    for task in Task.objects.filter(campaign=campaign):
        assert task.phase.start_date <= task.due_date <= task.phase.end_date, task.title
        assert task.completed_on is None or task.completed_on <= today, task.title
    # The acceptance review comes after the campaign: none yet.
    assert not campaign.reviews.exists()


def test_every_case_lives_in_the_campaigns_time(demo):
    today = demo
    now = timezone.now()
    campaign = Campaign.objects.get(township__code="T01")
    length = (campaign.end_date - campaign.start_date).days
    cases = ViolationCase.objects.all()
    assert cases.count() >= 44
    for case in cases:
        events = list(case.events.order_by("at", "id"))
        registered = events[0]
        assert registered.kind == EventKind.REGISTERED, case.number
        day = _local(registered.at)
        assert case.number.startswith(f"{day.year}-"), (case.number, day)
        assert _local(case.created_at) == day, case.number
        assert case.discovered_on <= day, case.number
        assert all(registered.at <= e.at <= now for e in events), case.number
        assert case.closed_on is None or day <= case.closed_on <= today, case.number
        # Each act is recorded on its day: the dates it names are the day of its event.
        for event in events:
            for name in ("corrected_on", "inspected_on", "verified_on"):
                if name in event.data:
                    assert event.data[name] == _local(event.at).isoformat(), (case.number, event.kind)
        if case.status == "closed":
            closing = [e for e in events if e.to_status == "closed"][-1]
            assert case.closed_on == _local(closing.at), case.number
        for action in case.enforcement_actions.all():
            assert action.carried_out_on == _local(action.recorded_at), case.number
        # Open cases are at most a campaign's length late, not years.
        if case.deadline is not None and case.status in ("notified", "enforcing"):
            assert (today - case.deadline).days <= length, (case.number, case.deadline)
    assert ViolationCase.objects.overdue().exists() and ViolationCase.objects.due_soon().exists()
    # The seed's 42 cases were registered for this campaign before its correction phase began;
    # the findings registered since, inside its period, count in it too (a campaign is a period).
    correction = campaign.phases.get(kind=PhaseKind.CORRECTION)
    first_events = CaseEvent.objects.filter(case__campaign=campaign, kind=EventKind.REGISTERED)
    assert sum(campaign.start_date <= _local(e.at) < correction.start_date for e in first_events) == 42
    assert all(campaign.start_date <= e.occurred_on <= correction.end_date for e in first_events)


def test_notices_are_served_after_signing_and_run_from_service(demo):
    today = demo
    services = ServiceRecord.objects.select_related("document__case")
    assert services.exists()
    for record in services:
        document = record.document
        registered = document.case.events.get(kind=EventKind.REGISTERED)
        assert _local(registered.at) <= document.issued_on <= record.served_on <= today, document.reference
        # Numbered by the authority it was issued in the name of (its 办案机关, or the township).
        assert document.reference.startswith(document.issuing_unit.document_prefix)
        assert f"〔{document.issued_on.year}〕" in document.reference, document.reference
        if document.deadline is not None:
            assert document.deadline > record.served_on, document.reference
    for event in CaseEvent.objects.filter(kind=EventKind.NOTIFIED):
        served = datetime.date.fromisoformat(event.data["served_on"])
        assert served <= _local(event.at)
        assert datetime.date.fromisoformat(event.data["deadline"]) > served
    assert CaseDocument.objects.filter(issued_on__isnull=False).exists()


def test_patrols_are_the_last_weeks_and_the_pledges_this_years(demo):
    today = demo
    logs = PatrolLog.objects.filter(village__township__code="T01")
    days = sorted(logs.values_list("patrolled_on", flat=True))
    assert today - datetime.timedelta(days=100) <= days[0] and days[-1] <= today
    assert days[-1] >= today - datetime.timedelta(days=7)
    for log in logs:
        assert _local(log.created_at) == log.patrolled_on
    for finding in PatrolFinding.objects.select_related("log").filter(log__isnull=False):
        assert finding.log.patrolled_on <= _local(finding.reported_at) <= today
    assert FarmlandPledge.objects.filter(year=today.year).count() == 11
    assert all(p.signed_on is None or p.signed_on <= today for p in FarmlandPledge.objects.all())
    assert all(i.inspected_on <= today for i in ProjectInspection.objects.all())

"""More time for the penalty decision (自然资源行政处罚办法 第三十八条第一款): the head alone
approves at most 30 days in all; beyond them only a 案情特别复杂 case, by the heads' collective
discussion, whose date, participants, conclusion and new last day are recorded and shown."""

import pytest
from django.urls import reverse

from cases import penalty, procedure
from cases.errors import CaseError
from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase
from tests.cases.test_penalty_procedure import ago, decide, informed

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(reviewing, reviewer, leader, office):
    """A case informed in time whose 90 days ended ten days ago."""
    ViolationCase.objects.filter(pk=reviewing.pk).update(filed_on=ago(100))
    reviewing.refresh_from_db()
    return informed(reviewing, reviewer=reviewer, leader=leader, office=office)


def test_the_head_approves_thirty_days_in_all_in_parts(late, leader):
    penalty.extend_decision_clock(late, by=leader, approved_on=ago(15), reason="案情复杂", days=20)
    penalty.extend_decision_clock(late, by=leader, approved_on=ago(14), reason="仍需补充鉴定", days=10)
    with pytest.raises(CaseError, match="第三十八条") as refused:
        penalty.extend_decision_clock(late, by=leader, approved_on=ago(13), reason="再延长", days=1)
    assert "30" in str(refused.value)
    assert procedure.decision_clock(late).extended_days == 30


def test_the_head_alone_may_not_approve_more_than_thirty_days(late, leader):
    with pytest.raises(CaseError, match="集体讨论|collective discussion"):
        penalty.extend_decision_clock(late, by=leader, approved_on=ago(15), reason="案情复杂", days=45)
    assert not CaseEvent.objects.filter(case=late, kind=EventKind.DECISION_CLOCK_EXTENDED).exists()


def test_a_particularly_complex_extension_needs_a_collective_discussion(late, leader):
    penalty.extend_decision_clock(late, by=leader, approved_on=ago(15), reason="案情复杂")
    with pytest.raises(CaseError, match="第三十八条"):
        penalty.extend_decision_clock(late, by=leader, approved_on=ago(12), reason="涉及多宗用地",
                                      days=60, particularly_complex=True, participants="")
    assert procedure.decision_clock(late).extended_days == 30


def test_a_particularly_complex_case_gets_more_time_from_the_discussion(late, leader):
    penalty.extend_decision_clock(late, by=leader, approved_on=ago(15), reason="案情复杂")
    penalty.extend_decision_clock(late, by=leader, approved_on=ago(12), reason="涉及多宗用地，同意再延长六十日",
                                  days=60, particularly_complex=True, participants="镇长、分管副镇长、纪委书记")
    clock = procedure.decision_clock(late)
    assert clock.extended_days == 90
    event = CaseEvent.objects.filter(case=late, kind=EventKind.DECISION_CLOCK_EXTENDED).latest("id")
    assert event.data["particularly_complex"] is True
    assert event.data["participants"] == "镇长、分管副镇长、纪委书记"
    assert event.data["until"] == clock.date.isoformat()
    assert event.note == "涉及多宗用地，同意再延长六十日"
    decide(late, leader)
    late.refresh_from_db()
    assert late.status == CaseStatus.DECIDED


def test_the_case_page_shows_each_extension_and_its_basis(client, late, leader):
    client.force_login(leader)
    url = reverse("cases:extend-decision-clock", args=[late.pk])
    response = client.post(url, {"version": late.version, "days": "30", "reason": "案情复杂",
                                 "approved_on": ago(15).isoformat()})
    assert response.status_code == 302
    late.refresh_from_db()
    refused = client.post(url, {"version": late.version, "days": "60", "particularly_complex": "on",
                                "participants": "", "reason": "涉及多宗用地", "approved_on": ago(12).isoformat()})
    assert refused.status_code == 200 and "participants" in refused.context["form"].errors
    response = client.post(url, {"version": late.version, "days": "60", "particularly_complex": "on",
                                 "participants": "镇长、分管副镇长", "reason": "涉及多宗用地",
                                 "approved_on": ago(12).isoformat()})
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[late.pk])).content.decode()
    clock = procedure.decision_clock(late)
    assert clock.basis in page.replace("&#x27;", "'")
    assert "30" in clock.extensions[0].basis and "60" in clock.extensions[1].basis
    assert not clock.extensions[0].particularly_complex and clock.extensions[1].particularly_complex

"""Which open cases cannot finish before the correction phase ends, and why."""

import datetime

import pytest

from campaigns import selectors
from cases.models import CaseStatus
from tests.factories import ViolationCaseFactory

D = datetime.date


@pytest.fixture
def cases(campaign, territory):
    def case(status, deadline=None):
        return ViolationCaseFactory(
            village=territory.village_a,
            campaign=campaign,
            status=status,
            deadline=deadline,
            closed_on=D(2022, 5, 1) if status == CaseStatus.CLOSED else None,
        )

    return {
        "no_notice": case(CaseStatus.REGISTERED),
        "after_phase": case(CaseStatus.NOTIFIED, D(2022, 5, 21)),
        "last_day": case(CaseStatus.NOTIFIED, D(2022, 5, 20)),
        "overdue": case(CaseStatus.NOTIFIED, D(2022, 4, 30)),
        "deferred": case(CaseStatus.DEFERRED),
        "corrected": case(CaseStatus.CORRECTED),
        "enforcing": case(CaseStatus.ENFORCING),
        "closed": case(CaseStatus.CLOSED),
        "withdrawn": case(CaseStatus.WITHDRAWN),
    }


def reasons(campaign, today):
    return {c.pk: c.risk for c in selectors.cases_at_risk(campaign, today)["cases"]}


def test_during_the_phase_only_cases_that_cannot_make_it(campaign, cases):
    got = reasons(campaign, D(2022, 5, 10))
    assert got == {
        cases["no_notice"].pk: "no_notice",
        cases["after_phase"].pk: "deadline_after_phase",
        cases["overdue"].pk: "notice_overdue",
        cases["deferred"].pk: "deferred",
    }


def test_a_deadline_on_the_phases_last_day_is_in_time(campaign, cases):
    assert cases["last_day"].pk not in reasons(campaign, D(2022, 5, 20))


def test_after_the_phase_every_open_case_is_listed(campaign, cases):
    got = reasons(campaign, D(2022, 5, 25))
    assert got[cases["corrected"].pk] == "phase_over"
    assert got[cases["enforcing"].pk] == "phase_over"
    assert got[cases["last_day"].pk] == "notice_overdue"
    assert cases["closed"].pk not in got and cases["withdrawn"].pk not in got
    assert len(got) == 7


def test_overview_lists_them_with_the_reason(client, leader, campaign, cases, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2022, 5, 10))
    client.force_login(leader)
    html = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'data-risk="no_notice"' in html
    assert 'data-risk="deadline_after_phase"' in html
    assert "尚未下达整改通知书" in html
    assert 'data-figure="cases-overdue">1<' in html
    assert 'data-figure="cases-at-risk">4<' in html

"""强制执行 of a served decision (cases/enforcement.py): the demand, the window of the application
to the court counted by the deadline engine with the holiday table, the challenge that holds it,
the court's ruling, the execution's hours and days, and the township's own demolition."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import enforcement
from cases import services as case_services
from cases.errors import CaseError, IllegalTransitionError
from cases.models import (
    ApplicationMaterial,
    CaseStatus,
    ChallengeKind,
    ChallengeOutcome,
    CourtRuling,
    EnforcementKind,
    EventKind,
    PenaltyMeasure,
)
from deadlines.services import load_shipped
from documents.models import DocumentKind
from tests.factories.documents import serve

pytestmark = pytest.mark.django_db

D = datetime.date
ALL = list(ApplicationMaterial.values)


def apply(case, by, on, materials=ALL):
    case.refresh_from_db()
    return enforcement.apply_to_court(case, by=by, court="测试县人民法院", filed_on=on, materials=materials)


def test_the_window_is_counted_by_the_engine_with_the_holiday_table(demanded):
    state = enforcement.track(demanded)
    # Ten working days from 22 September 2025: the 28th (a Sunday) and 11 October (a Saturday) are
    # 调休 working days, 1–8 October the National Day holiday (行政强制法 第五十四条、第六十九条).
    assert state.demand_period.date == D(2025, 10, 11)
    # 复议 60 days from service (行政复议法 第二十条) outlasts the 15 days to sue against 限期拆除.
    assert state.remedy_period.date == D(2025, 10, 31)
    assert state.earliest == D(2025, 11, 1)
    # Three months from 31 October 2025: Saturday 31 January 2026 moves to Monday 2 February.
    assert state.last.date == D(2026, 2, 2)
    assert "第五十三条" in state.last.basis


def test_an_application_inside_the_window_is_filed(demanded, leader):
    application = apply(demanded, leader, D(2026, 2, 2))
    demanded.refresh_from_db()
    assert demanded.status == CaseStatus.DECIDED
    event = demanded.events.get(kind=EventKind.COURT_APPLIED)
    assert event.data["earliest"] == "2025-11-01" and event.data["last"] == "2026-02-02"
    assert application.materials == sorted(ALL)


@pytest.mark.parametrize("on", [D(2025, 10, 31), D(2026, 2, 3)])
def test_an_application_outside_the_window_is_refused(demanded, leader, on):
    with pytest.raises(enforcement.EnforcementRefused, match="第五十三条"):
        apply(demanded, leader, on)
    assert not demanded.court_applications.exists()
    assert not demanded.events.filter(kind=EventKind.COURT_APPLIED).exists()


def test_an_application_without_a_served_demand_is_refused(decided, leader):
    with pytest.raises(enforcement.EnforcementRefused, match="第三十五条、第五十四条"):
        apply(decided, leader, D(2025, 12, 1))
    assert not decided.court_applications.exists()


def test_a_demand_served_before_the_decision_does_not_count(case_in, office, leader):
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None,
                   discovered_on=D(2025, 6, 2), registered_on=D(2025, 6, 3), filed_on=D(2025, 6, 4))
    serve(case, DocumentKind.DEMAND, by=office, on=D(2025, 8, 1))
    serve(case, DocumentKind.PENALTY_DECISION, by=office, on=D(2025, 9, 1))
    with pytest.raises(enforcement.EnforcementRefused, match="第五十四条"):
        apply(case, leader, D(2025, 12, 1))


def test_an_application_lacking_materials_is_refused(demanded, leader):
    with pytest.raises(enforcement.EnforcementRefused, match="第五十五条"):
        apply(demanded, leader, D(2025, 12, 1), materials=ALL[:-1])
    assert not demanded.court_applications.exists()


def test_only_a_leader_applies(demanded, office):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        apply(demanded, office, D(2025, 12, 1))


def test_a_pending_challenge_holds_enforcement_until_its_outcome(demanded, office, leader):
    challenge = enforcement.record_challenge(demanded, by=office, kind=ChallengeKind.LAWSUIT, body="测试县人民法院",
                                             filed_on=D(2025, 10, 20))
    with pytest.raises(enforcement.EnforcementRefused, match="pending|第五十三条"):
        apply(demanded, leader, D(2025, 12, 1))
    demanded.refresh_from_db()
    enforcement.end_challenge(challenge, by=office, outcome=ChallengeOutcome.UPHELD, outcome_on=D(2025, 12, 10))
    state = enforcement.track(demanded)
    assert not state.pending
    # The window starts the day after the outcome, and the three months run from it.
    assert state.earliest == D(2025, 12, 11)
    with pytest.raises(enforcement.EnforcementRefused):
        apply(demanded, leader, D(2025, 12, 10))
    apply(demanded, leader, D(2025, 12, 11))


def test_an_outcome_is_recorded_once(demanded, office):
    challenge = enforcement.record_challenge(demanded, by=office, kind=ChallengeKind.RECONSIDERATION,
                                             body="测试县人民政府", filed_on=D(2025, 10, 20))
    demanded.refresh_from_db()
    enforcement.end_challenge(challenge, by=office, outcome=ChallengeOutcome.UPHELD, outcome_on=D(2025, 12, 10))
    demanded.refresh_from_db()
    with pytest.raises(CaseError):
        enforcement.end_challenge(challenge, by=office, outcome=ChallengeOutcome.REVOKED, outcome_on=D(2025, 12, 11))
    challenge.refresh_from_db()
    assert challenge.outcome == ChallengeOutcome.UPHELD


def test_a_revoked_decision_ends_the_track(demanded, office, leader):
    challenge = enforcement.record_challenge(demanded, by=office, kind=ChallengeKind.RECONSIDERATION,
                                             body="测试县人民政府", filed_on=D(2025, 10, 20))
    demanded.refresh_from_db()
    enforcement.end_challenge(challenge, by=office, outcome=ChallengeOutcome.REVOKED, outcome_on=D(2025, 12, 1))
    with pytest.raises(enforcement.EnforcementRefused, match="撤销"):
        apply(demanded, leader, D(2025, 12, 15))


def test_the_old_one_click_approval_is_refused_on_a_decided_case(demanded, leader):
    demanded.refresh_from_db()
    assert demanded.deadline and demanded.deadline < D(2026, 1, 1)
    with pytest.raises(IllegalTransitionError, match="第五十三条"):
        case_services.approve_enforcement(demanded, by=leader, occurred_on=D(2025, 12, 1))
    demanded.refresh_from_db()
    assert demanded.status == CaseStatus.DECIDED


def test_a_legacy_notified_case_keeps_the_one_click_approval(case_in, leader):
    case = case_in(CaseStatus.NOTIFIED, deadline=D(2026, 11, 1), discovered_on=D(2026, 9, 1),
                   registered_on=D(2026, 9, 1))
    case_services.approve_enforcement(case, by=leader, occurred_on=D(2026, 11, 2))
    case.refresh_from_db()
    assert case.status == CaseStatus.ENFORCING


@pytest.fixture
def enforcing(demanded, leader, office):
    apply(demanded, leader, D(2025, 12, 1))
    demanded.refresh_from_db()
    enforcement.record_ruling(demanded, by=office, ruling=CourtRuling.ACCEPTED, ruled_on=D(2025, 12, 20))
    demanded.refresh_from_db()
    return demanded


def test_the_court_ordering_enforcement_starts_it(enforcing):
    assert enforcing.status == CaseStatus.ENFORCING
    application = enforcing.court_applications.get()
    assert application.ruling == CourtRuling.ACCEPTED and application.ruling_on == D(2025, 12, 20)
    assert enforcing.events.filter(kind=EventKind.COURT_RULED, to_status=CaseStatus.ENFORCING).exists()


def test_a_refused_application_leaves_the_case_decided(demanded, leader, office):
    apply(demanded, leader, D(2025, 12, 1))
    demanded.refresh_from_db()
    enforcement.record_ruling(demanded, by=office, ruling=CourtRuling.REFUSED, ruled_on=D(2025, 12, 20),
                              note="明显缺乏事实根据")
    demanded.refresh_from_db()
    assert demanded.status == CaseStatus.DECIDED
    assert demanded.court_applications.get().ruling == CourtRuling.REFUSED
    # A new application may be filed later, inside the window.
    apply(demanded, leader, D(2026, 1, 5))


def _execute(case, by, **kw):
    case.refresh_from_db()
    args = {"kind": EnforcementKind.DEMOLITION, "carried_out_on": D(2026, 1, 5),
            "started_at": datetime.time(9, 0), "result": "拆除完毕"}
    return case_services.record_enforcement(case, by=by, **{**args, **kw})


@pytest.mark.parametrize("started_at", [datetime.time(22, 0), datetime.time(5, 59), datetime.time(23, 30)])
def test_execution_at_night_is_refused(enforcing, office, started_at):
    with pytest.raises(enforcement.EnforcementRefused, match="第四十三条"):
        _execute(enforcing, office, started_at=started_at)
    assert not enforcing.enforcement_actions.exists()


def test_execution_on_a_public_holiday_is_refused(enforcing, office):
    # 1 January 2026 is 元旦 in the shipped table; a plain Saturday is not a 法定节假日.
    with pytest.raises(enforcement.EnforcementRefused, match="第四十三条"):
        _execute(enforcing, office, carried_out_on=D(2026, 1, 1))
    _execute(enforcing, office, carried_out_on=D(2026, 1, 10))


def test_a_power_cut_against_a_residence_is_refused(enforcing, office):
    with pytest.raises(enforcement.EnforcementRefused, match="第四十三条第二款"):
        _execute(enforcing, office, kind=EnforcementKind.POWER_CUT, residence=True)
    _execute(enforcing, office, kind=EnforcementKind.POWER_CUT, residence=False)


@pytest.mark.parametrize("kind", [EnforcementKind.FINE, EnforcementKind.REFERRAL])
def test_fines_and_referrals_are_no_longer_chosen(enforcing, office, kind):
    with pytest.raises(enforcement.EnforcementRefused):
        _execute(enforcing, office, kind=kind)


def test_a_chain_execution_needs_its_start_time(enforcing, office):
    with pytest.raises(enforcement.EnforcementRefused):
        _execute(enforcing, office, started_at=None)
    action = _execute(enforcing, office, started_at=datetime.time(6, 0))
    assert action.started_at == datetime.time(6, 0)


def test_execution_then_the_heads_closing_approval_closes_the_case(enforcing, office, leader):
    """A chain case is closed by 结案 (自然资源行政处罚办法 第四十六条(四) 执行完毕), not by the
    rectification path's "enforcement done" (tests/cases/test_closing.py)."""
    from cases import closing

    _execute(enforcing, office)
    enforcing.refresh_from_db()
    with pytest.raises(IllegalTransitionError, match="第四十六条|Article 46"):
        case_services.complete_enforcement(enforcing, by=office, verified_on=D(2026, 1, 6))
    enforcing.refresh_from_db()
    assert enforcing.status == CaseStatus.ENFORCING
    closing.approve_closing(enforcing, by=leader, ground="executed", closed_on=D(2026, 1, 6))
    enforcing.refresh_from_db()
    assert enforcing.status == CaseStatus.CLOSED and enforcing.closed_on == D(2026, 1, 6)


# --- the township's own demolition (城乡规划法 第六十五条, 行政强制法 第四十四条) -----------------


@pytest.fixture
def announced(demanded, office):
    """The 公告 to demolish within ten days published on 26 September 2025 (行政强制法 第四十四条)."""
    serve(demanded, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26))
    return demanded


def test_the_township_decides_its_own_demolition_after_the_remedy_periods(announced, leader):
    demanded = announced
    with pytest.raises(enforcement.EnforcementRefused, match="第四十四条"):
        enforcement.decide_demolition(demanded, by=leader, decided_on=D(2025, 10, 31))
    demanded.refresh_from_db()
    enforcement.decide_demolition(demanded, by=leader, decided_on=D(2025, 11, 3))
    demanded.refresh_from_db()
    assert demanded.status == CaseStatus.ENFORCING
    assert demanded.events.filter(kind=EventKind.DEMOLITION_DECIDED).exists()


def test_a_county_departments_case_is_not_demolished_by_the_township(demanded, leader, county_departments):
    type(demanded).objects.filter(pk=demanded.pk).update(authority=county_departments.natural_resources)
    demanded.refresh_from_db()
    with pytest.raises(enforcement.EnforcementRefused, match="第六十五条"):
        enforcement.decide_demolition(demanded, by=leader, decided_on=D(2025, 11, 3))


def test_a_challenge_needs_its_body(demanded, office):
    with pytest.raises((CaseError, ValidationError)):
        enforcement.record_challenge(demanded, by=office, kind=ChallengeKind.LAWSUIT, body=" ",
                                     filed_on=D(2025, 10, 20))


def test_every_enforcement_event_shows_a_row_with_content(client, demanded, office, leader):
    from tests.cases.test_timeline_rows import _rows

    challenge = enforcement.record_challenge(demanded, by=office, kind=ChallengeKind.LAWSUIT, body="测试县人民法院",
                                             filed_on=D(2025, 10, 20))
    demanded.refresh_from_db()
    enforcement.end_challenge(challenge, by=office, outcome=ChallengeOutcome.UPHELD, outcome_on=D(2025, 12, 10))
    apply(demanded, leader, D(2025, 12, 11))
    demanded.refresh_from_db()
    enforcement.record_ruling(demanded, by=office, ruling=CourtRuling.ACCEPTED, ruled_on=D(2025, 12, 20))
    client.force_login(office)
    rows = dict(_rows(client, demanded))
    for kind, text in (("challenge_filed", "测试县人民法院"), ("challenge_ended", "2025年12月10日"),
                       ("court_applied", "2026年"), ("court_ruled", "2025年12月20日")):
        assert kind in rows and "data-detail" in rows[kind] and text in rows[kind], (kind, rows.get(kind))


def test_the_demolition_decision_shows_a_row_with_content(client, announced, leader):
    from tests.cases.test_timeline_rows import _rows

    demanded = announced
    enforcement.decide_demolition(demanded, by=leader, decided_on=D(2025, 11, 3))
    client.force_login(leader)
    row = dict(_rows(client, demanded))["demolition_decided"]
    assert "data-detail" in row or "data-note" in row, row

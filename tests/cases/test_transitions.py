"""Every transition from every state and for every role: allowed ones move the case and
write their event; illegal ones raise and leave the database exactly as it was."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.utils import timezone

from cases import closing, penalty, procedure, services
from cases.models import (
    CaseEvent,
    CaseStatus,
    Disposition,
    EnforcementAction,
    EnforcementKind,
    EventKind,
    PenaltyMeasure,
    ViolationCase,
)
from cases.transitions import TRANSITIONS
from documents.services import hand_over_case
from landwatch.vocabulary import Category
from territory.models import Competence, UnitKind
from tests.factories import UnitFactory


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


RUNNERS = {
    "decide": lambda c, by: services.decide_case(c, by=by, disposition=Disposition.DEMOLISH),
    "defer": lambda c, by: services.decide_case(c, by=by, disposition=Disposition.PLANNING, reason="纳入村庄规划整改"),
    "close_no_action": lambda c, by: services.decide_case(
        c, by=by, disposition=Disposition.NO_ACTION, reason="历史遗留，不作处理", no_action_ground="time_barred"
    ),
    "notify": lambda c, by: services.record_notice(c, by=by, deadline=days(15), served_on=today()),
    "self_correct": lambda c, by: services.record_self_correction(c, by=by, corrected_on=today()),
    "reinspection_passed": lambda c, by: services.pass_reinspection(c, by=by, inspected_on=today()),
    "reinspection_failed": lambda c, by: services.fail_reinspection(
        c, by=by, inspected_on=today(), new_deadline=days(10), note="未拆除完毕"
    ),
    "approve_enforcement": lambda c, by: services.approve_enforcement(c, by=by, note="同意强制拆除"),
    "enforcement_done": lambda c, by: services.complete_enforcement(c, by=by, verified_on=today()),
    "resolve": lambda c, by: services.resolve_deferred(c, by=by, note="已在规划中整改"),
    "withdraw": lambda c, by: services.withdraw_case(c, by=by, reason="重复登记"),
    "reopen": lambda c, by: services.reopen_case(c, by=by, reason="拆后又建，回潮"),
    "hand_over": lambda c, by: hand_over_case(c, by=by),
    "inform": lambda c, by: penalty.inform_party(c, by=by, served_on=today(), document=0),
    "decide_penalty": lambda c, by: _decide_penalty(c, by),
    # 立案 and the investigation (cases/procedure.py).
    "file": lambda c, by: procedure.file_case(c, by=by, conditions=ALL_CONDITIONS, started_on=c.discovered_on),
    "suspend": lambda c, by: procedure.suspend_investigation(c, by=by, ground="force_majeure", reason="洪水"),
    "resume": lambda c, by: procedure.resume_investigation(c, by=by, reason="洪水退去"),
    "terminate": lambda c, by: procedure.terminate_investigation(c, by=by, ground="not_established",
                                                                 reason="经查系合法用地"),
    "submit_report": lambda c, by: procedure.submit_report(c, by=by, facts="占地建房", evidence="询问笔录",
                                                           proposal="限期拆除"),
    # 强制执行 (cases/enforcement.py).
    "court_accepts": lambda c, by: _court_accepts(c, by),
    "decide_demolition": lambda c, by: _decide_demolition(c, by),
    # 结案 (cases/closing.py): "other" closes from every state the transition starts from.
    "approve_closing": lambda c, by: closing.approve_closing(c, by=by, ground="other", note="当事人死亡",
                                                             closed_on=today()),
}


def _court_accepts(case, by):
    """The court orders enforcement of the application waiting for its ruling (written as a row)."""
    from cases import enforcement
    from cases.models import CourtApplication, CourtRuling

    CourtApplication.objects.create(case=case, court="测试县人民法院", filed_on=today(), recorded_by=by,
                                    materials=["application", "decision", "party_and_demand", "object"])
    return enforcement.record_ruling(case, by=by, ruling=CourtRuling.ACCEPTED, ruled_on=today())


def _decide_demolition(case, by):
    """The township's own demolition, its decision served 200 days ago, the 催告 150 and the 公告 140 (rows)."""
    from cases import enforcement
    from documents.models import ServiceRecord
    from tests.factories.documents import CaseDocumentFactory

    if case.status == CaseStatus.DECIDED and by.has_perm("cases.approve", case):
        start = today() - datetime.timedelta(days=220)
        ViolationCase.objects.filter(pk=case.pk).update(filed_on=start, registered_on=start, discovered_on=start,
                                                        deadline=None)
        # The 公告 of 行政强制法 第四十四条 published after the decision (part g3).
        for kind, ago in (("penalty_decision", 200), ("demand", 150), ("demolition_notice", 140)):
            document = CaseDocumentFactory(case=case, kind=kind, status="served", year=2026, sequence=case.pk)
            ServiceRecord.objects.create(document=document, method="direct", recorded_by=by,
                                         served_on=today() - datetime.timedelta(days=ago))
        case.refresh_from_db()
    return enforcement.decide_demolition(case, by=by, decided_on=today())
ALL_CONDITIONS = [key for key, _label in procedure.FILING_CONDITIONS]


def _decide_penalty(case, by):
    """A warning decided on a case whose notice was served three weeks ago after a passed legal
    review (the history ``check_decision`` asks for, written as rows: the runners only act)."""
    from documents.models import ServiceRecord
    from tests.factories.documents import CaseDocumentFactory

    # Seeded only for an actor who may decide: a refused one must find the case untouched.
    if case.status == CaseStatus.INFORMED and by.has_perm("cases.decide_penalty", case):
        served = today() - datetime.timedelta(days=21)
        ViolationCase.objects.filter(pk=case.pk).update(filed_on=served, registered_on=served)
        notice = CaseDocumentFactory(case=case, kind="penalty_notice", status="served", year=2026, sequence=case.pk)
        ServiceRecord.objects.create(document=notice, method="direct", served_on=served, recorded_by=by)
        CaseEvent.objects.create(case=case, kind=EventKind.LEGAL_REVIEWED, actor=by, occurred_on=served,
                                 data={"passed": True})
        CaseEvent.objects.create(case=case, kind=EventKind.PARTY_INFORMED, actor=by, occurred_on=served,
                                 to_status=CaseStatus.INFORMED)
        case.refresh_from_db()
    return penalty.decide_penalty(case, by=by, measures=[PenaltyMeasure.WARNING])

# Preconditions other than the state: a notice needs a decided disposition, enforcement
# a missed deadline, closing an enforcement at least one recorded action.
SETUP = {
    # A disposition a notice may order (demolition is a penalty's: tests/cases/test_penalty_dispositions.py).
    "notify": {"disposition": Disposition.RESTORE_FARMLAND},
    "approve_enforcement": {"deadline": datetime.date(2000, 1, 1)},
    "inform": {"penalty_measures": ["warning"]},
    "decide_penalty": {"penalty_measures": ["warning"]},
    "decide_demolition": {"penalty_measures": ["demolish"]},
    "approve_closing": {"filed_on": datetime.date(2026, 11, 1)},
}

# Who may press each button on a case of their township (officer = the assignee).
ALLOWED_ROLES = {
    "decide": {"office"},
    "defer": {"office"},
    "close_no_action": {"office"},
    "notify": {"office", "officer"},
    "self_correct": {"office", "officer"},
    "reinspection_passed": {"office", "officer"},
    "reinspection_failed": {"office", "officer"},
    "approve_enforcement": {"leader"},
    "enforcement_done": {"office", "officer"},
    "resolve": {"office"},
    "withdraw": {"office"},
    "reopen": {"office"},
    "hand_over": {"office"},
    "inform": {"office", "officer"},
    "decide_penalty": {"leader"},
    "file": {"leader"},
    "suspend": {"leader"},
    "resume": {"leader"},
    "terminate": {"leader"},
    "submit_report": {"office", "officer"},
    "court_accepts": {"office", "officer"},
    "decide_demolition": {"leader"},
    "approve_closing": {"leader"},
}
ACTORS = ["office", "officer", "other_officer", "leader", "coordinator_a", "county_user", "other_office"]


def make_case(case_in, name, status, officer):
    setup = dict(SETUP.get(name, {}))
    with_notice = (CaseStatus.NOTIFIED, CaseStatus.CORRECTED, CaseStatus.ENFORCING, CaseStatus.DECIDED)
    if name == "approve_enforcement" and status not in with_notice:
        setup.pop("deadline")
    case = case_in(status, **setup)
    if name == "hand_over":  # a case of the county's natural resources department
        county = case.village.township.parent
        department = UnitFactory(kind=UnitKind.DEPARTMENT, parent=county, competence=Competence.NATURAL_RESOURCES)
        ViolationCase.objects.filter(pk=case.pk).update(authority=department)
        case.refresh_from_db()
    if name == "submit_report":
        from documents.services import record_document

        record_document(case, by=officer, kind="inquiry_record", issued_on=case.registered_on, facts="问：…答：…")
    if name == "enforcement_done":
        EnforcementAction.objects.create(
            case=case, kind=EnforcementKind.DEMOLITION, carried_out_on=today(), recorded_by=officer
        )
    return case


def snapshot(case):
    row = ViolationCase.objects.get(pk=case.pk)
    return model_to_dict(row, exclude=[]) | {
        "status": row.status, "version": row.version, "deadline": row.deadline, "closed_on": row.closed_on,
        "disposition": row.disposition, "events": CaseEvent.objects.filter(case=case).count(),
    }


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", [s.value for s in CaseStatus])
def test_each_transition_from_each_state(name, status, case_in, office, officer, leader):
    t = TRANSITIONS[name]
    case = make_case(case_in, name, status, officer)
    by_leader = t.perm in ("cases.approve", "cases.decide_penalty") or ALLOWED_ROLES[name] == {"leader"}
    actor = leader if by_leader else office
    before = snapshot(case)
    if status in t.sources:
        RUNNERS[name](case, actor)
        case.refresh_from_db()
        assert case.status == t.target
        # A hand-over also issues its 案件移送书, which the timeline notes (one more version).
        assert case.version == before["version"] + (2 if name == "hand_over" else 1)
        event = case.events.order_by("-id").first()
        assert (event.kind, event.from_status, event.to_status, event.actor) == (t.event, status, t.target, actor)
    else:
        with pytest.raises(services.IllegalTransitionError):
            RUNNERS[name](case, actor)
        assert snapshot(case) == before


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
@pytest.mark.parametrize("actor_name", ACTORS)
def test_each_transition_for_each_role(name, actor_name, request, case_in, officer):
    t = TRANSITIONS[name]
    actor = request.getfixturevalue(actor_name)
    source = sorted(t.sources)[0]
    case = make_case(case_in, name, source, officer)
    before = snapshot(case)
    role = "officer" if actor_name == "officer" else actor_name
    if role in ALLOWED_ROLES[name]:
        RUNNERS[name](case, actor)
        case.refresh_from_db()
        assert case.status == t.target
    else:
        with pytest.raises(PermissionDenied):
            RUNNERS[name](case, actor)
        assert snapshot(case) == before


def test_an_unassigned_officer_cannot_act_but_the_assignee_can(case_in, officer, other_officer):
    case = case_in(CaseStatus.NOTIFIED)
    with pytest.raises(PermissionDenied):
        services.record_self_correction(case, by=other_officer, corrected_on=today())
    services.record_self_correction(case, by=officer, corrected_on=today())
    assert case.status == CaseStatus.CORRECTED


def test_a_notice_needs_a_disposition_that_rectifies(case, office):
    before = snapshot(case)
    with pytest.raises(services.IllegalTransitionError):
        services.record_notice(case, by=office, deadline=days(10), served_on=today())
    assert snapshot(case) == before


def test_a_notice_records_deadline_and_service_date(case_in, office):
    case = case_in(disposition=Disposition.RESTORE_FARMLAND)
    served = days(-2)
    services.record_notice(case, by=office, deadline=days(13), served_on=served, requirements="限期自行拆除")
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED and case.deadline == days(13)
    event = case.events.get(kind="notified")
    assert event.data == {"deadline": days(13).isoformat(), "served_on": served.isoformat()}
    assert event.note == "限期自行拆除"


@pytest.mark.parametrize(
    "deadline,served_on", [(-5, -2), (10, 1)], ids=["deadline before service", "service in the future"]
)
def test_a_notice_with_impossible_dates_is_refused(case_in, office, deadline, served_on):
    case = case_in(disposition=Disposition.DEMOLISH)
    before = snapshot(case)
    with pytest.raises(services.CaseError):
        services.record_notice(case, by=office, deadline=days(deadline), served_on=days(served_on))
    assert snapshot(case) == before


def test_enforcement_cannot_be_approved_before_the_deadline_passes(case_in, leader):
    case = case_in(CaseStatus.NOTIFIED, deadline=today())
    before = snapshot(case)
    with pytest.raises(services.IllegalTransitionError):
        services.approve_enforcement(case, by=leader)
    assert snapshot(case) == before


def test_enforcement_approval_is_recorded_on_the_event(case_in, leader):
    case = case_in(CaseStatus.NOTIFIED, deadline=days(-1))
    services.approve_enforcement(case, by=leader, note="依程序强制拆除")
    event = case.events.get(kind="enforcement_approved")
    assert event.data["approval"]["by"] == leader.pk
    assert event.data["approval"]["name"] == "组长"


def test_enforcement_done_needs_a_recorded_action(case_in, office):
    case = case_in(CaseStatus.ENFORCING)
    before = snapshot(case)
    with pytest.raises(services.IllegalTransitionError):
        services.complete_enforcement(case, by=office, verified_on=today())
    assert snapshot(case) == before


def test_enforcement_actions_are_recorded_only_while_enforcing(case_in, officer, territory):
    case = case_in(CaseStatus.NOTIFIED)
    with pytest.raises(services.IllegalTransitionError):
        services.record_enforcement(case, by=officer, kind=EnforcementKind.DEMOLITION, carried_out_on=today())
    case = case_in(CaseStatus.ENFORCING)
    action = services.record_enforcement(
        case, by=officer, kind=EnforcementKind.DEMOLITION, carried_out_on=today(), area_m2=80,
        units=[territory.department], result="拆除完毕",
    )
    assert list(action.units.all()) == [territory.department]
    assert case.events.get(kind="enforcement_recorded").data["action"] == action.pk
    services.complete_enforcement(case, by=officer, verified_on=today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == today()


def test_failed_reinspection_sets_a_new_deadline_and_keeps_the_old(case_in, officer):
    old = days(-3)
    case = case_in(CaseStatus.CORRECTED, deadline=old)
    services.fail_reinspection(case, by=officer, inspected_on=today(), new_deadline=days(20), note="仍有残留")
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED and case.deadline == days(20)
    event = case.events.get(kind="reinspection_failed")
    assert event.data["previous_deadline"] == old.isoformat()
    assert event.data["deadline"] == days(20).isoformat()


def test_reopening_clears_the_decision_and_keeps_it_in_history(case_in, office):
    case = case_in(CaseStatus.CLOSED, deadline=days(-30))
    services.reopen_case(case, by=office, reason="回潮")
    case.refresh_from_db()
    assert (case.status, case.disposition, case.deadline, case.closed_on) == (CaseStatus.REGISTERED, "", None, None)
    event = case.events.get(kind="reopened")
    assert event.data["previous_disposition"] == Disposition.DEMOLISH
    assert event.note == "回潮"


@pytest.mark.parametrize("runner", ["withdraw", "reopen", "resolve"])
def test_steps_that_need_a_reason_refuse_an_empty_one(runner, case_in, office):
    status = {"withdraw": CaseStatus.REGISTERED, "reopen": CaseStatus.CLOSED, "resolve": CaseStatus.DEFERRED}[runner]
    case = case_in(status)
    before = snapshot(case)
    func = {"withdraw": services.withdraw_case, "reopen": services.reopen_case, "resolve": services.resolve_deferred}
    kwarg = "note" if runner == "resolve" else "reason"
    with pytest.raises(services.CaseError):
        func[runner](case, by=office, **{kwarg: "   "})
    assert snapshot(case) == before


def test_a_stale_click_is_refused_with_who_changed_it(case_in, office, officer):
    case = case_in(CaseStatus.NOTIFIED)
    seen_by_office = ViolationCase.objects.get(pk=case.pk)
    services.record_self_correction(case, by=officer, corrected_on=today())
    before = snapshot(case)
    with pytest.raises(services.StaleCaseError) as err:
        services.record_self_correction(seen_by_office, by=office, corrected_on=today())
    assert "执法队员" in err.value.message
    assert snapshot(case) == before


def test_the_version_the_form_showed_is_checked(case_in, office):
    case = case_in(CaseStatus.NOTIFIED)
    with pytest.raises(services.StaleCaseError):
        services.record_self_correction(case, by=office, corrected_on=today(), expected_version=case.version - 1 or 99)


def test_event_rows_cannot_be_changed_or_deleted(case_in, office):
    case = case_in(CaseStatus.REGISTERED)
    services.withdraw_case(case, by=office, reason="误登")
    event = case.events.get()
    event.note = "改写"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        case.events.update(note="x")
    with pytest.raises(TypeError):
        case.events.all().delete()
    assert case.events.get().note == "误登"
    assert Category.COMMERCIAL  # vocabulary import used

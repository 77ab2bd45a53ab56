"""Review, notice, hearing and the decision up to its service (cases/penalty.py): every refusal
names its rule, and a case that meets them all is decided, served and counted overdue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import penalty, procedure
from cases import services as case_services
from cases.errors import CaseError
from cases.models import CaseEvent, CaseStatus, EventKind, PenaltyMeasure, ViolationCase
from documents import services as doc_services
from documents.models import DocumentKind
from landwatch.roles import Role
from territory.models import Credential, CredentialKind
from tests.factories import ViolationCaseFactory, member
from tests.factories.documents import serve

pytestmark = pytest.mark.django_db

M = PenaltyMeasure


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def review(case, by, *, on, measures=(M.DEMOLISH,), passed=True, fine=None, large=False):
    penalty.record_legal_review(case, by=by, reviewed_on=on, measures=measures, fine_yuan=fine, amount_large=large,
                                opinion="事实清楚，证据确凿，程序合法。", passed=passed)
    case.refresh_from_db()


def informed(case, *, reviewer, leader, office, on=28, hearing_notice=True, discuss=True):
    review(case, reviewer, on=ago(on + 2))
    if discuss:
        penalty.record_collective_discussion(case, by=leader, held_on=ago(on + 1), participants="镇长、分管副镇长",
                                             conclusion="同意限期拆除。")
    serve(case, DocumentKind.PENALTY_NOTICE, by=office, on=ago(on))
    if hearing_notice:
        serve(case, DocumentKind.HEARING_NOTICE, by=office, on=ago(on))
    case.refresh_from_db()
    return case


def summon(case, *, by, presiding, on, hearing_on):
    """The 听证通知书 of the requested hearing, drafted, issued and served on ``on``."""
    hearing_at = timezone.make_aware(datetime.datetime.combine(hearing_on, datetime.time(9, 30)))
    document = penalty.schedule_hearing(case, by=by, hearing_at=hearing_at, place="镇政府会议室", presiding=presiding)
    doc_services.issue_document(document, by=by, issued_on=on)
    doc_services.serve_document(document, by=by, method="direct", served_on=on, recipient="张三")
    case.refresh_from_db()
    return document


def hold_hearing(case, *, by, presiding, requested=27, held=13, summary="……"):
    """The party asks on ``requested`` days ago, is told of the time and place that day, and the
    hearing is held ``held`` days ago (at least seven working days later, 行政处罚法 第六十四条(二))."""
    penalty.record_hearing_request(case, by=by, requested_on=ago(requested))
    summon(case, by=by, presiding=presiding, on=ago(requested), hearing_on=ago(held))
    penalty.record_hearing(case, by=by, held_on=ago(held), presiding=presiding, summary=summary)
    case.refresh_from_db()


def decide(case, by, *, on=None, measures=(M.DEMOLISH,), fine=None):
    case.refresh_from_db()
    return penalty.decide_penalty(case, by=by, decided_on=on or timezone.localdate(), measures=measures,
                                  fine_yuan=fine)


def test_serving_the_notice_informs_the_party(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    assert reviewing.status == CaseStatus.INFORMED
    event = reviewing.events.get(kind=EventKind.PARTY_INFORMED)
    assert event.occurred_on == ago(28)
    assert event.data["statement_until"]


def test_a_lawful_case_is_decided(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    decide(reviewing, leader)
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED
    event = reviewing.events.get(kind=EventKind.PENALTY_DECIDED)
    assert event.data["measures"] == [M.DEMOLISH]
    assert event.data["serve_by"]


def test_notice_refused_without_a_legal_review(reviewing, office):
    with pytest.raises(CaseError, match="第四十四条"):
        serve(reviewing, DocumentKind.PENALTY_NOTICE, by=office, on=ago(3))
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.REVIEWING


def test_decision_refused_without_a_served_notice(territory, office, officer, party, leader):
    case = ViolationCaseFactory(village=territory.village_a, party=party, status=CaseStatus.INFORMED,
                                assignee=officer, created_by=office, discovered_on=ago(120), registered_on=ago(110),
                                filed_on=ago(60), penalty_measures=[M.WARNING])
    with pytest.raises(penalty.DecisionRefused, match="第四十四条、第六十二条"):
        decide(case, leader, measures=[M.WARNING])
    case.refresh_from_db()
    assert case.status == CaseStatus.INFORMED


def test_decision_refused_before_the_statement_period_has_run(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=1)
    with pytest.raises(penalty.DecisionRefused, match="第三十三条、第五十七条"):
        decide(reviewing, leader)
    assert not reviewing.events.filter(kind=EventKind.PENALTY_DECIDED).exists()


def test_an_express_waiver_lets_the_decision_through_early(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=1, hearing_notice=False)
    penalty.record_statement(reviewing, by=office, received_on=ago(0), waived=True)
    # Still refused: 限期拆除 needs a served hearing notice.
    with pytest.raises(penalty.DecisionRefused, match="第三十四条"):
        decide(reviewing, leader)


def test_decision_on_demolition_refused_without_a_served_hearing_notice(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, hearing_notice=False)
    with pytest.raises(penalty.DecisionRefused, match="第三十四条"):
        decide(reviewing, leader)


def test_a_warning_needs_no_hearing_notice(reviewing, reviewer, leader, office):
    review(reviewing, reviewer, on=ago(30), measures=[M.WARNING])
    serve(reviewing, DocumentKind.PENALTY_NOTICE, by=office, on=ago(28))
    decide(reviewing, leader, measures=[M.WARNING])
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED


def test_a_large_fine_needs_a_hearing_notice_and_a_discussion(reviewing, reviewer, leader, office):
    review(reviewing, reviewer, on=ago(30), measures=[M.FINE], fine=60000, large=True)
    serve(reviewing, DocumentKind.PENALTY_NOTICE, by=office, on=ago(28))
    with pytest.raises(penalty.DecisionRefused, match="第三十四条"):
        decide(reviewing, leader, measures=[M.FINE], fine=60000)
    serve(reviewing, DocumentKind.HEARING_NOTICE, by=office, on=ago(28))
    with pytest.raises(penalty.DecisionRefused, match="第五十七条第二款"):
        decide(reviewing, leader, measures=[M.FINE], fine=60000)


def test_decision_refused_while_a_requested_hearing_is_not_held(reviewing, reviewer, leader, office, other_officer):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(27))
    with pytest.raises(penalty.DecisionRefused, match="第六十三条、第六十四条"):
        decide(reviewing, leader)
    summon(reviewing, by=office, presiding=other_officer, on=ago(27), hearing_on=ago(13))
    penalty.record_hearing(reviewing, by=office, held_on=ago(13), presiding=other_officer, summary="当事人陈述……")
    # After the hearing: a new legal review and the re-examination of what was raised.
    with pytest.raises(penalty.DecisionRefused, match="第五十八条第一款"):
        decide(reviewing, leader)
    review(reviewing, reviewer, on=ago(12))
    with pytest.raises(penalty.DecisionRefused, match="第四十五条"):
        decide(reviewing, leader)
    penalty.record_recheck(reviewing, by=office, rechecked_on=ago(12), conclusion="申辩理由不成立。", accepted=False)
    decide(reviewing, leader)
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED


def test_hearing_request_refused_after_its_period(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    with pytest.raises(CaseError, match="第三十四条第二款"):
        penalty.record_hearing_request(reviewing, by=office, requested_on=ago(1))
    assert not reviewing.events.filter(kind=EventKind.HEARING_REQUESTED).exists()


def test_the_investigator_may_not_preside_over_the_hearing(reviewing, reviewer, leader, office, officer):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(27))
    with pytest.raises(CaseError, match="第六十四条"):
        penalty.record_hearing(reviewing, by=office, held_on=ago(20), presiding=officer, summary="……")
    assert not reviewing.events.filter(kind=EventKind.HEARING_HELD).exists()


def test_decision_refused_without_a_passed_legal_review(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    review(reviewing, reviewer, on=ago(5), passed=False)
    # The last review did not pass, the earlier one did: the earlier passed one counts …
    decide(reviewing, leader)


def test_decision_refused_when_no_review_passed(reviewing, reviewer, leader, office):
    review(reviewing, reviewer, on=ago(30), measures=[M.WARNING], passed=False)
    serve(reviewing, DocumentKind.PENALTY_NOTICE, by=office, on=ago(28))
    with pytest.raises(penalty.DecisionRefused, match="第五十八条"):
        decide(reviewing, leader, measures=[M.WARNING])


def test_legal_review_refused_without_a_valid_qualification(reviewing, office, territory):
    clerk = member(territory.office_unit, Role.OFFICE, username="clerk2")
    Credential.objects.create(user=clerk, kind=CredentialKind.LEGAL_REVIEW, number="FZ-OLD", valid_from=ago(800),
                              valid_until=ago(40))
    with pytest.raises(CaseError, match="第五十八条第二款"):
        review(reviewing, clerk, on=ago(30))
    with pytest.raises(CaseError, match="第五十八条第二款"):
        review(reviewing, office, on=ago(30))
    reviewing.refresh_from_db()
    assert reviewing.penalty_measures == []
    assert not reviewing.events.filter(kind=EventKind.LEGAL_REVIEWED).exists()


def test_serious_case_refused_without_collective_discussion(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, discuss=False)
    with pytest.raises(penalty.DecisionRefused, match="第三十一条第二款"):
        decide(reviewing, leader)


def test_decision_cannot_impose_what_the_party_was_not_told(reviewing, reviewer, leader, office):
    review(reviewing, reviewer, on=ago(30), measures=[M.WARNING])
    serve(reviewing, DocumentKind.PENALTY_NOTICE, by=office, on=ago(28))
    with pytest.raises(penalty.DecisionRefused, match="第四十四条"):
        decide(reviewing, leader, measures=[M.WARNING, M.FINE], fine=1000)


def test_decision_refused_after_the_time_limit_unless_extended(reviewing, reviewer, leader, office):
    ViolationCase.objects.filter(pk=reviewing.pk).update(filed_on=ago(100))
    reviewing.refresh_from_db()
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    with pytest.raises(penalty.DecisionRefused, match="第六十条"):
        decide(reviewing, leader)
    # The approval must come before the 90 days ran out (ago(10)); then 30 more days.
    with pytest.raises(CaseError, match="第三十八条"):
        penalty.extend_decision_clock(reviewing, by=leader, approved_on=ago(5), reason="案情复杂")
    penalty.extend_decision_clock(reviewing, by=leader, approved_on=ago(12), reason="案情复杂")
    decide(reviewing, leader)
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED


def test_a_hearing_pauses_the_decision_clock(reviewing, reviewer, leader, office, other_officer):
    ViolationCase.objects.filter(pk=reviewing.pk).update(filed_on=ago(95))
    reviewing.refresh_from_db()
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    hold_hearing(reviewing, by=office, presiding=other_officer)
    review(reviewing, reviewer, on=ago(12))
    penalty.record_recheck(reviewing, by=office, rechecked_on=ago(12), conclusion="不成立。", accepted=False)
    # 95 days since filing, 14 of them the hearing's: within the 90 days (办法 第三十八条第二款).
    decide(reviewing, leader)
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED


def test_served_decision_sets_the_deadline_and_counts_overdue(client, reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    decide(reviewing, leader, on=ago(20))
    serve(reviewing, DocumentKind.PENALTY_DECISION, by=office, on=ago(5))
    reviewing.refresh_from_db()
    event = reviewing.events.get(kind=EventKind.DECISION_SERVED)
    assert event.data["late"] is True  # 15 days after the decision, more than 7 working days
    client.force_login(office)
    assert "data-served-late" in client.get(reverse("cases:detail", args=[reviewing.pk])).content.decode()
    assert reviewing.status == CaseStatus.DECIDED
    assert reviewing.deadline == ago(5) + datetime.timedelta(days=15)
    assert not reviewing.is_overdue
    ViolationCase.objects.filter(pk=reviewing.pk).update(deadline=ago(1))
    assert ViolationCase.objects.overdue().filter(pk=reviewing.pk).exists()
    reviewing.refresh_from_db()
    assert reviewing.is_overdue
    # Enforced through the court after a served 催告书 (tests/cases/test_enforcement.py), not in one click.
    with pytest.raises(case_services.IllegalTransitionError, match="第五十三条"):
        case_services.approve_enforcement(reviewing, by=leader, note="逾期未拆除")
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED


def test_decision_served_in_time_is_not_late(reviewing, reviewer, leader, office, client):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    decide(reviewing, leader, on=ago(2))
    serve(reviewing, DocumentKind.PENALTY_DECISION, by=office, on=ago(1))
    assert reviewing.events.get(kind=EventKind.DECISION_SERVED).data["late"] is False
    client.force_login(office)
    page = client.get(reverse("cases:detail", args=[reviewing.pk])).content.decode()
    assert "data-penalty-panel" in page and "data-served-late" not in page


def test_self_correction_accepted_on_a_decided_case(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    decide(reviewing, leader, on=ago(2))
    reviewing.refresh_from_db()
    case_services.record_self_correction(reviewing, by=office, corrected_on=ago(1))
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.CORRECTED


def test_remedy_line_on_the_decision_only(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    notice = reviewing.documents.get(kind=DocumentKind.PENALTY_NOTICE)
    assert "复议" not in notice.requirements and "行政诉讼" not in notice.requirements
    with pytest.raises(doc_services.DocumentError, match="第五十九条"):
        doc_services.create_document(reviewing, by=office, kind=DocumentKind.PENALTY_DECISION)
    decide(reviewing, leader)
    decision = doc_services.create_document(reviewing, by=office, kind=DocumentKind.PENALTY_DECISION)
    assert "测试县人民政府" in decision.requirements
    assert "测试县人民法院" in decision.requirements
    assert "15" in decision.requirements or "十五" in decision.requirements
    # The 告知 history is recorded on the decision (办法 第三十五条第二款).
    assert decision.requirements.count("\n") >= 2


def test_detail_page_shows_the_periods_and_the_steps(client, reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    client.force_login(leader)
    page = client.get(reverse("cases:detail", args=[reviewing.pk])).content.decode()
    assert "data-penalty-panel" in page
    assert 'data-action="decide_penalty"' in page
    client.force_login(office)
    page = client.get(reverse("cases:detail", args=[reviewing.pk])).content.decode()
    assert 'data-action="statement"' in page and 'data-action="decide_penalty"' not in page


def test_decide_page_shows_the_refusal_in_the_form(client, reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=1)
    client.force_login(leader)
    url = reverse("cases:decide-penalty", args=[reviewing.pk])
    response = client.post(url, {"version": reviewing.version, "measures": [M.DEMOLISH],
                                 "occurred_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "第三十三条" in response.content.decode()
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.INFORMED


def test_legal_review_page_records_the_review(client, reviewing, reviewer):
    client.force_login(reviewer)
    url = reverse("cases:legal-review", args=[reviewing.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": reviewing.version, "measures": [M.DEMOLISH], "passed": "true",
                                 "opinion": "同意", "reviewed_on": ago(1).isoformat()})
    assert response.status_code == 302
    reviewing.refresh_from_db()
    assert reviewing.penalty_measures == [M.DEMOLISH]
    event = CaseEvent.objects.get(case=reviewing, kind=EventKind.LEGAL_REVIEWED)
    assert event.data["credential"] == "FZ-001" and event.actor == reviewer


@pytest.mark.parametrize("who, expected", [("coordinator_a", 403), ("other_office", 404), ("officer", 403)])
def test_legal_review_page_refuses_others(client, reviewing, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cases:legal-review", args=[reviewing.pk])).status_code == expected


def test_penalty_pages_need_login_and_refuse_other_methods(client, reviewing, office):
    url = reverse("cases:statement", args=[reviewing.pk])
    assert client.get(url).status_code == 302
    client.force_login(office)
    assert client.put(url).status_code == 405


def test_every_chain_event_shows_a_row_with_content(client, reviewing, reviewer, leader, office, other_officer):
    """The timeline reads what cases/events.py builds for each step of this part (issue #26)."""
    from tests.cases.test_timeline_rows import _rows

    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_statement(reviewing, by=office, received_on=ago(27), statement="房屋系自住")
    hold_hearing(reviewing, by=office, presiding=other_officer, summary="听证")
    review(reviewing, reviewer, on=ago(12))
    penalty.record_recheck(reviewing, by=office, rechecked_on=ago(12), conclusion="不成立", accepted=False)
    penalty.extend_decision_clock(reviewing, by=leader, approved_on=ago(11), reason="案情复杂")
    decide(reviewing, leader, on=ago(10))
    serve(reviewing, DocumentKind.PENALTY_DECISION, by=office, on=ago(9))
    client.force_login(office)
    rows = _rows(client, reviewing)
    mine = {EventKind.LEGAL_REVIEWED, EventKind.COLLECTIVE_DISCUSSION, EventKind.PARTY_INFORMED,
            EventKind.STATEMENT_RECEIVED, EventKind.HEARING_REQUESTED, EventKind.HEARING_HELD, EventKind.RECHECKED,
            EventKind.DECISION_CLOCK_EXTENDED, EventKind.PENALTY_DECIDED, EventKind.DECISION_SERVED}
    assert mine <= {kind for kind, _row in rows}
    for kind, row in rows:
        if kind in mine:
            assert "data-detail" in row or "data-note" in row, f"empty {kind} row"


def test_detail_page_queries_do_not_grow_with_the_chain(client, reviewing, reviewer, leader, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    client.force_login(leader)
    url = reverse("cases:detail", args=[reviewing.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        penalty.record_statement(reviewing, by=office, received_on=ago(20 - n), statement=f"陈述{n}")
        penalty.record_recheck(reviewing, by=office, rechecked_on=ago(20 - n), conclusion="不成立", accepted=False)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_waiving_the_statement_does_not_waive_the_hearing(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=1)
    penalty.record_statement(reviewing, by=office, received_on=ago(0), waived=True)
    with pytest.raises(penalty.DecisionRefused, match="may ask for a hearing until|要求听证的期限至"):
        decide(reviewing, leader)


def test_a_hearing_is_not_dated_before_its_request(reviewing, reviewer, leader, office, other_officer):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(26))
    with pytest.raises(CaseError):
        penalty.record_hearing(reviewing, by=office, held_on=ago(27), presiding=other_officer, summary="……")
    assert not reviewing.events.filter(kind=EventKind.HEARING_HELD).exists()


def test_the_hearing_pauses_the_one_decision_clock_the_pages_show(client, reviewing, reviewer, leader, office,
                                                                  other_officer):
    # One clock (procedure.decision_clock): the hearing's days, request to holding, are not
    # counted (办法 第三十八条第二款), on the case page's header and in the penalty panel alike.
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    before = procedure.decision_clock(reviewing).date
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(27))
    assert procedure.decision_clock(reviewing).paused_now
    summon(reviewing, by=office, presiding=other_officer, on=ago(27), hearing_on=ago(13))
    penalty.record_hearing(reviewing, by=office, held_on=ago(13), presiding=other_officer, summary="……")
    clock = procedure.decision_clock(reviewing)
    assert (clock.paused_days, clock.paused_now) == (14, False)
    assert clock.date == before + datetime.timedelta(days=14)
    client.force_login(office)
    response = client.get(reverse("cases:detail", args=[reviewing.pk]))
    assert response.context["decision_clock"].date == clock.date
    assert response.context["penalty"]["time_limit"].date == clock.date


def test_an_appraisal_is_not_counted_in_the_time_limit(client, reviewing, reviewer, leader, office):
    """办法 第三十八条第二款: 鉴定 (and 公告, 邮递在途, waiting on the police) is not counted. A case filed
    100 days ago whose land was under appraisal for 12 days is still within its 90 days."""
    ViolationCase.objects.filter(pk=reviewing.pk).update(filed_on=ago(100))
    reviewing.refresh_from_db()
    client.force_login(office)
    response = client.post(reverse("cases:exclude-period", args=[reviewing.pk]), {
        "version": reviewing.version, "kind": "appraisal", "note": "委托测绘院对占地面积进行鉴定",
        "started_on": ago(70).isoformat(), "ended_on": ago(58).isoformat()})
    assert response.status_code == 302
    reviewing.refresh_from_db()
    assert procedure.decision_clock(reviewing).paused_days == 12
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    decide(reviewing, leader)
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED
    row = reviewing.events.get(kind=EventKind.CLOCK_PAUSE_RECORDED)
    assert row.data["days"] == 12 and row.occurred_on == ago(58)


@pytest.mark.parametrize("start,end,message", [
    (75, 80, "before it began|早于开始日期"),        # ends before it begins
    (120, 110, "filed|立案日期"),                    # begins before the filing
    (65, 60, "already paused|重叠"),           # overlaps the appraisal recorded first
])
def test_an_excluded_period_is_refused_when_it_cannot_be(reviewing, office, start, end, message):
    ViolationCase.objects.filter(pk=reviewing.pk).update(filed_on=ago(100))
    reviewing.refresh_from_db()
    penalty.record_excluded_period(reviewing, by=office, kind="appraisal", started_on=ago(70), ended_on=ago(58),
                                   note="鉴定")
    reviewing.refresh_from_db()
    with pytest.raises(CaseError, match=message):
        penalty.record_excluded_period(reviewing, by=office, kind="postal", started_on=ago(start), ended_on=ago(end),
                                       note="邮寄")
    assert reviewing.clock_pauses.count() == 1


def test_a_notice_served_by_announcement_gives_the_party_five_working_days_after_thirty(reviewing, reviewer, office):
    """公告送达 counts as served thirty days after the announcement (民事诉讼法 第九十五条); the five
    working days to state and defend (办法 第三十三条) run from then, not from the announcement."""
    from deadlines.clock import deadline

    review(reviewing, reviewer, on=ago(40))
    document = doc_services.create_document(reviewing, by=office, kind=DocumentKind.PENALTY_NOTICE)
    doc_services.issue_document(document, by=office, issued_on=ago(35))
    doc_services.serve_document(document, by=office, method="public", served_on=ago(35), recipient="张三")
    reviewing.refresh_from_db()
    deemed = deadline("public_service", ago(35)).date
    assert penalty.statement_deadline(penalty.chain_facts(reviewing)).date == deadline("statement", deemed).date
    event = reviewing.events.get(kind=EventKind.PARTY_INFORMED)
    assert event.data["statement_until"] == deadline("statement", deemed).date.isoformat()


def test_the_case_page_reads_the_decision_clock_once(client, reviewing, reviewer, leader, office):
    """The header and the penalty panel show the same clock: it is counted once per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    client.force_login(office)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:detail", args=[reviewing.pk]))
    assert response.context["penalty"]["time_limit"] == response.context["decision_clock"]
    assert sum('FROM "cases_clockpause"' in q["sql"] for q in queries.captured_queries) == 1

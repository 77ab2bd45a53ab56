"""立案 and the investigation (issue 19, part 3): the filing approval with its five conditions and
the 追诉时效, the 笔录 by two certified officers, 中止/恢复/终止 and the decision clock, the
调查报告 — through the pages a user sees, and each refusal with the rule it names."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from cases import procedure
from cases.errors import CaseError
from cases.models import CaseEvent, CaseStatus, ClockPause, EventKind
from documents.models import CaseDocument, DocumentKind, DocumentStatus
from tests.factories import CredentialFactory

pytestmark = pytest.mark.django_db

ALL = [key for key, _label in procedure.FILING_CONDITIONS]


def today():
    return timezone.localdate()


def ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def login(client, user):
    client.force_login(user)
    return client


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile("笔录.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def registered(case_in):
    return case_in(CaseStatus.REGISTERED, discovered_on=ago(30), registered_on=ago(20))


@pytest.fixture
def filed(case_in):
    return case_in(CaseStatus.FILED, discovered_on=ago(30), registered_on=ago(20), filed_on=ago(10))


@pytest.fixture
def certified(officer, other_officer):
    return [CredentialFactory(user=officer, number="浙执0001"),
            CredentialFactory(user=other_officer, number="浙执0002")]


def _filing_post(case, **over):
    data = {"version": case.version, "conditions": ALL, "violation_started_on": ago(60).isoformat(),
            "note": "同意立案", "occurred_on": today().isoformat()}
    data.update(over)
    return data


# --- 立案 ------------------------------------------------------------------------------------


def test_the_head_files_a_case_and_the_filing_approval_form_is_made(client, registered, leader):
    response = login(client, leader).post(reverse("cases:file", args=[registered.pk]), _filing_post(registered))
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.status == CaseStatus.FILED
    assert registered.filed_on == today()
    assert registered.violation_started_on == ago(60)
    event = registered.events.get(kind=EventKind.FILING_APPROVED)
    assert event.actor == leader and event.data["approval"]["name"]
    form = CaseDocument.objects.get(case=registered, kind=DocumentKind.FILING_APPROVAL)
    assert form.status == DocumentStatus.ISSUED and form.reference and form.pk == event.data["document"]
    assert "第十六条" in form.requirements or "16" in form.requirements
    page = login(client, leader).get(reverse("cases:detail", args=[registered.pk])).content.decode()
    assert "data-decision-clock" in page


def test_filing_is_refused_unless_all_five_conditions_are_confirmed(client, registered, leader):
    response = login(client, leader).post(reverse("cases:file", args=[registered.pk]),
                                          _filing_post(registered, conditions=ALL[:4]))
    assert response.status_code == 200
    assert response.context["form"].errors["conditions"]
    with translation.override("en"), pytest.raises(CaseError, match="Article 16"):
        procedure.file_case(registered, by=leader, conditions=ALL[:4], started_on=ago(60))
    registered.refresh_from_db()
    assert registered.status == CaseStatus.REGISTERED and registered.filed_on is None
    assert not CaseDocument.objects.filter(case=registered).exists()


def test_filing_is_refused_when_the_limitation_period_has_run(client, case_in, leader):
    # Built in 2019, discovered 30 days ago: more than two years (行政处罚法 第三十六条).
    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), registered_on=ago(20))
    response = login(client, leader).post(reverse("cases:file", args=[case.pk]),
                                          _filing_post(case, violation_started_on=ago(3 * 365).isoformat()))
    assert response.status_code == 200
    assert "第三十六条" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.FILING_APPROVED).exists()
    assert not CaseDocument.objects.filter(case=case).exists()


def test_a_continuing_act_counts_the_limitation_from_its_end(case_in, leader):
    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), registered_on=ago(20))
    procedure.file_case(case, by=leader, conditions=ALL, started_on=ago(5 * 365), continuing=True,
                        ended_on=ago(365))
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and case.violation_ended_on == ago(365)
    # Still going on: the period has not begun, whenever it started.
    other = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), registered_on=ago(20))
    procedure.file_case(other, by=leader, conditions=ALL, started_on=ago(10 * 365), continuing=True)
    assert other.status == CaseStatus.FILED


def test_an_act_that_ended_more_than_two_years_before_discovery_is_time_barred(case_in, leader):
    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), registered_on=ago(20))
    with translation.override("en"), pytest.raises(CaseError, match="Article 36"):
        procedure.file_case(case, by=leader, conditions=ALL, started_on=ago(6 * 365), continuing=True,
                            ended_on=ago(3 * 365))
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED


@pytest.mark.parametrize("actor", ["office", "officer", "coordinator_a", "county_user", "other_office"])
def test_only_the_head_files(client, registered, actor, request):
    user = request.getfixturevalue(actor)
    response = login(client, user).post(reverse("cases:file", args=[registered.pk]), _filing_post(registered))
    assert response.status_code in (403, 404)
    registered.refresh_from_db()
    assert registered.status == CaseStatus.REGISTERED


# --- 笔录 -----------------------------------------------------------------------------------


def _record_post(case, officer, other_officer, **over):
    start = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=2)
    data = {"version": case.version, "kind": "inquiry_record", "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (start + datetime.timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"),
            "place": "甲镇人民政府二楼会议室", "persons_present": "被询问人张三；记录人李四",
            "content": "问：该房屋何时建设？\n答：2026年10月。", "officer_1": officer.pk,
            "officer_2": other_officer.pk}
    data.update(over)
    return data


def test_a_record_by_two_certified_officers_is_numbered_with_their_certificates(
        client, filed, officer, other_officer, certified):
    data = _record_post(filed, officer, other_officer, scan=_png())
    response = login(client, officer).post(reverse("cases:record-add", args=[filed.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    document = CaseDocument.objects.get(case=filed, kind=DocumentKind.INQUIRY_RECORD)
    assert document.reference and document.status == DocumentStatus.ISSUED
    assert document.record.credential_1.number == "浙执0001"
    assert document.record.scan is not None and document.record.scan.sha256
    event = filed.events.get(kind=EventKind.INVESTIGATION_RECORDED)
    assert event.data["credentials"] == ["浙执0001", "浙执0002"]
    printed = login(client, officer).get(reverse("documents:print", args=[document.pk])).content.decode()
    assert "浙执0001" in printed and "浙执0002" in printed and "甲镇人民政府二楼会议室" in printed
    assert "行政复议" not in printed  # a record is no decision: no remedy line
    assert "责令" not in printed and document.requirements == ""  # nor an order to the party


def test_a_record_is_refused_when_an_officer_has_no_certificate_valid_that_day(
        client, filed, officer, other_officer):
    CredentialFactory(user=officer)
    CredentialFactory(user=other_officer, valid_from=datetime.date(2020, 1, 1), valid_until=ago(30))
    response = login(client, officer).post(reverse("cases:record-add", args=[filed.pk]),
                                           _record_post(filed, officer, other_officer))
    assert response.status_code == 200
    assert "第四十二条" in response.content.decode()
    assert not CaseDocument.objects.filter(case=filed).exists()
    assert not filed.events.filter(kind=EventKind.INVESTIGATION_RECORDED).exists()


def test_a_record_is_refused_with_one_officer_twice(client, filed, officer, certified):
    response = login(client, officer).post(reverse("cases:record-add", args=[filed.pk]),
                                           _record_post(filed, officer, officer))
    assert response.status_code == 200
    assert response.context["form"].errors["officer_2"]
    with translation.override("en"), pytest.raises(CaseError, match="Article 42"):
        procedure.add_investigation_record(
            filed, by=officer, kind="inquiry_record", started_at=timezone.now(), ended_at=timezone.now(),
            place="现场", persons_present="张三", content="问答", officers=[officer, officer])
    assert not CaseDocument.objects.filter(case=filed).exists()


def test_a_record_needs_a_filed_case(client, registered, officer, other_officer, certified):
    response = login(client, officer).post(reverse("cases:record-add", args=[registered.pk]),
                                           _record_post(registered, officer, other_officer))
    assert response.status_code == 200
    assert not CaseDocument.objects.filter(case=registered).exists()


# --- 中止 / 恢复 / 终止 and the decision clock ------------------------------------------------------


def test_suspension_pauses_the_decision_clock_until_resumed(client, filed, leader):
    before = procedure.decision_clock(filed)
    assert before.date >= filed.filed_on + datetime.timedelta(days=90)
    response = login(client, leader).post(reverse("cases:suspend", args=[filed.pk]), {
        "version": filed.version, "ground": "force_majeure", "reason": "台风致现场无法勘验",
        "occurred_on": ago(8).isoformat()})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == CaseStatus.SUSPENDED
    pause = ClockPause.objects.get(case=filed)
    assert (pause.started_on, pause.ended_on, pause.ground) == (ago(8), None, "force_majeure")
    assert procedure.decision_clock(filed).paused_now
    response = login(client, leader).post(reverse("cases:resume", args=[filed.pk]), {
        "version": filed.version, "reason": "台风过境", "occurred_on": ago(3).isoformat()})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == CaseStatus.FILED
    clock = procedure.decision_clock(filed)
    assert clock.paused_days == 5 and not clock.paused_now
    assert clock.date > before.date
    assert clock.due.length == 95


def test_an_approved_extension_adds_to_the_decision_clock(filed, leader):
    CaseEvent.objects.create(case=filed, kind=EventKind.DECISION_CLOCK_EXTENDED, actor=leader,
                             data={"days": 30}, occurred_on=today())
    clock = procedure.decision_clock(filed)
    assert clock.extended_days == 30 and clock.due.length == 120


def test_suspension_needs_a_ground_of_article_27_and_a_reason(client, filed, leader):
    response = login(client, leader).post(reverse("cases:suspend", args=[filed.pk]), {
        "version": filed.version, "ground": "party_busy", "reason": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"ground", "reason"}
    filed.refresh_from_db()
    assert filed.status == CaseStatus.FILED and not ClockPause.objects.exists()


def test_termination_closes_the_case_with_its_ground(client, case_in, leader):
    case = case_in(CaseStatus.SUSPENDED, discovered_on=ago(30), registered_on=ago(20), filed_on=ago(10))
    ClockPause.objects.create(case=case, kind="suspension", ground="accident", started_on=ago(5))
    response = login(client, leader).post(reverse("cases:terminate", args=[case.pk]), {
        "version": case.version, "ground": "not_established", "reason": "经勘测系合法批准用地"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == today()
    assert case.events.get(kind=EventKind.INVESTIGATION_TERMINATED).data["ground"] == "not_established"
    assert ClockPause.objects.get(case=case).ended_on == today()


@pytest.mark.parametrize("name", ["suspend", "terminate"])
def test_the_officer_cannot_suspend_or_terminate(client, filed, officer, name):
    response = login(client, officer).post(reverse(f"cases:{name}", args=[filed.pk]), {
        "version": filed.version, "ground": "other", "reason": "x"})
    assert response.status_code == 403
    filed.refresh_from_db()
    assert filed.status == CaseStatus.FILED


# --- 调查报告 ------------------------------------------------------------------------------


def _report_post(case):
    return {"version": case.version, "facts": "张三未经批准占用耕地建房120平方米。",
            "evidence": "询问笔录一份\n现场照片三张", "proposal": "责令限期拆除，恢复土地原状。",
            "occurred_on": today().isoformat()}


def test_a_report_is_refused_without_a_record_on_file(client, filed, officer):
    response = login(client, officer).post(reverse("cases:submit-report", args=[filed.pk]), _report_post(filed))
    assert response.status_code == 200
    assert "第二十九条" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == CaseStatus.FILED
    assert not CaseDocument.objects.filter(case=filed, kind=DocumentKind.INVESTIGATION_REPORT).exists()


def test_the_report_sends_the_case_to_review(client, filed, officer, other_officer, certified):
    procedure.add_investigation_record(
        filed, by=officer, kind="inspection_record", started_at=timezone.now() - datetime.timedelta(hours=1),
        ended_at=timezone.now(), place="甲一村三组", persons_present="当事人张三", content="现场新建砖混房屋一栋。",
        officers=[officer, other_officer])
    filed.refresh_from_db()
    response = login(client, officer).post(reverse("cases:submit-report", args=[filed.pk]), _report_post(filed))
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == CaseStatus.REVIEWING
    report = CaseDocument.objects.get(case=filed, kind=DocumentKind.INVESTIGATION_REPORT)
    assert "现场照片三张" in report.facts and report.requirements.startswith("责令限期拆除")
    assert filed.events.get(kind=EventKind.REPORT_SUBMITTED).data["records"] == 1


def test_a_signed_record_is_not_edited_served_or_redrafted_through_the_documents_pages(
        client, filed, office, officer, other_officer, certified):
    from documents import services as document_services

    record = procedure.add_investigation_record(
        filed, by=officer, kind="inquiry_record", started_at=timezone.now(), ended_at=timezone.now(),
        place="村委会", persons_present="张三", content="问：…答：…", officers=[officer, other_officer])
    document = record.document
    for write in (lambda: document_services.update_document(document, by=office, facts="改写"),
                  lambda: document_services.serve_document(document, by=office, method="direct"),
                  lambda: document_services.correct_document(document, by=office),
                  lambda: document_services.create_document(filed, by=office, kind="inquiry_record")):
        with pytest.raises(document_services.DocumentLocked):
            write()
    document.refresh_from_db()
    assert document.facts == "问：…答：…" and document.status == DocumentStatus.ISSUED
    page = login(client, office).get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:serve", args=[document.pk]) not in page
    assert reverse("documents:edit", args=[document.pk]) not in page
    panel = login(client, office).get(reverse("documents:case-documents", args=[filed.pk])).content.decode()
    assert "?kind=inquiry_record" not in panel and "?kind=filing_approval" not in panel


def test_the_signed_scan_can_follow_the_record_once(filed, officer, other_officer, certified):
    record = procedure.add_investigation_record(
        filed, by=officer, kind="inspection_record", started_at=timezone.now(), ended_at=timezone.now(),
        place="现场", persons_present="张三", content="现场情况", officers=[officer, other_officer])
    assert record.scan is None
    procedure.attach_record_scan(record, by=officer, upload=_png())
    record.refresh_from_db()
    assert record.scan.kind == "survey_record" and record.scan.description == record.document.reference
    with pytest.raises(CaseError):
        procedure.attach_record_scan(record, by=officer, upload=_png())


def test_each_step_of_filing_and_investigation_shows_a_timeline_row_with_content(
        client, case_in, leader, officer, other_officer, office, certified):
    from tests.cases.test_timeline_rows import _rows

    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), registered_on=ago(20))
    procedure.file_case(case, by=leader, conditions=ALL, started_on=ago(60), continuing=True, ended_on=ago(40),
                        on=ago(15))
    procedure.add_investigation_record(
        case, by=officer, kind="inquiry_record", started_at=timezone.now() - datetime.timedelta(days=14),
        ended_at=timezone.now() - datetime.timedelta(days=14), place="村委会", persons_present="张三",
        content="问：…答：…", officers=[officer, other_officer])
    procedure.suspend_investigation(case, by=leader, ground="accident", reason="当事人住院", on=ago(10))
    procedure.resume_investigation(case, by=leader, reason="当事人出院", on=ago(5))
    procedure.submit_report(case, by=officer, facts="占地建房", evidence="询问笔录", proposal="限期拆除")
    other = case_in(CaseStatus.FILED, discovered_on=ago(30), registered_on=ago(20), filed_on=ago(10))
    procedure.terminate_investigation(other, by=leader, ground="time_barred", reason="已过追诉时效")
    client.force_login(office)
    rows = dict(_rows(client, case) + _rows(client, other))
    mine = {EventKind.FILING_APPROVED, EventKind.INVESTIGATION_RECORDED, EventKind.INVESTIGATION_SUSPENDED,
            EventKind.INVESTIGATION_RESUMED, EventKind.REPORT_SUBMITTED, EventKind.INVESTIGATION_TERMINATED}
    assert mine <= set(rows)
    for kind in mine:
        assert "data-detail" in rows[kind] or "data-note" in rows[kind], f"empty {kind} row"
    assert "追诉时效" in rows[EventKind.FILING_APPROVED] and "浙执0001" in rows[EventKind.INVESTIGATION_RECORDED]
    assert "意外事件" in rows[EventKind.INVESTIGATION_SUSPENDED]


@pytest.mark.parametrize("status,shown", [(CaseStatus.FILED, True), (CaseStatus.INFORMED, True),
                                          (CaseStatus.DECIDED, False)])
def test_the_decision_clock_is_shown_until_the_decision(client, case_in, office, status, shown):
    """行政处罚法 第六十条 counts to the decision: once it is made, the header no longer shows a due date."""
    case = case_in(status)
    client.force_login(office)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert ("data-decision-clock" in html) is shown

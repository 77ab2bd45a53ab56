"""Acts entered with their real dates (issue #27, point 1).

A campaign in flight is brought in from paper: the case was registered, the notice signed and
served weeks ago, and the clerk enters it today. Each act carries the day it happened (shown
first on the timeline, with the moment it was entered), deadlines and enforcement count from
it, and a date an act cannot have is refused on its form with the reason.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from cases import services
from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase
from deadlines.clock import deadline
from documents.models import CaseDocument, DocumentStatus
from documents.services import create_document, issue_document, serve_document
from landwatch.models import AuditEntry
from landwatch.vocabulary import Category

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def shown(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


@pytest.fixture
def paper_case(territory, office, officer, party):
    """A case found 95 days ago, registered on paper 90 days ago, decided 85 days ago, entered today."""
    case = services.register_case(
        by=office, village=territory.village_a, title="钱某建新不拆旧", party=party, location_text="三组村道东侧",
        area_m2=Decimal("120"), category=Category.EXTRA_HOMESTEAD, source="dynamic_patrol",
        discovered_on=ago(95), registered_on=ago(90), assignee=officer,
    )
    # Noticed on paper before the penalty chain: it keeps the notice path (docs/PROCEDURE.md).
    ViolationCase.objects.filter(pk=case.pk).update(predates_chain=True)
    services.decide_case(case, by=office, disposition="demolish", occurred_on=ago(85))
    case.refresh_from_db()
    return case


@pytest.fixture
def notice(paper_case, office):
    return create_document(paper_case, by=office, kind="rectification", deadline_days=30)


def _serve_post(served_on: datetime.date) -> dict:
    return {"method": "direct", "served_on": served_on.isoformat(), "recipient": "张三", "signer": "张三",
            "server": "王五", "note": ""}


def test_a_notice_signed_and_served_sixty_days_ago_is_overdue_today_and_enforceable(
        client, paper_case, notice, office, leader):
    client.force_login(office)
    response = client.post(reverse("documents:issue", args=[notice.pk]), {"issued_on": ago(61).isoformat()})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == DocumentStatus.ISSUED and notice.issued_on == ago(61)

    response = client.post(reverse("documents:serve", args=[notice.pk]), _serve_post(ago(60)))
    assert response.status_code == 302, response.content.decode()[:2000]
    notice.refresh_from_db()
    paper_case.refresh_from_db()
    # The deadline runs from the day it was served, not the day it was entered.
    due = deadline("notice", ago(60), 30).date  # 30 days, the last moved off a weekend or holiday
    assert notice.deadline == paper_case.deadline == due
    assert paper_case.status == CaseStatus.NOTIFIED and paper_case.is_overdue
    assert paper_case.days_overdue == (timezone.localdate() - due).days
    assert ViolationCase.objects.overdue().filter(pk=paper_case.pk).exists()
    served = CaseEvent.objects.get(case=paper_case, kind=EventKind.NOTIFIED)
    assert served.occurred_on == ago(60) and timezone.localdate(served.at) == timezone.localdate()

    client.force_login(leader)
    response = client.post(reverse("cases:approve-enforcement", args=[paper_case.pk]),
                           {"version": paper_case.version, "occurred_on": timezone.localdate().isoformat(),
                            "note": "逾期未拆除"})
    assert response.status_code == 302
    paper_case.refresh_from_db()
    assert paper_case.status == CaseStatus.ENFORCING


def test_the_timeline_shows_the_act_date_first_and_when_it_was_entered(client, paper_case, notice, office):
    issue_document(notice, by=office, issued_on=ago(61))
    serve_document(notice, by=office, method="direct", served_on=ago(60), recipient="张三")
    services.add_note(ViolationCase.objects.get(pk=paper_case.pk), by=office, note="今天的电话回访")
    client.force_login(office)
    html = client.get(paper_case.get_absolute_url()).content.decode()
    served = html.split('data-event="notified"')[1].split("</li>")[0]
    assert shown(ago(60)) in served.split("data-occurred")[1].split("</span>")[0]
    assert "data-recorded" in served and "办公室职员" in served  # entered today, by whom
    # An act entered the day it happened shows its moment only.
    note = html.split('data-event="note"')[-1].split("</li>")[0]
    assert "data-recorded" not in note
    # The timeline reads in the order things happened: registration, decision, signing, service, today's note.
    kinds = [part.split('"')[0] for part in html.split('data-event="')[1:]]
    assert kinds == ["registered", "assigned", "decided", "note", "notified", "note"]
    registered = html.split('data-event="registered"')[1].split("</li>")[0]
    assert shown(ago(90)) in registered and "data-recorded" in registered


def test_the_audit_trail_keeps_the_act_date_and_the_recording_moment(paper_case, notice, office):
    issue_document(notice, by=office, issued_on=ago(61))
    serve_document(notice, by=office, method="direct", served_on=ago(60), recipient="张三")
    event = CaseEvent.objects.get(case=paper_case, kind=EventKind.NOTIFIED)
    entry = AuditEntry.objects.get(table_name="cases_caseevent", row_id=str(event.pk), action="I")
    assert entry.new_values["occurred_on"] == ago(60).isoformat()
    assert timezone.localdate(entry.at) == timezone.localdate()
    service = AuditEntry.objects.get(table_name="documents_servicerecord", row_id=str(notice.service.pk))
    assert service.new_values["served_on"] == ago(60).isoformat()


# --- refusals, each with its reason on the form ------------------------------------------------


def test_a_service_date_in_the_future_is_refused_on_its_field(client, paper_case, notice, office):
    issue_document(notice, by=office, issued_on=ago(5))
    client.force_login(office)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("documents:serve", args=[notice.pk]), _serve_post(tomorrow))
    assert response.status_code == 200
    errors = response.context["form"].errors["served_on"]
    assert shown(tomorrow) in errors[0] and shown(timezone.localdate()) in errors[0]
    notice.refresh_from_db()
    assert notice.status == DocumentStatus.ISSUED
    # The date picker offers no later day.
    assert f'max="{timezone.localdate().isoformat()}"' in response.content.decode()


def test_a_service_before_the_signing_is_refused_with_the_signing_date(client, paper_case, notice, office):
    issue_document(notice, by=office, issued_on=ago(20))
    client.force_login(office)
    response = client.post(reverse("documents:serve", args=[notice.pk]), _serve_post(ago(21)))
    assert response.status_code == 200
    [error] = response.context["form"].errors["served_on"]
    assert shown(ago(21)) in error and shown(ago(20)) in error
    assert "签发" in error and "不能早于" in error
    assert not CaseEvent.objects.filter(case=paper_case, kind=EventKind.NOTIFIED).exists()


def test_a_service_before_the_decision_it_follows_is_refused_on_its_field(client, paper_case, office):
    # Signed on paper before the decision was dated: the service still cannot precede the decision.
    early = create_document(paper_case, by=office, kind="rectification", deadline_days=30)
    issue_document(early, by=office, issued_on=ago(88))
    client.force_login(office)
    response = client.post(reverse("documents:serve", args=[early.pk]), _serve_post(ago(87)))
    assert response.status_code == 200
    [error] = response.context["form"].errors["served_on"]
    assert shown(ago(85)) in error  # the decision's day
    early.refresh_from_db()
    paper_case.refresh_from_db()
    assert early.status == DocumentStatus.ISSUED and paper_case.status == CaseStatus.REGISTERED


def test_signing_before_the_registration_is_refused_with_the_registration_date(client, paper_case, notice, office):
    client.force_login(office)
    response = client.post(reverse("documents:issue", args=[notice.pk]), {"issued_on": ago(91).isoformat()},
                           follow=True)
    text = response.content.decode()
    assert shown(ago(90)) in text and "登记" in text
    notice.refresh_from_db()
    assert notice.status == DocumentStatus.DRAFT and not notice.reference


def test_a_self_correction_before_the_service_is_refused_on_its_field(client, paper_case, notice, office):
    issue_document(notice, by=office, issued_on=ago(61))
    serve_document(notice, by=office, method="direct", served_on=ago(60), recipient="张三")
    paper_case.refresh_from_db()
    client.force_login(office)
    url = reverse("cases:self-correct", args=[paper_case.pk])
    response = client.post(url, {"version": paper_case.version, "corrected_on": ago(62).isoformat(), "note": ""})
    assert response.status_code == 200
    [error] = response.context["form"].errors["corrected_on"]
    assert shown(ago(62)) in error and shown(ago(60)) in error and "送达" in error
    paper_case.refresh_from_db()
    assert paper_case.status == CaseStatus.NOTIFIED
    # The same day as the service, or any later day up to today, is accepted.
    response = client.post(url, {"version": paper_case.version, "corrected_on": ago(40).isoformat(), "note": ""})
    assert response.status_code == 302
    paper_case.refresh_from_db()
    assert paper_case.status == CaseStatus.CORRECTED
    assert paper_case.events.get(kind=EventKind.SELF_CORRECTED).occurred_on == ago(40)


def test_a_reinspection_before_the_self_correction_is_refused_and_a_later_one_closes_on_its_date(
        client, paper_case, notice, office):
    issue_document(notice, by=office, issued_on=ago(61))
    serve_document(notice, by=office, method="direct", served_on=ago(60), recipient="张三")
    services.record_self_correction(ViolationCase.objects.get(pk=paper_case.pk), by=office, corrected_on=ago(40))
    paper_case.refresh_from_db()
    client.force_login(office)
    url = reverse("cases:reinspection-passed", args=[paper_case.pk])
    response = client.post(url, {"version": paper_case.version, "inspected_on": ago(41).isoformat(), "note": ""})
    assert response.status_code == 200
    assert shown(ago(40)) in response.context["form"].errors["inspected_on"][0]
    response = client.post(url, {"version": paper_case.version, "inspected_on": ago(35).isoformat(), "note": ""})
    assert response.status_code == 302
    paper_case.refresh_from_db()
    assert paper_case.status == CaseStatus.CLOSED and paper_case.closed_on == ago(35)


def test_enforcement_cannot_be_approved_on_or_before_the_deadline_day(client, paper_case, notice, office, leader):
    issue_document(notice, by=office, issued_on=ago(61))
    serve_document(notice, by=office, method="direct", served_on=ago(60), recipient="张三")
    paper_case.refresh_from_db()
    # 30 days from the service, moved to the next working day when the 30th is a rest day
    # (deadlines.clock): ago(30) itself on most days.
    due = paper_case.deadline
    assert ago(30) <= due <= ago(26)
    client.force_login(leader)
    url = reverse("cases:approve-enforcement", args=[paper_case.pk])
    response = client.post(url, {"version": paper_case.version, "occurred_on": due.isoformat(), "note": ""})
    assert response.status_code == 200
    [error] = response.context["form"].errors["occurred_on"]
    assert shown(due) in error and "期限" in error
    day_after = due + datetime.timedelta(days=1)
    response = client.post(url, {"version": paper_case.version, "occurred_on": day_after.isoformat(), "note": ""})
    assert response.status_code == 302
    assert paper_case.events.get(kind=EventKind.ENFORCEMENT_APPROVED).occurred_on == day_after


def test_registration_before_the_discovery_is_refused_on_its_field(client, territory, office):
    client.force_login(office)
    response = client.post(reverse("cases:register"), {
        "party_kind": "person", "party_name": "李四", "title": "李四占地", "village": territory.village_a.pk,
        "location_text": "二组", "land_type": "farmland", "area_m2": "50", "farmland_area_m2": "0",
        "category": Category.OTHER, "source": "dynamic_patrol", "discovered_on": ago(10).isoformat(),
        "registered_on": ago(11).isoformat(),
    })
    assert response.status_code == 200
    [error] = response.context["form"].errors["registered_on"]
    assert shown(ago(11)) in error and shown(ago(10)) in error
    assert not ViolationCase.objects.exists()


def test_a_case_registered_on_paper_keeps_its_registration_day(client, territory, office):
    client.force_login(office)
    response = client.post(reverse("cases:register"), {
        "party_kind": "person", "party_name": "李四", "title": "李四占地", "village": territory.village_a.pk,
        "location_text": "二组", "land_type": "farmland", "area_m2": "50", "farmland_area_m2": "0",
        "category": Category.OTHER, "source": "dynamic_patrol", "discovered_on": ago(40).isoformat(),
        "registered_on": ago(38).isoformat(),
    })
    assert response.status_code == 302
    case = ViolationCase.objects.get()
    assert case.registered_on == ago(38)
    assert case.events.get(kind=EventKind.REGISTERED).occurred_on == ago(38)


def test_an_enforcement_measure_in_the_future_is_refused_on_its_field(client, paper_case, notice, office, leader):
    issue_document(notice, by=office, issued_on=ago(61))
    serve_document(notice, by=office, method="direct", served_on=ago(60), recipient="张三")
    services.approve_enforcement(ViolationCase.objects.get(pk=paper_case.pk), by=leader, occurred_on=ago(20))
    paper_case.refresh_from_db()
    client.force_login(office)
    url = reverse("cases:enforcement-add", args=[paper_case.pk])
    for day, shown_day in ((timezone.localdate() + datetime.timedelta(days=2), None), (ago(21), ago(20))):
        response = client.post(url, {"version": paper_case.version, "kind": "power_cut",
                                     "carried_out_on": day.isoformat(), "result": ""})
        assert response.status_code == 200
        [error] = response.context["form"].errors["carried_out_on"]
        assert shown(day) in error and (shown_day is None or shown(shown_day) in error)
    assert not paper_case.enforcement_actions.exists()


def test_an_amended_enforcement_date_meets_the_same_rule(paper_case, notice, office, leader):
    issue_document(notice, by=office, issued_on=ago(61))
    serve_document(notice, by=office, method="direct", served_on=ago(60), recipient="张三")
    services.approve_enforcement(ViolationCase.objects.get(pk=paper_case.pk), by=leader, occurred_on=ago(20))
    action = services.record_enforcement(ViolationCase.objects.get(pk=paper_case.pk), by=office, kind="power_cut",
                                         carried_out_on=ago(10))
    with pytest.raises(services.ActDateError) as refused:
        services.correct_record(action, by=office, reason="日期录错", carried_out_on=ago(25))
    assert shown(ago(20)) in refused.value.message
    amended = services.correct_record(action, by=office, reason="日期录错", carried_out_on=ago(15))
    assert amended.carried_out_on == ago(15)


def test_a_discovery_corrected_to_after_the_registration_is_refused(client, paper_case, office):
    client.force_login(office)
    from cases.forms import CaseFactsForm

    data = {k: v for k, v in CaseFactsForm.initial_for(paper_case, []).items() if v is not None}
    data.update(party=paper_case.party_id, campaign="", plough_layer_damaged="", discovered_on=ago(80).isoformat())
    response = client.post(reverse("cases:edit-facts", args=[paper_case.pk]), data)
    assert response.status_code == 200
    assert shown(ago(90)) in response.context["form"].errors["discovered_on"][0]
    paper_case.refresh_from_db()
    assert paper_case.discovered_on == ago(95)


def test_an_event_written_with_only_its_recording_moment_is_dated_that_local_day(paper_case):
    """As the demo writes its history: 23:30 in Shanghai is still that day (the migration: test_act_dates_migration)."""
    at = timezone.make_aware(datetime.datetime.combine(ago(3), datetime.time(23, 30)))
    event = CaseEvent.objects.create(case=paper_case, kind=EventKind.NOTE, at=at, note="旧记录")
    assert event.occurred_on == ago(3)


def test_documents_are_numbered_in_the_year_they_were_signed(paper_case, notice, office):
    issue_document(notice, by=office, issued_on=ago(61))
    assert CaseDocument.objects.get(pk=notice.pk).year == ago(61).year


def test_a_decision_before_the_registration_is_refused_on_its_field(client, territory, office, officer, party):
    case = services.register_case(
        by=office, village=territory.village_a, title="孙某占地", party=party, location_text="四组",
        area_m2=Decimal("80"), category=Category.EXTRA_HOMESTEAD, source="dynamic_patrol",
        discovered_on=ago(20), registered_on=ago(15), assignee=officer,
    )
    client.force_login(office)
    response = client.post(reverse("cases:decide", args=[case.pk]), {
        "version": case.version, "category": Category.EXTRA_HOMESTEAD, "plough_layer_damaged": "",
        "disposition": "demolish", "reason": "", "occurred_on": ago(16).isoformat()})
    assert response.status_code == 200
    [error] = response.context["form"].errors["occurred_on"]
    assert shown(ago(16)) in error and shown(ago(15)) in error and "登记" in error
    case.refresh_from_db()
    assert not case.disposition


def test_a_note_carries_the_day_of_the_call_and_refuses_a_later_one(client, paper_case, office):
    """The office notes today a phone call of three days ago; a day after today adds nothing."""
    client.force_login(office)
    url = reverse("cases:note-add", args=[paper_case.pk])
    page = client.get(paper_case.get_absolute_url()).content.decode()
    assert 'name="occurred_on" id="id_note_occurred_on"' in page
    client.post(url, {"note": "电话催促当事人", "occurred_on": ago(3).isoformat()})
    note = CaseEvent.objects.get(case=paper_case, kind=EventKind.NOTE)
    assert note.occurred_on == ago(3) and timezone.localdate(note.at) == timezone.localdate()
    response = client.post(url, {"note": "明天的电话", "occurred_on": (ago(-1)).isoformat()}, follow=True)
    assert "不能晚于今天" in response.content.decode()
    client.post(url, {"note": "今天的走访"})
    assert [e.occurred_on for e in CaseEvent.objects.filter(case=paper_case, kind=EventKind.NOTE).order_by("id")] == [
        ago(3), timezone.localdate()]

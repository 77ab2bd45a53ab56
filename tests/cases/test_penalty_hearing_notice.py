"""The notice of the hearing's time and place (听证通知书, 行政处罚法 第六十四条(二)): a numbered
paper of the 办案机关 naming the time, the place, the presiding officer and the party's right to
ask for the officer's withdrawal, served at least seven (working) days before the hearing; a
hearing recorded earlier, or with no such notice served, is refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import penalty
from cases.errors import CaseError
from cases.models import CaseStatus, EventKind
from deadlines.clock import deadline, service_start
from documents import services as doc_services
from documents.models import CaseDocument, DocumentKind, DocumentStatus
from tests.cases.test_penalty_procedure import ago, informed, summon

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(27))
    reviewing.refresh_from_db()
    return reviewing


def test_the_office_drafts_the_notice_with_time_place_officer_and_the_right_to_withdrawal(
        client, requested, office, other_officer):
    other_officer.first_name = "王主持"
    other_officer.save()
    client.force_login(office)
    url = reverse("cases:schedule-hearing", args=[requested.pk])
    assert client.get(url).status_code == 200
    hearing_on = timezone.localdate() + datetime.timedelta(days=12)
    response = client.post(url, {"version": requested.version, "hearing_at": f"{hearing_on.isoformat()}T09:30",
                                 "place": "镇政府三楼会议室", "presiding": other_officer.pk})
    assert response.status_code == 302
    document = CaseDocument.objects.get(case=requested, kind=DocumentKind.HEARING_SUMMONS)
    assert document.status == DocumentStatus.DRAFT
    assert "镇政府三楼会议室" in document.requirements and "王主持" in document.requirements
    assert f"{hearing_on.year}年{hearing_on.month}月{hearing_on.day}日" in document.requirements
    assert "回避" in document.requirements and "第六十四条" in document.legal_basis
    document = doc_services.issue_document(document, by=office, issued_on=timezone.localdate())
    assert document.reference
    assert document.issuer_id == doc_services.issuer_of(requested, DocumentKind.HEARING_SUMMONS).pk


def test_the_notice_names_no_investigator_as_presiding_officer(client, requested, office, officer):
    client.force_login(office)
    response = client.post(reverse("cases:schedule-hearing", args=[requested.pk]), {
        "version": requested.version, "hearing_at": f"{timezone.localdate() + datetime.timedelta(days=12)}T09:30",
        "place": "镇政府", "presiding": officer.pk})
    assert response.status_code == 200 and "第六十四条第四项" in response.content.decode()
    assert not CaseDocument.objects.filter(case=requested, kind=DocumentKind.HEARING_SUMMONS).exists()


def test_no_notice_without_a_hearing_request(reviewing, reviewer, leader, office, other_officer):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    with pytest.raises(CaseError, match="第六十四条"):
        penalty.schedule_hearing(reviewing, by=office, hearing_at=timezone.now() + datetime.timedelta(days=12),
                                 place="镇政府", presiding=other_officer)


def test_a_hearing_without_a_served_notice_is_refused(requested, office, other_officer):
    with pytest.raises(CaseError, match=r"第六十四条\(二\)"):
        penalty.record_hearing(requested, by=office, held_on=ago(13), presiding=other_officer, summary="……")
    assert not requested.events.filter(kind=EventKind.HEARING_HELD).exists()


def test_a_hearing_held_less_than_seven_working_days_after_the_notice_is_refused(requested, office, other_officer):
    summon(requested, by=office, presiding=other_officer, on=ago(27), hearing_on=ago(13))
    earliest = deadline("hearing_notice", ago(27)).date
    too_soon = earliest - datetime.timedelta(days=1)
    with pytest.raises(CaseError, match=r"第六十四条\(二\)"):
        penalty.record_hearing(requested, by=office, held_on=too_soon, presiding=other_officer, summary="……")
    assert not requested.events.filter(kind=EventKind.HEARING_HELD).exists()
    penalty.record_hearing(requested, by=office, held_on=earliest, presiding=other_officer, summary="……")
    assert requested.events.filter(kind=EventKind.HEARING_HELD, occurred_on=earliest).exists()


def test_a_notice_served_by_announcement_counts_from_thirty_days_later(requested, office, other_officer):
    hearing_at = timezone.make_aware(datetime.datetime.combine(ago(2), datetime.time(9, 30)))
    document = penalty.schedule_hearing(requested, by=office, hearing_at=hearing_at, place="镇政府",
                                        presiding=other_officer)
    doc_services.issue_document(document, by=office, issued_on=ago(26))
    doc_services.serve_document(document, by=office, method="public", served_on=ago(26), recipient="张三")
    assert service_start("public", ago(26))[0] > ago(26)
    requested.refresh_from_db()
    # Deemed served thirty days after the announcement: no hearing may be held within the 7 days after it.
    with pytest.raises(CaseError, match=r"第六十四条\(二\)"):
        penalty.record_hearing(requested, by=office, held_on=ago(2), presiding=other_officer, summary="……")


def test_the_case_page_shows_from_when_the_hearing_may_be_held(client, requested, office, other_officer):
    summon(requested, by=office, presiding=other_officer, on=ago(27), hearing_on=ago(13))
    client.force_login(office)
    response = client.get(reverse("cases:detail", args=[requested.pk]))
    earliest = response.context["penalty"]["hearing_earliest"]
    assert earliest.date == deadline("hearing_notice", ago(27)).date
    assert "data-hearing-earliest" in response.content.decode()
    assert requested.status == CaseStatus.INFORMED

"""The hearing is presided over by the officer its 听证通知书 named, who did not investigate the case
(行政处罚法 第六十四条(二)(四)): the party is told who presides, to be able to ask for the officer's
withdrawal, and the hearing's record names that same officer."""

import pytest
from django.urls import reverse

from cases import penalty
from cases.models import EventKind
from documents import services as doc_services
from documents.models import DocumentKind, DocumentStatus
from landwatch.roles import Role
from tests.cases.test_penalty_procedure import ago, informed, summon
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def summoned(reviewing, reviewer, leader, office, other_officer):
    """Informed, the hearing asked for 27 days ago, its notice served that day naming ``other_officer``."""
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(27))
    reviewing.refresh_from_db()
    summon(reviewing, by=office, presiding=other_officer, on=ago(27), hearing_on=ago(13))
    return reviewing


def _record(client, user, case, presiding):
    case.refresh_from_db()
    client.force_login(user)
    return client.post(reverse("cases:hearing", args=[case.pk]),
                       {"version": case.version, "held_on": ago(13).isoformat(), "presiding": presiding.pk,
                        "summary": "当事人到场陈述，调查人员出示证据。", "absent": ""})


def test_the_hearing_is_recorded_with_the_presiding_officer_the_notice_named(client, summoned, office, other_officer):
    client.force_login(office)
    form = client.get(reverse("cases:hearing", args=[summoned.pk])).content.decode()
    assert f'<option value="{other_officer.pk}" selected>' in form  # the notice's officer, preselected
    assert _record(client, office, summoned, other_officer).status_code == 302
    event = summoned.events.get(kind=EventKind.HEARING_HELD)
    assert event.data["presiding"] == other_officer.pk and event.data["presiding_name"] == "另一队员"


def test_a_hearing_presided_over_by_another_officer_than_the_notice_named_is_refused(client, summoned, office,
                                                                                     territory):
    stranger = member(territory.office_unit, Role.OFFICE, username="host2", first_name="另一主持人")
    response = _record(client, office, summoned, stranger)
    assert response.status_code == 200
    body = response.content.decode()
    assert "第六十四条" in body and "另一队员" in body  # names the article and the officer the party was told of
    assert not summoned.events.filter(kind=EventKind.HEARING_HELD).exists()


def test_the_summons_is_refused_for_an_investigator_of_the_case(client, reviewing, reviewer, leader, office, officer):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=3)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(1))
    reviewing.refresh_from_db()
    client.force_login(office)
    response = client.post(reverse("cases:schedule-hearing", args=[reviewing.pk]),
                           {"version": reviewing.version, "hearing_at": f"{ago(-12).isoformat()}T09:30",
                            "place": "镇政府会议室", "presiding": officer.pk})
    assert response.status_code == 200 and "第六十四条第四项" in response.content.decode()
    assert not reviewing.documents.filter(kind=DocumentKind.HEARING_SUMMONS).exists()


def test_a_summons_that_names_no_presiding_officer_is_not_issued(client, reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=3)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(1))
    draft = doc_services.create_document(reviewing, by=office, kind=DocumentKind.HEARING_SUMMONS)  # the blank paper
    client.force_login(office)
    response = client.post(reverse("documents:issue", args=[draft.pk]), {"issued_on": ago(0).isoformat()},
                           follow=True)
    assert "第六十四条" in response.content.decode() and "主持人" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT and not draft.reference


def test_the_hearing_record_paper_names_the_presiding_officer(summoned, office):
    paper = doc_services.create_document(summoned, by=office, kind=DocumentKind.HEARING_RECORD)
    assert "另一队员" in paper.requirements


def test_a_correction_of_the_summons_names_the_same_officer(summoned, office, other_officer):
    served = summoned.documents.get(kind=DocumentKind.HEARING_SUMMONS)
    correction = doc_services.create_document(summoned, by=office, kind=DocumentKind.HEARING_SUMMONS,
                                              supersedes=served)
    assert correction.presiding == other_officer


def test_a_county_departments_hearing_is_presided_over_by_its_own_people(client, case_in, county_departments, office,
                                                                         authority_head):
    from documents.services import hand_over_case
    from landwatch.vocabulary import Category

    case = case_in(category=Category.COMMERCIAL, authority=county_departments.natural_resources)
    hand_over_case(case, by=office)
    case.refresh_from_db()
    hosts = list(penalty.hearing_hosts(case))
    assert authority_head in hosts
    assert office not in hosts  # the township's clerk is not of the 办案机关

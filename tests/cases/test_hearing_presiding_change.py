"""The presiding officer of a hearing may be changed lawfully: a new 听证通知书 naming the new
officer, served at least seven working days before the hearing (行政处罚法 第六十四条(二)(四)、
第八十五条); the hearing is then presided over by the officer the LAST served notice names."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import penalty
from cases.models import EventKind
from documents import services as doc_services
from documents.models import DocumentKind
from landwatch.roles import Role
from tests.cases.test_penalty_procedure import ago, informed, summon
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_host(territory):
    return member(territory.office_unit, Role.OFFICE, username="host2", first_name="新主持人")


@pytest.fixture
def requested(reviewing, reviewer, leader, office):
    """Informed, the hearing asked for 30 days ago."""
    informed(reviewing, reviewer=reviewer, leader=leader, office=office, on=32)
    penalty.record_hearing_request(reviewing, by=office, requested_on=ago(30))
    reviewing.refresh_from_db()
    return reviewing


def _record(client, user, case, presiding, held_on):
    case.refresh_from_db()
    client.force_login(user)
    return client.post(reverse("cases:hearing", args=[case.pk]),
                       {"version": case.version, "held_on": held_on.isoformat(), "presiding": presiding.pk,
                        "summary": "当事人到场陈述，调查人员出示证据。", "absent": ""})


def _draft(case, *, by, presiding, hearing_on):
    hearing_at = timezone.make_aware(datetime.datetime.combine(hearing_on, datetime.time(9, 30)))
    return penalty.schedule_hearing(case, by=by, hearing_at=hearing_at, place="镇政府会议室", presiding=presiding)


def _issue_and_serve(document, *, by, on):
    doc_services.issue_document(document, by=by, issued_on=on)
    doc_services.serve_document(document, by=by, method="direct", served_on=on, recipient="张三")


@pytest.fixture
def changed_the_same_day(requested, office, other_officer, new_host):
    """The notice naming the new officer was drafted first, the one naming ``other_officer`` next;
    that one was served, then, the party having asked for the officer's withdrawal, the new one the
    same day: the last served names ``new_host``."""
    later = _draft(requested, by=office, presiding=new_host, hearing_on=ago(14))
    first = _draft(requested, by=office, presiding=other_officer, hearing_on=ago(14))
    _issue_and_serve(first, by=office, on=ago(28))
    _issue_and_serve(later, by=office, on=ago(28))
    requested.refresh_from_db()
    return requested


def test_a_new_summons_changes_the_presiding_officer(client, requested, office, other_officer, new_host):
    summon(requested, by=office, presiding=other_officer, on=ago(30), hearing_on=ago(14))
    summon(requested, by=office, presiding=new_host, on=ago(28), hearing_on=ago(14))
    assert _record(client, office, requested, new_host, ago(14)).status_code == 302
    event = requested.events.get(kind=EventKind.HEARING_HELD)
    assert event.data["presiding"] == new_host.pk


def test_the_last_summons_served_the_same_day_names_the_presiding_officer(client, changed_the_same_day, office,
                                                                          other_officer, new_host):
    response = _record(client, office, changed_the_same_day, other_officer, ago(14))
    assert response.status_code == 200 and "新主持人" in response.content.decode()
    assert _record(client, office, changed_the_same_day, new_host, ago(14)).status_code == 302
    assert changed_the_same_day.events.get(kind=EventKind.HEARING_HELD).data["presiding"] == new_host.pk


def test_the_hearing_form_preselects_the_officer_of_the_last_summons(client, changed_the_same_day, office, new_host):
    client.force_login(office)
    form = client.get(reverse("cases:hearing", args=[changed_the_same_day.pk])).content.decode()
    assert f'<option value="{new_host.pk}" selected>' in form


def test_the_hearing_record_paper_names_the_officer_of_the_last_summons(client, changed_the_same_day, office):
    client.force_login(office)
    response = client.get(reverse("documents:create", args=[changed_the_same_day.pk]),
                          {"kind": DocumentKind.HEARING_RECORD})
    assert response.status_code == 200
    requirements = response.context["form"].initial["requirements"]
    assert "新主持人" in requirements and "另一队员" not in requirements


def test_the_new_summons_is_served_seven_working_days_before_the_hearing(client, requested, office, other_officer,
                                                                        new_host):
    summon(requested, by=office, presiding=other_officer, on=ago(30), hearing_on=ago(14))
    summon(requested, by=office, presiding=new_host, on=ago(16), hearing_on=ago(14))
    response = _record(client, office, requested, new_host, ago(14))
    assert response.status_code == 200 and "第六十四条" in response.content.decode()
    assert not requested.events.filter(kind=EventKind.HEARING_HELD).exists()


def test_the_panel_offers_a_new_summons_after_one_was_served(client, requested, office, other_officer):
    summon(requested, by=office, presiding=other_officer, on=ago(30), hearing_on=ago(14))
    client.force_login(office)
    html = client.get(requested.get_absolute_url()).content.decode()
    assert reverse("cases:schedule-hearing", args=[requested.pk]) in html


def test_the_panel_names_the_presiding_officer_of_the_last_summons(client, changed_the_same_day, office):
    client.force_login(office)
    html = client.get(changed_the_same_day.get_absolute_url()).content.decode()
    shown = html.split("data-hearing-presiding>")[1].split("</dd>")[0]
    assert "新主持人" in shown and "另一队员" not in shown

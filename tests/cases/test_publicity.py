"""公示 of a penalty decision (cases/publicity.py): the due dates counted by the engine with the
holiday table, the masked text, the refusals, the correction and the withdrawal after a revocation,
the panel, the print view and who may do what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases import enforcement, publicity
from cases.errors import CaseError
from cases.models import (
    CaseStatus,
    ChallengeKind,
    ChallengeOutcome,
    DecisionPublication,
    EventKind,
    PartyKind,
    PenaltyMeasure,
)
from deadlines.services import load_shipped
from documents import services as doc_services
from documents.models import DocumentKind
from tests.factories.cases import PartyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "https://www.example.gov.cn/xzcf/2025/001.html"


@pytest.fixture
def person(territory):
    return PartyFactory(township=territory.township, name="王五", kind=PartyKind.PERSON,
                        id_number="330100198505050023", phone="13812345678", address="沈家浜村三组12号")


def _decided(case_in, office, party, issued_on):
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, party=party, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None,
                   discovered_on=D(2025, 6, 2), registered_on=D(2025, 6, 3), filed_on=D(2025, 6, 4),
                   location_text="沈家浜村三组12号东侧")
    document = doc_services.create_document(case, by=office, kind=DocumentKind.PENALTY_DECISION)
    doc_services.issue_document(document, by=office, issued_on=issued_on)
    case.refresh_from_db()
    return case


@pytest.fixture
def decided(case_in, office, person):
    """The decision made on Monday 22 September 2025."""
    return _decided(case_in, office, person, D(2025, 9, 22))


def publish(case, by, on=None, text=None, **kw):
    case.refresh_from_db()
    on = on or D(2025, 9, 29)
    if text is None:
        text = publicity.draft_text(case, publicity.current_decision(case))
    return publicity.publish(case, by=by, channel=kw.pop("channel", "website"), location=kw.pop("location", URL),
                             published_on=on, text=text, **kw)


def fresh(publication):
    """The record read again, with its case as it stands now (the service checks the case's version)."""
    return DecisionPublication.objects.get(pk=publication.pk)


def revoke(case, office, on):
    case.refresh_from_db()
    challenge = enforcement.record_challenge(case, by=office, kind=ChallengeKind.RECONSIDERATION, body="县人民政府",
                                             filed_on=D(2025, 9, 25))
    case.refresh_from_db()
    return enforcement.end_challenge(challenge, by=office, outcome=ChallengeOutcome.REVOKED, outcome_on=on)


# --- the due dates --------------------------------------------------------------------------


def test_the_publication_is_due_seven_working_days_after_the_decision_counted_with_the_holiday_table(decided):
    panel = publicity.panel(decided, today=D(2025, 9, 26))
    # 23–26 September, Sunday 28 September (a 调休 working day), 29 and 30 September (国办发〔2018〕118号).
    assert panel.due.date == D(2025, 9, 30)
    assert "118" in panel.due.basis
    assert not panel.overdue


def test_a_decision_made_before_the_national_day_week_is_due_after_it(case_in, office, person):
    case = _decided(case_in, office, person, D(2025, 9, 30))
    # 1–8 October are holidays; 9, 10, Saturday 11 (调休), 13–16 October.
    assert publicity.panel(case).due.date == D(2025, 10, 16)


def test_the_panel_shows_overdue_once_the_seventh_working_day_has_passed(decided, client, office):
    assert publicity.panel(decided, today=D(2025, 10, 1)).overdue
    client.force_login(office)
    html = client.get(decided.get_absolute_url()).content.decode()
    assert "data-publication-overdue" in html
    assert "2025年9月30日" in html


def test_the_withdrawal_is_due_three_working_days_after_the_revocation(decided, office):
    publish(decided, office)
    revoke(decided, office, D(2025, 9, 30))
    panel = publicity.panel(decided)
    # 第四十八条第二款 "三日内", working days (第八十五条): 9, 10 and Saturday 11 October (调休).
    assert panel.withdrawal_due.date == D(2025, 10, 11)
    assert "第四十八条" in panel.withdrawal_due.basis or "48" in panel.withdrawal_due.basis
    assert panel.withdrawal_overdue  # today is long after


# --- the masked text ------------------------------------------------------------------------


def test_the_draft_masks_a_persons_name_id_number_phone_and_address(decided):
    text = publicity.draft_text(decided, publicity.current_decision(decided))
    assert "王某某" in text
    for secret in ("王五", "330100198505050023", "13812345678", "沈家浜村三组12号"):
        assert secret not in text
    assert decided.village.name in text
    assert publicity.current_decision(decided).reference in text


def test_a_company_keeps_its_name_but_not_its_legal_representative(case_in, office, territory):
    company = PartyFactory(township=territory.township, name="丰乐建材有限公司", kind=PartyKind.COMPANY,
                           legal_representative="李四")
    case = _decided(case_in, office, company, D(2025, 9, 22))
    text = publicity.draft_text(case, publicity.current_decision(case))
    assert "丰乐建材有限公司" in text and "李四" not in text


def test_the_masked_name_keeps_a_compound_surname():
    assert publicity.masked_name("欧阳娜娜") == "欧阳某某"
    assert publicity.masked_name("王五") == "王某某"


@pytest.mark.parametrize("secret", ["王五", "330100198505050023", "13812345678", "沈家浜村三组12号",
                                    "11010519491231002X", "13900001111"])
def test_a_text_holding_personal_data_is_refused_and_nothing_is_recorded(decided, office, secret):
    with pytest.raises(CaseError, match="personal data|个人信息|个人"):
        publish(decided, office, text=f"当事人：{secret}，未经批准占用土地。")
    assert not DecisionPublication.objects.exists()


# --- recording, refusals, correction and withdrawal -----------------------------------------


def test_the_publication_is_recorded_with_its_event(decided, office):
    publication = publish(decided, office)
    decided.refresh_from_db()
    event = decided.events.get(kind=EventKind.DECISION_PUBLISHED)
    assert event.data["location"] == URL and event.data["late"] is False
    assert event.occurred_on == D(2025, 9, 29)
    assert publication.recorded_by == office


def test_a_publication_after_the_due_date_is_marked_late(decided, office):
    publish(decided, office, on=D(2025, 10, 9))
    assert decided.events.get(kind=EventKind.DECISION_PUBLISHED).data["late"] is True
    assert publicity.panel(decided).late


def test_refusals(decided, office, leader):
    with pytest.raises(CaseError, match="http"):
        publish(decided, office, location="www.example.gov.cn")
    with pytest.raises(CaseError):
        publish(decided, office, channel="notice_board", location="  ")
    with pytest.raises(CaseError):
        publish(decided, office, on=D(2025, 9, 21))  # before the decision
    with pytest.raises(CaseError):
        publish(decided, office, text="   ")
    with pytest.raises(PermissionDenied):  # leaders read, the office records
        publish(decided, leader)
    assert not DecisionPublication.objects.exists()
    publish(decided, office, channel="notice_board", location="镇政府公示栏")
    with pytest.raises(CaseError, match="already|已"):
        publish(decided, office)
    assert DecisionPublication.objects.count() == 1


def test_a_case_without_a_decision_has_no_panel_and_publishes_nothing(case_in, office):
    case = case_in(CaseStatus.DECIDED)
    assert publicity.panel(case) is None
    with pytest.raises(CaseError):
        publicity.publish(case, by=office, channel="website", location=URL, published_on=D(2026, 11, 20),
                          text="处罚决定")


def test_a_revoked_decision_is_not_published(decided, office):
    revoke(decided, office, D(2025, 9, 26))
    with pytest.raises(CaseError, match="revoked|撤销"):
        publish(decided, office)


def test_a_correction_supersedes_the_record_which_stays(decided, office):
    first = publish(decided, office)
    with pytest.raises(CaseError):
        publish(decided, office, supersedes=first)  # no reason
    second = publish(decided, office, location=URL.replace("001", "002"), supersedes=first,
                     correction_reason="网址录错")
    assert set(DecisionPublication.objects.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert publicity.panel(decided).current == second
    assert decided.events.filter(kind=EventKind.RECORD_CORRECTED).count() == 1
    with pytest.raises(CaseError, match="latest|最新"):
        publish(decided, office, supersedes=first, correction_reason="再改")


def test_the_withdrawal_is_recorded_once_with_its_reason(decided, office):
    publication = publish(decided, office)
    revoke(decided, office, D(2025, 9, 30))
    decided.refresh_from_db()
    with pytest.raises(CaseError):
        publicity.withdraw(fresh(publication), by=office, withdrawn_on=D(2025, 10, 9), reason=" ")
    row = publicity.withdraw(fresh(publication), by=office, withdrawn_on=D(2025, 10, 9),
                             reason="复议机关撤销原处罚决定")
    assert row.withdrawn_on == D(2025, 10, 9) and row.withdrawn_by == office
    event = decided.events.get(kind=EventKind.PUBLICATION_WITHDRAWN)
    assert event.data["due"] == "2025-10-11" and event.data["late"] is False
    assert event.note == "复议机关撤销原处罚决定"
    with pytest.raises(CaseError, match="already|已"):
        publicity.withdraw(fresh(row), by=office, withdrawn_on=D(2025, 10, 9), reason="再撤")
    assert not publicity.panel(decided).withdrawal_overdue


def test_a_withdrawal_after_the_third_working_day_is_marked_late(decided, office):
    publication = publish(decided, office)
    revoke(decided, office, D(2025, 9, 30))
    decided.refresh_from_db()
    publicity.withdraw(fresh(publication), by=office, withdrawn_on=D(2025, 10, 13), reason="原决定被撤销")
    assert decided.events.get(kind=EventKind.PUBLICATION_WITHDRAWN).data["late"] is True


def test_the_records_are_append_only(decided, office):
    publication = publish(decided, office)
    publication.location = "改"
    with pytest.raises(TypeError):
        publication.save()
    with pytest.raises(TypeError):
        publication.delete()


def test_a_closed_case_still_takes_its_publication(decided, office):
    type(decided).objects.filter(pk=decided.pk).update(status=CaseStatus.CLOSED, closed_on=D(2025, 9, 26))
    decided.refresh_from_db()
    assert publish(decided, office).pk


# --- pages ----------------------------------------------------------------------------------


def test_the_form_offers_the_masked_draft_and_records_the_publication(decided, client, office):
    client.force_login(office)
    url = reverse("cases:publication-add", args=[decided.pk])
    html = client.get(url).content.decode()
    assert "王某某" in html and "330100198505050023" not in html and "王五" not in html
    text = publicity.draft_text(decided, publicity.current_decision(decided))
    response = client.post(url, {"version": decided.version, "channel": "website", "location": URL,
                                 "published_on": "2025-09-29", "text": text})
    assert response.status_code == 302
    assert DecisionPublication.objects.get().text == text


def test_the_form_shows_a_refusal_and_keeps_the_input(decided, client, office):
    client.force_login(office)
    response = client.post(reverse("cases:publication-add", args=[decided.pk]),
                           {"version": decided.version, "channel": "website", "location": URL,
                            "published_on": "2025-09-29", "text": "当事人王五，身份证330100198505050023"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "alert-danger" in html and "身份证号码" in html
    assert not DecisionPublication.objects.exists()


def test_the_print_view_and_the_case_page_never_show_the_partys_data_in_the_publication(decided, client, office):
    publication = publish(decided, office)
    client.force_login(office)
    html = client.get(reverse("cases:publication-print", args=[decided.pk, publication.pk])).content.decode()
    assert "王某某" in html
    for secret in ("王五", "330100198505050023", "13812345678", "沈家浜村三组12号"):
        assert secret not in html
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "data-publicity-panel" in page and URL in page


def test_leaders_read_the_panel_but_get_no_buttons_and_may_not_post(decided, client, leader):
    client.force_login(leader)
    html = client.get(decided.get_absolute_url()).content.decode()
    assert "data-publicity-panel" in html and 'data-action="publication-add"' not in html
    assert client.get(reverse("cases:publication-add", args=[decided.pk])).status_code == 403


def test_the_office_sees_the_button(decided, client, office):
    client.force_login(office)
    assert 'data-action="publication-add"' in client.get(decided.get_absolute_url()).content.decode()


def test_the_publication_and_withdrawal_show_rows_with_content(decided, client, office):
    publication = publish(decided, office)
    revoke(decided, office, D(2025, 9, 30))
    decided.refresh_from_db()
    publicity.withdraw(fresh(publication), by=office, withdrawn_on=D(2025, 10, 9), reason="复议机关撤销原处罚决定")
    client.force_login(office)
    from tests.cases.test_timeline_rows import _rows

    rows = dict(_rows(client, decided))
    assert URL in rows[EventKind.DECISION_PUBLISHED]
    assert "2025年10月9日" in rows[EventKind.PUBLICATION_WITHDRAWN]


def test_the_reminder_names_the_decision_not_yet_published(decided, office):
    from reminders.kinds import publication_deadlines

    items = list(publication_deadlines(D(2025, 9, 26), D(2025, 9, 30)))
    assert [(i.case_id, i.due_on) for i in items] == [(decided.pk, D(2025, 9, 30))]
    publish(decided, office)
    assert list(publication_deadlines(D(2025, 9, 26), D(2025, 9, 30))) == []
    revoke(decided, office, D(2025, 9, 30))
    items = list(publication_deadlines(D(2025, 10, 9), D(2025, 10, 13)))
    assert [(i.case_id, i.due_on) for i in items] == [(decided.pk, D(2025, 10, 11))]


def test_the_reminders_send_the_publication_due_to_the_officer(decided, officer):
    from reminders.models import Reminder, Stage
    from reminders.services import send_reminders

    send_reminders(today=D(2025, 9, 26), deliver=False)
    reminder = Reminder.objects.get(kind="publication", case=decided)
    assert reminder.due_on == D(2025, 9, 30) and reminder.stage == Stage.DUE_SOON
    assert "公示" in reminder.title


def test_the_case_page_does_not_grow_with_the_publications(decided, client, office, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    latest = publish(decided, office)

    def correct(n):
        nonlocal latest
        for i in range(n):
            latest = publish(decided, office, supersedes=latest, correction_reason=f"第{i}次更正")

    correct(1)
    client.force_login(office)
    url = decided.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    correct(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["publicity"].current == latest


def test_the_export_holds_the_masked_text_and_none_of_the_partys_data(decided, client, office, coordinator_b):
    import io

    from openpyxl import load_workbook

    publish(decided, office)
    client.force_login(office)
    response = client.get(reverse("cases:publication-export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                        if response.streaming else response.content))
    cells = [str(c) for row in workbook.active.iter_rows(values_only=True) for c in row if c is not None]
    text = "\n".join(cells)
    assert "王某某" in text and publicity.current_decision(decided).reference in text
    for secret in ("王五", "330100198505050023", "13812345678", "沈家浜村三组12号"):
        assert secret not in text
    # Scoped to the cases the user sees: village B's coordinator gets the header row only.
    client.force_login(coordinator_b)
    response = client.get(reverse("cases:publication-export"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                        if response.streaming else response.content))
    assert workbook.active.max_row == 1

"""中止 / 恢复调查 told to the party in writing within three working days (自然资源行政处罚办法
第二十七条): the notice is a numbered document of the 办案机关, its service is recorded, the case
page shows when it is due (working days, holiday table), and a late one is marked, not refused."""

import datetime

import pytest
from django.urls import reverse

from cases import procedure
from cases.models import CaseEvent, CaseStatus, EventKind
from deadlines.clock import deadline
from deadlines.services import load_shipped
from documents import services as doc_services
from documents.models import DocumentKind, DocumentStatus
from tests.cases.test_penalty_procedure import ago

pytestmark = pytest.mark.django_db

SUSPENSION, RESUMPTION = DocumentKind.SUSPENSION_NOTICE, DocumentKind.RESUMPTION_NOTICE


@pytest.fixture
def suspended(case_in, leader):
    case = case_in(CaseStatus.FILED, discovered_on=ago(60), registered_on=ago(50), filed_on=ago(40))
    procedure.suspend_investigation(case, by=leader, ground="force_majeure", reason="台风致现场无法勘验", on=ago(20))
    case.refresh_from_db()
    return case


def notify(case, kind, *, by, on, method="direct"):
    document = doc_services.create_document(case, by=by, kind=kind)
    doc_services.issue_document(document, by=by, issued_on=on)
    doc_services.serve_document(document, by=by, method=method, served_on=on, recipient="张三")
    document.refresh_from_db()
    return document


def panel_of(client, user, case) -> str:
    client.force_login(user)
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_the_suspension_notice_is_a_numbered_paper_of_the_authority_served_in_time(client, suspended, office):
    due = deadline("suspension_notice", ago(20)).date
    document = notify(suspended, SUSPENSION, by=office, on=due)
    assert document.status == DocumentStatus.SERVED and document.reference
    assert document.issuer_id == doc_services.issuer_of(suspended, SUSPENSION).pk
    assert "台风致现场无法勘验" in document.requirements and "第二十七条" in document.legal_basis
    page = panel_of(client, office, suspended)
    assert 'data-suspension-notice="suspension_notice"' in page
    assert "data-notice-late" not in page and "data-notice-overdue" not in page
    suspended.refresh_from_db()
    assert suspended.status == CaseStatus.SUSPENDED


def test_a_notice_served_after_three_working_days_is_marked_late_not_refused(client, suspended, office):
    due = deadline("suspension_notice", ago(20)).date
    notify(suspended, SUSPENSION, by=office, on=due + datetime.timedelta(days=1))
    page = panel_of(client, office, suspended)
    assert "data-notice-late" in page
    note = CaseEvent.objects.filter(case=suspended, kind=EventKind.NOTE).latest("id")
    assert "第二十七条" in note.note and due.isoformat() in note.note
    suspended.refresh_from_db()
    assert suspended.status == CaseStatus.SUSPENDED


def test_an_unserved_notice_past_its_three_days_shows_overdue_with_the_way_to_draft_it(client, suspended, office,
                                                                                       officer):
    page = panel_of(client, office, suspended)
    assert "data-notice-overdue" in page
    assert f'?kind={SUSPENSION}" data-action="draft-suspension_notice"' in page
    # The officer may not draft the authority's papers: no button for him.
    assert "data-action=\"draft-suspension_notice\"" not in panel_of(client, officer, suspended)


def test_the_resumption_is_notified_in_turn(client, suspended, leader, office):
    notify(suspended, SUSPENSION, by=office, on=ago(19))
    suspended.refresh_from_db()
    procedure.resume_investigation(suspended, by=leader, reason="台风过境", on=ago(3))
    suspended.refresh_from_db()
    page = panel_of(client, office, suspended)
    assert 'data-suspension-notice="resumption_notice"' in page
    document = notify(suspended, RESUMPTION, by=office, on=ago(2))
    assert "台风过境" in document.requirements
    assert "data-notice-late" not in panel_of(client, office, suspended)


def test_no_notice_without_the_act_it_tells_of(case_in, office):
    filed = case_in(CaseStatus.FILED, discovered_on=ago(60), registered_on=ago(50), filed_on=ago(40))
    for kind in (SUSPENSION, RESUMPTION):
        with pytest.raises(doc_services.DocumentError, match="第二十七条"):
            doc_services.create_document(filed, by=office, kind=kind)


def test_the_three_days_are_working_days_of_the_holiday_table(client, case_in, leader, office):
    load_shipped([2024])
    case = case_in(CaseStatus.FILED, discovered_on=datetime.date(2024, 9, 2), registered_on=datetime.date(2024, 9, 3),
                   filed_on=datetime.date(2024, 9, 4))
    # Suspended on Monday 30 September 2024: the National Day holiday (1–7 October) is not counted.
    procedure.suspend_investigation(case, by=leader, ground="force_majeure", reason="台风",
                                    on=datetime.date(2024, 9, 30))
    case.refresh_from_db()
    notify(case, SUSPENSION, by=office, on=datetime.date(2024, 10, 10))
    page = panel_of(client, office, case)
    assert "2024年10月10日" in page
    assert "data-notice-late" not in page

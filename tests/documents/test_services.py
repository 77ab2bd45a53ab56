"""Drafting, issuing, serving, correcting and withdrawing documents through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus, EventKind
from deadlines.clock import deadline
from documents import services
from documents.models import CaseDocument, DocumentKind, DocumentStatus, ServiceRecord

from .conftest import png_upload

pytestmark = pytest.mark.django_db


def test_draft_text_is_generated_from_the_case(case, office):
    doc = services.create_document(case, by=office, kind=DocumentKind.RECTIFICATION)
    assert doc.status == DocumentStatus.DRAFT and doc.reference == "" and doc.sequence is None
    assert doc.party_name == "钱塘物资有限公司"
    assert "320.5" in doc.facts and "三组村道东侧" in doc.facts and "建新不拆旧" in doc.facts
    assert "土地管理法" in doc.legal_basis
    assert "恢复耕地" in doc.requirements  # the fixture's disposition: restore the farmland
    assert doc.deadline_days == 15


def test_issue_numbers_per_township_year_and_kind(case, office):
    first = services.issue_document(services.create_document(case, by=office, kind="rectification"), by=office)
    second = services.issue_document(services.create_document(case, by=office, kind="rectification"), by=office)
    stop = services.issue_document(services.create_document(case, by=office, kind="stop_work"), by=office)
    year = timezone.localdate().year
    assert (first.sequence, second.sequence, stop.sequence) == (1, 2, 1)
    assert first.reference == f"甲土监〔{year}〕整改第001号"
    assert second.reference == f"甲土监〔{year}〕整改第002号"
    assert stop.reference == f"甲土监〔{year}〕停止第001号"
    assert first.status == DocumentStatus.ISSUED and first.issued_by == office
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NOTE, note__contains=first.reference).exists()


def test_prefix_falls_back_to_the_township_name(case, office, township):
    township.document_prefix = ""
    township.save()
    doc = services.issue_document(services.create_document(case, by=office, kind="demand"), by=office)
    assert doc.reference.startswith("甲镇〔")


def test_serving_a_rectification_notice_notifies_the_case_with_deadline_from_service(draft, office, officer, case):
    issued = services.issue_document(draft, by=office, issued_on=timezone.localdate() - datetime.timedelta(days=5))
    served_on = timezone.localdate() - datetime.timedelta(days=3)
    record = services.serve_document(issued, by=officer, method="direct", served_on=served_on,
                                     recipient="钱塘物资有限公司", signer="王经理", proof=png_upload())
    issued.refresh_from_db()
    case.refresh_from_db()
    assert issued.status == DocumentStatus.SERVED
    assert issued.deadline == deadline("notice", served_on, 15).date
    assert case.status == CaseStatus.NOTIFIED and case.deadline == issued.deadline
    event = CaseEvent.objects.get(case=case, kind=EventKind.NOTIFIED)
    assert event.data == {"deadline": issued.deadline.isoformat(), "served_on": served_on.isoformat()}
    assert event.actor == officer and issued.reference in event.note
    assert issued.source_event == event
    assert len(record.proof_sha256) == 64 and record.proof_type == "png"


def test_deadline_runs_from_service_not_issue_date(case, office):
    doc = services.create_document(case, by=office, kind="rectification", deadline_days=10)
    services.issue_document(doc, by=office, issued_on=timezone.localdate() - datetime.timedelta(days=20))
    served_on = timezone.localdate() - datetime.timedelta(days=5)
    services.serve_document(doc, by=office, method="post", served_on=served_on, recipient="x")
    doc.refresh_from_db()
    assert doc.deadline == deadline("notice", served_on, 10).date


def test_served_document_cannot_be_changed_by_the_service(issued, office):
    services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="x")
    before = CaseDocument.objects.get(pk=issued.pk)
    with pytest.raises(services.DocumentLocked):
        services.update_document(issued, by=office, facts="改过的事实")
    with pytest.raises(services.DocumentLocked):
        services.withdraw_document(issued, by=office, reason="写错了")
    with pytest.raises(services.DocumentLocked):
        services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="y")
    after = CaseDocument.objects.get(pk=issued.pk)
    assert (after.facts, after.status, after.updated_at) == (before.facts, before.status, before.updated_at)
    assert ServiceRecord.objects.filter(document=issued).count() == 1


def test_a_correction_supersedes_the_served_document(issued, office, case):
    services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="x")
    correction = services.correct_document(issued, by=office)
    assert correction.supersedes == issued and correction.status == DocumentStatus.DRAFT
    assert services.correct_document(issued, by=office) == correction  # a second click: the same draft
    services.update_document(correction, by=office, requirements="限三十日内拆除。", deadline_days=30)
    services.issue_document(correction, by=office)
    issued.refresh_from_db()
    assert issued.status == DocumentStatus.SUPERSEDED
    assert correction.status == DocumentStatus.ISSUED and correction.sequence == 2


def test_withdraw_needs_a_reason_and_keeps_the_document(issued, office):
    with pytest.raises(services.DocumentError):
        services.withdraw_document(issued, by=office, reason="  ")
    services.withdraw_document(issued, by=office, reason="当事人名称有误")
    issued.refresh_from_db()
    assert issued.status == DocumentStatus.WITHDRAWN and issued.withdrawn_by == office
    assert issued.reference  # the number stays used
    with pytest.raises(services.DocumentError):
        services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="x")


def test_only_the_office_issues_and_the_assignee_may_serve(draft, officer, other_officer, coordinator_a, leader,
                                                          office):
    for user in (officer, coordinator_a, leader):
        with pytest.raises(PermissionDenied):
            services.issue_document(draft, by=user)
    services.issue_document(draft, by=office)
    for user in (other_officer, coordinator_a, leader):
        with pytest.raises(PermissionDenied):
            services.serve_document(draft, by=user, method="direct", served_on=timezone.localdate(), recipient="x")
    assert CaseDocument.objects.get(pk=draft.pk).status == DocumentStatus.ISSUED


def test_serving_a_notice_on_an_undecided_case_changes_nothing(make_case, office):
    from cases.services import CaseError

    case = make_case(disposition="")
    doc = services.issue_document(services.create_document(case, by=office, kind="rectification"), by=office)
    with pytest.raises(CaseError):
        services.serve_document(doc, by=office, method="direct", served_on=timezone.localdate(), recipient="x")
    doc.refresh_from_db()
    case.refresh_from_db()
    assert doc.status == DocumentStatus.ISSUED and case.status == CaseStatus.REGISTERED
    assert not ServiceRecord.objects.exists()


def test_serving_other_documents_notes_the_timeline(case, office):
    doc = services.issue_document(services.create_document(case, by=office, kind="stop_work"), by=office)
    services.serve_document(doc, by=office, method="left", served_on=timezone.localdate(), recipient="家属")
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NOTE, note__contains="送达").exists()


def test_service_date_cannot_be_in_the_future(issued, office):
    from cases.errors import ActDateError

    with pytest.raises(ActDateError):  # the cases' one rule of act dates (issue #27)
        services.serve_document(issued, by=office, method="direct",
                                served_on=timezone.localdate() + datetime.timedelta(days=1), recipient="x")

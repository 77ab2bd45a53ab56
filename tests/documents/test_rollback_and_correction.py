"""A correction of a served notice replaces the case's deadline; a failed service leaves no proof file."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase
from cases.services import IllegalTransitionError
from deadlines.clock import deadline
from documents import services
from documents.models import CaseDocument, DocumentStatus, ServiceRecord
from tests.documents.conftest import png_upload

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def today():
    return timezone.localdate()


def serve(document, by, served_on, **kw):
    return services.serve_document(document, by=by, method="direct", served_on=served_on, recipient="王经理", **kw)


def test_serving_a_correction_on_a_notified_case_replaces_its_deadline(case, office):
    first = services.issue_document(services.create_document(case, by=office, kind="rectification",
                                                             deadline_days=15), by=office,
                                    issued_on=today() - datetime.timedelta(days=5))
    serve(first, office, today() - datetime.timedelta(days=5))
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED
    assert case.deadline == deadline("notice", today() - datetime.timedelta(days=5), 15).date
    old_deadline = case.deadline

    correction = services.correct_document(first, by=office)
    services.update_document(correction, by=office, deadline_days=30)
    services.issue_document(correction, by=office)
    serve(correction, office, today())

    case.refresh_from_db()
    correction.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED
    assert case.deadline == correction.deadline == deadline("notice", today(), 30).date
    event = CaseEvent.objects.filter(case=case, kind=EventKind.NOTIFIED).order_by("-id").first()
    assert event.from_status == event.to_status == CaseStatus.NOTIFIED
    assert event.data["previous_deadline"] == old_deadline.isoformat()
    assert event.data["deadline"] == correction.deadline.isoformat()
    assert event.data["supersedes"] == first.pk and correction.source_event == event
    # The history keeps the first notice: its document, its event and its deadline.
    first.refresh_from_db()
    assert first.status == DocumentStatus.SUPERSEDED and first.deadline == old_deadline
    assert first.source_event.data["deadline"] == old_deadline.isoformat()
    # The corrected notice is not mistaken for an interim one.
    assert services.adopt_interim_notices() == 0


def test_a_correction_served_after_self_correction_only_writes_a_note(case, office):
    first = services.issue_document(services.create_document(case, by=office, kind="rectification"), by=office)
    serve(first, office, today())
    ViolationCase.objects.filter(pk=case.pk).update(status=CaseStatus.CORRECTED)
    case.refresh_from_db()
    deadline = case.deadline
    correction = services.correct_document(first, by=office)
    services.update_document(correction, by=office, deadline_days=40)
    services.issue_document(correction, by=office)
    serve(correction, office, today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED and case.deadline == deadline
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).count() >= 1


def test_a_refused_service_leaves_no_proof_file(make_case, office):
    # An undecided case cannot be notified: the case refuses after the proof was stored.
    case = make_case(disposition="")
    document = services.issue_document(services.create_document(case, by=office, kind="rectification"), by=office)
    with pytest.raises(IllegalTransitionError):
        serve(document, office, today(), proof=png_upload())
    assert stored_files() == []
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED
    assert not ServiceRecord.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED


def test_a_served_proof_stays_on_disk(issued, office):
    record = serve(issued, office, today(), proof=png_upload())
    assert stored_files() == [Path(record.proof.path)]
    assert CaseDocument.objects.get(pk=issued.pk).status == DocumentStatus.SERVED

"""Every write of a case asks one guard (issue #26, finding 6): a withdrawn case takes nothing,
a closed case only reopening and the records the plan keeps going after closing.

The table below names every public writer of ``cases.services`` and ``documents.services``
that takes a case (or a case's document); a new one that is not in it fails the first test,
so it cannot skip the guard unseen.
"""

import datetime
import inspect
import io

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cases import services as case_services
from cases.models import (
    CaseAttachment,
    CaseEvent,
    CaseStatus,
    DisciplinaryAction,
    Disposition,
    EnforcementAction,
    ViolationCase,
)
from documents import services as document_services
from documents.models import CaseDocument, DocumentKind, DocumentStatus, ServiceRecord
from tests.factories.campaigns import CampaignFactory
from tests.factories.documents import CaseDocumentFactory

pytestmark = pytest.mark.django_db

# The errors the case and document views turn into a message on the page.
REFUSED = (case_services.CaseError, document_services.DocumentError)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _today() -> datetime.date:
    return timezone.localdate()


def _in_a_campaign(case):
    """The case counted in a campaign of its township (set as a registration in the period would)."""
    ViolationCase.objects.filter(pk=case.pk).update(campaign=CampaignFactory(township=case.village.township))
    return case


# name → (call(case, docs, by, officer), allowed on a closed case)
WRITES = {
    "cases.update_case_facts": (lambda c, d, by, o: case_services.update_case_facts(c, by=by, title="改后的标题"),
                                False),
    "cases.set_case_outline": (lambda c, d, by, o: case_services.set_case_outline(
        c, by=by, how="drawn", geom=shapely.box(120.0, 30.0, 120.001, 30.001)), False),
    "cases.assign_cases": (lambda c, d, by, o: case_services.assign_cases([c], to=o, by=by), False),
    "cases.decide_case": (lambda c, d, by, o: case_services.decide_case(c, by=by, disposition=Disposition.DEMOLISH),
                          False),
    "cases.mark_predating_chain": (lambda c, d, by, o: case_services.mark_predating_chain(
        c, by=by, note="纸质整改通知书已送达"), False),
    "cases.record_notice": (lambda c, d, by, o: case_services.record_notice(
        c, by=by, deadline=_today() + datetime.timedelta(days=10), served_on=_today()), False),
    "cases.replace_notice_deadline": (lambda c, d, by, o: case_services.replace_notice_deadline(
        c, by=by, deadline=_today() + datetime.timedelta(days=10), served_on=_today(), document=d["issued"].pk,
        supersedes=d["served"].pk), False),
    "cases.record_self_correction": (lambda c, d, by, o: case_services.record_self_correction(
        c, by=by, corrected_on=_today()), False),
    "cases.pass_reinspection": (lambda c, d, by, o: case_services.pass_reinspection(c, by=by, inspected_on=_today()),
                                False),
    "cases.fail_reinspection": (lambda c, d, by, o: case_services.fail_reinspection(
        c, by=by, inspected_on=_today(), new_deadline=_today() + datetime.timedelta(days=5), note="未拆除"), False),
    "cases.approve_enforcement": (lambda c, d, by, o: case_services.approve_enforcement(c, by=by, note="同意"), False),
    "cases.record_enforcement": (lambda c, d, by, o: case_services.record_enforcement(
        c, by=by, kind="demolition", carried_out_on=_today()), False),
    "cases.complete_enforcement": (lambda c, d, by, o: case_services.complete_enforcement(
        c, by=by, verified_on=_today()), False),
    "cases.resolve_deferred": (lambda c, d, by, o: case_services.resolve_deferred(c, by=by, note="已纳入规划"), False),
    "cases.withdraw_case": (lambda c, d, by, o: case_services.withdraw_case(c, by=by, reason="重复登记"), False),
    "cases.reopen_case": (lambda c, d, by, o: case_services.reopen_case(c, by=by, reason="回潮"), True),
    "cases.record_disciplinary": (lambda c, d, by, o: case_services.record_disciplinary(
        c, by=by, person_name="李四", measure="warning"), True),
    "cases.add_attachment": (lambda c, d, by, o: case_services.add_attachment(c, by=by, upload=_png()), True),
    "cases.add_note": (lambda c, d, by, o: case_services.add_note(c, by=by, note="电话回访"), True),
    "cases.attach_to_campaign": (lambda c, d, by, o: case_services.attach_to_campaign(
        c, by=by, campaign=CampaignFactory(township=c.village.township), reason="市局交办"), True),
    "cases.detach_from_campaign": (lambda c, d, by, o: case_services.detach_from_campaign(
        _in_a_campaign(c), by=by, reason="属日常巡查"), True),
    "documents.create_document": (lambda c, d, by, o: document_services.create_document(
        c, by=by, kind=DocumentKind.RECTIFICATION), False),
    "documents.update_document": (lambda c, d, by, o: document_services.update_document(
        d["draft"], by=by, requirements="改"), False),
    "documents.issue_document": (lambda c, d, by, o: document_services.issue_document(d["draft"], by=by), False),
    "documents.serve_document": (lambda c, d, by, o: document_services.serve_document(
        d["issued"], by=by, method="direct", served_on=_today(), recipient="当事人"), False),
    "documents.attach_proof": (lambda c, d, by, o: document_services.attach_proof(d["served"], by=by, upload=_png()),
                               True),
    "documents.correct_document": (lambda c, d, by, o: document_services.correct_document(d["issued"], by=by),
                                   False),
    "documents.withdraw_document": (lambda c, d, by, o: document_services.withdraw_document(
        d["draft"], by=by, reason="写错"), False),
    "cases.hand_over": (lambda c, d, by, o: case_services.hand_over(
        c, by=by, document=d["issued"], evidence_files=0, evidence_sha256=""), False),
    "documents.hand_over_case": (lambda c, d, by, o: document_services.hand_over_case(c, by=by), False),
    # 立卷归档 (documents/archive.py records the stored file through it): a closed case, once.
    "cases.record_archive": (lambda c, d, by, o: case_services.record_archive(
        c, by=by, archive=_archive_row(c, by), pages=1, files=0, expected_version=c.version), True),
}


def _archive_row(case, by):
    from django.core.files.base import ContentFile

    from documents.models import CaseArchive

    archive = CaseArchive(case=case, made_by=by, pdf_sha256="d" * 64, pdf_pages=1, zip_sha256="e" * 64)
    archive.pdf.save("case.pdf", ContentFile(b"p"), save=False)
    archive.zip.save("case.zip", ContentFile(b"q"), save=False)
    archive.save()
    return archive
# Readers that take a case: whether it can be handed over, and in whose name a document is issued.
READERS = {"cases.is_writable", "cases.lock_writable", "cases.hand_over_refusal", "documents.issuer_of"}


def _case_writers() -> set[str]:
    """Public functions of the two service modules whose first argument is a case or a case's document."""
    found = set()
    for prefix, module in (("cases", case_services), ("documents", document_services)):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] in ("case", "cases", "document"):
                found.add(f"{prefix}.{name}")
    return found


def test_every_writer_of_a_case_is_in_the_table():
    # A writer missing here could skip the guard; one listed but gone is a stale table.
    assert _case_writers() - READERS == set(WRITES)


@pytest.fixture
def ended_case(case_in, office):
    """A case in ``status`` with a draft, an issued and a served (no proof yet) notice."""

    def make(status):
        case = case_in(status, assignee=None)
        today = _today()
        docs = {
            "draft": CaseDocumentFactory(case=case, created_by=office),
            "issued": CaseDocumentFactory(case=case, created_by=office, status=DocumentStatus.ISSUED,
                                          issued_on=today, issued_by=office, year=today.year, sequence=1,
                                          reference="甲土监〔2026〕整改第001号"),
            "served": CaseDocumentFactory(case=case, created_by=office, status=DocumentStatus.SERVED,
                                          issued_on=today, issued_by=office, year=today.year, sequence=2,
                                          reference="甲土监〔2026〕整改第002号",
                                          deadline=today + datetime.timedelta(days=15)),
        }
        ServiceRecord.objects.create(document=docs["served"], method="direct", served_on=today, recipient="当事人",
                                     recorded_by=office)
        return case, docs

    return make


def _state(case) -> tuple:
    """Everything a write of the case could change."""
    row = ViolationCase.objects.get(pk=case.pk)
    return (
        row.version, row.status, row.title, row.assignee_id, row.deadline, row.closed_on, row.disposition,
        CaseEvent.objects.filter(case=case).count(),
        sorted(CaseDocument.objects.filter(case=case).values_list("pk", "status", "requirements")),
        sorted(ServiceRecord.objects.filter(document__case=case).values_list("pk", "proof")),
        EnforcementAction.objects.filter(case=case).count(),
        DisciplinaryAction.objects.filter(case=case).count(),
        CaseAttachment.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_withdrawn_case_refuses_every_write(name, ended_case, superuser, officer):
    case, docs = ended_case(CaseStatus.WITHDRAWN)
    before = _state(case)
    call, _ = WRITES[name]
    with pytest.raises(REFUSED):
        call(ViolationCase.objects.get(pk=case.pk), docs, superuser, officer)
    assert _state(case) == before


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_closed_case_takes_only_reopening_and_the_records_kept_after_closing(name, ended_case, superuser,
                                                                               officer):
    case, docs = ended_case(CaseStatus.CLOSED)
    before = _state(case)
    call, allowed = WRITES[name]
    fresh = ViolationCase.objects.get(pk=case.pk)
    if not allowed:
        with pytest.raises(REFUSED):
            call(fresh, docs, superuser, officer)
        assert _state(case) == before
        return
    call(fresh, docs, superuser, officer)
    after = ViolationCase.objects.get(pk=case.pk)
    assert after.version == before[0] + 1
    assert CaseEvent.objects.filter(case=case).count() == before[7] + 1


@pytest.mark.parametrize("name", sorted(WRITES))
def test_an_archived_case_takes_only_its_reopening(name, ended_case, superuser, officer):
    """立卷归档 locks the closed case: even what a closed case still takes is refused; the head reopens it."""
    case, docs = ended_case(CaseStatus.CLOSED)
    ViolationCase.objects.filter(pk=case.pk).update(archived_at=timezone.now(), archive_sha256="d" * 64)
    before = _state(case)
    call, _ = WRITES[name]
    fresh = ViolationCase.objects.get(pk=case.pk)
    if name == "cases.reopen_case":
        call(fresh, docs, superuser, officer)
        after = ViolationCase.objects.get(pk=case.pk)
        assert after.status == CaseStatus.REGISTERED and after.archived_at is None and after.archive_sha256 == ""
        return
    with pytest.raises(REFUSED):
        call(fresh, docs, superuser, officer)
    assert _state(case) == before


def test_the_re_inspection_opinion_is_still_drafted_on_a_closed_case(ended_case, superuser):
    # It records the re-inspection that closed the case; a new notice or demand is refused.
    case, _ = ended_case(CaseStatus.CLOSED)
    opinion = document_services.create_document(case, by=superuser, kind=DocumentKind.REINSPECTION)
    issued = document_services.issue_document(opinion, by=superuser)
    assert issued.status == DocumentStatus.ISSUED
    with pytest.raises(REFUSED):
        document_services.create_document(case, by=superuser, kind=DocumentKind.DEMAND)


def test_the_refusal_reaches_the_user_as_a_message(client, ended_case, office):
    case, _ = ended_case(CaseStatus.WITHDRAWN)
    client.force_login(office)
    response = client.post(f"/cases/{case.pk}/note/", {"note": "电话回访"}, follow=True)
    assert response.status_code == 200
    assert f"案件 {case.number} 已撤回，不能再作任何更改。" in response.content.decode()
    assert not CaseEvent.objects.filter(case=case).exists()


def test_the_case_page_offers_only_what_the_guard_lets_through(client, case_in, office):
    client.force_login(office)
    withdrawn = client.get(f"/cases/{case_in(CaseStatus.WITHDRAWN).pk}/").content.decode()
    assert "/note/" not in withdrawn and "/evidence/" not in withdrawn and "/disciplinary/" not in withdrawn
    assert 'data-action="edit-facts"' not in withdrawn
    closed = client.get(f"/cases/{case_in(CaseStatus.CLOSED).pk}/").content.decode()
    assert "/note/" in closed and "/evidence/" in closed and 'data-action="edit-facts"' not in closed

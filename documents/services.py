"""Every write to a case document: draft, edit, issue, serve, correct, withdraw.

Each function takes the acting user as ``by=`` (keyword-only), checks the permission of
``documents/rules.py`` against the document's case, locks the document row
(``select_for_update``), saves with ``update_fields`` and leaves a trace on the case's
timeline in the same transaction — through ``cases.services`` only, so the lifecycle and
``CaseEvent`` stay in one place:

- serving a rectification notice (整改通知书) on a registered case calls
  ``cases.services.record_notice`` with the deadline counted from the service date, which
  moves the case to "notified" and writes the "notified" event;
- serving a corrected rectification notice on a case already notified calls
  ``cases.services.replace_notice_deadline``: the correction's deadline becomes the
  case's, the event keeps the old one;
- every other issue, service, correction and withdrawal writes a timeline note through
  ``cases.services.add_note``.

Stored files (proofs of service) are deleted again when their transaction fails
(``landwatch.uploads.discard_files_on_error``): a rollback leaves no orphan on disk.

A served document is locked: every writer here raises ``DocumentLocked`` for it. Every
writer also locks the document's case and asks the cases' one guard whether the case's
status takes the write (``_writable``): nothing on a withdrawn case; on a closed case only
the re-inspection opinion and a late proof of service.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import acts, penalty
from cases import services as case_services
from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase
from landwatch.uploads import IMAGES_AND_PDF, check_upload, discard_files_on_error, sha256_of

from .drafting import draft_text, number_text, official_language
from .evidence import EvidenceRefused, evidence_manifest
from .models import (
    EDITABLE_STATUSES,
    INTERNAL_KINDS,
    KINDS_WITH_DEADLINE,
    PUBLISHED_KINDS,
    CaseDocument,
    DocumentKind,
    DocumentSequence,
    DocumentStatus,
    ServiceMethod,
    ServiceRecord,
)
from .rules import draft_perm

TEXT_FIELDS = ("party_name", "party_address", "location_text", "facts", "legal_basis", "requirements",
               "deadline_days")


class DocumentError(Exception):
    """A write the document's state or the input does not allow; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DocumentLocked(DocumentError):
    """The document was served (or superseded, withdrawn): its text can no longer change."""


def _require_perm(by, perm: str, case: ViolationCase) -> None:
    if not by.has_perm(perm, case):
        raise PermissionDenied(_("You may not do this on this case's documents."))


def _lock(document: CaseDocument) -> CaseDocument:
    return (
        CaseDocument.objects.select_for_update(of=("self",))
        .select_related("case", "case__village", "case__party", "township")
        .get(pk=document.pk)
    )


def _follow(document: CaseDocument, locked: CaseDocument, fields) -> None:
    """The caller's object follows the saved row, so a view can redirect or render with it."""
    for name in fields:
        setattr(document, name, getattr(locked, name))


def _note(case: ViolationCase, *, by, text: str, occurred_on: datetime.date | None = None) -> CaseEvent:
    fresh = ViolationCase.objects.get(pk=case.pk)
    return case_services.add_note(fresh, by=by, note=text, occurred_on=occurred_on)


def write_of(kind: str, *, proof: bool = False) -> str:
    """What writing a document of ``kind`` is to the cases' one guard (``cases.services.check_writable``):
    none is taken on a withdrawn case; on a closed case only the records of what closed it — the
    re-inspection opinion and a proof of service — never a new notice or demand."""
    return "record" if proof or kind == DocumentKind.REINSPECTION else "document"


def _writable(case: ViolationCase, kind: str, *, proof: bool = False) -> ViolationCase:
    """Lock the case and apply the guard; call inside the write's transaction."""
    return case_services.lock_writable(case, write=write_of(kind, proof=proof))


def _refuse_internal(kind: str) -> None:
    """The papers a procedural step makes (``INTERNAL_KINDS``: 立案审批表, 笔录, 调查报告) are made,
    numbered and signed by that step (``record_document``), never drafted, edited, corrected or
    served here: a signed 笔录 is not rewritten (行政处罚法 第四十二条 makes its officers part of it).
    A wrong one is withdrawn with a reason and made again."""
    if kind in INTERNAL_KINDS:
        raise DocumentLocked(_("%(kind)s is made and signed by its step of the procedure: it is not drafted, "
                               "edited, corrected or served here. Withdraw it with a reason and make it again.")
                             % {"kind": DocumentKind(kind).label})


def _label(document: CaseDocument) -> str:
    with official_language():
        return f"{document.get_kind_display()} {document.reference}".strip()


# --- numbering ---------------------------------------------------------------------------


def next_document_number(township, year: int, kind: str, *, sequences=DocumentSequence) -> int:
    """Allocate the next number of ``kind`` in ``year`` for ``township``; call inside a transaction.

    The sequence row is created if missing (a concurrent creator makes ``get_or_create``
    fall back to reading it), then locked, so two issues at the same moment get
    consecutive numbers, never the same one. On SQLite the writing transaction locks the
    whole database, which serialises them just the same. ``sequences`` is the model
    (the data migration passes its historical one).
    """
    sequences.objects.get_or_create(township=township, year=year, kind=kind)
    seq = sequences.objects.select_for_update().get(township=township, year=year, kind=kind)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def _prefix(township) -> str:
    return township.document_prefix or township.name


# A number as printed on a paper notice: the issuer's word, the year in brackets, the number
# (GB/T 9704-2012《党政机关公文格式》7.2.4: "发文字号由发文机关代字、年份、发文顺序号组成。年份、发文
# 顺序号用阿拉伯数字标注；年份应标全称，用六角括号"〔〕"括入"). Clerks type 〔〕 as [] or () too.
_PAPER_NUMBER = re.compile(r"[〔\[［（(【]\s*(\d{4})\s*[〕\]］）)】]\D*?(\d{1,6})\s*号?\s*$")


def paper_number(reference: str) -> tuple[int, int]:
    """The year and the sequence number of a document number written on paper (丰土监〔2022〕整改第017号).

    Raises ``DocumentError`` when the text does not hold a year in brackets followed by a number.
    """
    match = _PAPER_NUMBER.search((reference or "").strip())
    if not match or not 1 <= int(match.group(2)):
        raise DocumentError(_("Write the number as printed, with the year in brackets: %(example)s.")
                            % {"example": "甲土监〔2022〕整改第017号"})
    return int(match.group(1)), int(match.group(2))


def numbers_in_use(townships, kind: str, numbers: list[tuple[str, int, int]]) -> dict[tuple, CaseDocument]:
    """Which of ``numbers`` (reference, year, sequence) a document of ``kind`` of ``townships`` already has.

    One query however many numbers are asked about: the survey import checks a whole list with it.
    Returns {(township_id, reference or (year, sequence)): the document that has it}.
    """
    if not numbers:
        return {}
    found = (CaseDocument.objects.filter(Q(issuer__in=townships) | Q(issuer__isnull=True, township__in=townships),
                                         kind=kind)
             .filter(Q(reference__in={r for r, _y, _s in numbers})
                     | Q(year__in={y for _r, y, _s in numbers}, sequence__in={s for _r, _y, s in numbers}))
             .select_related("case").only("township_id", "reference", "year", "sequence", "case__number"))
    taken: dict[tuple, CaseDocument] = {}
    for document in found:
        taken[(document.township_id, document.reference)] = document
        taken[(document.township_id, (document.year, document.sequence))] = document
    return taken


# --- act dates ---------------------------------------------------------------------------------


def check_act_dates(*, discovered_on: datetime.date | None = None, registered_on: datetime.date | None = None,
                    issued_on: datetime.date | None = None, served_on: datetime.date | None = None,
                    deadline: datetime.date | None = None) -> None:
    """The dates of a case's acts as written on paper, checked together before the case exists
    (the import of a campaign in flight), by the services' own rule (``cases.acts.check_act_date``).

    Registered not before discovered; signed not before the registration (or the discovery);
    served not before signed; none after today; the deadline after the service. Raises
    ``ValidationError`` keyed by the date's name, every broken rule at once; no query.
    """
    errors: dict[str, str] = {}

    def check(name: str, on, act: str, after, after_act: str) -> bool:
        if on is None:
            return False
        try:
            acts.check_act_date(None, on, act=act, after=after, after_act=after_act)
        except case_services.ActDateError as exc:
            errors[name] = exc.message
            return False
        return True

    start, start_act = discovered_on, acts.ACTS["discovery"]
    if check("registered_on", registered_on, acts.ACTS[EventKind.REGISTERED], discovered_on, acts.ACTS["discovery"]):
        start, start_act = registered_on, acts.ACTS[EventKind.REGISTERED]
    signed = check("issued_on", issued_on, acts.ACTS["issue"], start, start_act)
    check("served_on", served_on, acts.ACTS[EventKind.NOTIFIED], issued_on if signed else start,
          acts.ACTS["issue"] if signed else start_act)
    if deadline is not None and served_on is not None and deadline <= served_on:
        errors["deadline"] = _("The deadline must be after the service date.")
    if errors:
        raise ValidationError(errors)


# --- drafting and editing ------------------------------------------------------------------


@transaction.atomic
def create_document(case: ViolationCase, *, by, kind: str, supersedes: CaseDocument | None = None,
                    presiding=None, **text) -> CaseDocument:
    """A new draft of ``kind`` for ``case``; text not given is generated from the case.

    ``presiding``: the presiding officer a 听证通知书 names (``cases.penalty.schedule_hearing``); a
    correction of one names the officer of the notice it corrects."""
    if kind not in DocumentKind.values:
        raise DocumentError(_("Unknown kind of document."))
    _refuse_internal(kind)
    case = ViolationCase.objects.select_related("village", "village__township", "party").get(pk=case.pk)
    _require_perm(by, draft_perm(kind), case)
    case = _writable(case, kind)
    if kind == DocumentKind.RECTIFICATION:
        case_services.check_notice_may_order(case)  # demolition is a penalty's (办法 第四条)
    if kind == DocumentKind.TRANSFER and supersedes is None and case_services.hand_over_refusal(case):
        raise DocumentError(case_services.hand_over_refusal(case))
    _check_penalty_stage(case, kind)
    if kind == DocumentKind.DEMOLITION_ANNOUNCEMENT and supersedes is None:
        _check_announcement(case)
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"not document text: {sorted(unknown)}")
    values = {**draft_text(case, kind), **text}
    if kind not in KINDS_WITH_DEADLINE:
        values["deadline_days"] = None
    if kind == DocumentKind.HEARING_SUMMONS and presiding is None and supersedes is not None:
        presiding = supersedes.presiding
    document = CaseDocument(
        case=case, township=case.village.township, issuer=issuer_of(case, kind), kind=kind, supersedes=supersedes,
        created_by=by, presiding=presiding if kind == DocumentKind.HEARING_SUMMONS else None, **values
    )
    if kind in KINDS_WITH_DEADLINE and not document.deadline_days:
        raise DocumentError(_("Give the number of days the party has."))
    document.full_clean(exclude=["case", "township", "created_by", "supersedes"])
    document.save()
    return document


def issuer_of(case: ViolationCase, kind: str):
    """The unit a new document of ``kind`` is issued in the name of: the case's 办案机关, whose
    letterhead and numbers it carries (行政处罚法 第二十二条: the competent authority acts); the
    township for the 案件移送书 by which it hands the case over (自然资源行政处罚办法 第十一条), and
    while no authority is on record (``case.authority`` empty)."""
    if kind == DocumentKind.TRANSFER or case.authority_id is None:
        return case.village.township
    return case.authority


# The stage of the penalty chain each of its papers belongs to (cases/penalty.py): the notices
# while the case is reviewed or informed, the decision only once it is decided — a notice never
# stands in for a decision.
PENALTY_STAGES = {
    DocumentKind.PENALTY_NOTICE: penalty.REVIEW_STATUSES,
    DocumentKind.HEARING_NOTICE: penalty.REVIEW_STATUSES,
    DocumentKind.HEARING_RECORD: frozenset({CaseStatus.INFORMED}),
    DocumentKind.HEARING_SUMMONS: penalty.REVIEW_STATUSES,
    DocumentKind.PENALTY_DECISION: frozenset({CaseStatus.DECIDED}),
    # 中止 / 恢复调查通知书: until the decision, and only once the act it tells of is on record.
    DocumentKind.SUSPENSION_NOTICE: penalty.NOTICE_STATUSES,
    DocumentKind.RESUMPTION_NOTICE: penalty.NOTICE_STATUSES,
    # 公告 before the township's own demolition (行政强制法 第四十四条): on the decided case only.
    DocumentKind.DEMOLITION_ANNOUNCEMENT: frozenset({CaseStatus.DECIDED}),
}


def _check_announcement(case: ViolationCase) -> None:
    """The 公告 of 行政强制法 第四十四条 comes only where the township itself may demolish (城乡规划法
    第六十五条: its own case ordering demolition) and after the decision is served: it announces a
    decision in effect."""
    from cases import enforcement

    if not enforcement.township_may_demolish(case):
        raise DocumentError(_("Only the township's own case ordering demolition is announced for its own demolition "
                              "(城乡规划法 第六十五条; 行政强制法 第四十四条); otherwise apply to the court."))
    if not case.documents.filter(kind=DocumentKind.PENALTY_DECISION, status=DocumentStatus.SERVED).exists():
        raise DocumentError(_("The penalty decision has not been served: there is nothing to announce yet."))


def _check_penalty_stage(case: ViolationCase, kind: str) -> None:
    stages = PENALTY_STAGES.get(kind)
    if stages is not None and case.status not in stages:
        if kind == DocumentKind.PENALTY_DECISION:
            raise DocumentError(_("A penalty decision is drafted only once the penalty has been decided on the case "
                                  "(行政处罚法 第五十七条、第五十九条)."))
        if kind == DocumentKind.DEMOLITION_ANNOUNCEMENT:
            raise DocumentError(_("The case is “%(status)s”: an announcement to demolish belongs to a decided case "
                                  "before its enforcement (行政强制法 第四十四条).")
                                % {"status": case.get_status_display()})
        raise DocumentError(_("The case is “%(status)s”: this document belongs to the review, notice and hearing "
                              "of the penalty procedure.") % {"status": case.get_status_display()})
    act = penalty.SUSPENSION_NOTICES.get(kind)
    if act is not None and not case.events.filter(kind=act).exists():
        raise DocumentError(_("No %(act)s of the investigation is recorded on this case: there is nothing to notify "
                              "(自然资源行政处罚办法 第二十七条).") % {"act": acts.ACTS[act]})


def update_document(document: CaseDocument, *, by, **text) -> CaseDocument:
    """Change the text of a draft or of an issued document not yet served.

    Raises ``DocumentLocked`` once the document is served (and for superseded or
    withdrawn ones): a correction is then a new document (``correct_document``).
    """
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"not document text: {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock(document)
        _require_perm(by, draft_perm(locked.kind), locked.case)
        _writable(locked.case, locked.kind)
        _refuse_internal(locked.kind)
        if locked.status not in EDITABLE_STATUSES:
            raise DocumentLocked(
                _("This document is %(status)s and can no longer be changed; issue a correction instead.")
                % {"status": locked.get_status_display()}
            )
        if not locked.has_deadline:
            text.pop("deadline_days", None)
        changed = [name for name, value in text.items() if getattr(locked, name) != value]
        if not changed:
            return document
        for name in changed:
            setattr(locked, name, text[name])
        if locked.has_deadline and not locked.deadline_days:
            raise DocumentError(_("Give the number of days the party has."))
        locked.full_clean(exclude=["case", "township", "created_by", "supersedes", "source_event", "issued_by",
                                   "withdrawn_by"])
        locked.save(update_fields=[*changed, "updated_at"])
        _follow(document, locked, [*changed, "updated_at"])
    return document


# --- issuing -------------------------------------------------------------------------------


def issue_document(document: CaseDocument, *, by, issued_on: datetime.date | None = None,
                   reference: str = "") -> CaseDocument:
    """签发: number and date a draft, signed on ``issued_on`` (today by default; a document signed on
    paper earlier carries that day: not after today, not before the case's registration nor the
    issue of the document it corrects). A correction makes the document it supersedes "superseded".
    Its number's year is the year it was signed.

    ``reference`` is the number a notice signed on paper already carries (the import of a
    campaign in flight): it is kept as printed, never allocated again, and refused when a
    document of the township already has it; the year's sequence moves past it, so the next
    number allocated here follows the paper ones.
    """
    reference = (reference or "").strip()
    paper = paper_number(reference) if reference else None
    with transaction.atomic():
        locked = _lock(document)
        _require_perm(by, "documents.issue", locked.case)
        if locked.status != DocumentStatus.DRAFT:
            raise DocumentError(_("Only a draft can be issued."))
        if locked.kind == DocumentKind.HEARING_SUMMONS and locked.presiding_id is None:
            # The party is told who presides, to be able to ask for the officer's withdrawal
            # (行政处罚法 第六十四条(四)); the hearing's record then names the same officer.
            raise DocumentError(_(
                "This notice names no presiding officer: draft the notice of the hearing's time and place from the "
                "case page (“Notify the hearing's time and place”), which names the presiding officer "
                "(行政处罚法 第六十四条(二)(四))."))
        case = _writable(locked.case, locked.kind)
        old = None
        if locked.supersedes_id:
            old = CaseDocument.objects.select_for_update().get(pk=locked.supersedes_id)
            if old.status not in (DocumentStatus.ISSUED, DocumentStatus.SERVED):
                raise DocumentError(_("The document this one corrects is no longer valid."))
        issued_on = acts.check_act_date(case, issued_on, act=acts.ACTS["issue"],
                                        after=old.issued_on if old is not None else None,
                                        after_act=acts.ACTS["corrected_issue"])
        if old is not None:
            old.status = DocumentStatus.SUPERSEDED
            old.save(update_fields=["status", "updated_at"])
        if paper is not None:
            # A number printed on paper is the township's own (the campaign's notices): it keeps it.
            locked.issuer = locked.township
            locked.year, locked.sequence = paper
            locked.reference = reference
            _take_paper_number(locked)
        else:
            locked.year = issued_on.year
            locked.sequence = next_document_number(locked.issuing_unit, locked.year, locked.kind)
            locked.reference = number_text(
                prefix=_prefix(locked.issuing_unit), year=locked.year, kind=locked.kind, sequence=locked.sequence
            )
        locked.status = DocumentStatus.ISSUED
        locked.issued_by = by
        locked.issued_on = issued_on
        fields = ["issuer", "year", "sequence", "reference", "status", "issued_by", "issued_on", "updated_at"]
        locked.save(update_fields=fields)
        _follow(document, locked, fields)
        text = _("%(document)s issued.") % {"document": _label(locked)}
        if locked.supersedes_id:
            text += " " + _("It corrects and supersedes %(old)s.") % {"old": _label(locked.supersedes)}
        _note(locked.case, by=by, text=text, occurred_on=issued_on)
    return document


def record_document(locked_case: ViolationCase, *, by, kind: str, issued_on: datetime.date, **text) -> CaseDocument:
    """An internal paper of ``kind`` made and numbered at once, as part of the procedural step that
    makes it (``cases.procedure``), which has checked the actor's right and locked ``locked_case``
    inside its transaction. Numbered like every document (per issuing authority, year and kind); the
    step's own event stands for it on the timeline, so no note is written here.
    """
    if kind not in INTERNAL_KINDS:
        raise ValueError(f"{kind!r} is served on the party: draft, issue and serve it instead")
    # No order to the party on an internal paper: the notice's requirements are not drafted in.
    values = {**draft_text(locked_case, kind), "requirements": "", **text, "deadline_days": None}
    # In the name of the 办案机关 like every paper of its procedure (``issuer_of``): a county
    # department's 笔录 carry its letterhead and numbers, not the township's.
    document = CaseDocument(case=locked_case, township=locked_case.village.township,
                            issuer=issuer_of(locked_case, kind), kind=kind, created_by=by,
                            status=DocumentStatus.ISSUED, issued_by=by, issued_on=issued_on, year=issued_on.year,
                            **values)
    document.sequence = next_document_number(document.issuing_unit, document.year, kind)
    document.reference = number_text(prefix=_prefix(document.issuing_unit), year=document.year, kind=kind,
                                     sequence=document.sequence)
    document.full_clean(exclude=["case", "township", "created_by", "issued_by"])
    document.save()
    return document


def _take_paper_number(locked: CaseDocument) -> None:
    """Refuse a paper number already used in the township; move the year's sequence past it."""
    DocumentSequence.objects.get_or_create(township=locked.township, year=locked.year, kind=locked.kind)
    seq = DocumentSequence.objects.select_for_update().get(township=locked.township, year=locked.year,
                                                           kind=locked.kind)
    taken = numbers_in_use([locked.township], locked.kind, [(locked.reference, locked.year, locked.sequence)])
    clash = taken.get((locked.township_id, locked.reference)) or taken.get(
        (locked.township_id, (locked.year, locked.sequence)))
    if clash is not None and clash.pk != locked.pk:
        raise DocumentError(_("The number %(number)s is already used by a document of case %(case)s.")
                            % {"number": locked.reference, "case": clash.case.number})
    if seq.last < locked.sequence:
        seq.last = locked.sequence
        seq.save(update_fields=["last"])


# --- service -------------------------------------------------------------------------------


def _check_proof(upload: UploadedFile | None) -> tuple[str, str]:
    if upload is None:
        return "", ""
    return check_upload(upload, allowed=IMAGES_AND_PDF), sha256_of(upload)


def serve_document(document: CaseDocument, *, by, method: str, served_on: datetime.date | None = None,
                   recipient: str = "",
                   signer: str = "", server: str = "", note: str = "",
                   proof: UploadedFile | None = None) -> ServiceRecord:
    """送达: record how the document reached the party; the deadline runs from ``served_on``.

    ``served_on`` is the day it was served (today by default; a service done on paper earlier
    carries that day: not after today, not before the document's issue, ``cases.acts``), so a
    notice served sixty days ago with thirty days given is overdue the day it is entered.

    A rectification notice on a registered case moves it to "notified" through
    ``cases.services.record_notice`` (deadline = service date + the days given). A
    corrected rectification notice served on a notified case replaces the case's
    deadline through ``cases.services.replace_notice_deadline`` (its event keeps the old
    one). Any other document is noted on the timeline. A stored proof of service is
    deleted again when anything here fails. Raises ``DocumentError`` (or ``cases.services.CaseError``) and changes
    nothing when the document or the case does not allow it.
    """
    proof_type, digest = _check_proof(proof)
    # The proof is stored before the case moves: when the case refuses (stale, wrong
    # state), the transaction rolls back and the stored file goes with it.
    with discard_files_on_error() as stored, transaction.atomic():
        locked = _lock(document)
        case = locked.case
        _require_perm(by, "documents.serve", case)
        case = _writable(case, locked.kind)
        _refuse_internal(locked.kind)
        if locked.status == DocumentStatus.SERVED:
            raise DocumentLocked(_("This document was already served."))
        if locked.status != DocumentStatus.ISSUED:
            raise DocumentError(_("Only an issued document can be served."))
        _check_penalty_stage(case, locked.kind)
        served_on = acts.check_act_date(case, served_on, act=acts.ACTS[EventKind.NOTIFIED], after=locked.issued_on,
                                        after_act=acts.ACTS["issue"])
        if locked.kind in PUBLISHED_KINDS:
            # A 公告 is posted, not handed to anyone (行政强制法 第四十四条): recorded as published.
            method, recipient, signer = ServiceMethod.PUBLIC, "", ""
        if not method:
            raise DocumentError(_("Choose how the document was served."))
        counted = locked.count_deadline(method=method, served_on=served_on)
        locked.deadline = counted.date if counted else None
        locked.deadline_basis = counted.as_json() if counted else {}
        locked.status = DocumentStatus.SERVED
        locked.save(update_fields=["deadline", "deadline_basis", "status", "updated_at"])
        record = ServiceRecord(document=locked, method=method, served_on=served_on, recipient=recipient.strip(),
                               signer=signer.strip(), server=server.strip(), note=note.strip(), recorded_by=by)
        record.full_clean(exclude=["document", "recorded_by", "proof"])
        if proof is not None:
            record.proof_type, record.proof_sha256 = proof_type, digest
            record.proof_name, record.proof_size = (proof.name or "")[:200], proof.size
            record.proof.save(proof.name or "proof", proof, save=False)
            stored(record.proof)
        record.save()
        _follow(document, locked, ["deadline", "deadline_basis", "status", "updated_at"])
        with official_language():
            how = record.get_method_display()
        if locked.kind == DocumentKind.RECTIFICATION and case.status == CaseStatus.REGISTERED:
            fresh = ViolationCase.objects.get(pk=case.pk)
            requirements = f"{_label(locked)}（{how}）\n{locked.requirements}".strip()
            case_services.record_notice(fresh, by=by, deadline=locked.deadline, served_on=served_on,
                                        requirements=requirements, deadline_basis=locked.deadline_basis)
            event = CaseEvent.objects.filter(case=case, kind=EventKind.NOTIFIED).order_by("-at", "-id").first()
            locked.source_event = event
            locked.save(update_fields=["source_event"])
        elif locked.kind == DocumentKind.RECTIFICATION and locked.supersedes_id and case.status == CaseStatus.NOTIFIED:
            # A correction of the notice the case runs on: its deadline becomes the case's.
            fresh = ViolationCase.objects.get(pk=case.pk)
            text = _("%(document)s served on %(date)s (%(method)s); it corrects %(old)s.") % {
                "document": _label(locked), "date": served_on.isoformat(), "method": how,
                "old": _label(locked.supersedes)}
            locked.source_event = case_services.replace_notice_deadline(
                fresh, by=by, deadline=locked.deadline, served_on=served_on, note=text,
                document=locked.pk, supersedes=locked.supersedes_id, deadline_basis=locked.deadline_basis,
            )
            locked.save(update_fields=["source_event"])
        elif locked.kind == DocumentKind.TRANSFER and locked.supersedes_id is None:
            # 移送: the letter served on the authority hands the case over, with the evidence file.
            try:
                files, digest = evidence_manifest(case)
            except EvidenceRefused as exc:
                raise DocumentError(exc.message) from exc
            fresh = ViolationCase.objects.get(pk=case.pk)
            case_services.hand_over(fresh, by=by, on=served_on, document=locked, evidence_files=files,
                                    evidence_sha256=digest, note=note)
            locked.source_event = CaseEvent.objects.filter(case=case, kind=EventKind.HANDED_OVER).order_by(
                "-at", "-id").first()
            locked.save(update_fields=["source_event"])
        elif locked.kind == DocumentKind.PENALTY_NOTICE and case.status == CaseStatus.REVIEWING:
            # 告知: the case is informed from this service (cases/penalty.py).
            fresh = ViolationCase.objects.get(pk=case.pk)
            penalty.inform_party(fresh, by=by, served_on=served_on, document=locked.pk, method=method)
            locked.source_event = CaseEvent.objects.filter(case=case, kind=EventKind.PARTY_INFORMED).latest("at", "id")
            locked.save(update_fields=["source_event"])
        elif locked.kind == DocumentKind.PENALTY_DECISION:
            # The decision takes effect on service; its days to comply become the case's deadline.
            fresh = ViolationCase.objects.get(pk=case.pk)
            locked.source_event = penalty.record_decision_service(
                fresh, by=by, served_on=served_on, comply_by=locked.deadline, document=locked.pk, method=method)
            locked.save(update_fields=["source_event"])
        else:
            text = _("%(document)s served on %(date)s (%(method)s).") % {
                "document": _label(locked), "date": served_on.isoformat(), "method": how}
            if locked.deadline:
                text += " " + _("Deadline: %(date)s.") % {"date": locked.deadline.isoformat()}
            late = penalty.late_suspension_notice(case, locked.kind, served_on=served_on, method=method)
            if late is not None:
                text += " " + _("Served late: it was due by %(date)s (three working days, 自然资源行政处罚办法 "
                                "第二十七条); a procedural flaw, the suspension or resumption stands.") % {
                    "date": late.date.isoformat()}
            _note(case, by=by, text=text, occurred_on=served_on)
    return record


def hand_over_case(case: ViolationCase, *, by, on: datetime.date | None = None, note: str = "",
                   expected_version: int | None = None) -> CaseDocument:
    """移送 in one step: the 案件移送书 generated from the case, numbered in the township's sequence,
    and recorded as served on the authority that day, which hands the case over with its evidence
    file (``serve_document`` → ``cases.services.hand_over``). All or nothing; returns the letter.
    """
    with transaction.atomic():
        fresh = ViolationCase.objects.select_related("village", "authority").get(pk=case.pk)
        if expected_version is not None and fresh.version != expected_version:
            raise case_services.StaleCaseError(_("The case was changed meanwhile; look at it again."))
        letter = create_document(fresh, by=by, kind=DocumentKind.TRANSFER)
        issue_document(letter, by=by, issued_on=on)
        authority = fresh.authority
        serve_document(letter, by=by, method="direct", served_on=on, note=note,
                       recipient=(authority.letterhead or authority.name) if authority else "")
    return letter


def attach_proof(document: CaseDocument, *, by, upload: UploadedFile) -> ServiceRecord:
    """Add the scanned proof of service to a service recorded without it (never replace one)."""
    proof_type, digest = _check_proof(upload)
    with discard_files_on_error() as stored, transaction.atomic():
        locked = _lock(document)
        _require_perm(by, "documents.serve", locked.case)
        _writable(locked.case, locked.kind, proof=True)
        record = ServiceRecord.objects.select_for_update().filter(document=locked).first()
        if record is None:
            raise DocumentError(_("Record the service first."))
        if record.proof:
            raise DocumentLocked(_("The proof of service is already stored and cannot be replaced."))
        record.proof_type, record.proof_sha256 = proof_type, digest
        record.proof_name, record.proof_size = (upload.name or "")[:200], upload.size
        record.proof.save(upload.name or "proof", upload, save=False)
        stored(record.proof)
        record.save(update_fields=["proof", "proof_type", "proof_sha256", "proof_name", "proof_size"])
        _note(locked.case, by=by, text=_("Proof of service of %(document)s added (SHA-256 %(hash)s).")
              % {"document": _label(locked), "hash": digest})
    return record


# --- correction and withdrawal ----------------------------------------------------------------


def correct_document(document: CaseDocument, *, by) -> CaseDocument:
    """Start a correction: a new draft with the same text that will supersede ``document`` when issued."""
    with transaction.atomic():
        locked = _lock(document)
        _require_perm(by, "documents.issue", locked.case)
        _writable(locked.case, locked.kind)
        _refuse_internal(locked.kind)
        if locked.status not in (DocumentStatus.ISSUED, DocumentStatus.SERVED):
            raise DocumentError(_("Only an issued or served document can be corrected."))
        pending = locked.corrections.filter(status__in=[DocumentStatus.DRAFT, DocumentStatus.ISSUED]).first()
        if pending is not None:
            return pending
        text = {name: getattr(locked, name) for name in TEXT_FIELDS}
        return create_document(locked.case, by=by, kind=locked.kind, supersedes=locked, **text)


def withdraw_document(document: CaseDocument, *, by, reason: str) -> CaseDocument:
    """Withdraw a draft or an issued document that was not served; kept with the reason, never deleted."""
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError(_("A reason is required."))
    with transaction.atomic():
        locked = _lock(document)
        _require_perm(by, "documents.issue", locked.case)
        _writable(locked.case, locked.kind)
        if locked.status == DocumentStatus.SERVED:
            raise DocumentLocked(_("A served document cannot be withdrawn; issue a correction instead."))
        if locked.status not in EDITABLE_STATUSES:
            raise DocumentError(_("This document is no longer valid."))
        was_issued = locked.status == DocumentStatus.ISSUED
        locked.status = DocumentStatus.WITHDRAWN
        locked.withdrawn_reason, locked.withdrawn_by, locked.withdrawn_at = reason, by, timezone.now()
        fields = ["status", "withdrawn_reason", "withdrawn_by", "withdrawn_at", "updated_at"]
        locked.save(update_fields=fields)
        _follow(document, locked, fields)
        if was_issued:
            _note(locked.case, by=by, text=_("%(document)s withdrawn: %(reason)s")
                  % {"document": _label(locked), "reason": reason})
    return document


# --- the interim notices -----------------------------------------------------------------------


def adopt_interim_notices(*, stdout=None, apps=None) -> int:
    """Give every interim notice event (a "notified" event without a document) its served document.

    Before this app existed, ``cases.services.record_notice`` recorded a rectification
    notice as an event carrying its deadline and service date. Each such event becomes a
    served rectification notice, numbered in its service year, with a service record
    whose method is left blank (the event did not say). Idempotent: an event already
    linked to a document is skipped. Writes no new event: the event is the history.

    ``apps`` is the model registry to use: the data migration passes its historical
    one, so this code may use fields and ``get_FOO_display`` only, never model methods.
    """
    if apps is None:
        from django.apps import apps
    models = {name: apps.get_model(app, name) for app, name in (
        ("cases", "CaseEvent"), ("documents", "CaseDocument"), ("documents", "ServiceRecord"),
        ("documents", "DocumentSequence"))}
    events = (
        models["CaseEvent"].objects.filter(kind=EventKind.NOTIFIED, document__isnull=True)
        .select_related("case", "case__village", "case__village__township", "case__party", "case__created_by",
                        "actor")
        .order_by("at", "id")
    )
    adopted = 0
    for event in events:
        with transaction.atomic():
            _adopt(event, models)
        adopted += 1
    if stdout is not None:
        stdout.write(f"    adopted {adopted} interim notice events as documents")
    return adopted


def _adopt(event, models: dict):
    CaseDocument_, ServiceRecord_ = models["CaseDocument"], models["ServiceRecord"]
    case = event.case
    data = event.data or {}
    at = timezone.localdate(event.at)
    served_on = datetime.date.fromisoformat(data["served_on"]) if data.get("served_on") else at
    deadline = datetime.date.fromisoformat(data["deadline"]) if data.get("deadline") else None
    actor = event.actor or case.created_by
    township = case.village.township
    values = draft_text(case, DocumentKind.RECTIFICATION)
    if event.note:
        values["requirements"] = event.note
    values["deadline_days"] = max((deadline - served_on).days, 1) if deadline else None
    sequence = next_document_number(township, served_on.year, DocumentKind.RECTIFICATION,
                                    sequences=models["DocumentSequence"])
    document = CaseDocument_.objects.create(
        case=case, township=township, kind=DocumentKind.RECTIFICATION, status=DocumentStatus.SERVED,
        year=served_on.year, sequence=sequence,
        reference=number_text(prefix=township.document_prefix or township.name, year=served_on.year,
                              kind=DocumentKind.RECTIFICATION, sequence=sequence),
        deadline=deadline, source_event=event, issued_by=actor, issued_on=served_on, created_by=actor,
        created_at=event.at, **values,
    )
    with official_language():
        note = _("Adopted from the notice recorded on the case timeline before documents existed; "
                 "the method of service was not recorded.")
    ServiceRecord_.objects.create(document=document, served_on=served_on, recipient=case.party.name, note=note,
                                  recorded_by=actor, recorded_at=event.at)
    return document

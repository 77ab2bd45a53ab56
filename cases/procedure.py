"""立案 and the investigation: the first steps of the penalty chain (docs/PROCEDURE.md,
"Filing and investigation"), and the decision clock the later steps read.

Each writer goes through the lifecycle table (``cases/transitions.py``) by way of
``services._transition`` (right, from-state, lock, act date, event), or, for a 笔录, which is
no transition, through ``services._changing``; the papers each step makes are numbered
documents (``documents.services.record_document``). Refusals are ``CaseError`` whose message
names the rule; the functions' docstrings cite the articles.
"""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from deadlines import dates
from deadlines.clock import Deadline, deadline
from territory.models import Credential, CredentialKind

from . import acts, events, services
from .errors import CaseError
from .models import (
    AttachmentKind,
    CaseEvent,
    CaseStatus,
    ClockPause,
    ClockPauseKind,
    EventKind,
    SuspensionGround,
    TerminationGround,
    ViolationCase,
)

# The five conditions of 立案 (自然资源行政处罚办法 第十六条), each confirmed by the head who
# approves the filing. The fifth, the 追诉时效, the system also checks (``limitation_ends``).
FILING_CONDITIONS = (
    ("party", gettext_lazy("There is an identified party who committed the act")),
    ("violation", gettext_lazy("There are facts violating the laws on natural resources")),
    ("liability", gettext_lazy("Legal liability is to be pursued under those laws")),
    ("competence", gettext_lazy("The case falls within this authority's competence")),
    ("limitation", gettext_lazy("The limitation period for a penalty has not run")),
)

RECORD_KINDS = ("inquiry_record", "inspection_record")  # documents.DocumentKind values



def _date_of(on: datetime.date | None) -> datetime.date:
    return on or dates.today()


# --- 立案 ----------------------------------------------------------------------------------


def limitation_ends(*, started_on: datetime.date, continuing: bool,
                    ended_on: datetime.date | None) -> datetime.date | None:
    """The last day on which the act may be discovered and still be penalised: two years from the
    day it happened, or for a continuing act from the day it ended (行政处罚法 第三十六条);
    None while a continuing act goes on (the period has not begun)."""
    if continuing and ended_on is None:
        return None
    return deadline("limitation", ended_on if continuing else started_on).date


def check_limitation(case: ViolationCase, *, started_on: datetime.date, continuing: bool,
                     ended_on: datetime.date | None) -> datetime.date | None:
    """Refuse dates that make no sense and an act discovered after the 追诉时效 ran out.

    行政处罚法 第三十六条: an act not discovered within two years is not penalised, the two years
    counted from the act, or from its end when it continues; 自然资源行政处罚办法 第十六条(五)
    makes it a condition of 立案. Returns the last day of the period (None: not yet running).
    """
    if started_on > case.discovered_on:
        raise CaseError(_("The violation cannot have begun (%(start)s) after it was discovered (%(found)s).")
                        % {"start": acts.shown_date(started_on), "found": acts.shown_date(case.discovered_on)})
    if continuing and ended_on is not None:
        if ended_on < started_on:
            raise CaseError(_("A violation cannot end (%(end)s) before it began (%(start)s).")
                            % {"end": acts.shown_date(ended_on), "start": acts.shown_date(started_on)})
        if ended_on > dates.today():
            raise CaseError(_("The end of the violation cannot be later than today."))
    last = limitation_ends(started_on=started_on, continuing=continuing, ended_on=ended_on)
    if last is not None and case.discovered_on > last:
        raise CaseError(
            _("The limitation period has run (Administrative Penalty Law, Article 36): the violation "
              "%(counted)s on %(from)s, so it had to be discovered by %(last)s, but it was discovered on "
              "%(found)s. No penalty may be given; the case cannot be filed.")
            % {"counted": pgettext("violation", "ended") if continuing else pgettext("violation", "took place"),
               "from": acts.shown_date(ended_on if continuing else started_on), "last": acts.shown_date(last),
               "found": acts.shown_date(case.discovered_on)})
    return last


def _filing_text(case: ViolationCase, *, conditions: Collection[str], started_on, continuing, ended_on,
                 last) -> str:
    lines = [_("Violation began on %(date)s.") % {"date": acts.shown_date(started_on)}]
    if continuing:
        lines.append(_("Continuing violation, ended on %(date)s.") % {"date": acts.shown_date(ended_on)} if ended_on
                     else _("Continuing violation, still going on: the limitation period has not begun."))
    if last is not None:
        lines.append(_("Discovered on %(found)s; the limitation period runs until %(last)s.")
                     % {"found": acts.shown_date(case.discovered_on), "last": acts.shown_date(last)})
    lines.append(_("Conditions of filing confirmed (Measures on Administrative Penalties for Natural "
                   "Resources, Article 16):"))
    lines += [f"（{i}）{label}" for i, (key, label) in enumerate(FILING_CONDITIONS, 1) if key in conditions]
    return "\n".join(lines)


def file_case(case: ViolationCase, *, by, conditions: Collection[str], started_on: datetime.date,
              continuing: bool = False, ended_on: datetime.date | None = None, note: str = "",
              on: datetime.date | None = None, expected_version: int | None = None) -> ViolationCase:
    """立案审批: the authority's head (``cases.file``) approves the filing of a registered case.

    Refused unless all five conditions of 自然资源行政处罚办法 第十六条 are confirmed, and when the
    追诉时效 of 行政处罚法 第三十六条 has run (``check_limitation``). The 办法 (2024) sets no day
    count for filing, only "及时立案" after discovery (第十六条). Makes the 立案审批表
    (FILING_APPROVAL), records the act's dates, sets ``filed_on`` — the day the 90-day decision
    clock starts (办法 第三十八条) — and writes the approval on the event.
    """
    from documents.services import record_document

    on = _date_of(on)
    missing = [str(label) for key, label in FILING_CONDITIONS if key not in set(conditions)]
    if missing:
        raise CaseError(_("A case is filed only when all five conditions of the Measures on Administrative "
                          "Penalties for Natural Resources, Article 16 hold. Not confirmed: %(missing)s.")
                        % {"missing": "；".join(missing)})
    ended_on = ended_on if continuing else None

    def prepare(locked: ViolationCase) -> dict:
        last = check_limitation(locked, started_on=started_on, continuing=continuing, ended_on=ended_on)
        document = record_document(
            locked, by=by, kind="filing_approval", issued_on=on,
            requirements=_filing_text(locked, conditions=conditions, started_on=started_on,
                                      continuing=continuing, ended_on=ended_on, last=last),
            legal_basis=_("Measures on Administrative Penalties for Natural Resources, Article 16; "
                          "Administrative Penalty Law, Article 36"))
        return events.filing_approved(conditions=[k for k, _label in FILING_CONDITIONS], started_on=started_on,
                                      continuing=continuing, ended_on=ended_on, limitation_ends=last,
                                      document=document.pk)

    with transaction.atomic():
        return services._transition(
            case, "file", by=by, expected_version=expected_version, on=on, note=note.strip(),
            fields={"filed_on": on, "violation_started_on": started_on, "violation_continuing": continuing,
                    "violation_ended_on": ended_on},
            data={"approval": services._approval(by, note)}, prepare=prepare)


# --- 中止 / 恢复 / 终止 ----------------------------------------------------------------------


def suspend_investigation(case: ViolationCase, *, by, ground: str, reason: str, on: datetime.date | None = None,
                          expected_version: int | None = None) -> ViolationCase:
    """中止调查 with the head's approval, on a ground of 自然资源行政处罚办法 第二十七条 (不可抗力、
    意外事件等). The decision clock stops from ``on`` until the investigation resumes
    (``ClockPause``). The party is to be told in writing within three working days (第二十七条).
    """
    if ground not in SuspensionGround.values:
        raise CaseError(_("Choose a ground for suspending the investigation."))
    reason = services._require(reason, _("Give the reason for suspending the investigation."))
    on = _date_of(on)

    def prepare(locked: ViolationCase) -> dict:
        ClockPause.objects.create(case=locked, kind=ClockPauseKind.SUSPENSION, ground=ground, started_on=on)
        return events.investigation_paused(ground=ground)

    with transaction.atomic():
        return services._transition(case, "suspend", by=by, expected_version=expected_version, on=on,
                                    note=reason, data={"approval": services._approval(by, reason)},
                                    prepare=prepare)


def end_pause(locked: ViolationCase, on: datetime.date, kind: str = ClockPauseKind.SUSPENSION) -> int:
    """Close the case's open pause of ``kind`` on ``on``; the days it lasted (0 if none was open)."""
    pause = (ClockPause.objects.filter(case=locked, kind=kind, ended_on__isnull=True)
             .order_by("-started_on").first())
    if pause is None:
        return 0
    ClockPause.objects.filter(pk=pause.pk).update(ended_on=on)
    return (on - pause.started_on).days


def resume_investigation(case: ViolationCase, *, by, reason: str, on: datetime.date | None = None,
                         expected_version: int | None = None) -> ViolationCase:
    """恢复调查 once the ground of the suspension has gone (自然资源行政处罚办法 第二十七条); the
    decision clock runs again from ``on``."""
    reason = services._require(reason, _("Give the reason for resuming the investigation."))
    on = _date_of(on)
    with transaction.atomic():
        return services._transition(
            case, "resume", by=by, expected_version=expected_version, on=on, note=reason,
            data={"approval": services._approval(by, reason)},
            prepare=lambda locked: events.investigation_resumed(paused_days=end_pause(locked, on)))


def terminate_investigation(case: ViolationCase, *, by, ground: str, reason: str,
                            on: datetime.date | None = None, expected_version: int | None = None) -> ViolationCase:
    """终止调查 with the head's approval on a ground of 自然资源行政处罚办法 第二十八条 (facts not
    established, 追诉时效 run, not competent, other): the case closes with its ground."""
    if ground not in TerminationGround.values:
        raise CaseError(_("Choose a ground for terminating the investigation."))
    reason = services._require(reason, _("Give the reason for terminating the investigation."))
    on = _date_of(on)

    def prepare(locked: ViolationCase) -> dict:
        end_pause(locked, on)
        return events.investigation_paused(ground=ground)

    with transaction.atomic():
        return services._transition(case, "terminate", by=by, expected_version=expected_version, on=on,
                                    note=reason, fields={"closed_on": on},
                                    data={"approval": services._approval(by, reason)}, prepare=prepare)


# --- 笔录 --------------------------------------------------------------------------------------


def _credential(officer, day: datetime.date) -> Credential:
    """The officer's 执法证 in force on ``day``; refused otherwise (行政处罚法 第四十二条)."""
    credential = (Credential.objects.valid_on(day).filter(user=officer, kind=CredentialKind.ENFORCEMENT)
                  .order_by("-valid_from").first())
    if credential is None:
        raise CaseError(
            _("%(name)s holds no law enforcement certificate valid on %(date)s: a record is made by two "
              "certified officers (Administrative Penalty Law, Article 42).")
            % {"name": services.display_name(officer), "date": acts.shown_date(day)})
    return credential


def add_investigation_record(case: ViolationCase, *, by, kind: str, started_at: datetime.datetime,
                             ended_at: datetime.datetime, place: str, persons_present: str, content: str,
                             officers: Sequence, scan: UploadedFile | None = None,
                             expected_version: int | None = None, client_key: str = ""):
    """A 询问笔录 (``inquiry_record``: questions and answers) or 现场勘验笔录 (``inspection_record``:
    findings) of a filed case, drafted here and numbered; the scan of the signed paper may come
    with it.

    Refused unless made by two different officers each holding a 执法证 valid on the record's day
    (行政处罚法 第四十二条; 自然资源行政处罚办法 第十七条), with its time and place
    (办法 第二十四条、第二十五条), not before the filing and not after today.

    ``client_key``: the key of the form it was made from; the same record sent again by the same
    user (a phone's queue after a lost answer, two sends at once) is the record already made,
    marked ``replayed``, and nothing is written (checked again under the case's lock).
    """
    from documents.models import InvestigationRecord
    from documents.services import record_document

    def made_before():
        kept = InvestigationRecord.objects.filter(
            client_key=client_key, document__case=case, document__created_by=by).select_related("document").first()
        if kept is not None:
            kept.replayed = True
        return kept

    if client_key and (kept := made_before()) is not None:
        return kept

    if kind not in RECORD_KINDS:
        raise CaseError(_("Unknown kind of record."))
    place = services._require(place, _("Give the place of the record."))
    content = services._require(content, _("The record is empty."))
    persons_present = services._require(persons_present, _("Name the persons present."))
    if ended_at < started_at:
        raise CaseError(_("A record cannot end before it began."))
    officers = list(officers)
    if len(officers) != 2 or officers[0] is None or officers[1] is None or officers[0].pk == officers[1].pk:
        raise CaseError(_("A record is made by two different officers (Administrative Penalty Law, Article 42)."))
    day = timezone.localdate(started_at)
    with transaction.atomic(), services._changing(case, by=by, perm="cases.investigate",
                                                  expected_version=expected_version, write="document",
                                                  sources=frozenset({CaseStatus.FILED})) as locked:
        if client_key and (kept := made_before()) is not None:  # its twin made it while this one waited
            return kept
        acts.check_act_date(locked, day, act=acts.ACTS[EventKind.INVESTIGATION_RECORDED], after=locked.filed_on,
                            after_act=acts.ACTS[EventKind.FILING_APPROVED])
        credentials = [_credential(officer, day) for officer in officers]
        document = record_document(
            locked, by=by, kind=kind, issued_on=day, location_text=place[:200], facts=content,
            legal_basis=_("Measures on Administrative Penalties for Natural Resources, Articles 17, 24 and 25")
            if kind == "inquiry_record" else
            _("Measures on Administrative Penalties for Natural Resources, Articles 17 and 25"))
        record = InvestigationRecord(
            document=document, started_at=started_at, ended_at=ended_at, place=place[:200],
            persons_present=persons_present, officer_1=officers[0], credential_1=credentials[0],
            officer_2=officers[1], credential_2=credentials[1], client_key=client_key)
        record.full_clean(exclude=["document", "officer_1", "officer_2", "credential_1", "credential_2",
                                   "client_key"])
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:  # another user's record holds this key: this one is not made
            raise CaseError(_("This record's form key is already used: open the form again and fill it in "
                              "anew.")) from None
        event = services._save(
            case, locked, {}, by=by, kind=EventKind.INVESTIGATION_RECORDED, note=document.reference,
            data=events.investigation_recorded(document=document.pk, kind=kind,
                                               officers=[services.display_name(o) for o in officers],
                                               credentials=[c.number for c in credentials]),
            occurred_on=day)
        if scan is not None:
            attach_record_scan(record, by=by, upload=scan, event=event)
    return record


def attach_record_scan(record, *, by, upload: UploadedFile, event=None):
    """The scan of the signed 笔录, kept as case evidence (hashed, access-checked), attached once."""
    from documents.models import InvestigationRecord

    if record.scan_id is not None:
        raise CaseError(_("This record already has its signed scan."))
    case = ViolationCase.objects.get(pk=record.document.case_id)
    kind = AttachmentKind.INQUIRY_RECORD if record.document.kind == "inquiry_record" else AttachmentKind.SURVEY_RECORD
    with transaction.atomic():
        attachment = services.add_attachment(case, by=by, upload=upload, kind=kind,
                                             description=record.document.reference, event=event)
        InvestigationRecord.objects.filter(pk=record.pk).update(scan=attachment)
    record.scan = attachment
    return record


# --- 调查报告 ---------------------------------------------------------------------------------


def submit_report(case: ViolationCase, *, by, facts: str, evidence: str, proposal: str,
                  on: datetime.date | None = None, expected_version: int | None = None) -> ViolationCase:
    """调查报告 at the end of the investigation (自然资源行政处罚办法 第二十九条): facts, evidence,
    proposed handling; the case goes to 审理 (第三十条). Refused while no 笔录 is on file: the facts
    must rest on the investigation (第十七条、第二十四条、第二十五条)."""
    from documents.models import CaseDocument
    from documents.services import record_document

    facts = services._require(facts, _("State the facts found."))
    evidence = services._require(evidence, _("List the evidence."))
    proposal = services._require(proposal, _("Give the proposed handling."))
    on = _date_of(on)

    def prepare(locked: ViolationCase) -> dict:
        records = CaseDocument.objects.valid().filter(case=locked, kind__in=RECORD_KINDS).count()
        if not records:
            raise CaseError(_("An investigation report needs at least one inquiry or site inspection record on "
                              "file (Measures on Administrative Penalties for Natural Resources, Articles 24, "
                              "25 and 29)."))
        document = record_document(
            locked, by=by, kind="investigation_report", issued_on=on,
            facts="\n".join([facts, _("Evidence:"), evidence]), requirements=proposal,
            legal_basis=_("Measures on Administrative Penalties for Natural Resources, Article 29"))
        return events.report_submitted(document=document.pk, reference=document.reference, records=records)

    with transaction.atomic():
        return services._transition(case, "submit_report", by=by, expected_version=expected_version, on=on,
                                    prepare=prepare)


# --- the decision clock ----------------------------------------------------------------------

DEFAULT_EXTENSION_DAYS = 30
# 自然资源行政处罚办法 第三十八条第一款: 案情复杂 — the head's approval, "延长期限不得超过三十日";
# beyond that only 案情特别复杂, decided by the heads' collective discussion.
ORDINARY_EXTENSION_LIMIT = 30


@dataclass(frozen=True)
class Extension:
    """One approved extension of the decision clock, as its DECISION_CLOCK_EXTENDED event says."""

    days: int
    approved_on: datetime.date | None
    particularly_complex: bool

    @property
    def basis(self) -> str:
        day = acts.shown_date(self.approved_on) if self.approved_on else "—"
        if self.particularly_complex:
            return _("plus %(days)s days for a particularly complex case, decided by the heads' collective "
                     "discussion on %(date)s") % {"days": self.days, "date": day}
        return _("plus %(days)s days approved by the head on %(date)s") % {"days": self.days, "date": day}


@dataclass(frozen=True)
class DecisionClock:
    """When the penalty decision is due: 90 days from 立案 (自然资源行政处罚办法 第三十八条), plus
    the days the clock stood still and the approved extensions (≤ 30 days with the head's approval;
    more only for 案情特别复杂 by collective discussion, same article)."""

    due: Deadline
    filed_on: datetime.date
    paused_days: int
    extended_days: int
    paused_now: bool
    extensions: tuple[Extension, ...] = ()

    @property
    def date(self) -> datetime.date:
        return self.due.date

    @property
    def ordinary_extended_days(self) -> int:
        return sum(e.days for e in self.extensions if not e.particularly_complex)

    @property
    def basis(self) -> str:
        text = _("90 days from filing on %(date)s (Measures on Administrative Penalties for Natural Resources, "
                 "Article 38)") % {"date": acts.shown_date(self.filed_on)}
        if self.paused_days:
            text += _(", plus %(days)s days paused (suspension, hearing)") % {"days": self.paused_days}
        for extension in self.extensions:
            text += "，" + extension.basis
        if self.paused_now:
            text += _("; paused now: the date moves on each day until the suspension or hearing ends")
        return text


# The states in which the decision is still to be made: the 90-day clock runs (行政处罚法 第六十条).
BEFORE_DECISION = frozenset({CaseStatus.FILED, CaseStatus.SUSPENDED, CaseStatus.REVIEWING, CaseStatus.INFORMED})


def decision_clock(case: ViolationCase, *, today: datetime.date | None = None) -> DecisionClock | None:
    """The decision's due date for a filed case (None before 立案): two queries.

    Paused days: each ``ClockPause`` counts from its first day to the day it ended (an open one
    to ``today``). Extensions: each DECISION_CLOCK_EXTENDED event's ``days`` (30 unless it says),
    shown one by one in the basis with its date and whether the heads decided it (特别复杂).
    """
    if case.filed_on is None:
        return None
    today = today or dates.today()
    paused, paused_now = 0, False
    for pause in ClockPause.objects.filter(case=case).only("started_on", "ended_on"):
        end = pause.ended_on or today
        paused_now = paused_now or pause.ended_on is None
        paused += max((end - pause.started_on).days, 0)
    extensions = tuple(
        Extension(days=int((data or {}).get("days", DEFAULT_EXTENSION_DAYS)), approved_on=on,
                  particularly_complex=bool((data or {}).get("particularly_complex")))
        for data, on in CaseEvent.objects.filter(case=case, kind=EventKind.DECISION_CLOCK_EXTENDED)
        .order_by("occurred_on", "id").values_list("data", "occurred_on"))
    extended = sum(e.days for e in extensions)
    base = deadline("decision", case.filed_on)
    due = deadline(base.period, case.filed_on, base.length + paused + extended)
    return DecisionClock(due=due, filed_on=case.filed_on, paused_days=paused, extended_days=extended,
                         paused_now=paused_now, extensions=extensions)


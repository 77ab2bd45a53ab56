"""公示: the publication of a penalty decision, and its withdrawal when the decision falls.

The rules, in the words that decide them:

- 行政处罚法 第四十八条第一款: "具有一定社会影响的行政处罚决定应当依法公开" (自然资源行政处罚办法
  第三十九条第一款 alike). 国办发〔2018〕118号 (加强事后公开): "行政许可、行政处罚的执法决定信息要在执法
  决定作出之日起7个工作日内公开" — period ``publication``, 7 working days from the day the decision
  is made (its ``issued_on``), counted by ``deadlines.clock`` with the holiday table.
- 第四十八条第二款: "公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，行政机关应当在三日内撤回
  行政处罚决定信息并公开说明理由" — period ``publication_withdrawal``, 3 working days (第八十五条)
  from the day the revocation is recorded (``LegalChallenge`` outcome REVOKED, cases/enforcement.py).
- 国办发〔2018〕118号: information touching 个人隐私 is published only "作适当处理后"; 个人信息保护法
  第二十八条 makes an ID number sensitive personal data. So the text never carries a natural
  person's name (王某某), ID number, phone, address, nor the site's place beyond the village; a
  company (a 法人, not a person) keeps its name, its legal representative's name is left out.
  The draft is masked (``draft_text``) and every recorded text is checked (``personal_data_in``).

The record (``DecisionPublication``) is append-only: a wrong one is corrected by a new one (更正),
the withdrawal is filled in once with its reason. Who: ``cases.publish`` (cases/rules.py).
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from deadlines import dates
from deadlines.clock import Deadline, deadline

from . import acts, events
from .errors import CaseError
from .models import (
    CaseStatus,
    ChallengeOutcome,
    DecisionPublication,
    EventKind,
    LegalChallenge,
    PartyKind,
    PublicationChannel,
    ViolationCase,
)

# A decision is published from the day it is made, whatever the case's status since.
PUBLICATION_STATUSES = frozenset({CaseStatus.DECIDED, CaseStatus.ENFORCING, CaseStatus.CLOSED})
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
                     "司徒", "夏侯", "令狐", "轩辕", "端木", "独孤", "南宫", "西门", "百里")
# A resident ID number (18 characters, GB 11643) and a mainland mobile number, wherever they stand.
ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def masked_name(name: str) -> str:
    """王某某 for 王五, 欧阳某某 for 欧阳娜娜: the surname kept, the given name masked."""
    name = (name or "").strip()
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    return f"{surname}某某" if surname else "某某"


def party_shown(case: ViolationCase) -> str:
    party = case.party
    return party.name if party.kind == PartyKind.COMPANY else masked_name(party.name)


def personal_data_in(text: str, case: ViolationCase) -> list[str]:
    """What of the party's personal data ``text`` holds (labels, never the data itself)."""
    party = case.party
    found = []
    if party.kind == PartyKind.PERSON and len(party.name.strip()) >= 2 and party.name.strip() in text:
        found.append(_("the party's name"))
    if party.kind == PartyKind.COMPANY and party.legal_representative.strip() \
            and party.legal_representative.strip() in text:
        found.append(_("the legal representative's name"))
    if (party.id_number.strip() and party.id_number.strip() in text) or ID_NUMBER.search(text):
        found.append(_("an ID number"))
    if (party.phone.strip() and party.phone.strip() in text) or MOBILE.search(text):
        found.append(_("a phone number"))
    if len(party.address.strip()) >= 4 and party.address.strip() in text:
        found.append(_("the party's address"))
    place = case.location_text.strip()
    if len(place) >= 4 and place not in case.village.name and place in text:
        found.append(_("the place beyond the village"))
    return found


def current_decision(case: ViolationCase, *, documents: list | None = None):
    """The decision in force: the latest issued or served 行政处罚决定书 (one query, none from the
    case's ``documents`` already read), or None."""
    from documents.models import DocumentKind, DocumentStatus

    if documents is None:
        return (case.documents.valid().filter(kind=DocumentKind.PENALTY_DECISION)
                .order_by("-issued_on", "-id").first())
    decisions = [d for d in documents if d.kind == DocumentKind.PENALTY_DECISION
                 and d.status in (DocumentStatus.ISSUED, DocumentStatus.SERVED)]
    # "-issued_on" as PostgreSQL sorts it: a decision without its day first.
    return max(decisions, key=lambda d: (d.issued_on is None, d.issued_on or datetime.date.min, d.pk), default=None)


def draft_text(case: ViolationCase, decision) -> str:
    """The text to publish, from the decision, in the official language, with the party masked."""
    from documents.drafting import _area, _penalty, official_language
    from documents.printing import letterhead

    with official_language():
        lines = [
            _("Decision number: %(number)s") % {"number": decision.reference},
            _("Party: %(party)s") % {"party": party_shown(case)},
            _("Facts: without approval, the party occupied %(area)s m² of land (of which %(farmland)s m² is "
              "farmland) in %(village)s, for %(category)s.") % {
                "area": _area(case.area_m2), "farmland": _area(case.farmland_area_m2),
                "village": case.village.name, "category": case.get_category_display()},
            _("Legal basis: %(basis)s") % {"basis": decision.legal_basis},
            _("Penalty: %(penalty)s") % {"penalty": _penalty(case)},
            _("Decided by %(authority)s on %(date)s") % {
                "authority": letterhead(decision.issuing_unit), "date": acts.shown_date(decision.issued_on)},
        ]
    return "\n".join(lines)


def revoked_on(case: ViolationCase, challenges: list[LegalChallenge] | None = None) -> datetime.date | None:
    """The day the decision was recorded revoked on reconsideration or in court (one query, none
    from the case's ``challenges`` already read), or None."""
    if challenges is not None:
        return min((c.outcome_on for c in challenges if c.outcome == ChallengeOutcome.REVOKED and c.outcome_on),
                   default=None)
    return (LegalChallenge.objects.filter(case=case, outcome=ChallengeOutcome.REVOKED)
            .order_by("outcome_on").values_list("outcome_on", flat=True).first())


@dataclass(frozen=True)
class Panel:
    """What the case page shows of the publication: the due dates, the records, what is overdue."""

    decision: object
    due: Deadline
    publications: list
    revoked: datetime.date | None
    today: datetime.date

    @property
    def current(self) -> DecisionPublication | None:
        """The latest version of the decision's publication (corrected ones stand beside it)."""
        corrected = {p.supersedes_id for p in self.publications if p.supersedes_id}
        rows = [p for p in self.publications if p.pk not in corrected and p.decision_id == self.decision.pk]
        return rows[-1] if rows else None

    @property
    def overdue(self) -> bool:
        return self.current is None and self.revoked is None and self.today > self.due.date

    @property
    def late(self) -> bool:
        current = self.current
        return current is not None and current.published_on > self.due.date

    @property
    def withdrawal_due(self) -> Deadline | None:
        if self.revoked is None or self.current is None:
            return None
        return deadline("publication_withdrawal", self.revoked)

    @property
    def withdrawal_overdue(self) -> bool:
        due = self.withdrawal_due
        return due is not None and self.current.withdrawn_on is None and self.today > due.date


def shows_panel(case: ViolationCase) -> bool:
    """A case of the penalty chain that may hold a penalty decision."""
    return case.status in PUBLICATION_STATUSES and not case.predates_chain and bool(case.filed_on)


def panel(case: ViolationCase, *, today: datetime.date | None = None,
          challenges: list[LegalChallenge] | None = None, documents: list | None = None) -> Panel | None:
    """The publication panel of a decided chain case (three queries; one fewer given the case's
    ``challenges``, one fewer given its ``documents``), or None (no query) for a case that cannot
    hold a penalty decision."""
    if not shows_panel(case):
        return None
    decision = current_decision(case, documents=documents)
    if decision is None or decision.issued_on is None:
        return None
    publications = list(case.publications.order_by("published_on", "id"))
    return Panel(decision, deadline("publication", decision.issued_on), publications, revoked_on(case, challenges),
                 today or dates.today())


# --- the writes ------------------------------------------------------------------------------


def _check_location(channel: str, location: str) -> str:
    location = (location or "").strip()
    if channel not in PublicationChannel.values:
        raise CaseError(_("Choose where the decision was published."))
    if not location:
        raise CaseError(_("Give the address of the page or the place of the notice board."))
    if channel == PublicationChannel.WEBSITE:
        try:
            URLValidator(schemes=["http", "https"])(location)
        except ValidationError as exc:
            raise CaseError(
                _("Give the web address of the published page, starting with http:// or https://.")) from exc
    return location


def _check_text(text: str, case: ViolationCase) -> str:
    text = (text or "").strip()
    if not text:
        raise CaseError(_("Give the text that was published."))
    found = personal_data_in(text, case)
    if found:
        raise CaseError(_("The text holds %(what)s: the party's personal data is never published "
                          "(General Office of the State Council Guideline [2018] No. 118; Personal "
                          "Information Protection Law). Mask it as the draft does.") % {"what": "、".join(found)})
    return text


def publish(case: ViolationCase, *, by, channel: str, location: str, published_on: datetime.date, text: str,
            supersedes: DecisionPublication | None = None, correction_reason: str = "",
            expected_version: int | None = None) -> DecisionPublication:
    """The decision published on ``published_on`` on ``channel`` at ``location`` with ``text``; with
    ``supersedes``, the correction (更正) of that record, with its reason."""
    from .services import _changing, _save

    location = _check_location(channel, location)
    text = _check_text(text, case)
    correction_reason = (correction_reason or "").strip()
    if supersedes is not None and not correction_reason:
        raise CaseError(_("Say why the record is corrected."))
    with _changing(case, by=by, perm="cases.publish", expected_version=expected_version, write="publication",
                   sources=PUBLICATION_STATUSES) as locked:
        decision = current_decision(locked)
        if decision is None or decision.issued_on is None:
            raise CaseError(_("There is no penalty decision made on this case to publish."))
        on = acts.check_act_date(locked, published_on, act=acts.ACTS[EventKind.DECISION_PUBLISHED],
                                 after=decision.issued_on, after_act=acts.ACTS[EventKind.PENALTY_DECIDED])
        # The case row is locked: no other write of its publications runs meanwhile.
        latest = (DecisionPublication.objects.filter(case=locked, decision=decision, corrections__isnull=True)
                  .order_by("-id").first())
        if supersedes is None:
            if latest is not None:
                raise CaseError(_("The decision's publication is already recorded: correct that record instead."))
            if revoked_on(locked) is not None:
                raise CaseError(_("The decision was revoked: it is not published (Administrative Penalty Law, "
                                  "Art. 48)."))
        elif latest is None or supersedes.pk != latest.pk:
            raise CaseError(_("This record was already corrected; correct its latest version."))
        elif latest.withdrawn_on is not None:
            raise CaseError(_("A withdrawn publication is not corrected."))
        due = deadline("publication", decision.issued_on)
        publication = DecisionPublication(case=locked, decision=decision, channel=channel, location=location,
                                          published_on=on, text=text, recorded_by=by, supersedes=supersedes,
                                          correction_reason=correction_reason)
        publication.full_clean(exclude=["case", "decision", "recorded_by", "supersedes"])
        publication.save()
        if supersedes is None:
            _save(case, locked, {}, by=by, kind=EventKind.DECISION_PUBLISHED, occurred_on=on,
                  data=events.decision_published(publication=publication, due=due.date))
        else:
            _save(case, locked, {}, by=by, kind=EventKind.RECORD_CORRECTED, note=correction_reason,
                  data=events.record_corrected(record=DecisionPublication._meta.model_name,
                                               supersedes=supersedes.pk))
    return publication


def withdraw(publication: DecisionPublication, *, by, withdrawn_on: datetime.date, reason: str,
             expected_version: int | None = None) -> DecisionPublication:
    """The publication taken down on ``withdrawn_on`` for ``reason`` (第四十八条第二款: 撤回 … 并公开说明
    理由), once; due within three working days of a revocation."""
    from .services import _changing, _save

    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Give the reason for the withdrawal: it is published with it (Administrative Penalty "
                          "Law, Art. 48)."))
    case = publication.case
    with _changing(case, by=by, perm="cases.publish", expected_version=expected_version,
                   write="publication") as locked:
        row = DecisionPublication.objects.select_for_update().get(pk=publication.pk, case=locked)
        if row.withdrawn_on is not None:
            raise CaseError(_("This publication is already withdrawn."))
        if row.corrections.exists():
            raise CaseError(_("This record was already corrected; withdraw its latest version."))
        on = acts.check_act_date(locked, withdrawn_on, act=acts.ACTS[EventKind.PUBLICATION_WITHDRAWN],
                                 after=row.published_on, after_act=acts.ACTS[EventKind.DECISION_PUBLISHED])
        revoked = revoked_on(locked)
        due = deadline("publication_withdrawal", revoked) if revoked else None
        DecisionPublication.objects.filter(pk=row.pk).update(withdrawn_on=on, withdrawal_reason=reason,
                                                            withdrawn_by=by)
        row.refresh_from_db()
        _save(case, locked, {}, by=by, kind=EventKind.PUBLICATION_WITHDRAWN, note=reason, occurred_on=on,
              data=events.publication_withdrawn(publication=row, due=due.date if due else None))
    return row


# --- reminders (reminders/kinds.py publication_deadlines) ------------------------------------


def due_items(until: datetime.date):
    """(case, due day, what is due) of every decision made and not yet published by its seventh
    working day, and of every revoked decision still published by the third working day after the
    revocation, due by ``until`` (or overdue)."""
    from documents.models import CaseDocument, DocumentKind, DocumentStatus

    decisions = (CaseDocument.objects.filter(kind=DocumentKind.PENALTY_DECISION, issued_on__isnull=False,
                                             status__in=[DocumentStatus.ISSUED, DocumentStatus.SERVED],
                                             case__status__in=PUBLICATION_STATUSES, case__predates_chain=False)
                 .exclude(case__publications__isnull=False)
                 .exclude(case__challenges__outcome=ChallengeOutcome.REVOKED)
                 .select_related("case__village").order_by("case_id", "-issued_on"))
    seen = set()
    for decision in decisions:
        if decision.case_id in seen:
            continue
        seen.add(decision.case_id)
        due = deadline("publication", decision.issued_on).date
        if due <= until:
            yield decision.case, due, _("publish the penalty decision")
    standing = (DecisionPublication.objects.filter(withdrawn_on__isnull=True, corrections__isnull=True,
                                                   case__challenges__outcome=ChallengeOutcome.REVOKED)
                .select_related("case__village").order_by("case_id").distinct())
    for publication in standing:
        due = deadline("publication_withdrawal", revoked_on(publication.case)).date
        if due <= until:
            yield publication.case, due, _("withdraw the published decision")


# --- the export (公示台账) ---------------------------------------------------------------------


def publications_visible_to(user):
    """The latest version of every publication of the cases ``user`` sees, newest first (one query)."""
    from .selectors import cases_visible_to

    return (DecisionPublication.objects.filter(case__in=cases_visible_to(user), corrections__isnull=True)
            .select_related("case", "decision").order_by("-published_on", "-id"))


def write_publications(publications):
    """The workbook of ``publications``: the masked text and where and when it stood — never a
    column of the party's (their name, ID number, phone or address are not read here at all)."""
    from django.conf import settings
    from django.utils import translation

    from landwatch.exports import ExcelWriter

    with translation.override(settings.LANGUAGE_CODE):
        columns = [(_("Case number"), 16), (_("Decision number"), 26), (_("Published on"), 12),
                   (_("Address or place"), 36), (_("Publication date"), 14), (_("Withdrawn on"), 14),
                   (_("Reason for the withdrawal"), 30), (_("Published text"), 80)]
        writer = ExcelWriter()
        ws = writer.sheet(_("Publications"), widths=[width for _label, width in columns], freeze="A2")
        ws.append([str(label) for label, _width in columns])
        for p in publications:
            ws.append([p.case.number, p.decision.reference, p.get_channel_display(), p.location, p.published_on,
                       p.withdrawn_on, p.withdrawal_reason, p.text])
        return writer.save()

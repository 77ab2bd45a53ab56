"""强制执行 of a served penalty decision the party does not carry out (行政强制法; docs/PROCEDURE.md,
"Enforcement through the court").

The track: the 履行催告书 (documents ``DEMAND``, 第三十五条、第五十四条) served, the party's
陈述申辩 heard (第三十六条) → ten working days after its service (第五十四条; 第六十九条) and
once the 复议 / 诉讼 periods have lapsed unused (第五十三条) → the application to the people's
court with the materials of 第五十五条, within three months → the court's ruling (第五十七条、
第五十八条) → execution (``services.record_enforcement``) → done. Where the township itself may
demolish (城乡规划法 第六十五条 with 行政强制法 第四十四条) the 公告 and the lapse of the remedy
periods come first, then the 强制拆除决定.

A 复议 or 诉讼 the party brings (``LegalChallenge``) holds the track until its outcome is
recorded; a revoked decision ends it. Every date is counted by the deadline engine
(``deadlines.clock``); nothing here adds days by hand.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from deadlines import clock
from deadlines.clock import Deadline, deadline, service_start

from . import acts, closing, events
from .errors import CaseError
from .models import (
    ApplicationMaterial,
    ChallengeOutcome,
    CourtApplication,
    CourtRuling,
    EnforcementKind,
    LegalChallenge,
    PenaltyMeasure,
    ViolationCase,
)
from .selectors import holds

# 行政强制法 第四十三条: "行政机关不得在夜间或者法定节假日实施行政强制执行。但是，情况紧急的除外。"
# The law does not define 夜间; LandWatch takes the definition the national law on noise gives
# (噪声污染防治法 第八十八条: "夜间是指晚上十点至次日早晨六点之间的期间"): 22:00–06:00.
NIGHT_FROM = datetime.time(22, 0)
NIGHT_UNTIL = datetime.time(6, 0)

# No longer chosen for a new action: a fine is paid (part e2's payments), a referral is a 移送
# record (part e3's). Old rows of these kinds stay readable.
RETIRED_KINDS = frozenset({EnforcementKind.FINE, EnforcementKind.REFERRAL})
# 第四十三条第二款: "不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行".
UTILITY_CUTS = frozenset({EnforcementKind.POWER_CUT})


class EnforcementRefused(CaseError):
    """A step of the enforcement track the law does not allow now; the message names the article."""


def _served(case: ViolationCase, *kinds: str, documents: list | None = None) -> dict[str, datetime.date]:
    """For each of ``kinds`` served, the day its latest served document counts as served (a 公告
    thirty days after it), in one query, or none from the case's ``documents`` already read (with
    their service, ``documents.selectors.case_documents``)."""
    from documents.models import DocumentStatus
    from documents.selectors import served_in_order

    if documents is None:
        rows = (case.documents.filter(kind__in=kinds, status=DocumentStatus.SERVED, service__isnull=False)
                .order_by("-service__served_on", "-service__id")
                .values_list("kind", "service__method", "service__served_on"))
    else:
        rows = [(d.kind, d.service.method, d.service.served_on) for d in reversed(served_in_order(documents, kinds))]
    latest = {}
    for kind, method, on in rows:
        latest.setdefault(kind, service_start(method, on)[0])
    return latest


@dataclass(frozen=True)
class Track:
    """Where a decided case stands on the enforcement track, from two queries."""

    decision_served: datetime.date | None
    demand_served: datetime.date | None
    # The 10 working days after the 催告书's service (第五十四条).
    demand_period: Deadline | None
    # The last day of the 复议 / 诉讼 periods (the later of the two).
    remedy_period: Deadline | None
    # The day the last ended challenge ended, and whether one is still pending / revoked the decision.
    challenge_ended: datetime.date | None
    pending: bool
    revoked: bool
    comply_by: datetime.date | None

    @property
    def earliest(self) -> datetime.date | None:
        """The first day an application may be filed: the day after the last of the demand's ten
        working days, the remedy periods, the decision's own period and any challenge."""
        if self.demand_period is None or self.remedy_period is None:
            return None
        ends = [self.demand_period.date, self.remedy_period.date, self.challenge_ended, self.comply_by]
        return max(day for day in ends if day) + clock.ONE_DAY

    @property
    def last(self) -> Deadline | None:
        """The last day: three months from the remedy periods' end (行政强制法 第五十三条)."""
        if self.remedy_period is None:
            return None
        start = max(self.remedy_period.date, self.challenge_ended or self.remedy_period.date)
        return deadline("enforcement_application", start)


def remedy_period(case: ViolationCase, served: datetime.date) -> Deadline:
    """The later end of 复议 (60 days, 行政复议法 第二十条) and 诉讼 (6 months, 行政诉讼法 第四十六条;
    15 days against 限期拆除, 土地管理法 第八十三条) counted from the decision's service."""
    lawsuit = "lawsuit_demolition" if PenaltyMeasure.DEMOLISH in (case.penalty_measures or ()) else "lawsuit"
    periods = [deadline("reconsideration", served), deadline(lawsuit, served)]
    return max(periods, key=lambda d: d.date)


def track(case: ViolationCase, challenges: list[LegalChallenge] | None = None, *,
          documents: list | None = None) -> Track:
    """Two queries (one with ``challenges``, the case's challenges already read; none with its
    ``documents`` too)."""
    from documents.models import DocumentKind

    served = _served(case, DocumentKind.PENALTY_DECISION, DocumentKind.DEMAND, documents=documents)
    decision, demand = served.get(DocumentKind.PENALTY_DECISION), served.get(DocumentKind.DEMAND)
    if challenges is None:
        challenges = list(LegalChallenge.objects.filter(case=case))
    pending = any(c.pending for c in challenges)
    revoked = any(c.outcome == ChallengeOutcome.REVOKED for c in challenges)
    ended = max((c.outcome_on for c in challenges if c.outcome_on), default=None)
    return Track(
        decision_served=decision,
        demand_served=demand if decision and demand and demand >= decision else None,
        demand_period=deadline("demand", demand) if decision and demand and demand >= decision else None,
        remedy_period=remedy_period(case, decision) if decision else None,
        challenge_ended=ended, pending=pending, revoked=revoked, comply_by=case.deadline,
    )


@dataclass(frozen=True)
class Announcement:
    """The 公告 of 行政强制法 第四十四条 as published: the paper, the day, and the last day it gives the
    party to demolish (counted from the publication by the engine, ``deadlines`` ``announcement``)."""

    document: object
    published_on: datetime.date
    period: Deadline | None


def announcement(case: ViolationCase, since: datetime.date | None, *,
                 documents: list | None = None) -> Announcement | None:
    """The latest 公告 published on or after ``since`` (the decision's service), or None (one query;
    none from the case's ``documents`` already read)."""
    from documents.models import DocumentKind, DocumentStatus

    if since is None:
        return None
    if documents is None:
        document = (case.documents.filter(kind=DocumentKind.DEMOLITION_ANNOUNCEMENT, status=DocumentStatus.SERVED,
                                          service__served_on__gte=since)
                    .select_related("service").order_by("-service__served_on", "-id").first())
    else:
        document = max((d for d in documents if d.kind == DocumentKind.DEMOLITION_ANNOUNCEMENT
                        and d.status == DocumentStatus.SERVED and d.service and d.service.served_on >= since),
                       key=lambda d: (d.service.served_on, d.pk), default=None)
    if document is None:
        return None
    return Announcement(document, document.service.served_on, document.deadline_counted)


@dataclass(frozen=True)
class Panel:
    """What the case page shows of the track: its dates, challenges and applications."""

    track: Track
    challenges: list
    applications: list
    own_demolition: bool
    # The party's 陈述申辩 on the 催告书 and their review (行政强制法 第三十六条; cases/closing.py).
    statements: tuple = ()
    # The published 公告 where the township demolishes itself (None otherwise or before it).
    announcement: Announcement | None = None

    @property
    def statement_pending(self) -> bool:
        return any(s.pending for s in self.statements)

    @property
    def pending(self) -> bool:
        return self.track.pending

    @property
    def revoked(self) -> bool:
        return self.track.revoked

    @property
    def waiting_ruling(self) -> bool:
        return any(not a.ruling for a in self.applications)

    @property
    def earliest(self) -> datetime.date | None:
        return self.track.earliest

    @property
    def last(self) -> Deadline | None:
        return self.track.last


def shows_panel(case: ViolationCase) -> bool:
    """A decided or enforced case of the penalty chain; a case that predates the chain keeps its old path."""
    from .models import CaseStatus

    return case.status in (CaseStatus.DECIDED, CaseStatus.ENFORCING) and not case.predates_chain and bool(case.filed_on)


def panel(case: ViolationCase, *, documents: list | None = None) -> Panel | None:
    """The enforcement panel of a case that ``shows_panel`` (four queries; five where the township
    demolishes itself; one fewer given the case's ``documents``, and one fewer for each of its
    challenges, applications and statements its read says it holds none of, ``selectors.holding``),
    or None for every other case (no query)."""
    if not shows_panel(case):
        return None
    challenges = list(case.challenges.order_by("filed_on", "id")) if holds(case, "challenges") else []
    applications = (list(case.court_applications.select_related("letter").order_by("filed_on", "id"))
                    if holds(case, "court_applications") else [])
    statements = (tuple(case.demand_statements.order_by("received_on", "id"))
                  if holds(case, "demand_statements") else ())
    state, own = track(case, challenges, documents=documents), township_may_demolish(case)
    return Panel(state, challenges, applications, own, statements=statements,
                 announcement=announcement(case, state.decision_served, documents=documents) if own else None)


def _check_open(state: Track) -> None:
    if state.revoked:
        raise EnforcementRefused(_("The decision was revoked on reconsideration or in court: there is nothing to "
                                   "enforce."))
    if state.pending:
        raise EnforcementRefused(_("A reconsideration or lawsuit against the decision is pending: enforcement waits "
                                   "for its outcome (行政强制法 第五十三条)."))
    if state.decision_served is None:
        raise EnforcementRefused(_("The penalty decision has not been served: it is not yet in effect."))
    if state.demand_served is None:
        raise EnforcementRefused(_("No demand (催告书) has been served on the party since the decision: enforcement "
                                   "is preceded by a written demand (行政强制法 第三十五条、第五十四条)."))


def application_refusal(case: ViolationCase, on: datetime.date, state: Track | None = None) -> str:
    """Why an application to the court filed on ``on`` is refused, or ""."""
    state = state or track(case)
    try:
        _check_open(state)
    except EnforcementRefused as exc:
        return exc.message
    if refusal := closing.statement_refusal(case):  # 行政强制法 第三十六条
        return refusal
    if on < state.earliest:
        return _("The application may be filed from %(date)s on: ten working days after the demand was served "
                 "and after the periods for reconsideration and lawsuit have ended (行政强制法 第五十三条、第五十四条)."
                 ) % {
            "date": acts.shown_date(state.earliest)}
    if on > state.last.date:
        return _("The last day to apply was %(date)s: three months after the periods for reconsideration and lawsuit "
                 "ended (行政强制法 第五十三条).") % {"date": acts.shown_date(state.last.date)}
    return ""


def check_execution(*, kind: str, on: datetime.date, started_at: datetime.time | None, residence: bool,
                    chain: bool) -> None:
    """An execution at night or on a 法定节假日, or a utility cut against a residence, is refused
    (行政强制法 第四十三条); a retired kind is not chosen any more. ``chain``: the case is on the
    penalty chain, where the start time is required; a legacy case may leave it empty."""
    if kind in RETIRED_KINDS:
        raise EnforcementRefused(_("Fines are paid and referrals are recorded as transfers: choose an enforcement "
                                   "measure."))
    if kind in UTILITY_CUTS and residence:
        raise EnforcementRefused(_("Water, power, heating or gas may not be cut off from a residence to force the "
                                   "party to comply (行政强制法 第四十三条第二款)."))
    if clock.is_public_holiday(on):
        raise EnforcementRefused(_("%(date)s is a public holiday: enforcement is not carried out on public holidays "
                                   "(行政强制法 第四十三条).") % {"date": acts.shown_date(on)})
    if started_at is None:
        if chain:
            raise EnforcementRefused(_("Give the time the enforcement began."))
        return
    if started_at >= NIGHT_FROM or started_at < NIGHT_UNTIL:
        raise EnforcementRefused(_("Enforcement is not carried out at night, between 22:00 and 06:00 (行政强制法 "
                                   "第四十三条)."))


MATERIALS = tuple(ApplicationMaterial.values)


def application_materials_refusal(materials) -> str:
    missing = [ApplicationMaterial(m).label for m in MATERIALS if m not in set(materials or ())]
    if missing:
        return _("The application lacks materials the court requires (行政强制法 第五十五条): %(missing)s.") % {
            "missing": "；".join(str(m) for m in missing)}
    return ""


def township_may_demolish(case: ViolationCase) -> bool:
    """城乡规划法 第六十五条: the township government itself may demolish what was built in the
    village planning area against the 乡村建设规划许可证, after its order lapsed; only on a case the
    township decides itself (no county department as 办案机关) with 限期拆除 among the penalties."""
    from territory.models import UnitKind

    own = case.authority_id is None or case.authority.kind == UnitKind.TOWNSHIP
    return own and PenaltyMeasure.DEMOLISH in (case.penalty_measures or ())


def ruling_refusal(application: CourtApplication, ruling: str, on: datetime.date) -> str:
    if application.ruling:
        return _("The court's ruling on this application is already recorded.")
    if ruling not in CourtRuling.values:
        return _("Choose the court's ruling.")
    if on < application.filed_on:
        return _("The ruling cannot be before the application (%(date)s).") % {
            "date": acts.shown_date(application.filed_on)}
    return ""


# --- the writes ------------------------------------------------------------------------------


def _services():
    from . import services  # the services import this module through the views only

    return services


DECIDED_OR_ENFORCING = frozenset({"decided", "enforcing"})


def record_challenge(case: ViolationCase, *, by, kind: str, body: str, filed_on: datetime.date,
                     expected_version: int | None = None) -> LegalChallenge:
    """The party applied for 复议 or sued against the decision on ``filed_on``: enforcement waits."""
    from .models import CaseStatus, EventKind

    body = (body or "").strip()
    if not body:
        raise CaseError(_("Name the reviewing body or the court."))
    services = _services()
    with services._changing(case, by=by, perm="cases.act", expected_version=expected_version, write="enforcement",
                            sources=frozenset({CaseStatus.DECIDED, CaseStatus.ENFORCING})) as locked:
        on = acts.check_act_date(locked, filed_on, act=acts.ACTS[EventKind.CHALLENGE_FILED])
        challenge = LegalChallenge(case=locked, kind=kind, body=body, filed_on=on, recorded_by=by)
        challenge.full_clean(exclude=["case", "recorded_by"])
        challenge.save()
        services._save(case, locked, {}, by=by, kind=EventKind.CHALLENGE_FILED,
                       data=events.challenge_filed(challenge=challenge), occurred_on=on)
    return challenge


def end_challenge(challenge: LegalChallenge, *, by, outcome: str, outcome_on: datetime.date,
                  expected_version: int | None = None) -> LegalChallenge:
    """The outcome of a pending 复议 or 诉讼, recorded once. A revoked decision ends enforcement."""
    from .models import EventKind

    if outcome not in ChallengeOutcome.values:
        raise CaseError(_("Choose the outcome."))
    case = challenge.case
    services = _services()
    with services._changing(case, by=by, perm="cases.act", expected_version=expected_version,
                            write="enforcement") as locked:
        row = LegalChallenge.objects.select_for_update().get(pk=challenge.pk, case=locked)
        if row.outcome:
            raise CaseError(_("The outcome of this reconsideration or lawsuit is already recorded."))
        on = acts.check_act_date(locked, outcome_on, act=acts.ACTS[EventKind.CHALLENGE_ENDED])
        if on < row.filed_on:
            raise CaseError(_("The outcome cannot be before the filing (%(date)s).") % {
                "date": acts.shown_date(row.filed_on)})
        LegalChallenge.objects.filter(pk=row.pk).update(outcome=outcome, outcome_on=on, outcome_by=by)
        row.refresh_from_db()
        services._save(case, locked, {}, by=by, kind=EventKind.CHALLENGE_ENDED,
                       data=events.challenge_ended(challenge=row), occurred_on=on)
    return row


def apply_to_court(case: ViolationCase, *, by, court: str, filed_on: datetime.date, materials,
                   expected_version: int | None = None) -> CourtApplication:
    """The 强制执行申请 filed with the court on ``filed_on``: only within the window the deadline
    engine gives (行政强制法 第五十三条、第五十四条), after a served 催告书, with no challenge pending and
    every material of 第五十五条 checked."""
    from .models import CaseStatus, EventKind

    court = (court or "").strip()
    if not court:
        raise CaseError(_("Name the court."))
    services = _services()
    with services._changing(case, by=by, perm="cases.approve", expected_version=expected_version,
                            write="enforcement", sources=frozenset({CaseStatus.DECIDED})) as locked:
        on = acts.check_act_date(locked, filed_on, act=acts.ACTS[EventKind.COURT_APPLIED])
        if locked.court_applications.filter(ruling="").exists():
            raise EnforcementRefused(_("An application to the court is already waiting for its ruling."))
        state = track(locked)
        # The application itself (第五十五条(一)) is the 强制执行申请书 drafted below: always sent.
        materials = {*(materials or ()), ApplicationMaterial.APPLICATION.value}
        refusal = application_refusal(locked, on, state) or application_materials_refusal(materials)
        if refusal:
            raise EnforcementRefused(refusal)
        # The 强制执行申请书 (第五十五条(一)) drafted from the application, numbered, signed by the head
        # who files it (``cases.approve``) and dated the day of filing.
        from documents import drafting
        from documents import services as documents
        from documents.models import DocumentKind

        letter = documents.record_document(locked, by=by, kind=DocumentKind.COURT_APPLICATION, issued_on=on,
                                           requirements=drafting.court_application_text(
                                               locked, court=court, materials=materials))
        application = CourtApplication(case=locked, court=court, filed_on=on, materials=sorted(set(materials)),
                                       letter=letter, recorded_by=by)
        application.save()
        services._save(case, locked, {}, by=by, kind=EventKind.COURT_APPLIED,
                       data=events.court_applied(application=application, earliest=state.earliest,
                                                 last=state.last.date), occurred_on=on)
    return application


def record_ruling(case: ViolationCase, *, by, ruling: str, ruled_on: datetime.date, note: str = "",
                  expected_version: int | None = None) -> CourtApplication:
    """The court's ruling on the pending application (行政强制法 第五十七条、第五十八条): ordered, the
    case is being enforced; refused, it stays decided (the authority may ask the court above within
    15 days, 第五十八条第三款)."""
    from .models import CaseStatus, EventKind

    application = case.court_applications.filter(ruling="").order_by("-filed_on", "-id").first()
    if application is None:
        raise EnforcementRefused(_("No application to the court is waiting for its ruling."))
    refusal = ruling_refusal(application, ruling, ruled_on)
    if refusal:
        raise EnforcementRefused(refusal)
    services = _services()

    def write(locked):
        CourtApplication.objects.filter(pk=application.pk, ruling="").update(
            ruling=ruling, ruling_on=ruled_on, ruling_note=note, ruling_by=by)
        application.refresh_from_db()
        return events.court_ruled(application=application)

    if ruling == CourtRuling.ACCEPTED:
        services._transition(case, "court_accepts", by=by, expected_version=expected_version, on=ruled_on,
                             note=note, prepare=write)
        return application
    with services._changing(case, by=by, perm="cases.act", expected_version=expected_version, write="enforcement",
                            sources=frozenset({CaseStatus.DECIDED})) as locked:
        on = acts.check_act_date(locked, ruled_on, act=acts.ACTS[EventKind.COURT_RULED])
        data = write(locked)
        services._save(case, locked, {}, by=by, kind=EventKind.COURT_RULED, note=note, data=data, occurred_on=on)
    return application


def demolition_refusal(case: ViolationCase, on: datetime.date, state: Track | None = None) -> str:
    """Why the township may not decide the forced demolition on ``on``, or "": its own case with
    限期拆除 (城乡规划法 第六十五条), the 公告 served (行政强制法 第四十四条) after the decision, and the
    remedy periods lapsed with no challenge pending (第四十四条: "在法定期限内不申请行政复议或者提起
    行政诉讼，又不拆除的")."""
    if not township_may_demolish(case):
        return _("Only the township's own case ordering demolition may be demolished by the township itself "
                 "(城乡规划法 第六十五条); otherwise apply to the court (行政强制法 第五十三条).")
    state = state or track(case)
    if state.revoked:
        return _("The decision was revoked on reconsideration or in court: there is nothing to enforce.")
    if state.pending:
        return _("A reconsideration or lawsuit against the decision is pending: enforcement waits for its outcome "
                 "(行政强制法 第五十三条).")
    if state.decision_served is None or state.demand_served is None:
        return _("No demand to demolish has been served since the decision (行政强制法 第三十五条).")
    if refusal := closing.statement_refusal(case):  # 行政强制法 第三十六条
        return refusal
    # 行政强制法 第四十四条: "应当由行政机关予以公告，限期当事人自行拆除": the 公告 published since the
    # decision, and the days it gives run out, before the township decides to demolish.
    published = announcement(case, state.decision_served)
    if published is None:
        return _("No announcement to demolish within a time limit has been published since the decision: publish "
                 "it first (行政强制法 第四十四条).")
    first = max(d for d in (state.remedy_period.date, state.demand_period.date, state.challenge_ended,
                            state.comply_by, published.period.date if published.period else published.published_on)
                if d) + clock.ONE_DAY
    if on < first:
        return _("The forced demolition may be decided from %(date)s on, once the periods for reconsideration and "
                 "lawsuit have ended unused (行政强制法 第四十四条).") % {"date": acts.shown_date(first)}
    return ""


def decide_demolition(case: ViolationCase, *, by, decided_on: datetime.date, note: str = "",
                      expected_version: int | None = None) -> ViolationCase:
    """强制拆除决定 by the township's head (行政强制法 第三十七条、第四十四条; 城乡规划法 第六十五条)."""
    def check(locked):
        refusal = demolition_refusal(locked, decided_on)
        if refusal:
            raise EnforcementRefused(refusal)

    published = announcement(case, _served(case, "penalty_decision").get("penalty_decision"))
    return _services()._transition(
        case, "decide_demolition", by=by, expected_version=expected_version, on=decided_on, note=note, check=check,
        data=events.demolition_decided(decided_on=decided_on,
                                       announced_on=published.published_on if published else None,
                                       announcement=published.document.reference if published else ""))

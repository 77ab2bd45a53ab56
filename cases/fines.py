"""罚款: the fine a decision imposes, its payment to the bank, the surcharge, and the hand-over of
confiscated buildings (issue 20, docs/PROCEDURE.md "Fines, payment and confiscation").

The amount (土地管理法 第七十七条; 土地管理法实施条例 2021 第五十七条): per m² of land occupied
illegally, 100 to 1000 yuan (``LEGAL_RANGE``); inside it the 裁量基准 (``FineBand``, 行政处罚法
第三十四条) gives the band for the land and the circumstances. An amount outside the legal range
is refused; outside the band it needs a written reason. Checked at the legal review and at the
decision (``check_amount``); the decision writes the ``Fine`` (``make_fine``).

Payment (罚缴分离, 行政处罚法 第六十七条): the party pays the designated bank within 15 days of
receiving the decision (第六十七条第三款; ``deadlines.periods`` "fine_payment", from
``clock.service_start``). After that, 每日按罚款数额的百分之三加处罚款, never more than the fine
(第七十二条第一款(一)): ``account``. A deferral or instalments, on the party's application with
the head's approval (第六十六条第二款), replace the schedule.

没收 (实施条例 第五十八条): the confiscated buildings go to the government or its designated
department within 90 days of the decision taking effect (its service, 办法 第三十五条第三款).

Every write goes through ``services._changing`` (lock, right, version, ``check_writable``
with write "fine") and writes its event (``cases/events.py``).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

from django.apps import apps
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from deadlines import clock, dates

from . import acts, events
from .errors import CaseError
from .fine_models import (
    LEGAL_RANGE,
    ArrangementKind,
    Circumstance,
    ConfiscationHandover,
    Fine,
    FineArrangement,
    FineBand,
    FineBasis,
    FineInstalment,
    FinePayment,
    LandGroup,
)
from .models import CaseStatus, EventKind, LandType, PenaltyMeasure, ViolationCase

CENT = Decimal("0.01")
# 行政处罚法 第七十二条第一款(一): "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，
# 加处罚款的数额不得超出罚款的数额".
SURCHARGE_RATE = Decimal("0.03")
# A fine is paid, deferred or handed over while the decision stands and the case is open.
FINE_STATUSES = frozenset({CaseStatus.DECIDED, CaseStatus.ENFORCING})
# The case page shows the fine's account from the decision on, closed cases included.
PANEL_STATUSES = frozenset({*FINE_STATUSES, CaseStatus.CLOSED})


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _shown(day: datetime.date) -> str:
    return acts.shown_date(day)


# --- the amount -----------------------------------------------------------------------------


def land_group(case: ViolationCase) -> str:
    """The 裁量基准's land group of the case: 永久基本农田, other 耕地, other land."""
    if case.land_type == LandType.BASIC_FARMLAND:
        return LandGroup.BASIC_FARMLAND
    if case.land_type == LandType.FARMLAND:
        return LandGroup.FARMLAND
    return LandGroup.OTHER


@dataclass(frozen=True)
class Assessment:
    """How a fine on ``case`` may be set: the legal range and the band, in yuan for its area."""

    area_m2: Decimal
    land_group: str
    circumstance: str
    legal_low: Decimal
    legal_high: Decimal
    band: FineBand | None

    @property
    def band_low(self) -> Decimal | None:
        return _yuan(self.area_m2 * self.band.min_per_m2) if self.band else None

    @property
    def band_high(self) -> Decimal | None:
        return _yuan(self.area_m2 * self.band.max_per_m2) if self.band else None

    def in_band(self, amount: Decimal) -> bool:
        return self.band is not None and self.band_low <= amount <= self.band_high

    def as_json(self, amount: Decimal, reason: str) -> dict:
        """What the legal review's and the decision's events keep of the computation."""
        return {"area_m2": str(self.area_m2), "land_group": self.land_group, "circumstance": self.circumstance,
                "legal_low": str(self.legal_low), "legal_high": str(self.legal_high),
                "band_low": str(self.band_low) if self.band else None,
                "band_high": str(self.band_high) if self.band else None,
                "amount": str(amount), "in_band": self.in_band(amount), "reason": reason}


def assessment(case: ViolationCase, circumstance: str, *, basis: str = FineBasis.OCCUPATION) -> Assessment:
    """The legal range and the 裁量基准 band for ``case``'s area, land and ``circumstance`` (one query)."""
    low, high = LEGAL_RANGE[basis]
    area = case.area_m2 or Decimal(0)
    group = land_group(case)
    band = FineBand.objects.filter(basis=basis, land_group=group, circumstance=circumstance).first()
    return Assessment(area, group, circumstance, _yuan(area * low), _yuan(area * high), band)


def band_amount(case: ViolationCase, circumstance: str = Circumstance.GENERAL) -> Decimal:
    """The lower end of the band for ``case`` (the legal minimum where no band is on record): the
    amount the demo and the scale generator decide, so that they pass ``check_amount``."""
    found = assessment(case, circumstance)
    return found.band_low if found.band is not None else found.legal_low


def check_amount(case: ViolationCase, *, amount: Decimal, circumstance: str, reason: str) -> Assessment:
    """Refuse (``CaseError``) a fine outside the legal range, or outside the band without a reason."""
    if circumstance not in Circumstance.values:
        raise CaseError(_("Choose the circumstances of the violation for the fine."))
    found = assessment(case, circumstance)
    if not found.area_m2:
        raise CaseError(_("The case has no area occupied: a fine for illegal occupation is counted per m² "
                          "(土地管理法实施条例 第五十七条). Correct the facts first."))
    if not found.legal_low <= amount <= found.legal_high:
        raise CaseError(_(
            "The fine must lie between %(low)s and %(high)s yuan: 100 to 1000 yuan per m² of the %(area)s m² "
            "occupied (土地管理法 第七十七条; 土地管理法实施条例 第五十七条).")
            % {"low": found.legal_low, "high": found.legal_high, "area": found.area_m2})
    if not found.in_band(amount) and not (reason or "").strip():
        if found.band is None:
            raise CaseError(_("No discretion band is on record for this land and these circumstances: "
                              "write the reasons for the amount."))
        raise CaseError(_(
            "The fine is outside the discretion band of %(low)s to %(high)s yuan for %(band)s: write the reasons "
            "for the amount (行政处罚法 第三十四条).")
            % {"low": found.band_low, "high": found.band_high, "band": found.band})
    return found


def make_fine(locked: ViolationCase, *, by, decided_on: datetime.date, amount: Decimal, circumstance: str,
              reason: str) -> Fine:
    """The ``Fine`` of a decision, with its computation as it stands today (the band may change later)."""
    found = check_amount(locked, amount=amount, circumstance=circumstance, reason=reason)
    return Fine.objects.create(
        case=locked, decided_on=decided_on, amount_yuan=amount, land_group=found.land_group,
        circumstance=circumstance, area_m2=found.area_m2, reason=(reason or "").strip(), created_by=by,
        band_min_per_m2=found.band.min_per_m2 if found.band else None,
        band_max_per_m2=found.band.max_per_m2 if found.band else None)


def on_decision_served(locked: ViolationCase, *, served_on: datetime.date, method: str) -> None:
    """The decision was served: the fine's 15 days run from then (行政处罚法 第六十七条第三款)."""
    fine = locked.fines.order_by("-decided_on", "-id").first()
    if fine is None or fine.due_on is not None:
        return
    start, start_from = clock.service_start(method, served_on)
    due = clock.deadline("fine_payment", start, start_from=start_from)
    fine.due_on, fine.due_basis = due.date, due.as_json()
    fine.save(update_fields=["due_on", "due_basis"])


# --- the account: paid, outstanding, surcharge -------------------------------------------------


@dataclass
class Account:
    """A fine's state on ``today``: principal paid and outstanding, the surcharge so far."""

    fine: Fine
    today: datetime.date
    schedule: list[tuple[datetime.date, Decimal]]
    principal_paid: Decimal = Decimal(0)
    surcharge: Decimal = Decimal(0)
    surcharge_paid: Decimal = Decimal(0)
    overdue_since: datetime.date | None = None
    rows: list = field(default_factory=list)

    @property
    def principal_outstanding(self) -> Decimal:
        return self.fine.amount_yuan - self.principal_paid

    @property
    def surcharge_outstanding(self) -> Decimal:
        return self.surcharge - self.surcharge_paid

    @property
    def outstanding(self) -> Decimal:
        return self.principal_outstanding + self.surcharge_outstanding

    @property
    def settled(self) -> bool:
        return self.principal_outstanding <= 0 and self.surcharge_outstanding <= 0

    @property
    def next_due(self) -> tuple[datetime.date, Decimal] | None:
        """The earliest instalment not yet paid in full, with what is left of it."""
        paid = self.principal_paid
        for due_on, amount in self.schedule:
            if paid >= amount:
                paid -= amount
                continue
            return due_on, amount - paid
        return None


def schedule(fine: Fine, arrangements=None) -> list[tuple[datetime.date, Decimal]]:
    """The instalments in force: the latest approved arrangement's, else the whole fine on ``due_on``.

    ``arrangements``: the fine's arrangements with their instalments already loaded (a page's
    prefetch); read here otherwise.
    """
    if arrangements is None:
        arrangements = list(fine.arrangements.prefetch_related("instalments"))
    if arrangements:
        latest = max(arrangements, key=lambda a: (a.recorded_at, a.pk))
        return sorted((i.due_on, i.amount_yuan) for i in latest.instalments.all())
    return [(fine.due_on, fine.amount_yuan)] if fine.due_on else []


def account(fine: Fine, *, today: datetime.date | None = None, arrangements=None, payments=None) -> Account:
    """Paid, outstanding and the 加处罚款 of ``fine`` on ``today``, to the day.

    Payments go to the fine first, instalment by instalment in the order they fall due, then to
    the surcharge. Each part of an instalment paid late adds 3 % of itself per day from the day
    after it fell due to the day it was paid (or to ``today`` while unpaid); the surcharge never
    exceeds the fine (行政处罚法 第七十二条第一款(一)). A deferral or instalments approved on the
    party's application (第六十六条) replace the schedule, and no surcharge runs on an
    instalment before its own day.
    """
    today = today or dates.today()
    if payments is None:
        payments = list(fine.payments.all())
    plan = schedule(fine, arrangements)
    result = Account(fine, today, plan)
    # The parts of each instalment, with the day each part was paid (None: not yet).
    queue = [[due_on, amount] for due_on, amount in plan]
    day_weighted = Decimal(0)
    for payment in sorted((p for p in payments if p.paid_on <= today), key=lambda p: (p.paid_on, p.pk or 0)):
        left = payment.amount_yuan
        while left > 0 and queue:
            due_on, amount = queue[0]
            part = min(left, amount)
            day_weighted += part * max(0, (payment.paid_on - due_on).days)
            result.principal_paid += part
            left -= part
            queue[0][1] -= part
            if queue[0][1] <= 0:
                queue.pop(0)
        result.surcharge_paid += left
    for due_on, amount in queue:
        day_weighted += amount * max(0, (today - due_on).days)
        if due_on < today and result.overdue_since is None:
            result.overdue_since = due_on + clock.ONE_DAY
    result.surcharge = min(_yuan(day_weighted * SURCHARGE_RATE), fine.amount_yuan)
    return result


# --- the writes -----------------------------------------------------------------------------


def _services():
    from . import services

    return services


def current_fine(case: ViolationCase) -> Fine | None:
    return case.fines.order_by("-decided_on", "-id").first()


def _open_fine(locked: ViolationCase) -> Fine:
    fine = current_fine(locked)
    if fine is None:
        raise CaseError(_("No fine has been decided on this case."))
    if fine.due_on is None:
        raise CaseError(_("The penalty decision has not been served: the 15 days to pay run from its service "
                          "(行政处罚法 第六十七条第三款). Record the service first."))
    if fine.settled_on is not None:
        raise CaseError(_("The fine was paid in full on %(date)s.") % {"date": _shown(fine.settled_on)})
    return fine


def record_payment(case: ViolationCase, *, by, bank: str, receipt_number: str, paid_on: datetime.date | None,
                   amount: Decimal, scan=None, expected_version: int | None = None) -> FinePayment:
    """A payment at the designated bank (罚缴分离, 行政处罚法 第六十七条), with the bank's receipt.

    Refused before the decision's service, on a fine paid in full, for a receipt already
    recorded, or for more than the fine and its surcharge still owed that day. The scan of the
    receipt, if any, becomes case evidence hung on the payment's event.
    """
    bank, receipt_number = (bank or "").strip(), (receipt_number or "").strip()
    if not bank or not receipt_number:
        raise CaseError(_("Give the bank and the receipt number."))
    if amount is None or amount <= 0:
        raise CaseError(_("The amount paid must be more than zero."))
    services = _services()
    with services._changing(case, by=by, perm="cases.investigate", expected_version=expected_version,
                            write="fine", sources=FINE_STATUSES) as locked:
        fine = Fine.objects.select_for_update().get(pk=_open_fine(locked).pk)
        on = acts.check_act_date(locked, paid_on, act=acts.ACTS[EventKind.FINE_PAID], after=fine.decided_on,
                                 after_act=acts.ACTS[EventKind.PENALTY_DECIDED])
        if fine.payments.filter(receipt_number=receipt_number).exists():
            raise CaseError(_("Receipt %(number)s is already recorded for this fine.") % {"number": receipt_number})
        owed = account(fine, today=on).outstanding
        if amount > owed:
            raise CaseError(_(
                "%(amount)s yuan is more than is owed on %(date)s: %(owed)s yuan (the fine and its surcharge "
                "less what was paid).") % {"amount": amount, "date": _shown(on), "owed": owed})
        payment = FinePayment.objects.create(fine=fine, bank=bank, receipt_number=receipt_number, paid_on=on,
                                             amount_yuan=amount, recorded_by=by)
        after = account(fine, today=on)
        fine.paid_yuan += amount
        fields = ["paid_yuan"]
        if after.settled:
            fine.settled_on = on
            fields.append("settled_on")
        fine.save(update_fields=fields)
        event = services._save(case, locked, {}, by=by, kind=EventKind.FINE_PAID, occurred_on=on, data=events.fine_paid(
            payment=payment, surcharge=after.surcharge, outstanding=after.outstanding, settled=after.settled))
        if scan is not None:
            attachment = services.add_attachment(case, by=by, upload=scan, kind="other", event=event,
                                                 description=_("Bank receipt %(number)s") % {"number": receipt_number})
            payment.scan = attachment  # ``fill_once``: set once, from empty
            payment.save(update_fields=["scan"])
        return payment


def approve_arrangement(case: ViolationCase, *, by, kind: str, applied_on: datetime.date,
                        approved_on: datetime.date | None, reason: str,
                        instalments: list[tuple[datetime.date, Decimal]],
                        expected_version: int | None = None) -> FineArrangement:
    """暂缓或者分期缴纳 (行政处罚法 第六十六条第二款: 当事人确有经济困难 … 经当事人申请和行政机关批准).

    The head approves (``cases.decide_penalty``). The new schedule covers what is left of the
    fine: a deferral one later day, instalments several days whose amounts add up to it. The
    party must have applied by the day the part it asks to move fell due: a surcharge already
    running is not undone (our reading of 第六十六条 with 第七十二条; PROCEDURE.md).
    """
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Write the party's grounds (financial difficulty) and the approval's reasons."))
    if kind not in ArrangementKind.values:
        raise CaseError(_("Choose a deferral or instalments."))
    instalments = sorted((d, a) for d, a in instalments if d is not None)
    if not instalments:
        raise CaseError(_("Give the new day to pay, or the instalments."))
    if kind == ArrangementKind.DEFERRAL and len(instalments) != 1:
        raise CaseError(_("A deferral has one new day to pay."))
    if kind == ArrangementKind.INSTALMENTS and len(instalments) < 2:
        raise CaseError(_("Payment in instalments needs at least two instalments."))
    services = _services()
    with services._changing(case, by=by, perm="cases.decide_penalty", expected_version=expected_version,
                            write="fine", sources=FINE_STATUSES) as locked:
        fine = Fine.objects.select_for_update().get(pk=_open_fine(locked).pk)
        on = acts.check_act_date(locked, approved_on, act=acts.ACTS[EventKind.FINE_ARRANGED])
        if applied_on is None or applied_on > on:
            raise CaseError(_("The approval cannot come before the party's application."))
        now = account(fine, today=on)
        first = now.next_due
        if first is not None and applied_on > first[0]:
            raise CaseError(_(
                "The party applied on %(applied)s, after the payment due on %(due)s fell due: a surcharge already "
                "running is not undone by a deferral (行政处罚法 第六十六条、第七十二条).")
                % {"applied": _shown(applied_on), "due": _shown(first[0])})
        if kind == ArrangementKind.DEFERRAL:
            instalments = [(instalments[0][0], now.principal_outstanding)]
        if any(d < on for d, _a in instalments):
            raise CaseError(_("An instalment cannot fall due before the approval."))
        if any(a is None or a <= 0 for _d, a in instalments):
            raise CaseError(_("Each instalment must be more than zero."))
        total = sum((a for _d, a in instalments), Decimal(0))
        if total != now.principal_outstanding:
            raise CaseError(_("The instalments add up to %(total)s yuan; %(left)s yuan of the fine is unpaid.")
                            % {"total": total, "left": now.principal_outstanding})
        arrangement = FineArrangement.objects.create(fine=fine, kind=kind, applied_on=applied_on, approved_on=on,
                                                     approved_by=by, reason=reason)
        FineInstalment.objects.bulk_create(FineInstalment(arrangement=arrangement, due_on=d, amount_yuan=a)
                                           for d, a in instalments)
        services._save(case, locked, {}, by=by, kind=EventKind.FINE_ARRANGED, note=reason, occurred_on=on,
                       data=events.fine_arranged(kind=kind, applied_on=applied_on, instalments=instalments))
        return arrangement


# --- confiscation -----------------------------------------------------------------------------


def decision_effective(case: ViolationCase) -> datetime.date | None:
    """The day the served decision took effect (办法 第三十五条第三款): the start of its periods."""
    served = case.events.filter(kind=EventKind.DECISION_SERVED).order_by("-at", "-id").values_list(
        "data", "occurred_on").first()
    if served is None:
        return None
    data, occurred_on = served
    start = (data or {}).get("effective_from") or (data or {}).get("served_on")
    return datetime.date.fromisoformat(start) if start else occurred_on


def handover_deadline(effective: datetime.date) -> clock.Deadline:
    """实施条例 第五十八条: within 90 days of the decision taking effect."""
    return clock.deadline("confiscation_handover", effective, start_from=clock.StartFrom.SERVICE)


def record_handover(case: ViolationCase, *, by, handed_to: str, handed_over_on: datetime.date | None,
                    document: str, note: str = "", expected_version: int | None = None) -> ConfiscationHandover:
    """没收的建筑物 handed to the government or its designated department (实施条例 第五十八条).

    Refused on a case whose decision confiscates no buildings or is not served; a hand-over
    after the 90 days is kept, marked late.
    """
    handed_to, document = (handed_to or "").strip(), (document or "").strip()
    if not handed_to or not document:
        raise CaseError(_("Name who received the buildings and the hand-over document."))
    services = _services()
    with services._changing(case, by=by, perm="cases.investigate", expected_version=expected_version,
                            write="fine", sources=FINE_STATUSES) as locked:
        if PenaltyMeasure.CONFISCATE_BUILDINGS not in (locked.penalty_measures or ()):
            raise CaseError(_("The decision confiscates no buildings: there is nothing to hand over."))
        effective = decision_effective(locked)
        if effective is None:
            raise CaseError(_("The penalty decision has not been served: it has not taken effect."))
        on = acts.check_act_date(locked, handed_over_on, act=acts.ACTS[EventKind.CONFISCATION_HANDED_OVER],
                                 after=effective, after_act=acts.ACTS[EventKind.DECISION_SERVED])
        due = handover_deadline(effective)
        handover = ConfiscationHandover.objects.create(case=locked, handed_to=handed_to, handed_over_on=on,
                                                       document=document, note=(note or "").strip(),
                                                       recorded_by=by)
        services._save(case, locked, {}, by=by, kind=EventKind.CONFISCATION_HANDED_OVER, note=note,
                       occurred_on=on, data=events.confiscation_handed_over(
                           handed_to=handed_to, document=document, due=due.date, late=on > due.date))
        return handover


# --- what the case page shows -------------------------------------------------------------------


def panel(case: ViolationCase, *, today: datetime.date | None = None) -> dict | None:
    """The fine's account and the confiscation's hand-over, for the case page; None when neither applies.

    At most five queries whatever the case holds (the fine, asking whether it has arrangements and
    payments; its arrangements with their instalments, and its payments, where it has them; the
    decision's service; the hand-overs): one for a fine nobody has paid or deferred yet.
    """
    measures = set(case.penalty_measures or ())
    if not measures & {PenaltyMeasure.FINE, PenaltyMeasure.CONFISCATE_BUILDINGS}:
        return None
    today = today or dates.today()
    fine = (case.fines.order_by("-decided_on", "-id")
            .annotate(has_arrangements=Exists(FineArrangement.objects.filter(fine=OuterRef("pk"))),
                      has_payments=Exists(FinePayment.objects.filter(fine=OuterRef("pk"))))
            .first())
    result = {"fine": None, "handover": None}
    if fine is not None:
        arrangements = list(fine.arrangements.prefetch_related("instalments")) if fine.has_arrangements else []
        payments = list(fine.payments.all()) if fine.has_payments else []
        result["fine"] = {
            "fine": fine,
            "account": account(fine, today=today, arrangements=arrangements, payments=payments),
            "payments": payments,
            "arrangements": arrangements,
            "due": clock.Deadline.from_json(fine.due_on, fine.due_basis),
        }
    if PenaltyMeasure.CONFISCATE_BUILDINGS in measures:
        effective = decision_effective(case)
        handovers = list(case.confiscation_handovers.all())
        due = handover_deadline(effective) if effective else None
        result["handover"] = {"due": due, "done": handovers[-1] if handovers else None,
                              "overdue": bool(due and not handovers and due.date < today),
                              "late": bool(due and handovers and handovers[-1].handed_over_on > due.date)}
    return result


# --- the figures the dashboard and the campaign report count ------------------------------------

# The case list's ``fine`` filter values (cases/filters.py), one per figure.
FINE_DECIDED, FINE_PAID, FINE_OUTSTANDING = "decided", "paid", "outstanding"


def cases_with_fine(cases, which: str):
    """``cases`` narrowed to those whose fine is ``which``: the list each fine figure links to."""
    fines_of_case = Fine.objects.filter(case=OuterRef("pk"))
    if which == FINE_PAID:
        fines_of_case = fines_of_case.filter(settled_on__isnull=False)
    elif which == FINE_OUTSTANDING:
        fines_of_case = fines_of_case.filter(settled_on__isnull=True)
    return cases.filter(Exists(fines_of_case))


def fine_figures(cases, *, by: str | None = None) -> dict:
    """Fines decided, paid in full and outstanding on ``cases``, counts (of cases) and amounts, in one query.

    Only ``Fine`` rows count: never an enforcement action's cost (``EnforcementAction.amount_yuan``).
    ``paid_amount`` is every payment (surcharges included); ``outstanding_amount`` the unpaid part of
    the fines not settled, their surcharge left out (it grows by the day: the case page shows it).
    With ``by`` (a path from the case, e.g. "village__township"): ``{value: figures}`` for each value
    that has fines, from the same query grouped by it (a case has one value, so they add up).
    """
    unpaid = Greatest(F("fines__amount_yuan") - F("fines__paid_yuan"), Value(Decimal(0)), output_field=DecimalField())
    open_fine = Q(fines__settled_on__isnull=True)
    figures = {
        "decided": Count("pk", distinct=True),
        "decided_amount": Sum("fines__amount_yuan"),
        "paid": Count("pk", distinct=True, filter=Q(fines__settled_on__isnull=False)),
        "paid_amount": Sum("fines__paid_yuan"),
        "outstanding": Count("pk", distinct=True, filter=open_fine),
        "outstanding_amount": Sum(unpaid, filter=open_fine),
    }
    # The cases joined to their fines, a row per fine (the aggregates read the filter's join), rather
    # than the fines of the cases in a subquery: the county dashboard's query was planned in 0.25 ms
    # and run in 0.16 instead of 0.56 and 0.27, the cases and their villages read once, not twice.
    fined = cases.order_by().filter(fines__isnull=False)
    if by is None:
        return _no_nulls(fined.aggregate(**figures))
    rows = fined.values(group=F(by)).annotate(**figures).order_by()
    return {row.pop("group"): _no_nulls(row) for row in rows}


NO_FINES = {"decided": 0, "decided_amount": Decimal(0), "paid": 0, "paid_amount": Decimal(0),
            "outstanding": 0, "outstanding_amount": Decimal(0)}


def _no_nulls(row: dict) -> dict:
    return {k: (v if v is not None else Decimal(0)) for k, v in row.items()}


def load_default_bands(stdout=None) -> None:
    """The default 裁量基准 of migration 0023 when none is on record. The migration loads them once;
    a flushed database (``manage.py flush``, a transactional test) has none, and the demo's fines
    and the scale's fines are set inside a band (行政处罚法 第三十四条). A demo and scale step."""
    if not FineBand.objects.exists():
        import_module("cases.migrations.0023_fines").load_bands(apps, None)

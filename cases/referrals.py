"""移送公安: the referral of a case suspected of a crime to the public security organ.

The threshold. 刑法 第三百四十二条 punishes 非法占用农用地 "数量较大，造成耕地……大量毁坏"; 最高人民
法院《关于审理破坏土地资源刑事案件具体应用法律若干问题的解释》(法释〔2000〕14号) 第三条(一): "非法占用
耕地'数量较大'，是指非法占用基本农田五亩以上或者非法占用基本农田以外的耕地十亩以上". A case at
either figure is flagged (``referral_required``): the township must refer it (移送涉嫌犯罪案件的规定,
国务院令第310号, 第三条 "必须……向公安机关移送") and may not close it without the 移送 record.

The periods of 国务院令第310号, recorded on the referral and checked where they are dates the office
gives: the head decides within 3 days of the report (第五条), the case goes within 24 hours of the
approval (第五条: "决定批准的，应当在24小时内向同级公安机关移送"), the police decide within 3 days of
receiving it (第八条).

A referral of an official to the discipline organ is a ``DisciplinaryAction``, not this.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from landwatch.quantities import M2_PER_MU

from . import acts, events
from .errors import CaseError
from .models import CriminalReferral, EventKind, ReferralOutcome, ViolationCase

CENT = Decimal("0.01")
# 法释〔2000〕14号 第三条(一): 5 亩 of 基本农田, 10 亩 of other 耕地, "以上" (刑法 第九十九条: 包括本数).
# Areas are kept to the cent of a m², so the figures are too: 5 亩 measured is 3333.33 m².
BASIC_FARMLAND_THRESHOLD_M2 = (5 * M2_PER_MU).quantize(CENT)  # 3333.33
OTHER_FARMLAND_THRESHOLD_M2 = (10 * M2_PER_MU).quantize(CENT)  # 6666.67
# 国务院令第310号 第五条: 24 hours after the approval, so the day of the approval or the next.
SEND_WITHIN_DAYS = 1


def referral_required(case: ViolationCase) -> bool:
    """Whether the case's areas reach 法释〔2000〕14号 第三条(一)'s "数量较大" (no query)."""
    return ((case.basic_farmland_area_m2 or 0) >= BASIC_FARMLAND_THRESHOLD_M2
            or case.other_farmland_area_m2 >= OTHER_FARMLAND_THRESHOLD_M2)


def closing_refusal(case: ViolationCase) -> str:
    """Why the case may not be closed for want of a referral, or "".

    A flagged case closes only once a referral is on record with the police's receipt (回执):
    "已移送" is then a ground of closing (自然资源行政处罚办法 第四十六条).
    """
    if not referral_required(case):
        return ""
    if CriminalReferral.objects.filter(case=case, received_on__isnull=False).exists():
        return ""
    return _("The occupied farmland reaches the threshold of a criminal referral (5 mu of permanent basic "
             "farmland or 10 mu of other farmland, Judicial Interpretation 〔2000〕14 Article 3): the case can be "
             "closed only after its referral to the public security organ is recorded with the receipt.")


def record_referral(case: ViolationCase, *, by, police_organ: str, approved_on: datetime.date,
                    sent_on: datetime.date, received_on: datetime.date | None = None,
                    note: str = "", expected_version: int | None = None) -> CriminalReferral:
    """移送书 sent to ``police_organ``: approved by the head on ``approved_on``, sent on ``sent_on``
    (within 24 hours, 第五条), the receipt signed on ``received_on`` when it is back.

    The 涉嫌犯罪案件移送书 (国务院令第310号 第六条(一)) is drafted from the record and numbered in the
    authority's sequence in the same transaction, dated the day of the approval; the referral keeps
    its number (``document_number``) and the letter (``letter``)."""
    from documents import drafting
    from documents import services as documents
    from documents.models import DocumentKind

    from .services import _changing, _save

    police_organ = police_organ.strip()
    if not police_organ:
        raise CaseError(_("Give the public security organ."))
    with _changing(case, by=by, perm="cases.refer", expected_version=expected_version, write="referral") as locked:
        acts.check_act_date(locked, approved_on, act=acts.ACTS[EventKind.REFERRED_TO_POLICE])
        if not approved_on <= sent_on <= approved_on + datetime.timedelta(days=SEND_WITHIN_DAYS):
            raise CaseError(_("The case is referred within 24 hours of the approval (Article 5 of the Provisions "
                              "on the Transfer of Suspected Criminal Cases): the day of the approval or the next."))
        acts.check_act_date(locked, sent_on, act=acts.ACTS[EventKind.REFERRED_TO_POLICE])
        if received_on is not None and received_on < sent_on:
            raise CaseError(_("The receipt cannot be signed before the case was referred."))
        if received_on is not None:
            acts.check_act_date(locked, received_on, act=acts.ACTS[EventKind.REFERRED_TO_POLICE])
        letter = documents.record_document(locked, by=by, kind=DocumentKind.POLICE_REFERRAL, issued_on=approved_on,
                                           requirements=drafting.police_referral_text(
                                               locked, police_organ=police_organ, approved_on=approved_on))
        referral = CriminalReferral(case=locked, police_organ=police_organ, document_number=letter.reference,
                                    letter=letter, approved_on=approved_on, sent_on=sent_on, received_on=received_on,
                                    note=note, recorded_by=by)
        referral.full_clean(exclude=["case", "recorded_by"])
        referral.save()
        _save(case, locked, {}, by=by, kind=EventKind.REFERRED_TO_POLICE, note=note,
              data=events.referred_to_police(referral=referral), occurred_on=sent_on)
    return referral


def record_referral_answer(referral: CriminalReferral, *, by, received_on: datetime.date | None = None,
                           outcome: str = "", outcome_on: datetime.date | None = None,
                           expected_version: int | None = None) -> CriminalReferral:
    """The receipt and the police's decision (立案 or not, 第八条), each filled in once."""
    from .services import _changing, _save

    case = referral.case
    with _changing(case, by=by, perm="cases.refer", expected_version=expected_version, write="referral") as locked:
        fields = {}
        if received_on is not None and referral.received_on is None:
            if received_on < referral.sent_on:
                raise CaseError(_("The receipt cannot be signed before the case was referred."))
            acts.check_act_date(locked, received_on, act=acts.ACTS[EventKind.REFERRAL_ANSWERED])
            fields["received_on"] = received_on
        if outcome and not referral.outcome:
            if outcome not in ReferralOutcome.values or outcome_on is None:
                raise CaseError(_("Give the police's decision and its date."))
            if outcome_on < referral.sent_on:
                raise CaseError(_("The police cannot decide before the case was referred."))
            acts.check_act_date(locked, outcome_on, act=acts.ACTS[EventKind.REFERRAL_ANSWERED])
            fields.update(outcome=outcome, outcome_on=outcome_on)
        if not fields:
            raise CaseError(_("Nothing new to record: the receipt and the decision are recorded once."))
        for name, value in fields.items():
            setattr(referral, name, value)
        referral.save(update_fields=list(fields))
        _save(case, locked, {}, by=by, kind=EventKind.REFERRAL_ANSWERED,
              data=events.referral_answered(referral=referral),
              occurred_on=fields.get("outcome_on") or fields.get("received_on"))
    return referral

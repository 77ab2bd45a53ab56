"""Demo documents: the rectification notices of the demo cases, served on their days. Idempotent.

Runs after ``cases.demo.load_cases`` (the cases are decided) and before
``cases.demo.load_outcomes`` (what the parties did once served). Every notice is drafted,
issued and served through the documents' services, under the demo's clock
(``landwatch.demo.demo_clock``), so the case moves to "notified" with its deadline counted from
the service day, as in real use. Then one notice is corrected (superseded by a new one, served
again) and the overdue 钱塘 case gets its demand before enforcement (履行催告书).
"""

import datetime

from django.contrib.auth import get_user_model

from cases import services as case_services
from cases.demo import QIANTANG, demo_cases, notices
from landwatch.demo import demo_clock, load_day

from . import services
from .models import CaseDocument, DocumentKind, DocumentStatus

TOWNSHIP_CODE = "T01"
OFFICE_USERNAME = "office"
CORRECTED_CASE = "顺发物流违法占地停车场案"
DAY = datetime.timedelta(days=1)
PRE_CHAIN_NOTE = "专项整治行动按原整改程序送达整改通知书，早于行政处罚程序上线。"


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def _serve(document, *, by, issued_on, served_on, method="direct", **service) -> None:
    """Issue ``document`` on ``issued_on`` and serve it on ``served_on``, each under the clock of its day."""
    with demo_clock(issued_on, hour=9):
        services.issue_document(document, by=by, issued_on=issued_on)
    with demo_clock(served_on, hour=15):
        services.serve_document(document, by=by, method=method, served_on=served_on, **service)


def load_documents(stdout=None) -> dict:
    office = get_user_model().objects.filter(username=OFFICE_USERNAME).first()
    if office is None:
        return {}
    made = {"served": 0, "superseded": 0, "demand": 0}
    for case, served_on, days in notices():
        if case.documents.exists():
            continue
        with demo_clock(served_on - DAY, hour=9):
            # The campaign's notices went out on the rectification path before the penalty chain
            # came in: their cases predate it (docs/PROCEDURE.md), as the migration marks real ones.
            case_services.mark_predating_chain(case, by=office, note=PRE_CHAIN_NOTE)
            notice = services.create_document(case, by=office, kind=DocumentKind.RECTIFICATION, deadline_days=days)
        _serve(notice, by=office, issued_on=served_on - DAY, served_on=served_on,
               # Now and then a villager refuses to sign: left at the home (留置送达) with witnesses.
               method="left" if case.party.kind == "person" and made["served"] % 5 == 4 else "direct",
               recipient=case.party.name, signer=case.party.legal_representative or case.party.name,
               server="国土所 执法队员")
        made["served"] += 1

    documents = CaseDocument.objects.filter(township__code=TOWNSHIP_CODE)
    if not documents.filter(status=DocumentStatus.SUPERSEDED).exists():
        old = documents.filter(case__title=CORRECTED_CASE, status=DocumentStatus.SERVED).first()
        if old is not None:
            fixed = old.service.served_on + 5 * DAY
            with demo_clock(fixed, hour=9):
                correction = services.correct_document(old, by=office)
                services.update_document(correction, by=office, party_address=old.party_address or "（已更正地址）",
                                         requirements=old.requirements + "\n（更正：原通知书当事人地址有误。）")
            _serve(correction, by=office, issued_on=fixed, served_on=fixed, recipient=old.party_name,
                   signer=old.party_name, note="更正后重新送达")
            made["superseded"] += 1

    if not documents.filter(kind=DocumentKind.DEMAND).exists():
        overdue = demo_cases().filter(title=QIANTANG).first()
        # Three days after the missed deadline, or earlier when the engine moved the deadline off a
        # weekend or holiday so close to today that the post would not yet have arrived.
        issued = min(overdue.deadline + 3 * DAY, load_day() - 2 * DAY) if overdue and overdue.deadline else None
        if issued is not None and overdue.deadline < issued:
            with demo_clock(issued, hour=9):
                demand = services.create_document(overdue, by=office, kind=DocumentKind.DEMAND, deadline_days=10)
            _serve(demand, by=office, issued_on=issued, served_on=issued + 2 * DAY, method="post",
                   recipient=overdue.party.name, note="EMS 挂号邮寄")
            made["demand"] += 1
    _say(stdout, f"documents: {made}")
    return made


# 移送: this commercial case belongs to the county natural resources department (办法 第六条);
# the township office hands it over with its 案件移送书 and the evidence file.
HANDED_OVER_CASE = "绿源农家乐违法建设案"


def load_hand_overs(stdout=None) -> dict:
    office = get_user_model().objects.filter(username=OFFICE_USERNAME).first()
    case = demo_cases().filter(title=HANDED_OVER_CASE).first()
    if office is None or case is None or case.handed_over_on is not None or case.authority_id is None:
        return {}
    on = load_day() - 5 * DAY
    with demo_clock(on, hour=11):
        letter = services.hand_over_case(case, by=office, on=on, note="随案移送现场照片及排摸材料")
    _say(stdout, f"hand-over: {case.number} to {case.authority.name} with {letter.reference}")
    return {"handed_over": 1}

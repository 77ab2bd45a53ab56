"""Demo documents for the seed's cases (runs after ``cases.demo.load_cases``). Idempotent.

1. Every interim notice event the cases demo wrote becomes a served rectification notice
   (``adopt_interim_notices``), so the notified cases have their 整改通知书.
2. Then, for the demo township, and only if it does not have them yet: served notices
   with deadlines before and after today, one notice corrected (superseded) by a new one,
   and one demand before enforcement (履行催告书) on an overdue case. Everything goes
   through the services, so the cases move and the timeline is written as in real use.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import CaseStatus, ViolationCase
from cases.transitions import NOTICE_DISPOSITIONS

from . import services
from .models import CaseDocument, DocumentKind, DocumentStatus

TOWNSHIP_CODE = "T01"
OFFICE_USERNAME = "office"


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def _serve_notice(case, *, by, served_on, days, method="direct"):
    doc = services.create_document(case, by=by, kind=DocumentKind.RECTIFICATION, deadline_days=days)
    services.issue_document(doc, by=by, issued_on=served_on)
    services.serve_document(doc, by=by, method=method, served_on=served_on, recipient=case.party.name,
                            signer=case.party.legal_representative or case.party.name, server="国土所 执法队员")
    return doc


def load_documents(stdout=None) -> dict:
    adopted = services.adopt_interim_notices(stdout=stdout)
    office = get_user_model().objects.filter(username=OFFICE_USERNAME).first()
    cases = ViolationCase.objects.filter(village__township__code=TOWNSHIP_CODE).select_related("party", "village")
    if office is None or not cases.exists():
        _say(stdout, "no demo cases or office user: nothing more to do")
        return {"adopted": adopted}
    today = timezone.localdate()
    made = {"adopted": adopted, "served": 0, "superseded": 0, "demand": 0}

    waiting = list(
        cases.filter(status=CaseStatus.REGISTERED, disposition__in=list(NOTICE_DISPOSITIONS), documents__isnull=True)
        .order_by("number")[:2]
    )
    served = CaseDocument.objects.filter(township__code=TOWNSHIP_CODE, kind=DocumentKind.RECTIFICATION,
                                         status=DocumentStatus.SERVED)
    # A running notice (deadline after today) and an overdue one (deadline before today).
    if not served.filter(deadline__gt=today).exists() and waiting:
        _serve_notice(waiting.pop(0), by=office, served_on=today - datetime.timedelta(days=5), days=20)
        made["served"] += 1
    if not served.filter(deadline__lt=today).exists() and waiting:
        _serve_notice(waiting.pop(0), by=office, served_on=today - datetime.timedelta(days=40), days=15,
                      method="left")
        made["served"] += 1

    if not CaseDocument.objects.filter(township__code=TOWNSHIP_CODE, status=DocumentStatus.SUPERSEDED).exists():
        old = served.filter(deadline__gt=today).order_by("id").first()
        if old is not None:
            correction = services.correct_document(old, by=office)
            services.update_document(correction, by=office, party_address=old.party_address or "（已更正地址）",
                                     requirements=old.requirements + "\n（更正：原通知书当事人地址有误。）")
            services.issue_document(correction, by=office)
            services.serve_document(correction, by=office, method="direct", served_on=today,
                                    recipient=old.party_name, signer=old.party_name, note="更正后重新送达")
            made["superseded"] += 1

    if not CaseDocument.objects.filter(township__code=TOWNSHIP_CODE, kind=DocumentKind.DEMAND).exists():
        overdue = cases.filter(status=CaseStatus.NOTIFIED, deadline__lt=today).order_by("deadline", "number").first()
        if overdue is not None:
            demand = services.create_document(overdue, by=office, kind=DocumentKind.DEMAND, deadline_days=10)
            services.issue_document(demand, by=office, issued_on=today - datetime.timedelta(days=1))
            services.serve_document(demand, by=office, method="post", served_on=today, recipient=overdue.party.name,
                                    note="EMS 挂号邮寄")
            made["demand"] += 1
    _say(stdout, f"documents: {made}")
    return made

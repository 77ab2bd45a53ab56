"""The text of a new document, generated from its case.

Documents are official Chinese papers whatever language the clerk's screen uses, so the
text is produced in the site's language (``settings.LANGUAGE_CODE``). The clerk may edit
it while the document is a draft or issued but not yet served.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Disposition, ViolationCase
from landwatch import quantities
from landwatch.places import place_name

from . import legal_bases
from .models import DocumentKind

# The 公告's days are the authority's to set (行政强制法 第四十四条 names no number); ten as a default.
DEFAULT_DAYS = {DocumentKind.RECTIFICATION: 15, DocumentKind.DEMAND: 10, DocumentKind.PENALTY_DECISION: 15,
                DocumentKind.DEMOLITION_ANNOUNCEMENT: 10}


def _area(value: Decimal | None) -> str:
    return quantities.number(value or Decimal(0), quantities.M2)


def official_language():
    return translation.override(settings.LANGUAGE_CODE)


def number_text(*, prefix: str, year: int, kind: str, sequence: int) -> str:
    """丰土监〔2022〕整改第017号: prefix, year in 〔〕, the kind's word, a three-digit number."""
    from .models import KIND_ABBREVIATIONS

    with official_language():
        return _("%(prefix)s〔%(year)s〕%(abbr)s No. %(number)s") % {
            "prefix": prefix,
            "year": year,
            "abbr": str(KIND_ABBREVIATIONS[kind]),
            "number": f"{sequence:03d}",
        }


def _place(case: ViolationCase) -> str:
    # Not ``case.place``: the adoption migration drafts from historical models, which have no properties.
    return place_name(case.village.name, case.location_text)


def _facts(case: ViolationCase) -> str:
    text = _(
        "Without approval, %(party)s occupied %(area)s m² of land (of which %(farmland)s m² is farmland) "
        "at %(place)s, for %(category)s."
    ) % {
        "party": case.party.name,
        "area": _area(case.area_m2),
        "farmland": _area(case.farmland_area_m2),
        "place": _place(case),
        "category": case.get_category_display(),
    }
    if case.description:
        text = f"{text}\n{case.description.strip()}"
    return text


def _requirements(case: ViolationCase, kind: str) -> str:
    if kind == DocumentKind.TRANSFER:
        # 案件移送书 (自然资源行政处罚办法 第十一条): the township to the authority the case belongs to.
        return _(
            "This case falls within the competence of %(authority)s. It is handed over to you for handling "
            "according to law, together with the case's evidence file (its index lists every item with its "
            "SHA-256). Please acknowledge receipt."
        ) % {"authority": case.authority.name if case.authority_id else ""}
    if kind in PENALTY_TEXTS:
        return PENALTY_TEXTS[kind](case)
    if kind == DocumentKind.STOP_WORK:
        return _("Stop the construction and the use of the land immediately, and keep the site as it is.")
    if kind == DocumentKind.REINSPECTION:
        return _("The site was re-inspected. Findings: ")
    if kind == DocumentKind.DEMAND:
        return _(
            "You have not complied with the rectification notice served on you. Comply within the days given "
            "below; otherwise the township will take enforcement measures according to law, and the costs "
            "will be borne by you."
        )
    if case.disposition == Disposition.RESTORE_FARMLAND:
        return _("Restore the farmland to its original condition (plough layer included) yourself.")
    # A 责令改正 notice orders the violation corrected; demolition (限期拆除) and confiscation are
    # penalties (自然资源行政处罚办法 第四条(二)(五)) that only a penalty decision may order, after
    # 立案, the notice of intended penalty and the hearing (docs/PROCEDURE.md).
    return _(
        "Stop using the illegally occupied land and return it. Whether the buildings and structures on it are "
        "to be demolished or confiscated is decided by an administrative penalty decision, after the procedure "
        "the law prescribes."
    )


def draft_text(case: ViolationCase, kind: str) -> dict:
    """Field values of a new document of ``kind`` for ``case``."""
    with official_language():
        return {
            "party_name": case.party.name,
            "party_address": case.party.address,
            "location_text": _place(case),
            "facts": _facts(case),
            "legal_basis": legal_bases.legal_basis(case, kind),
            "requirements": _requirements(case, kind),
            "deadline_days": DEFAULT_DAYS.get(kind),
        }


# --- review, notice, hearing and decision (cases/penalty.py) ----------------------------------


def _penalty(case: ViolationCase) -> str:
    from cases.models import PenaltyMeasure

    text = "、".join(str(PenaltyMeasure(m).label) for m in case.penalty_measures or ()) or "—"
    if case.fine_yuan:
        text += _("; a fine of %(amount)s yuan") % {"amount": quantities.number(case.fine_yuan, quantities.YUAN)}
    return text


def _county_name(case: ViolationCase) -> str:
    """The county above the case's authority (or township), as its government and court are named
    (嘉禾县 of 嘉禾县国土资源局): its government reviews the decision (行政复议法 第二十四条(一)(二))
    and its people's court hears the suit. Empty when the territory has no county."""
    unit = case.authority or case.village.township
    while unit is not None and unit.kind != "county":
        unit = unit.parent
    if unit is None:
        return ""
    match = re.match(r"^(.+?[县市区旗])", unit.name)
    return match.group(1) if match else unit.name


def remedy_line(case: ViolationCase) -> str:
    """The 复议/诉讼 line printed on a penalty decision only (行政处罚法 第五十九条(五)): the county
    government within 60 days (行政复议法 第二十条、第二十四条), or the court within 6 months
    (行政诉讼法 第四十六条) — within 15 days for 限期拆除 (土地管理法 第八十三条)."""
    from cases.models import PenaltyMeasure

    county = _county_name(case)
    names = {"government": _("the %(county)s People's Government") % {"county": county} if county
             else _("the people's government at the county level"),
             "court": _("the %(county)s People's Court") % {"county": county} if county
             else _("the competent people's court")}
    if PenaltyMeasure.DEMOLISH in (case.penalty_measures or ()):
        return _("If you do not accept this decision, you may apply to %(government)s for administrative "
                 "reconsideration within 60 days of receiving it, or bring a lawsuit before %(court)s within 15 days "
                 "of receiving the order to demolish within a time limit (Article 83 of the Land Administration Law)."
                 ) % names
    return _("If you do not accept this decision, you may apply to %(government)s for administrative "
             "reconsideration within 60 days of receiving it, or bring a lawsuit before %(court)s within six months "
             "of receiving it. Reconsideration or a lawsuit does not stay the execution of the penalty.") % names


def _penalty_notice(case: ViolationCase) -> str:
    return _("This authority intends to impose the following administrative penalty on you: %(penalty)s. "
             "This notice is not a penalty decision. Under Articles 44 and 45 of the Administrative Penalty Law you "
             "have the right to state your case and defend yourself; if you wish to do so, tell us within 5 working "
             "days of receiving this notice (Articles 33 and 57 of the Measures on Administrative Penalties for "
             "Natural Resources). If you say nothing within that time, you are deemed to have waived the right."
             ) % {"penalty": _penalty(case)}


def _hearing_notice(case: ViolationCase) -> str:
    return _("This authority intends to impose the following administrative penalty on you: %(penalty)s. "
             "This notice is not a penalty decision. You have the right to ask for a hearing; if you wish to, ask "
             "within 5 working days of receiving this notice (Article 34 of the Measures on Administrative Penalties "
             "for Natural Resources; Articles 63 and 64 of the Administrative Penalty Law). If you do not ask within "
             "that time, you are deemed to have waived the hearing.") % {"penalty": _penalty(case)}


def hearing_summons_text(*, time: str, place: str, presiding: str) -> str:
    """听证通知书 (行政处罚法 第六十四条): the time and place, the presiding officer, the party's right
    to ask for the officer's withdrawal, to be represented, and what staying away means."""
    return _("The hearing of your case will be held at %(time)s, at %(place)s. Presiding officer: %(presiding)s, "
             "who did not investigate the case. If you consider that the presiding officer has a direct interest in "
             "the case, you have the right to ask for the officer's withdrawal. You may attend in person or be "
             "represented by one or two agents. If you or your agent stay away without a good reason or leave "
             "without permission, you are deemed to have waived the hearing (Article 64 (2), (4), (5) and (6) of "
             "the Administrative Penalty Law).") % {"time": time, "place": place, "presiding": presiding}


def _hearing_summons(case: ViolationCase) -> str:
    return hearing_summons_text(time="        ", place="        ", presiding="        ")


def _hearing_record(case: ViolationCase) -> str:
    """听证笔录 (行政处罚法 第六十四条(八)): it names as presiding officer the one the served 听证通知书
    named (第六十四条(四)), the last served one (``cases.penalty.SERVICE_ORDER``), filled in here."""
    from cases.penalty import SERVICE_ORDER
    from documents.models import CaseDocument, DocumentKind, DocumentStatus

    summons = (CaseDocument.objects.filter(case=case, kind=DocumentKind.HEARING_SUMMONS, status=DocumentStatus.SERVED)
               .select_related("presiding").order_by(*SERVICE_ORDER).last())
    host = summons.presiding if summons is not None else None
    return _("Time and place: \nPresiding officer (not an investigator of the case): %(presiding)s\nRecorder: \n"
             "Investigators' facts, evidence and proposed penalty: \nThe party's statement, defence and "
             "cross-examination: \nThe party or the agent has checked this record and signs it: ") % {
        "presiding": (host.get_full_name() or host.get_username()) if host else ""}


def _last_event(case: ViolationCase, kind: str):
    return case.events.filter(kind=kind).order_by("-occurred_on", "-at", "-id").first()


def _suspension_notice(case: ViolationCase) -> str:
    """中止调查通知书 (自然资源行政处罚办法 第二十七条): the day, the ground and the reason of the
    last suspension, as its event records them."""
    from cases.models import EventKind, SuspensionGround

    event = _last_event(case, EventKind.INVESTIGATION_SUSPENDED)
    if event is None:
        return ""
    ground = (event.data or {}).get("ground")
    return _("With the approval of its head, this authority suspended the investigation of your case on %(date)s. "
             "Ground: %(ground)s. Reason: %(reason)s. When the ground no longer exists, the investigation will be "
             "resumed and you will be told in writing (Article 27 of the Measures on Administrative Penalties for "
             "Natural Resources).") % {
        "date": formats.date_format(event.occurred_on, "DATE_FORMAT"),
        "ground": SuspensionGround(ground).label if ground in SuspensionGround.values else "—",
        "reason": event.note or "—"}


def _resumption_notice(case: ViolationCase) -> str:
    """恢复调查通知书 (自然资源行政处罚办法 第二十七条): the day and the reason of the last resumption."""
    from cases.models import EventKind

    event = _last_event(case, EventKind.INVESTIGATION_RESUMED)
    if event is None:
        return ""
    return _("The ground for suspending the investigation of your case no longer exists: with the approval of its "
             "head, this authority resumed the investigation on %(date)s. Reason: %(reason)s (Article 27 of the "
             "Measures on Administrative Penalties for Natural Resources).") % {
        "date": formats.date_format(event.occurred_on, "DATE_FORMAT"), "reason": event.note or "—"}


def _history(case: ViolationCase) -> str:
    """The 告知/陈述/申辩/听证 history a decision records (办法 第三十五条第二款)."""
    from cases.models import EventKind

    rows = []
    for event in case.events.filter(kind__in=[EventKind.PARTY_INFORMED, EventKind.STATEMENT_RECEIVED,
                                              EventKind.HEARING_REQUESTED, EventKind.HEARING_HELD,
                                              EventKind.RECHECKED]).order_by("occurred_on", "at", "id"):
        day = formats.date_format(event.occurred_on, "DATE_FORMAT")
        text = {
            EventKind.PARTY_INFORMED: _("On %(date)s the notice of intended penalty was served on the party."),
            EventKind.STATEMENT_RECEIVED: _("On %(date)s the party's statement and defence were received."),
            EventKind.HEARING_REQUESTED: _("On %(date)s the party asked for a hearing."),
            EventKind.HEARING_HELD: _("On %(date)s the hearing was held."),
            EventKind.RECHECKED: _("On %(date)s what the party raised was re-examined."),
        }[event.kind] % {"date": day}
        if event.kind == EventKind.STATEMENT_RECEIVED and (event.data or {}).get("waived"):
            text = _("On %(date)s the party expressly waived the right to state and defend.") % {"date": day}
        rows.append(text)
    if not rows:
        return ""
    return "\n".join(rows)


def _evidence(case: ViolationCase) -> str:
    """The evidence a decision states (行政处罚法 第五十九条(二)): the 笔录 on file by number, and the
    case's other evidence (photos, scans) by count, corrected records counted once."""
    records = case.documents.valid().filter(
        kind__in=[DocumentKind.INQUIRY_RECORD, DocumentKind.INSPECTION_RECORD]).order_by("issued_on", "id")
    items = [f"{record.get_kind_display()}（{record.reference}）" for record in records]
    others = case.attachments.filter(corrections__isnull=True).count()
    if others:
        items.append(ngettext("%(n)s further item of evidence on the case file",
                              "%(n)s further items of evidence on the case file", others) % {"n": others})
    if not items:
        return ""
    return _("Evidence: %(items)s.") % {"items": "、".join(items)}


def _penalty_decision(case: ViolationCase) -> str:
    parts = [_("This authority decides to impose the following administrative penalty: %(penalty)s.")
             % {"penalty": _penalty(case)}]
    evidence = _evidence(case)
    if evidence:
        parts.insert(0, evidence)
    history = _history(case)
    if history:
        parts.append(history)
    parts.append(remedy_line(case))
    return "\n".join(parts)


PENALTY_TEXTS = {
    DocumentKind.PENALTY_NOTICE: _penalty_notice,
    DocumentKind.HEARING_NOTICE: _hearing_notice,
    DocumentKind.HEARING_RECORD: _hearing_record,
    DocumentKind.HEARING_SUMMONS: _hearing_summons,
    DocumentKind.PENALTY_DECISION: _penalty_decision,
    DocumentKind.SUSPENSION_NOTICE: _suspension_notice,
    DocumentKind.RESUMPTION_NOTICE: _resumption_notice,
}


# --- the papers of enforcement and referral (part g3; docs/PROCEDURE.md) -----------------------


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _served_paper(case: ViolationCase, kind: str):
    """The latest served paper of ``kind`` on the case with its service, or None."""
    from .models import CaseDocument, DocumentStatus

    return (CaseDocument.objects.filter(case=case, kind=kind, status=DocumentStatus.SERVED, service__isnull=False)
            .select_related("service").order_by("-service__served_on", "-id").first())


def _paper(document) -> str:
    return f"《{document.get_kind_display()}》（{document.reference}）" if document is not None else "—"


def police_referral_text(case: ViolationCase, *, police_organ: str, approved_on) -> str:
    with official_language():
        return _police_referral_text(case, police_organ=police_organ, approved_on=approved_on)


def court_application_text(case: ViolationCase, *, court: str, materials) -> str:
    with official_language():
        return _court_application_text(case, court=court, materials=materials)


def _police_referral_text(case: ViolationCase, *, police_organ: str, approved_on) -> str:
    """涉嫌犯罪案件移送书 (国务院令第310号 第六条): what is referred and why, and the materials the letter
    carries — (二) 涉嫌犯罪案件情况的调查报告, (三) 涉案物品清单, (四) 有关检验报告或者鉴定结论, (五) 其他有关涉嫌
    犯罪的材料 — with the report's number where it is on file; the police sign its receipt (第八条)."""
    from cases import referrals

    report = case.documents.valid().filter(kind=DocumentKind.INVESTIGATION_REPORT).order_by("-issued_on", "-id").first()
    evidence = case.attachments.filter(corrections__isnull=True).count()
    lines = [
        _("With the approval of its head on %(date)s, this authority refers to %(organ)s the case of %(party)s, "
          "suspected of the crime of illegally occupying farmland (Article 342 of the Criminal Law): %(basic)s m² of "
          "permanent basic farmland and %(other)s m² of other farmland were occupied, which reaches the “large "
          "quantity” of Article 3 (1) of Judicial Interpretation 〔2000〕14 (5 mu of basic farmland, 10 mu of other "
          "farmland; %(basic_limit)s m² and %(other_limit)s m²). Please examine it and decide whether to open a "
          "criminal case, and tell this authority of your decision in writing.") % {
            "date": _day(approved_on), "organ": police_organ, "party": case.party.name,
            "basic": _area(case.basic_farmland_area_m2), "other": _area(case.other_farmland_area_m2),
            "basic_limit": _area(referrals.BASIC_FARMLAND_THRESHOLD_M2),
            "other_limit": _area(referrals.OTHER_FARMLAND_THRESHOLD_M2)},
        _("Enclosed (Article 6 of the Provisions on the Transfer of Suspected Criminal Cases):"),
        _("1. The investigation report on the suspected crime: %(report)s") % {
            "report": f"{report.get_kind_display()}（{report.reference}）" if report else
            _("to be enclosed")},
        _("2. The list of the articles involved in the case (none seized: the land and the buildings on it "
          "stay where they are)"),
        _("3. The inspection reports or expert conclusions: the survey of the occupied area"),
        ngettext("4. Other material on the suspected crime: %(n)s item of the case's evidence file",
                 "4. Other material on the suspected crime: %(n)s items of the case's evidence file",
                 evidence) % {"n": evidence},
        _("The public security organ signs the receipt of this letter (Article 8 of the Provisions)."),
    ]
    return "\n".join(lines)


def _court_application_text(case: ViolationCase, *, court: str, materials) -> str:
    """强制执行申请书 (行政强制法 第五十五条): the decision to enforce, the facts, reasons and basis it rests
    on, the party's opinion and the demand, what is to be enforced, and the materials sent with it."""
    from cases.models import ApplicationMaterial, EventKind

    decision = _served_paper(case, DocumentKind.PENALTY_DECISION)
    demand = _served_paper(case, DocumentKind.DEMAND)
    statements = case.events.filter(kind=EventKind.STATEMENT_RECEIVED).exclude(data__waived=True).exists()
    lines = [
        _("Applicant: %(authority)s. Respondent: %(party)s, %(address)s.") % {
            "authority": _letterhead(case.authority or case.village.township), "party": case.party.name,
            "address": case.party.address or "—"},
        _("Request: that %(court)s enforce %(decision)s, served on %(served)s, which imposed: %(penalty)s.") % {
            "court": court, "decision": _paper(decision),
            "served": _day(decision.service.served_on if decision else None), "penalty": _penalty(case)},
        _("Facts, reasons and basis: as stated in the decision (%(basis)s).") % {
            "basis": decision.legal_basis.rstrip("。.") if decision else "—"},
        (_("The party's opinion: the party stated its case and defended itself before the decision, as the "
           "decision records.") if statements else
         _("The party's opinion: the party did not state its case before the decision.")),
        _("The demand: %(demand)s was served on %(served)s; the party has not performed within ten working days of "
          "it, nor applied for reconsideration or sued within the statutory periods.") % {
            "demand": _paper(demand), "served": _day(demand.service.served_on if demand else None)},
        _("What is to be enforced: %(penalty)s, at %(place)s (%(area)s m²).") % {
            "penalty": _penalty(case), "place": _place(case), "area": _area(case.area_m2)},
        _("Enclosed (Article 55 of the Administrative Coercion Law):"),
        *[f"{n}. {ApplicationMaterial(m).label}" for n, m in enumerate(
            (m for m in ApplicationMaterial.values if m in set(materials or ())), start=1)],
        _("Head of the authority (signature): "),
    ]
    return "\n".join(lines)


def _letterhead(unit) -> str:
    from .printing import letterhead

    return letterhead(unit)


def _announcement(case: ViolationCase) -> str:
    """公告 (行政强制法 第四十四条; 城乡规划法 第六十五条): the decision ordering demolition, the time limit
    to demolish oneself, and what follows when the party neither challenges nor demolishes."""
    decision = _served_paper(case, DocumentKind.PENALTY_DECISION)
    return _("By %(decision)s, served on %(served)s, this authority ordered %(party)s to demolish within a time "
             "limit the buildings and structures built without permission at %(place)s. It is hereby announced: "
             "%(party)s is to demolish them within the days given below, counted from the day this announcement "
             "is published. If the party neither applies for administrative reconsideration nor brings a lawsuit "
             "within the statutory periods and does not demolish them, this authority will demolish them by force "
             "according to law (Article 44 of the Administrative Coercion Law).") % {
        "decision": _paper(decision), "served": _day(decision.service.served_on if decision else None),
        "party": case.party.name, "place": _place(case)}


PENALTY_TEXTS[DocumentKind.DEMOLITION_ANNOUNCEMENT] = _announcement

"""The text of a new document, generated from its case.

Documents are official Chinese papers whatever language the clerk's screen uses, so the
text is produced in the site's language (``settings.LANGUAGE_CODE``). The clerk may edit
it while the document is a draft or issued but not yet served.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from cases.models import Disposition, ViolationCase
from landwatch import quantities
from landwatch.places import place_name

from . import legal_bases
from .models import DocumentKind

DEFAULT_DAYS = {DocumentKind.RECTIFICATION: 15, DocumentKind.DEMAND: 10}


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

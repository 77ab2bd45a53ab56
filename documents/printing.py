"""A document as a printed A4 page: the same template for the browser's print view and the PDF.

The PDF is made by WeasyPrint with Noto Sans CJK SC first in the font list (Debian's
fonts-noto-cjk), so Chinese text is embedded as real text, not boxes or images.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .models import CaseDocument, DocumentKind

PRINT_CSS = "documents/print.css"


def letterhead(unit) -> str:
    """The unit's letterhead (admin-editable); a township without one: the configured name, else its name."""
    if unit.letterhead:
        return unit.letterhead
    return (settings.LANDWATCH_ORG_NAME or unit.name) if unit.kind == "township" else unit.name


def print_context(document: CaseDocument) -> dict:
    """The letterhead is the issuing unit's (the case's 办案机关); the township, where it is not the
    issuer, is named as 协办 (assisting). A 案件移送书 is addressed to the authority it hands over to."""
    service = getattr(document, "service", None) if document.status in ("served", "superseded") else None
    issuer = document.issuing_unit
    transfer_to = document.case.authority if document.kind == DocumentKind.TRANSFER else None
    # The letters to another organ name it above the text: the police (国务院令第310号 第六条), the court
    # (行政强制法 第五十五条); the police's receipt date is the referral's (第八条).
    referral = getattr(document, "criminal_referral", None) if document.kind == DocumentKind.POLICE_REFERRAL else None
    application = (getattr(document, "court_application", None)
                   if document.kind == DocumentKind.COURT_APPLICATION else None)
    organ = referral.police_organ if referral else application.court if application else ""
    return {
        "addressee_organ": organ,
        "receipt_on": referral.received_on if referral else None,
        "document": document,
        "case": document.case,
        "letterhead": letterhead(issuer),
        "assisting": letterhead(document.township) if issuer.pk != document.township_id else "",
        "addressee": (transfer_to.letterhead or transfer_to.name) if transfer_to else document.party_name,
        "service": service,
    }


def render_print_html(document: CaseDocument, *, request=None, for_pdf: bool = False) -> str:
    # An official paper is printed in the site's language whatever the clerk's screen uses.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "documents/document_print.html", {**print_context(document), "for_pdf": for_pdf}, request=request
        )


def render_pdf(document: CaseDocument) -> bytes:
    from weasyprint import CSS, HTML

    html = render_print_html(document, for_pdf=True)
    css_path = finders.find(PRINT_CSS)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[CSS(filename=css_path)])

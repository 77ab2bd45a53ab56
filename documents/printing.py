"""A document as a printed A4 page: the same template for the browser's print view and the PDF.

The PDF is made by WeasyPrint with Noto Sans CJK SC first in the font list (Debian's
fonts-noto-cjk), so Chinese text is embedded as real text, not boxes or images.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .models import CaseDocument

PRINT_CSS = "documents/print.css"


def letterhead(township) -> str:
    """The township's letterhead (admin-editable), else the configured name, else the unit name."""
    return township.letterhead or settings.LANDWATCH_ORG_NAME or township.name


def print_context(document: CaseDocument) -> dict:
    service = getattr(document, "service", None) if document.status in ("served", "superseded") else None
    return {
        "document": document,
        "case": document.case,
        "letterhead": letterhead(document.township),
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

"""The ledger (台账): the filtered case list as an Excel workbook, in bounded memory.

The rows are the case list's own rows: the same scoped queryset filtered by the case
list's filterset (``cases.filters``), so what the clerk sees is what they download. The
workbook is written by ``landwatch.exports.ExcelWriter`` (write-only mode: rows stream to a
temporary file, none is kept in memory; text is never written as a formula) and the rows
are read from the database in chunks with ``values_list`` — memory does not grow with the number of cases (see bench/).
"""

import tempfile

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cases.filters import CaseFilter
from cases.models import CaseStatus, Disposition, ViolationCase
from cases.selectors import case_list
from landwatch.exports import BOLD, TITLE, ExcelWriter, Quantity
from landwatch.quantities import M2
from landwatch.vocabulary import Category

from .models import CaseDocument, DocumentKind, DocumentStatus

CHUNK = 2000


def filtered_cases(request) -> tuple[QuerySet[ViolationCase], bool]:
    """The cases the list shows for this request, as ``cases.views.case_list`` computes them.

    Returns the queryset and whether the user chose a sort order (else the ledger is by number).
    """
    qs = case_list(request.user)
    filterset = CaseFilter(request.GET or None, queryset=qs, user=request.user)
    if filterset.is_bound and filterset.is_valid():
        qs = filterset.qs
    return qs, bool(request.GET.get("sort"))


def _latest_notice():
    return (
        CaseDocument.objects.filter(
            case=OuterRef("pk"),
            kind=DocumentKind.RECTIFICATION,
            status__in=[DocumentStatus.ISSUED, DocumentStatus.SERVED],
        )
        .order_by("-issued_on", "-id")
    )


COLUMNS = [
    # (header msgid, width)
    (pgettext_lazy("ledger", "Case number"), 12),
    (pgettext_lazy("ledger", "Party"), 18),
    (pgettext_lazy("ledger", "Village"), 10),
    (pgettext_lazy("ledger", "Location"), 24),
    (pgettext_lazy("ledger", "Area occupied (m²)"), 12),
    (pgettext_lazy("ledger", "Farmland occupied (m²)"), 12),
    (pgettext_lazy("ledger", "Category"), 16),
    (pgettext_lazy("ledger", "Disposition"), 18),
    (pgettext_lazy("ledger", "Notice number"), 26),
    (pgettext_lazy("ledger", "Deadline"), 12),
    (pgettext_lazy("ledger", "Status"), 10),
    (pgettext_lazy("ledger", "Closed on"), 12),
    (pgettext_lazy("ledger", "Remarks"), 30),
    # Last, so the columns before it keep their places for those who read the ledger by position.
    (pgettext_lazy("ledger", "Of which permanent basic farmland (m²)"), 14),
]


def ledger_rows(cases: QuerySet[ViolationCase], *, keep_order: bool = False):
    """Tuples in the ledger's column order, read in chunks."""
    notice = _latest_notice()
    qs = (
        (cases if keep_order else cases.order_by("number"))
        .annotate(notice_ref=Subquery(notice.values("reference")[:1]),
                  notice_deadline=Subquery(notice.values("deadline")[:1]))
        .values_list(
            "number", "party__name", "village__name", "location_text", "area_m2", "farmland_area_m2", "category",
            "disposition", "notice_ref", "notice_deadline", "deadline", "status", "closed_on", "disposition_reason",
            "basic_farmland_area_m2",
        )
    )
    categories = dict(Category.choices)
    dispositions = dict(Disposition.choices)
    statuses = dict(CaseStatus.choices)
    for (number, party, village, location, area, farmland, category, disposition, notice_ref, notice_deadline,
         case_deadline, status, closed_on, remarks, basic) in qs.iterator(chunk_size=CHUNK):
        yield (
            number, party, village, location,
            Quantity(area, M2),
            Quantity(farmland, M2),
            str(categories.get(category, category)),
            str(dispositions.get(disposition, disposition or "")),
            notice_ref or "",
            case_deadline or notice_deadline,
            str(statuses.get(status, status)),
            closed_on,
            remarks or "",
            Quantity(basic, M2),
        )


def write_ledger(cases: QuerySet[ViolationCase], *, title: str = "",
                 keep_order: bool = False) -> tempfile.SpooledTemporaryFile:
    """The workbook in a temporary file (spooled to disk past 8 MB), positioned at its start."""
    with translation.override(settings.LANGUAGE_CODE):
        writer = ExcelWriter()
        ws = writer.sheet(_("Ledger"), widths=[width for _label, width in COLUMNS], freeze="A3" if title else "A2")
        if title:
            ws.append([title], font=TITLE)
        ws.append([str(label) for label, _width in COLUMNS], font=BOLD)
        for row in ledger_rows(cases, keep_order=keep_order):
            ws.append(row)
        return writer.save()

"""The ledger (台账): the filtered case list as an Excel workbook, in bounded memory.

The rows are the case list's own rows: the same scoped queryset filtered by the case
list's filterset (``cases.filters``), so what the clerk sees is what they download. The
workbook is written by openpyxl in write-only mode (rows stream to a temporary file,
none is kept in memory) and the rows are read from the database in chunks with
``values_list`` — memory does not grow with the number of cases (see bench/).
"""

import datetime
import importlib
import tempfile

import django_filters
from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cases.models import CaseStatus, Disposition, ViolationCase
from cases.selectors import case_list
from landwatch.vocabulary import Category

from .models import CaseDocument, DocumentKind, DocumentStatus

DATE_FORMAT = "yyyy-mm-dd"
CHUNK = 2000


def case_filterset_class():
    """The case list's FilterSet (``cases/filters.py``), or a minimal stand-in until it exists."""
    try:
        module = importlib.import_module("cases.filters")
    except ModuleNotFoundError as exc:
        if exc.name != "cases.filters":
            raise
        return FallbackCaseFilter
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, django_filters.FilterSet)
            and getattr(value._meta, "model", None) is ViolationCase
        ):
            return value
    return FallbackCaseFilter


class FallbackCaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = ViolationCase
        fields = ["status", "category", "village"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)


def filtered_cases(request) -> QuerySet[ViolationCase]:
    """The cases the list shows for this request: the user's scope, then the list's filters."""
    cls = case_filterset_class()
    filterset = cls(request.GET or None, queryset=case_list(request.user), request=request)
    return filterset.qs


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
    (gettext_noop("Case number"), 12),
    (gettext_noop("Party"), 18),
    (gettext_noop("Village"), 10),
    (gettext_noop("Location"), 24),
    (gettext_noop("Area occupied (m²)"), 12),
    (gettext_noop("Farmland occupied (m²)"), 12),
    (gettext_noop("Category"), 16),
    (gettext_noop("Disposition"), 18),
    (gettext_noop("Notice number"), 26),
    (gettext_noop("Deadline"), 12),
    (gettext_noop("Status"), 10),
    (gettext_noop("Closed on"), 12),
    (gettext_noop("Remarks"), 30),
]


def ledger_rows(cases: QuerySet[ViolationCase]):
    """Tuples in the ledger's column order, read in chunks."""
    notice = _latest_notice()
    qs = (
        cases.order_by("number")
        .annotate(notice_ref=Subquery(notice.values("reference")[:1]),
                  notice_deadline=Subquery(notice.values("deadline")[:1]))
        .values_list(
            "number", "party__name", "village__name", "location_text", "area_m2", "farmland_area_m2", "category",
            "disposition", "notice_ref", "notice_deadline", "deadline", "status", "closed_on", "disposition_reason",
        )
    )
    categories = dict(Category.choices)
    dispositions = dict(Disposition.choices)
    statuses = dict(CaseStatus.choices)
    for (number, party, village, location, area, farmland, category, disposition, notice_ref, notice_deadline,
         case_deadline, status, closed_on, remarks) in qs.iterator(chunk_size=CHUNK):
        yield (
            number, party, village, location,
            float(area) if area is not None else None,
            float(farmland) if farmland is not None else None,
            str(categories.get(category, category)),
            str(dispositions.get(disposition, disposition or "")),
            notice_ref or "",
            case_deadline or notice_deadline,
            str(statuses.get(status, status)),
            closed_on,
            remarks or "",
        )


def write_ledger(cases: QuerySet[ViolationCase], *, title: str = "") -> tempfile.SpooledTemporaryFile:
    """The workbook in a temporary file (spooled to disk past 8 MB), positioned at its start."""
    with translation.override(settings.LANGUAGE_CODE):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Ledger"))
        for index, (_msgid, width) in enumerate(COLUMNS):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.freeze_panes = "A3" if title else "A2"
        bold = Font(bold=True)
        if title:
            cell = WriteOnlyCell(ws, value=title)
            cell.font = Font(bold=True, size=14)
            ws.append([cell])
        header = []
        for msgid, _width in COLUMNS:
            cell = WriteOnlyCell(ws, value=_(msgid))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        date_cells = {9, 11}
        for row in ledger_rows(cases):
            out = []
            for index, value in enumerate(row):
                if index in date_cells and isinstance(value, datetime.date):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = DATE_FORMAT
                    out.append(cell)
                else:
                    out.append(value)
            ws.append(out)
        out_file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        wb.save(out_file)
    out_file.seek(0)
    return out_file

"""The summary report (整改工作材料) as an Excel workbook, from the same figures as the page."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list], *, first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, _h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if i > 1 else 34
    ws.freeze_panes = "A2"
    return ws


def build_workbook(campaign, figures: dict) -> Workbook:
    """One sheet per part of the report; numbers are written as numbers, not text."""
    wb = Workbook()
    c, e, d = figures["cases"], figures["enforcement"], figures["discipline"]
    p, m, t = figures["publicity"], figures["meetings"], figures["tasks"]
    summary = _sheet(
        wb,
        _("Summary"),
        [_("Item"), _("Figure")],
        [
            [_("Campaign"), campaign.name],
            [_("Township"), campaign.township.name],
            [_("Period"), f"{date_format(campaign.start_date)} – {date_format(campaign.end_date)}"],
            [_("Cases found"), c["found"]],
            [_("Cases handled"), c["handled"]],
            [_("Cases closed"), c["closed"]],
            [_("Cases still open"), c["open"]],
            [_("Area occupied (m²)"), float(c["area"])],
            [_("Farmland occupied (m²)"), float(c["farmland"])],
            [_("Forced demolitions"), e["demolitions"]],
            [_("Area demolished (m²)"), float(e["demolished_area"])],
            [_("Farmland restorations"), e["restorations"]],
            [_("Farmland restored (m²)"), float(e["restored_area"])],
            [_("Power cut-offs"), e["power_cuts"]],
            [_("Business licences refused"), e["licence_refusals"]],
            [_("Fines"), e["fines"]],
            [_("Fines (yuan)"), float(e["fine_amount"])],
            [_("Referrals"), e["referrals"]],
            [_("Disciplinary actions"), d["actions"]],
            [_("Disciplinary actions decided"), d["decided"]],
            [_("Publicity activities"), p["activities"]],
            [_("Publicity audience"), p["audience"]],
            [_("Materials handed out"), p["materials"]],
            [_("Meetings"), m["total"]],
            [_("Tasks"), t["total"]],
            [_("Tasks done"), t["done"]],
        ],
        first=True,
    )
    summary.column_dimensions["B"].width = 40
    _sheet(
        wb,
        _("By category"),
        [
            _("Category"),
            _("Found"),
            _("Handled"),
            _("Closed"),
            _("Open"),
            _("Area occupied (m²)"),
            _("Farmland occupied (m²)"),
        ],
        [
            [str(r["label"]), r["found"], r["handled"], r["closed"], r["open"], float(r["area"]), float(r["farmland"])]
            for r in c["by_category"]
        ]
        + [[_("Total"), c["found"], c["handled"], c["closed"], c["open"], float(c["area"]), float(c["farmland"])]],
    )
    _sheet(wb, _("Causes"), [_("Cause"), _("Cases")], [[str(r["label"]), r["count"]] for r in figures["causes"]])
    _sheet(
        wb,
        _("Publicity"),
        [_("Kind"), _("Activities"), _("Audience"), _("Materials handed out")],
        [[str(r["label"]), r["activities"], r["audience"], r["materials"]] for r in p["by_kind_labelled"]],
    )
    _sheet(wb, _("Meetings"), [_("Kind"), _("Meetings")], [[str(r["label"]), r["count"]] for r in m["by_kind"]])
    ws = _sheet(
        wb,
        _("Outstanding"),
        [_("Case"), _("Title"), _("Village"), _("Status"), _("Deadline"), _("Reason")],
        [
            [
                case.number,
                case.title,
                case.village.name,
                str(case.get_status_display()),
                case.deadline,
                str(case.reason),
            ]
            for case in figures["outstanding"]
        ],
    )
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["F"].width = 30
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(horizontal="left")
    return wb


def report_workbook_response(campaign, figures: dict) -> HttpResponse:
    buffer = BytesIO()
    build_workbook(campaign, figures).save(buffer)
    name = f"{campaign.name}-{_('summary report')}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"report.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response

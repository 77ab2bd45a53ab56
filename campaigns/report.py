"""The summary report (整改工作材料) as an Excel workbook, from the same figures as the page."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from landwatch.downloads import download_response
from landwatch.exports import BOLD, XLSX, ExcelWriter, Quantity, export_filename
from landwatch.quantities import M2, YUAN


def _sheet(writer: ExcelWriter, title: str, header: list[str], rows: list[list], *, widths: dict | None = None,
           dates_left: bool = False) -> None:
    """A sheet of the report: its header in bold, the first column wide, frozen under the header."""
    columns = [34] + [14] * (len(header) - 1)
    for column, width in (widths or {}).items():
        columns[column] = width
    ws = writer.sheet(title, widths=columns, freeze="A2", dates_left=dates_left)
    ws.append(header, font=BOLD)
    for row in rows:
        ws.append(row)


def _category_row(label: str, r: dict) -> list:
    areas = [Quantity(r["area"], M2), Quantity(r["farmland"], M2)]
    return [label, r["found"], r["handled"], r["closed"], r["open"], *areas]


def build_workbook(campaign, figures: dict) -> ExcelWriter:
    """One sheet per part of the report; numbers are written as numbers, text never as a formula."""
    wb = ExcelWriter()
    c, e, d = figures["cases"], figures["enforcement"], figures["discipline"]
    p, m, t = figures["publicity"], figures["meetings"], figures["tasks"]
    _sheet(
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
            [_("Area occupied (m²)"), Quantity(c["area"], M2)],
            [_("Farmland occupied (m²)"), Quantity(c["farmland"], M2)],
            [_("Forced demolitions"), e["demolitions"]],
            [_("Area demolished (m²)"), Quantity(e["demolished_area"], M2)],
            [_("Farmland restorations"), e["restorations"]],
            [_("Farmland restored (m²)"), Quantity(e["restored_area"], M2)],
            [_("Power cut-offs"), e["power_cuts"]],
            [_("Business licences refused"), e["licence_refusals"]],
            [_("Fines recorded as enforcement actions (older records)"), e["fines"]],
            [_("Their amount (yuan)"), Quantity(e["fine_amount"], YUAN)],
            [_("Fines decided"), figures["fines"]["decided"]],
            [_("Fines decided (yuan)"), Quantity(figures["fines"]["decided_amount"], YUAN)],
            [_("Fines paid in full"), figures["fines"]["paid"]],
            [_("Paid to the bank (yuan, surcharges included)"), Quantity(figures["fines"]["paid_amount"], YUAN)],
            [_("Fines outstanding"), figures["fines"]["outstanding"]],
            [_("Fines outstanding (yuan, surcharge not included)"),
             Quantity(figures["fines"]["outstanding_amount"], YUAN)],
            [_("Referrals"), e["referrals"]],
            [_("Disciplinary actions proposed (not yet decided)"), d["proposed"]],
            [_("Disciplinary actions decided"), d["decided"]],
            [_("Publicity activities"), p["activities"]],
            [_("Publicity audience"), p["audience"]],
            [_("Materials handed out"), p["materials"]],
            [_("Meetings"), m["total"]],
            [_("Tasks"), t["total"]],
            [_("Tasks done"), t["done"]],
        ],
        widths={1: 40},
    )
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
        [_category_row(str(r["label"]), r) for r in c["by_category"]] + [_category_row(_("Total"), c)],
    )
    _sheet(wb, _("Causes"), [_("Cause"), _("Cases")], [[str(r["label"]), r["count"]] for r in figures["causes"]])
    _sheet(
        wb,
        _("Publicity"),
        [_("Kind"), _("Activities"), _("Audience"), _("Materials handed out")],
        [[str(r["label"]), r["activities"], r["audience"], r["materials"]] for r in p["by_kind_labelled"]],
    )
    _sheet(wb, _("Meetings"), [_("Kind"), _("Meetings")], [[str(r["label"]), r["count"]] for r in m["by_kind"]])
    _sheet(
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
        widths={1: 40, 5: 30},
        dates_left=True,
    )
    return wb


def report_workbook_response(campaign, figures: dict) -> HttpResponse:
    return download_response(build_workbook(campaign, figures).to_bytes(), content_type=XLSX,
                             filename=export_filename(campaign.name, _("Summary report"), suffix=".xlsx"))

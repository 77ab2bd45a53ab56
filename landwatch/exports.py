"""The one Excel writer every export uses: plain values in, no formula ever out.

Every workbook the system offers for download (the ledger, the campaign report, the survey
template) is written through ``ExcelWriter``. Callers hand it plain values only — text,
numbers, dates, None — never openpyxl cells, so none can write a cell the guard did not see.

The guard (CSV/formula injection): openpyxl stores a string starting with "=" as a formula,
and a spreadsheet may evaluate text starting with + - @ (or a tab/CR before them) when a user
edits the cell. Such text — a party's name, a case title, a campaign's name, in ASCII or
full-width forms — is written as a typed text cell with Excel's "quote prefix" (the cell
shows the text unchanged, exactly as typed, and stays text when edited), never as a formula.
Numbers stay numbers: a negative area is written as a number, not as text. A measured
figure (an area, a score, an amount) is handed in as ``Quantity(value, kind)``: it is written
rounded to its kind's precision with the matching number format (``landwatch.quantities``),
so the workbook shows 1234.50 where the page shows 1234.50.

The workbook is written in openpyxl's write-only mode (rows stream to a temporary file, none
is kept in memory): the ledger's memory does not grow with its rows (bench: export_peak_mb).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import quantities
from .filenames import safe_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Text a spreadsheet could take for a formula, in ASCII and full-width forms (an IME types these).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


@dataclass(frozen=True)
class Quantity:
    """A number of a kind (``landwatch.quantities.M2``, ``MU``, ``SCORE`` …) for one cell."""

    value: object
    kind: quantities.Kind


def export_filename(*parts, suffix: str) -> str:
    """The file name of an export: its parts (translated words, a campaign's name, a date) joined by "-".

    No space survives (a name typed with spaces keeps its words apart with "_"): the file
    lands on a clerk's desktop and in mail attachments, where a space is cut or quoted.
    ``landwatch.filenames.safe_filename`` then makes it safe on every system.
    """
    words = ["_".join(str(part).split()) for part in parts]
    return safe_filename("-".join(word for word in words if word), suffix=suffix)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (leading blanks do not hide one)."""
    return text.lstrip(" \u3000").startswith(FORMULA_PREFIXES)


class Sheet:
    """One sheet of an ``ExcelWriter``; rows are appended in order and never read back."""

    def __init__(self, ws, *, dates_left: bool = False) -> None:
        self._ws = ws
        self._dates_left = dates_left

    def append(self, values: Iterable, *, font: Font | None = None) -> None:
        """Append one row of plain values (str, int, float, Decimal, bool, date, datetime, None, Quantity)."""
        self._ws.append([self._cell(value, font) for value in values])

    def _cell(self, value, font: Font | None):
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, Quantity):
            number = quantities.rounded(value.value, value.kind)
            if number is None:
                return None
            cell = WriteOnlyCell(self._ws, value=number)
            cell.number_format = value.kind.excel_format
            if font is not None:
                cell.font = font
            return cell
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            if is_formula_like(value) or value in ERROR_CODES:
                cell = WriteOnlyCell(self._ws, value=value)
                cell.data_type = "s"  # text, whatever it starts with
                cell.quotePrefix = True  # and it stays text when someone edits it
            elif font is None:
                return value  # openpyxl types any other string as text
            else:
                cell = WriteOnlyCell(self._ws, value=value)
        elif value is None or isinstance(value, (bool, int, float, Decimal)):
            if font is None:
                return value
            cell = WriteOnlyCell(self._ws, value=value)
        elif isinstance(value, (datetime.date, datetime.datetime)):
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                value = timezone.make_naive(value)  # Excel has no time zones: local time
            cell = WriteOnlyCell(self._ws, value=value)
            cell.number_format = DATETIME_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT
            if self._dates_left:
                cell.alignment = Alignment(horizontal="left")
        else:
            raise TypeError(f"an export cell holds a plain value, not {type(value).__name__}")
        if font is not None:
            cell.font = font
        return cell


class ExcelWriter:
    """A workbook written in write-only mode: ``sheet()`` then ``append()`` rows, then ``save()``."""

    def __init__(self) -> None:
        self._wb = Workbook(write_only=True)

    def sheet(self, title: str, *, widths: Sequence[float] = (), freeze: str | None = None,
              dates_left: bool = False) -> Sheet:
        """A new sheet; its column widths and frozen panes must be set before its first row."""
        ws = self._wb.create_sheet(str(title)[:31])
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            ws.freeze_panes = freeze
        return Sheet(ws, dates_left=dates_left)

    def save(self) -> tempfile.SpooledTemporaryFile:
        """The workbook in a temporary file (spooled to disk past 8 MB), positioned at its start."""
        out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        self._wb.save(out)
        out.seek(0)
        return out

    def to_bytes(self) -> bytes:
        with self.save() as out:
            return out.read()

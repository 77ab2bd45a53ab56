"""Import of a survey (排摸) list from Excel: the way the cases arrive at the start of a campaign.

Read → check every row → preview → confirm. The report names the row (as Excel numbers
it), the column and why. Nothing is saved unless every row is valid, and then all rows
are registered in one transaction through ``cases.services.register_cases`` (the cases'
numbers, events and rules stay in the cases app). Parties are matched by ID number or
credit code, else by a unique name in the township, else created.

A campaign in flight (cases surveyed, noticed and served on paper before the system) comes in
the same way: the optional columns after the survey's give the registration date, the
disposition, and the rectification notice as signed and served on paper (its number as
printed, signing date, service date and method, deadline as a date or a number of days).
Such a row's case is registered, then decided, and its notice drafted, issued under its
paper number and served through ``documents.services``, exactly as a clerk's clicks would:
the case lands "notified" with the deadline counted from the real service date. The dates
are checked on the preview with the services' own rules (``check_act_dates``); whatever the
services still refuse when registering becomes the row's error, and nothing is saved.
An older template (the survey columns alone) is still read.

Refused: files that are not .xlsx by content (``check_upload`` in the form), unreadable
workbooks, wrong columns, empty sheets, formulas (a survey list holds values; a formula's
result is not stored reliably and may hide anything), bad numbers and dates, unknown
villages, duplicates (the same party at the same location twice in the file, or with an
open case already), and sheets over ``MAX_ROWS`` rows.

Hostile files: the zip's central directory is judged before openpyxl opens it, any XML part
declaring a DTD is refused (Excel never writes one), openpyxl parses XML with defusedxml
(entities refused even so), and the whole read — opening the workbook *and* reading its rows,
where the sheet's XML is actually parsed — is inside one error handler, so every broken file
becomes the report's "could not be read", never a 500.
"""

import datetime
import logging
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import load_workbook

from cases.models import Disposition, Party, PartyKind, ViolationCase
from cases.rules import roles_over
from cases.services import CaseError, create_parties, decide_case, mark_predating_chain, register_cases
from cases.transitions import NOTICE_DISPOSITIONS, default_disposition
from deadlines import clock
from landwatch.exports import BOLD, ExcelWriter
from landwatch.quantities import unit_blind
from landwatch.roles import Role
from landwatch.vocabulary import Category, DiscoverySource
from territory.selectors import villages_visible_to

from . import services as document_services
from .models import DEADLINE_PERIODS, DocumentKind, ServiceMethod

logger = logging.getLogger(__name__)

MAX_ROWS = 2000
# Hostile workbooks: an .xlsx is a zip, read only after its central directory promised
# no more than this once unpacked (a zip bomb says so there, or fails its CRC when read);
# a sheet is read in read-only mode and given up after these many rows or columns.
MAX_UNPACKED_MB = 50
MAX_ZIP_MEMBERS = 500
MAX_SHEET_ROWS = 20_000
MAX_COLUMNS = 50

# (key, header msgid, required)
COLUMNS = [
    ("party", pgettext_lazy("survey list", "Party"), True),
    ("id_number", pgettext_lazy("survey list", "ID number or credit code"), False),
    ("party_kind", pgettext_lazy("survey list", "Party kind (person/company)"), False),
    ("village", pgettext_lazy("survey list", "Village"), True),
    ("location", pgettext_lazy("survey list", "Location"), True),
    ("area", pgettext_lazy("survey list", "Area occupied (m²)"), True),
    ("farmland", pgettext_lazy("survey list", "Farmland occupied (m²)"), False),
    ("category", pgettext_lazy("survey list", "Category"), True),
    ("discovered_on", pgettext_lazy("survey list", "Discovered on"), True),
    ("source", pgettext_lazy("survey list", "Discovery source"), True),
    ("title", pgettext_lazy("survey list", "Title"), False),
    ("facts", pgettext_lazy("survey list", "Facts"), False),
    # A campaign in flight: what was done on paper before the system.
    ("registered_on", pgettext_lazy("survey list", "Registered on"), False),
    ("disposition", pgettext_lazy("survey list", "Disposition"), False),
    ("notice_number", pgettext_lazy("survey list", "Rectification notice number"), False),
    ("issued_on", pgettext_lazy("survey list", "Notice signed on"), False),
    ("served_on", pgettext_lazy("survey list", "Notice served on"), False),
    ("method", pgettext_lazy("survey list", "Method of service"), False),
    ("deadline", pgettext_lazy("survey list", "Deadline (a date or days)"), False),
    # Of the farmland, the 永久基本农田 (a criminal referral's threshold is 5 亩 of it: cases/referrals.py).
    ("basic_farmland", pgettext_lazy("survey list", "Of which permanent basic farmland (m²)"), False),
]
# The survey's own columns, and those up to the in-flight ones: a file made from an older
# template (before the in-flight columns, or before the basic farmland) is still read.
SURVEY_COLUMNS = 12
OLDER_TEMPLATES = (SURVEY_COLUMNS, 19)
NOTICE_KEYS = ("disposition", "notice_number", "issued_on", "served_on", "method", "deadline")
# The columns whose error a service's ValidationError names by the date's key.
DATE_COLUMNS = {"registered_on": "registered_on", "issued_on": "issued_on", "served_on": "served_on",
                "deadline": "deadline", "discovered_on": "discovered_on"}
# A row with a notice is registered through the services one by one (about 45 queries, 0.1 s
# measured): a list holds at most this many of them, so it registers well within one request.
MAX_NOTICE_ROWS = 100
MAX_DEADLINE_DAYS = 365  # as the document's own "days given" (CaseDocument.deadline_days)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class SurveyRow:
    row: int
    values: dict
    village: object = None
    party: Party | None = None
    warnings: list = field(default_factory=list)


class ImportRefused(Exception):
    """The services refused some rows while registering; nothing was saved. ``errors`` name the rows."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} rows refused")
        self.errors = errors


@dataclass
class SurveyResult:
    rows: list[SurveyRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def headers() -> list[str]:
    with translation.override(settings.LANGUAGE_CODE):
        return [str(label) for _key, label, _req in COLUMNS]


def party_kind_words() -> dict[str, str]:
    """Words a clerk may write for the party's kind: the labels and the usual synonyms."""
    words = {str(label): value for value, label in PartyKind.choices}
    for value, synonyms in ((PartyKind.PERSON, pgettext("survey list", "person, individual, villager")),
                            (PartyKind.COMPANY, pgettext("survey list", "company, organisation, enterprise"))):
        for word in synonyms.replace("，", ",").split(","):
            if word.strip():
                words.setdefault(word.strip(), value)
    return words


def notice_disposition_words() -> dict[str, str]:
    """The dispositions a rectification notice carries out, by label (and by a label's words before its colon)."""
    words = {str(label): value for value, label in Disposition.choices if value in NOTICE_DISPOSITIONS}
    for label, value in list(words.items()):
        words.setdefault(re.split("[:：]", label)[0].strip(), value)
    return words


def service_method_words() -> dict[str, str]:
    """The methods of service the app records (送达方式), by label."""
    return {str(label): value for value, label in ServiceMethod.choices}


def importable_villages(user) -> dict[str, list]:
    """Village name → villages the user may register cases in (the office of their township)."""
    by_name: dict[str, list] = {}
    for village in villages_visible_to(user).select_related("township"):
        if user.is_superuser or Role.OFFICE in roles_over(user, village):
            by_name.setdefault(village.name, []).append(village)
    return by_name


def template_workbook(user) -> ExcelWriter:
    """The downloadable template: the header row, and a sheet listing the accepted values."""
    with translation.override(settings.LANGUAGE_CODE):
        wb = ExcelWriter()
        ws = wb.sheet(_("Survey list"), widths=[16] * len(COLUMNS))
        ws.append(headers(), font=BOLD)
        help_ws = wb.sheet(_("Accepted values"))
        names = headers()
        help_ws.append([names[7], names[9], names[3], names[2], names[13], names[17]])
        lists = [
            [str(label) for _v, label in Category.choices],
            [str(label) for _v, label in DiscoverySource.choices],
            sorted(importable_villages(user)),
            list(party_kind_words()),
            list(notice_disposition_words()),
            list(service_method_words()),
        ]
        for i in range(max(len(values) for values in lists)):
            help_ws.append([values[i] if i < len(values) else None for values in lists])
        help_ws.append([])
        help_ws.append([_("Dates as Excel dates or written 2022-03-15; areas in square metres; no formulas.")])
        help_ws.append([_("A case whose rectification notice was signed or served on paper: fill in the columns "
                          "from “%(first)s” on. The number as printed, with the year in brackets; the deadline as "
                          "the date written on the notice or its number of days, counted from the service date. "
                          "Left blank, the disposition is the category's usual one.") % {"first": names[12]}])
    return wb


# --- reading and checking --------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _is_formula(value) -> bool:
    if isinstance(value, str) and value.startswith("="):
        return True
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE_RE.match(_text(value))
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(_text(value).replace(",", ""))
    except InvalidOperation:
        return None
    # The case's area columns hold 12 digits, 2 of them decimals: anything wider (or "1e400",
    # which quantize() cannot even round) is "not a number of square metres", not a 500.
    if not number.is_finite() or number < 0 or number >= MAX_AREA:
        return None
    return number.quantize(Decimal("0.01"))


MAX_AREA = Decimal("1e10")


def parse_survey(fileobj, *, user) -> SurveyResult:
    """Check the whole sheet; the result holds either rows ready to import or the error report."""
    with translation.override(settings.LANGUAGE_CODE):
        return _parse(fileobj, user=user)


def _unreadable() -> str:
    return _("The file could not be read as an Excel workbook (.xlsx).")


def _zip_refusal(fileobj) -> str | None:
    """Why the file may not be opened as a workbook at all, judged from the zip's central directory
    and the start of its XML parts."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_MB * 1024 * 1024:
                return _("The workbook would take %(size)d MB once unpacked; at most %(limit)d MB is read. "
                         "Save a smaller list or the values only.") % {
                    "size": unpacked // (1024 * 1024), "limit": MAX_UNPACKED_MB}
            for member in members:
                # Every part, whatever its name: the relationships may point a sheet at any name.
                with archive.open(member) as part:
                    if _declares_a_dtd(part.read(XML_PROLOGUE_BYTES)):
                        return _unreadable()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError):
        return _unreadable()
    finally:
        fileobj.seek(0)
    return None


# A DTD can only stand before the root element; Excel writes an XML declaration and the root.
XML_PROLOGUE_BYTES = 64 * 1024
_ROOT_START = re.compile(r"<[A-Za-z_]")


def _declares_a_dtd(start: bytes) -> bool:
    """Whether an XML part (its first bytes) declares a DTD, or hides its root past the prologue limit.

    A part in UTF-16 without a byte order mark, or with a prologue longer than the limit, is
    counted as declaring one: no spreadsheet writes such a part, and it is not worth parsing.
    """
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = start.decode("utf-16", errors="replace")
    else:
        text = start.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if not text.lstrip().startswith("<"):
        return False  # not XML (an image, a printer setting): openpyxl does not parse it as XML
    root = _ROOT_START.search(text)
    return root is None or "<!DOCTYPE" in text[: root.start()].upper()


def _parse(fileobj, *, user) -> SurveyResult:
    result = SurveyResult()
    refusal = _zip_refusal(fileobj)
    if refusal:
        result.errors.append(RowError(1, "", refusal))
        return result
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — any unreadable workbook gets the same answer
        result.errors.append(RowError(1, "", _unreadable()))
        return result
    try:
        # The sheet's XML is parsed here, row by row, not when the workbook opens: a broken or
        # hostile sheet fails in the middle of reading, and gets the same answer (and no rows).
        _read_sheet(wb, result, user=user)
    except DatabaseError:
        raise
    except Exception:  # noqa: BLE001 — the file is hostile or broken, whatever the parser says
        logger.info("survey import: unreadable sheet", exc_info=True)
        result.rows.clear()
        result.errors[:] = [RowError(1, "", _unreadable())]
        return result
    finally:
        wb.close()
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", _("The sheet has no data rows.")))
    noticed = [r for r in result.rows if r.values["notice"]]
    if len(noticed) > MAX_NOTICE_ROWS:
        result.errors.append(RowError(noticed[MAX_NOTICE_ROWS].row, "", _(
            "More than %(max)d rows with a rectification notice; split the list.") % {"max": MAX_NOTICE_ROWS}))
    if not result.errors:
        _match_parties(result)
        _flag_duplicates(result, {key: str(label) for key, label, _req in COLUMNS})
        _flag_notice_numbers(result, {key: str(label) for key, label, _req in COLUMNS})
    return result


def _read_sheet(wb, result: SurveyResult, *, user) -> None:
    """Read and check the first sheet's rows into ``result`` (stops at the first refusal of the sheet)."""
    names = {key: str(label) for key, label, _req in COLUMNS}
    if not wb.worksheets:
        result.errors.append(RowError(1, "", _("The workbook has no sheet.")))
        return
    ws = wb.worksheets[0]
    if ws.max_column is not None and ws.max_column > MAX_COLUMNS:
        result.errors.append(RowError(1, "", _("The sheet has %(n)d columns; the template has %(expected)d.")
                                      % {"n": ws.max_column, "expected": len(COLUMNS)}))
        return
    if ws.max_row is not None and ws.max_row > MAX_ROWS + 1:
        result.errors.append(RowError(1, "", _("The sheet has %(n)d rows; at most %(max)d can be imported at "
                                               "once. Split the list.") % {"n": ws.max_row - 1, "max": MAX_ROWS}))
        return
    rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = next(rows, None)
    expected = headers()
    found = [_text(v) for v in (header or ())]
    while found and not found[-1]:
        found.pop()
    if not found:
        result.errors.append(RowError(1, "", _("The sheet is empty.")))
        return
    # A template downloaded before the units were spelled one way (占地面积（㎡）) is still read.
    found_blind, expected_blind = [unit_blind(v) for v in found], [unit_blind(v) for v in expected]
    if found_blind != expected_blind and not any(found_blind == expected_blind[:n] for n in OLDER_TEMPLATES):
        result.errors.append(RowError(1, "", _("The columns are not those of the template. Expected: %(expected)s. "
                                               "Found: %(found)s.") % {"expected": "、".join(expected),
                                                                       "found": "、".join(v[:40] for v in found)}))
        return
    villages = importable_villages(user)
    words = {
        "party_kind": party_kind_words(),
        "category": {str(label): value for value, label in Category.choices},
        "source": {str(label): value for value, label in DiscoverySource.choices},
        "disposition": notice_disposition_words(),
        "method": service_method_words(),
        "today": timezone.localdate(),
    }
    count = 0
    for number, values in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS:
            # Blank rows are skipped below, so a sheet of a million empty rows stops here.
            result.errors.append(RowError(number, "", _("More than %(max)d rows; split the list.")
                                          % {"max": MAX_ROWS}))
            return
        values = list(values)[: len(COLUMNS)] + [None] * max(0, len(COLUMNS) - len(values))
        if all(_text(v) == "" for v in values):
            continue
        count += 1
        if count > MAX_ROWS:
            result.errors.append(RowError(number, "", _("More than %(max)d rows; split the list.")
                                          % {"max": MAX_ROWS}))
            return
        _check_row(result, number, dict(zip([c[0] for c in COLUMNS], values, strict=True)), names, villages, words)


def _check_row(result: SurveyResult, number: int, raw: dict, names: dict, villages: dict, words: dict) -> None:
    """Check one row; ``words`` maps each column with a fixed vocabulary to {word: value}, and gives today."""
    errors = []

    def err(key, message):
        errors.append(RowError(number, names[key], message))

    for key, value in raw.items():
        if _is_formula(value):
            err(key, _("Formulas are not accepted; paste the values."))
    if errors:
        result.errors.extend(errors)
        return
    values = {}
    for key, _msgid, required in COLUMNS:
        if required and _text(raw[key]) == "":
            err(key, _("Required."))
    values["party"] = _text(raw["party"])[:100]
    values["id_number"] = _text(raw["id_number"]).upper()
    if len(values["id_number"]) > 30:
        err("id_number", _("Too long (at most 30 characters)."))
    kinds = words["party_kind"]
    kind_text = _text(raw["party_kind"])
    if kind_text and kind_text not in kinds:
        err("party_kind", _("Unknown; use one of: %(values)s.") % {"values": "、".join(kinds)})
    values["party_kind"] = kinds.get(kind_text, PartyKind.PERSON)
    village_name = _text(raw["village"])
    village = None
    if village_name:
        candidates = villages.get(village_name, [])
        if not candidates:
            err("village", _("Unknown village “%(name)s” (or not in your township).") % {"name": village_name})
        elif len(candidates) > 1:
            err("village", _("“%(name)s” is the name of villages in several townships.") % {"name": village_name})
        else:
            village = candidates[0]
    values["location"] = _text(raw["location"])[:200]
    area = _decimal(raw["area"]) if _text(raw["area"]) else None
    if _text(raw["area"]) and area is None:
        err("area", _("Not a number of square metres."))
    farmland = _decimal(raw["farmland"]) if _text(raw["farmland"]) else Decimal(0)
    if farmland is None:
        err("farmland", _("Not a number of square metres."))
    elif area is not None and farmland > area:
        err("farmland", _("Larger than the area occupied."))
    basic = _decimal(raw["basic_farmland"]) if _text(raw["basic_farmland"]) else Decimal(0)
    if basic is None:
        err("basic_farmland", _("Not a number of square metres."))
    elif farmland is not None and basic > farmland:
        err("basic_farmland", _("Larger than the farmland occupied."))
    values["area"], values["farmland"], values["basic_farmland"] = area, farmland, basic
    categories = words["category"]
    category_text = _text(raw["category"])
    if category_text and category_text not in categories:
        err("category", _("Unknown; use one of: %(values)s.") % {"values": "、".join(categories)})
    values["category"] = categories.get(category_text)
    values["category_label"] = category_text
    discovered = _date(raw["discovered_on"]) if _text(raw["discovered_on"]) else None
    if _text(raw["discovered_on"]) and discovered is None:
        err("discovered_on", _("Not a date (write 2022-03-15 or use an Excel date)."))
    elif discovered and discovered > words["today"]:
        err("discovered_on", _("The date is in the future."))
    values["discovered_on"] = discovered
    sources = words["source"]
    source_text = _text(raw["source"])
    if source_text and source_text not in sources:
        err("source", _("Unknown; use one of: %(values)s.") % {"values": "、".join(sources)})
    values["source"] = sources.get(source_text)
    values["title"] = _text(raw["title"])[:200]
    values["facts"] = _text(raw["facts"])
    _check_in_flight(raw, values, err, words)
    if errors:
        result.errors.extend(errors)
        return
    result.rows.append(SurveyRow(row=number, values=values, village=village))


def _optional_date(raw: dict, key: str, err) -> datetime.date | None:
    if not _text(raw[key]):
        return None
    value = _date(raw[key])
    if value is None:
        err(key, _("Not a date (write 2022-03-15 or use an Excel date)."))
    return value


def _check_in_flight(raw: dict, values: dict, err, words: dict) -> None:
    """The registration date and the notice of a case in flight; ``values["notice"]`` is None without one.

    The dates are checked together by the services' rule (``check_act_dates``), whose errors
    name the date: each lands on its column.
    """
    registered_on = _optional_date(raw, "registered_on", err)
    values["registered_on"] = registered_on
    values["notice"] = None
    given = [key for key in NOTICE_KEYS if _text(raw[key])]
    issued_on = _optional_date(raw, "issued_on", err)
    served_on = _optional_date(raw, "served_on", err)
    if not given:
        _check_dates(values, err, words, registered_on=registered_on)
        return
    notice = {"number": _text(raw["notice_number"]), "issued_on": issued_on, "served_on": served_on,
              "method": None, "method_label": "", "days": None, "deadline": None, "disposition": None}
    if not _text(raw["issued_on"]):
        err("issued_on", _("Required for a rectification notice."))
    if notice["number"]:
        if len(notice["number"]) > 60:
            err("notice_number", _("Too long (at most 60 characters)."))
        else:
            try:
                notice["year"], notice["sequence"] = document_services.paper_number(notice["number"])
            except document_services.DocumentError as exc:
                err("notice_number", exc.message)
    method_text = _text(raw["method"])
    if method_text:
        if method_text not in words["method"]:
            err("method", _("Unknown; use one of: %(values)s.") % {"values": "、".join(words["method"])})
        notice["method"] = words["method"].get(method_text)
        notice["method_label"] = method_text
        if not _text(raw["served_on"]):
            err("served_on", _("Give the service date of the notice served."))
    elif _text(raw["served_on"]):
        err("method", _("Required when the notice was served."))
    deadline_text = _text(raw["deadline"])
    if not deadline_text:
        err("deadline", _("Required for a rectification notice."))
    elif deadline_text.isdigit():
        notice["days"] = int(deadline_text)
        if not 1 <= notice["days"] <= MAX_DEADLINE_DAYS:
            err("deadline", _("Between 1 and %(max)d days.") % {"max": MAX_DEADLINE_DAYS})
    else:
        notice["deadline"] = _date(raw["deadline"])
        if notice["deadline"] is None:
            err("deadline", _("Not a date or a number of days."))
        elif served_on is None:
            err("deadline", _("A deadline date runs from the service date: give the service date, or the days."))
        elif notice["deadline"] > served_on:
            notice["days"] = (notice["deadline"] - served_on).days
            if notice["days"] > MAX_DEADLINE_DAYS:
                err("deadline", _("Between 1 and %(max)d days.") % {"max": MAX_DEADLINE_DAYS})
    if notice["days"] and served_on and notice["deadline"] is None:
        # As the service will count it (documents.models.CaseDocument.count_deadline): from the method's start day.
        start, start_from = clock.service_start(notice["method"] or "", served_on)
        notice["deadline"] = clock.deadline(DEADLINE_PERIODS[DocumentKind.RECTIFICATION], start, notice["days"],
                                            start_from=start_from).date
    disposition_text = _text(raw["disposition"])
    default = default_disposition(values["category"], None) if values["category"] else None
    if disposition_text:
        if disposition_text not in words["disposition"]:
            err("disposition", _("Unknown; a rectification notice goes with one of: %(values)s.")
                % {"values": "、".join(words["disposition"])})
        notice["disposition"] = words["disposition"].get(disposition_text)
    elif default in NOTICE_DISPOSITIONS:
        notice["disposition"] = default
    elif values["category"]:
        err("disposition", _("The category has no usual disposition with a notice; give one of: %(values)s.")
            % {"values": "、".join(words["disposition"])})
    notice["disposition_label"] = Disposition(notice["disposition"]).label if notice["disposition"] else ""
    values["notice"] = notice
    if registered_on is None and issued_on is not None:
        # A case noticed on paper was registered by the day its notice was signed at the latest;
        # without its own date it takes that day, so the signing does not precede the registration.
        values["registered_on"] = registered_on = issued_on
    _check_dates(values, err, words, registered_on=registered_on, issued_on=issued_on, served_on=served_on,
                 deadline=notice["deadline"])


def _check_dates(values: dict, err, words: dict, **dates) -> None:
    """The services' rule for act dates; its errors land on the dates' columns."""
    if values["discovered_on"] is None:
        return
    try:
        document_services.check_act_dates(discovered_on=values["discovered_on"],
                                          **{k: v for k, v in dates.items() if v is not None})
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            err(DATE_COLUMNS.get(key, "issued_on"), messages[0])


def _party_key(values: dict) -> str:
    return f"id:{values['id_number']}" if values["id_number"] else f"name:{values['party']}"


def _match_parties(result: SurveyResult) -> None:
    townships = {r.village.township_id for r in result.rows}
    # Only the parties the list names: a township holds tens of thousands.
    ids = {r.values["id_number"] for r in result.rows if r.values["id_number"]}
    names = {r.values["party"] for r in result.rows if not r.values["id_number"]}
    parties = list(Party.objects.filter(Q(id_number__in=ids) | Q(name__in=names), township_id__in=townships))
    by_id = {(p.township_id, p.id_number): p for p in parties if p.id_number}
    by_name: dict = {}
    for p in parties:
        by_name.setdefault((p.township_id, p.name), []).append(p)
    for row in result.rows:
        township_id = row.village.township_id
        if row.values["id_number"]:
            row.party = by_id.get((township_id, row.values["id_number"]))
        else:
            same = by_name.get((township_id, row.values["party"]), [])
            row.party = same[0] if len(same) == 1 else None


def _flag_duplicates(result: SurveyResult, names: dict) -> None:
    townships = {r.village.township_id for r in result.rows}
    # A duplicate is at a location of the list: the open cases there, not the township's all.
    open_cases = ViolationCase.objects.open().filter(
        village__township_id__in=townships, location_text__in={r.values["location"] for r in result.rows},
    ).values_list("number", "location_text", "party__name", "party__id_number")
    existing = {}
    for number, location, name, id_number in open_cases:
        existing.setdefault(("name:" + name, location), number)
        if id_number:
            existing.setdefault(("id:" + id_number, location), number)
    seen: dict = {}
    for row in result.rows:
        key = (_party_key(row.values), row.values["location"])
        if key in seen:
            result.errors.append(RowError(row.row, names["location"], _(
                "Duplicate: the same party at the same location as row %(row)d.") % {"row": seen[key]}))
        else:
            seen[key] = row.row
        name_key = ("name:" + row.values["party"], row.values["location"])
        number = existing.get(key) or existing.get(name_key)
        if number:
            result.errors.append(RowError(row.row, names["location"], _(
                "Duplicate: case %(number)s of the same party at the same location is still open.")
                % {"number": number}))


def _flag_notice_numbers(result: SurveyResult, names: dict) -> None:
    """A paper number given twice in the list, or already used by a notice of the township (one query)."""
    numbered = [r for r in result.rows if r.values["notice"] and r.values["notice"]["number"]]
    taken = document_services.numbers_in_use(
        {r.village.township_id for r in numbered}, DocumentKind.RECTIFICATION,
        [(r.values["notice"]["number"], r.values["notice"]["year"], r.values["notice"]["sequence"])
         for r in numbered])
    seen: dict = {}
    for row in numbered:
        notice, township = row.values["notice"], row.village.township_id
        key = (township, (notice["year"], notice["sequence"]))
        if key in seen:
            result.errors.append(RowError(row.row, names["notice_number"], _(
                "The same number as row %(row)d.") % {"row": seen[key]}))
        else:
            seen[key] = row.row
        clash = taken.get((township, notice["number"])) or taken.get(key)
        if clash is not None:
            result.errors.append(RowError(row.row, names["notice_number"], _(
                "The number %(number)s is already used by a document of case %(case)s.")
                % {"number": notice["number"], "case": clash.case.number}))


# --- importing ------------------------------------------------------------------------------


@transaction.atomic
def import_survey(result: SurveyResult, *, by, file_name: str = "") -> list[ViolationCase]:
    """Register every row of a checked survey list, all or nothing, in a fixed number of queries.

    New parties are saved together (``create_parties``), then the cases with their events
    (``register_cases``): a list of MAX_ROWS rows is checked and registered inside one request.
    """
    if not result.ok:
        raise ValueError("only a survey list without errors can be imported")
    new_parties: dict = {}
    for row in result.rows:
        v = row.values
        key = (row.village.township_id, _party_key(v))
        if row.party is None and key not in new_parties:
            new_parties[key] = Party(township=row.village.township, name=v["party"], kind=v["party_kind"],
                                     id_number=v["id_number"])
    create_parties(by=by, parties=list(new_parties.values()))
    specs = []
    with translation.override(settings.LANGUAGE_CODE):
        for row in result.rows:
            v = row.values
            party = row.party or new_parties[(row.village.township_id, _party_key(v))]
            title = v["title"] or _("%(party)s: illegal land use at %(location)s") % {
                "party": v["party"], "location": v["location"]}
            specs.append(dict(
                village=row.village, title=title, party=party, location_text=v["location"],
                area_m2=v["area"], farmland_area_m2=v["farmland"], basic_farmland_area_m2=v["basic_farmland"],
                category=v["category"], source=v["source"],
                discovered_on=v["discovered_on"], description=v["facts"], registered_on=v["registered_on"],
                note=_("Imported from the survey list %(file)s, row %(row)d.") % {"file": file_name, "row": row.row},
            ))
    cases = register_cases(by=by, specs=specs)
    errors = []
    for case, row in zip(cases, result.rows, strict=True):
        if row.values["notice"] is None:
            continue
        try:
            with transaction.atomic():
                _bring_notice(case, row.values, by=by, file_name=file_name, row=row.row)
        except (CaseError, document_services.DocumentError, ValidationError) as exc:
            message = getattr(exc, "message", None) or "；".join(getattr(exc, "messages", [str(exc)]))
            errors.append(RowError(row.row, "", message))
    if errors:
        raise ImportRefused(errors)  # rolls the whole list back: all or nothing
    return cases


def _bring_notice(case: ViolationCase, values: dict, *, by, file_name: str, row: int) -> None:
    """The notice of a case in flight, through the same services as a clerk's clicks:
    decide, draft, issue under the paper number, serve (which notifies the case)."""
    notice = values["notice"]
    with translation.override(settings.LANGUAGE_CODE):
        source = _("As on paper before the system: survey list %(file)s, row %(row)d.") % {
            "file": file_name, "row": row}
    # A notice made on paper outside the penalty chain: the case is marked as predating it, as
    # the migration marked the cases that held one (cases 0011), not made "lawful".
    mark_predating_chain(case, by=by, note=source)
    default = default_disposition(case.category, case.plough_layer_damaged, case.land_type)
    # The decision behind a notice signed on paper was taken by the day it was signed at the latest.
    decide_case(case, by=by, disposition=notice["disposition"],
                reason="" if notice["disposition"] == default else source, occurred_on=notice["issued_on"])
    document = document_services.create_document(case, by=by, kind=DocumentKind.RECTIFICATION,
                                                 deadline_days=notice["days"])
    document_services.issue_document(document, by=by, issued_on=notice["issued_on"], reference=notice["number"])
    if notice["served_on"] is not None:
        document_services.serve_document(document, by=by, method=notice["method"], served_on=notice["served_on"],
                                         recipient=case.party.name, note=source)

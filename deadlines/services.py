"""Loading the holiday table from a file: all of it or nothing, with one message per bad row.

A file is CSV (header ``date,kind,name``) or JSON (a list of ``{"date", "kind", "name"}``);
``kind`` is ``holiday`` (法定节假日, a weekend day inside one may be listed too) or ``workday``
(调休: a Saturday or Sunday worked). Every year the file touches becomes a loaded year. The
files we ship for 2024–2026 are in ``deadlines/holidays/`` (``manage.py load_holidays``).
"""

import csv
import datetime
import io
import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .clock import forget_table
from .models import DayKind, Holiday, HolidayYear, day_problem

SHIPPED = Path(__file__).resolve().parent / "holidays"
MAX_FILE_BYTES = 200_000  # a year is ~40 rows; anything near this is not a holiday table
MAX_ROWS = 2_000


class HolidayFileError(ValueError):
    """The file was refused; ``errors`` lists each problem (row by row) and nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _records(content: bytes, name: str) -> list[dict]:
    if len(content) > MAX_FILE_BYTES:
        raise HolidayFileError([_("The file is larger than %(kb)d KB: not a holiday table.")
                                % {"kb": MAX_FILE_BYTES // 1000}])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HolidayFileError([_("The file is not UTF-8 text.")]) from None
    if name.lower().endswith(".json") or text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise HolidayFileError([_("The file is not valid JSON (%(error)s).") % {"error": exc}]) from None
        if not isinstance(data, list):
            raise HolidayFileError([_("The JSON file must be a list of days.")])
        return data
    reader = csv.DictReader(io.StringIO(text))
    missing = {"date", "kind"} - set(reader.fieldnames or [])
    if missing:
        raise HolidayFileError([_("The first line must name the columns date, kind, name.")])
    return list(reader)


def parse_holidays(content: bytes, name: str = "") -> dict[int, list[tuple[datetime.date, str, str]]]:
    """The file's days by year, checked row by row; raises ``HolidayFileError`` with every problem."""
    records = _records(content, name)
    if len(records) > MAX_ROWS:
        raise HolidayFileError([_("More than %(max)d rows: not a holiday table.") % {"max": MAX_ROWS}])
    errors: list[str] = []
    seen: set[datetime.date] = set()
    years: dict[int, list] = {}
    for number, record in enumerate(records, start=1):
        def err(message: str, number: int = number) -> None:
            errors.append(_("Row %(row)d: %(problem)s") % {"row": number, "problem": message})

        if not isinstance(record, dict):
            err(_("not a day (expected date, kind and name)."))
            continue
        raw_day, kind = str(record.get("date") or "").strip(), str(record.get("kind") or "").strip()
        label = str(record.get("name") or "").strip()
        try:
            day = datetime.date.fromisoformat(raw_day)
        except ValueError:
            err(_("“%(value)s” is not a date like 2024-10-01.") % {"value": raw_day[:20]})
            continue
        if kind not in DayKind.values:
            err(_("the kind must be “holiday” or “workday”, not “%(value)s”.") % {"value": kind[:20]})
            continue
        if len(label) > 50:
            err(_("the name is longer than 50 characters."))
            continue
        if day in seen:
            err(_("%(day)s is listed twice.") % {"day": day.isoformat()})
            continue
        problem = day_problem(day, kind, None)
        if problem:
            err(problem)
            continue
        seen.add(day)
        years.setdefault(day.year, []).append((day, kind, label))
    if not errors and not years:
        errors.append(_("The file lists no days."))
    if errors:
        raise HolidayFileError(errors)
    return years


def load_holidays(content: bytes, *, name: str = "", by=None, replace: bool = False) -> list[int]:
    """Load every year in the file, in one transaction; returns the years loaded.

    A year already loaded is refused unless ``replace``: its days are then replaced by the
    file's (deadlines already stored on served documents keep the date they were given).
    """
    years = parse_holidays(content, name)
    with transaction.atomic():
        existing = set(HolidayYear.objects.select_for_update().filter(year__in=years).values_list("year", flat=True))
        if existing and not replace:
            raise HolidayFileError([_("%(years)s already loaded; choose “replace” to load it again.")
                                    % {"years": "、".join(str(y) for y in sorted(existing))}])
        for year, days in sorted(years.items()):
            table, _created = HolidayYear.objects.update_or_create(
                year=year, defaults={"source": name[:200], "loaded_by": by})
            table.days.all().delete()  # reference data, replaced as a whole: no history hangs on a row
            Holiday.objects.bulk_create(Holiday(table=table, day=d, kind=k, name=n) for d, k, n in days)
    forget_table()
    return sorted(years)


def shipped_years() -> list[int]:
    return sorted(int(p.stem) for p in SHIPPED.glob("*.csv") if p.stem.isdigit())


def load_shipped(years: list[int], *, replace: bool = False) -> list[int]:
    """Load the shipped files of ``years`` that exist (the rest are skipped); returns the years loaded."""
    loaded = []
    for year in years:
        path = SHIPPED / f"{year}.csv"
        if path.exists():
            loaded += load_holidays(path.read_bytes(), name=f"deadlines/holidays/{path.name}", replace=replace)
    return loaded

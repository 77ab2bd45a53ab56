"""The one deadline engine: when a statutory period that starts on a day ends.

A period starts counting on the day after the act that starts it (民事诉讼法 第八十五条第二款).
Working days skip weekends and 法定节假日 and count the 调休 working Saturdays and Sundays
(the holiday table, ``deadlines.models``); a calendar period whose last day is not a working
day ends on the next working day (民事诉讼法 第八十五条第三款). The start of a period after a
service follows the service method (``service_start``). Every deadline shown anywhere comes
from ``deadline``; ``Deadline.as_json`` is what a document or a case stores, so the basis it
shows never changes after service.

The holiday table is read once per request at most: ``_table`` caches it in the process and
the cache is dropped when a request starts (``request_started``) and when the table is loaded
(``deadlines.services``). One query per request that needs a deadline, and an edit in the
admin (another process perhaps) is seen from the next request on. Outside requests (commands,
the demo) the cache lives until the table changes in that process.

A year without a table is counted on weekends only, but not silently: the deadline names the
years it lacks (``Deadline.uncertain_years``), its basis says so, and ``missing_years`` tells
the office and the admin which years to load.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.signals import request_started
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from landwatch import dataversion

from .periods import PERIODS, DayType, Period, Unit

ONE_DAY = datetime.timedelta(days=1)
# documents.ServiceMethod.PUBLIC (公告送达); this app sits below documents and names only the value.
PUBLIC_ANNOUNCEMENT = "public"


# --- the holiday table -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    holidays: frozenset[datetime.date]
    workdays: frozenset[datetime.date]
    years: frozenset[int]


_cached: _Table | None = None


def _table() -> _Table:
    global _cached
    if _cached is None:
        # Read once a request; in a pinned view, kept under the county-wide version (the holiday
        # table belongs to no township: landwatch.dataversion), so a page of figures spares the query.
        _cached = dataversion.cached_in_pinned("holiday-table", _read_table, scope=dataversion.COUNTY_WIDE_DATA)
    return _cached


def _read_table() -> _Table:
    from .models import DayKind, HolidayYear

    holidays, workdays, years = set(), set(), set()
    # One query: each loaded year joined to its days (a year without days still counts as loaded).
    for year, day, kind in HolidayYear.objects.values_list("year", "days__day", "days__kind"):
        years.add(year)
        if day is not None:
            (workdays if kind == DayKind.WORKDAY else holidays).add(day)
    return _Table(frozenset(holidays), frozenset(workdays), frozenset(years))


def forget_table(**kwargs) -> None:
    """Drop the cached holiday table: the next deadline reads it again."""
    global _cached
    _cached = None


request_started.connect(forget_table, dispatch_uid="deadlines.clock.forget_table")


def loaded_years() -> frozenset[int]:
    return _table().years


def missing_years(today: datetime.date) -> list[int]:
    """This year and next, where their holiday table is not loaded: the office is warned to load them.

    A notice served today runs into next year from about December on, and the State Council
    publishes next year's arrangement in the last weeks of the year; so next year is asked for
    from November, this year always.
    """
    wanted = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [year for year in wanted if year not in loaded_years()]


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday unless a 法定节假日; Saturday and Sunday only as a 调休 working day."""
    table = _table()
    if day in table.workdays:
        return True
    return day.weekday() < 5 and day not in table.holidays


def is_public_holiday(day: datetime.date) -> bool:
    """A 法定节假日 of the holiday table (a weekend is a rest day, not one)."""
    return day in _table().holidays


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    day = start
    while count > 0:
        day += ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def due_soon_until(today: datetime.date, days: int) -> datetime.date:
    """The last day of the "due soon" window: ``days`` working days after ``today``.

    Working days, not calendar days: the window warns an officer how much working time is
    left to act (inspect, chase the party), and the time a holiday swallows is not working
    time: on the eve of the National Day week a deadline ten calendar days away is due soon.
    """
    return add_working_days(today, days)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- deadlines ---------------------------------------------------------------------------------


class StartFrom:
    """What the start day of a period is (shown in the basis)."""

    ACT = ""  # the act itself (the decision, the filing …)
    SERVICE = "service"  # the day the document was served: signed for, or the post's receipt
    PUBLIC = "public"  # the day a public announcement is deemed served (民事诉讼法 第九十五条)
    PUBLISHED = "published"  # the day a 公告 was published (行政强制法 第四十四条): its days run from it


@dataclass(frozen=True)
class Deadline:
    """A period's last day, with what it was counted from: the basis shown beside it."""

    date: datetime.date
    period: Period
    start: datetime.date
    length: int
    day_type: str = DayType.CALENDAR
    unit: str = Unit.DAY
    start_from: str = StartFrom.ACT
    # Years the count ran through without a holiday table: counted on weekends only.
    uncertain_years: tuple[int, ...] = field(default=())

    @property
    def uncertain(self) -> bool:
        return bool(self.uncertain_years)

    @property
    def basis(self) -> str:
        """10 个工作日，自 2024年9月30日 送达起算（行政强制法 第五十四条、第六十九条）."""
        unit = {Unit.MONTH: pgettext("period unit", "months"), Unit.YEAR: pgettext("period unit", "years")}.get(
            self.unit, DayType(self.day_type).label)
        start = formats.date_format(self.start, "DATE_FORMAT")
        if self.start_from == StartFrom.SERVICE:
            text = _("%(length)s %(unit)s from service on %(start)s (%(article)s)")
        elif self.start_from == StartFrom.PUBLISHED:
            text = _("%(length)s %(unit)s from publication on %(start)s (%(article)s)")
        elif self.start_from == StartFrom.PUBLIC:
            text = _("%(length)s %(unit)s from %(start)s, when the public announcement is deemed served (%(article)s)")
        else:
            text = _("%(length)s %(unit)s from %(start)s (%(article)s)")
        text %= {"length": self.length, "unit": unit, "start": start, "article": self.period.article}
        if self.uncertain_years:
            text += _("; uncertain: no holiday arrangement loaded for %(years)s, counted on weekends only") % {
                "years": "、".join(str(y) for y in self.uncertain_years)}
        return text

    def as_json(self) -> dict:
        """What a document or a case stores beside the date, so its basis never changes after service."""
        return {"period": self.period.key, "start": self.start.isoformat(), "length": self.length,
                "day_type": self.day_type, "unit": self.unit, "from": self.start_from,
                "uncertain": list(self.uncertain_years)}

    @classmethod
    def from_json(cls, date: datetime.date, data: dict) -> "Deadline | None":
        """The stored deadline (``as_json``) of ``date``; None when nothing was stored (a date set by hand)."""
        if not date or not data or data.get("period") not in PERIODS:
            return None
        return cls(date, PERIODS[data["period"]], datetime.date.fromisoformat(data["start"]), data["length"],
                   data.get("day_type", DayType.CALENDAR), data.get("unit", Unit.DAY), data.get("from", ""),
                   tuple(data.get("uncertain", ())))


def deadline(period: Period | str, start: datetime.date, length: int | None = None, *,
             start_from: str = StartFrom.ACT) -> Deadline:
    """The last day of ``period`` counted from ``start``; ``length`` for a period the document sets."""
    if isinstance(period, str):
        period = PERIODS[period]
    length = period.length if length is None else length
    if period.day_type == DayType.WORKING:
        end = add_working_days(start, length)
    elif period.unit == Unit.MONTH:
        end = next_working_day(_add_months(start, length))
    elif period.unit == Unit.YEAR:
        end = next_working_day(_add_months(start, 12 * length))
    else:
        end = next_working_day(start + datetime.timedelta(days=length))
    known = loaded_years()
    uncertain = tuple(y for y in range((start + ONE_DAY).year, end.year + 1) if y not in known)
    return Deadline(end, period, start, length, period.day_type, period.unit, start_from, uncertain)


def service_start(method: str, served_on: datetime.date) -> tuple[datetime.date, str]:
    """The day a period that runs from service starts, and what that day is (``StartFrom``).

    直接送达、留置送达、委托送达: the day signed on the 送达回证 or the day the document was left
    (民事诉讼法 第八十七条、第八十八条、第八十九条); 邮寄送达: the date on the postal receipt
    (第九十一条) — for both, ``served_on`` is that day. 公告送达: ``served_on`` is the day the
    announcement was issued, and the document is deemed served thirty days later (第九十五条,
    thirty since the 2021 amendment, sixty before); the period runs from then.
    """
    if method == PUBLIC_ANNOUNCEMENT:
        return deadline("public_service", served_on).date, StartFrom.PUBLIC
    return served_on, StartFrom.SERVICE

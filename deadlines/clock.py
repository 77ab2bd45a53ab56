"""The one deadline engine: when a statutory period that starts on a day ends.

A period starts counting on the day after the act that starts it. Working days skip
weekends and 法定节假日 and count the 调休 working Saturdays and Sundays (the holiday
table); a calendar period whose last day is not a working day ends on the next working
day. The start of a period after a service follows the service method
(``service_start``). Every deadline shown anywhere comes from ``deadline``.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from .periods import PERIODS, DayType, Period, Unit

ONE_DAY = datetime.timedelta(days=1)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, unless a holiday; Saturday and Sunday only as a 调休 working day."""
    return day.weekday() < 5


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


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    """A period's last day, with what it was counted from: the basis shown beside it."""

    date: datetime.date
    period: Period
    start: datetime.date
    length: int

    @property
    def basis(self) -> str:
        """10 个工作日，自 2024年9月30日 起算 (行政强制法 第五十四条、第六十九条)."""
        unit = Unit(self.period.unit).label if self.period.unit != Unit.DAY else DayType(self.period.day_type).label
        return _("%(length)s %(unit)s from %(start)s (%(article)s)") % {
            "length": self.length,
            "unit": unit,
            "start": formats.date_format(self.start, "DATE_FORMAT"),
            "article": self.period.article,
        }


def deadline(period: Period | str, start: datetime.date, length: int | None = None) -> Deadline:
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
    return Deadline(end, period, start, length)

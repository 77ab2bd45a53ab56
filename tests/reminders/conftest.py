"""Reminder fixtures: a holiday table with 2026's National Day on Thursday and Friday 1–2 October.

From Monday 28 September 2026 the working days run Tue 29, Wed 30, then (Thu 1 and Fri 2 are
holidays, then the weekend) Mon 5, Tue 6 … so "due soon" (three working days) reaches Monday
5 October, where without the table it would end on Thursday 1 October.
"""

import datetime

import pytest

from deadlines import clock
from deadlines.models import DayKind, Holiday, HolidayYear

MON = datetime.date(2026, 9, 28)


def day(month: int, d: int) -> datetime.date:
    return datetime.date(2026, month, d)


@pytest.fixture
def holidays(db):
    table = HolidayYear.objects.create(year=2026, source="test")
    for d in (day(10, 1), day(10, 2)):
        Holiday.objects.create(table=table, day=d, kind=DayKind.HOLIDAY, name="国庆节")
    clock.forget_table()
    yield table
    clock.forget_table()

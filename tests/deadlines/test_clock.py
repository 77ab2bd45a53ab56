"""The working-day clock against the 2024 arrangement: the issue's known answers and the 调休 days."""

import datetime

from deadlines import clock
from deadlines.clock import StartFrom, add_working_days, deadline, is_working_day, service_start

D = datetime.date


def test_ten_working_days_from_30_september_2024_end_on_18_october(holidays_2024):
    """行政强制法 第六十九条: the National Day week is skipped, the 调休 Saturday 12 October counted."""
    due = deadline("demand", D(2024, 9, 30))
    assert due.date == D(2024, 10, 18)
    assert not due.uncertain
    assert due.basis == "10 个工作日，自2024年9月30日起算（行政强制法 第五十四条、第六十九条）"


def test_fifteen_calendar_days_from_16_september_2024_end_on_8_october(holidays_2024):
    """民事诉讼法 第八十五条: the last day, 1 October, is a holiday; the period ends on the next working day."""
    assert deadline("notice", D(2024, 9, 16), 15).date == D(2024, 10, 8)


def test_an_adjusted_working_saturday_counts_and_a_weekday_holiday_does_not(holidays_2024):
    assert is_working_day(D(2024, 10, 12))  # Saturday, 调休
    assert is_working_day(D(2024, 9, 29))  # Sunday, 调休
    assert not is_working_day(D(2024, 10, 1))
    assert not is_working_day(D(2024, 10, 13))  # an ordinary Sunday
    # From Friday 27 September: Sunday 29 (调休) and Monday 30 count, then the holiday week.
    assert add_working_days(D(2024, 9, 27), 2) == D(2024, 9, 30)
    assert add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)


def test_a_year_without_table_is_counted_on_weekends_but_marked_uncertain(holidays_2024):
    due = deadline("demand", D(2025, 9, 30))
    # Weekends only: 1–3 and 6–10 October and 13–14 (not the 2025 National Day week).
    assert due.date == D(2025, 10, 14)
    assert due.uncertain_years == (2025,)
    assert "2025" in due.basis
    assert "未录入" in due.basis


def test_missing_years_asks_for_this_year_and_from_november_the_next(holidays_2024):
    assert clock.missing_years(D(2024, 6, 1)) == []
    assert clock.missing_years(D(2024, 11, 20)) == [2025]
    assert clock.missing_years(D(2026, 3, 1)) == [2026]


def test_the_table_is_read_once_until_it_changes(holidays_2024, django_assert_num_queries):
    with django_assert_num_queries(1):
        for day in range(1, 29):
            is_working_day(D(2024, 2, day))
        deadline("statement", D(2024, 2, 5))
    clock.forget_table()
    with django_assert_num_queries(1):
        is_working_day(D(2024, 2, 12))


def test_service_by_public_announcement_starts_the_period_thirty_days_after_it(holidays_2024):
    """民事诉讼法 第九十五条: deemed served 30 days after the announcement (60 before the 2021 amendment)."""
    assert service_start("public", D(2024, 3, 4)) == (D(2024, 4, 3), StartFrom.PUBLIC)
    # The thirtieth day a holiday (Labour Day week): deemed served on the next working day.
    assert service_start("public", D(2024, 4, 1))[0] == D(2024, 5, 6)
    for method in ("direct", "left", "entrusted", "post"):
        assert service_start(method, D(2024, 3, 1)) == (D(2024, 3, 1), StartFrom.SERVICE)


def test_a_kept_deadline_comes_back_with_the_tables_own_period_and_the_same_basis(holidays_2024):
    """A case page keeps its panels pickled: a deadline comes back equal, its period the table's
    own constant (no lazy text rebuilt), its basis written in the language of the moment."""
    import pickle

    from django.utils import translation

    from deadlines.periods import PERIODS

    counted = deadline("statement", datetime.date(2024, 9, 30), start_from=StartFrom.SERVICE)
    kept = pickle.loads(pickle.dumps(counted))
    assert kept == counted
    assert kept.period is PERIODS["statement"]
    with translation.override("zh-hans"):
        assert kept.basis == counted.basis
        assert "工作日" in kept.basis

"""Two reads the office and the reminders rely on: the duplicate warning (100 m) and the leads left
untouched for three working days (counted on the holiday table)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import selectors, services
from tests.factories import PatrolFindingFactory, PublicReportFactory, ViolationCaseFactory

pytestmark = pytest.mark.django_db

LAT, LNG = Decimal("30.500000"), Decimal("114.300000")
# One metre north is 1/111,320 of a degree of latitude.
NORTH_90_M, NORTH_110_M = Decimal("30.500808"), Decimal("30.500988")


def test_the_distance_is_measured_in_metres():
    assert 89 < selectors.distance_m(LAT, LNG, NORTH_90_M, LNG) < 91
    assert 109 < selectors.distance_m(LAT, LNG, NORTH_110_M, LNG) < 111


def test_an_open_case_a_finding_or_a_report_within_100_m_is_flagged_and_one_beyond_is_not(
        client, office, territory):
    report = PublicReportFactory(village=territory.village_a, latitude=LAT, longitude=LNG)
    near_case = ViolationCaseFactory(village=territory.village_a, latitude=NORTH_90_M, longitude=LNG)
    ViolationCaseFactory(village=territory.village_a, latitude=NORTH_110_M, longitude=LNG)
    ViolationCaseFactory(village=territory.village_a, latitude=LAT, longitude=LNG, status="closed",
                         closed_on=datetime.date(2026, 11, 2))
    near_finding = PatrolFindingFactory(log__village=territory.village_a, latitude=LAT, longitude=LNG)
    near_report = PublicReportFactory(village=territory.village_b, latitude=NORTH_90_M, longitude=LNG)
    PublicReportFactory(village=territory.other_village, latitude=LAT, longitude=LNG)  # another township
    found = {(n.kind, n.obj.pk) for n in selectors.neighbours(report)}
    assert found == {("case", near_case.pk), ("finding", near_finding.pk), ("report", near_report.pk)}
    client.force_login(office)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "data-duplicates" in page and near_case.number in page and near_report.receipt in page


def test_a_report_without_a_pin_has_no_neighbours(territory):
    report = PublicReportFactory(village=territory.village_a)
    ViolationCaseFactory(village=territory.village_a, latitude=LAT, longitude=LNG)
    assert selectors.neighbours(report) == []


def _received_on(report, day: datetime.date, hour: int = 10):
    tz = timezone.get_current_timezone()
    type(report).objects.filter(pk=report.pk).update(
        submitted_at=datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz))


def test_a_report_left_three_working_days_is_untouched_across_the_national_day_week(territory, holidays_2024):
    # Received Friday 27 September 2024: Sunday 29 (调休) and Monday 30 are working days, then the
    # National Day week; the third working day is Tuesday 8 October.
    report = PublicReportFactory(village=territory.village_a)
    _received_on(report, datetime.date(2024, 9, 27), hour=23)
    assert not selectors.leads_untouched(datetime.date(2024, 10, 7)).filter(pk=report.pk).exists()
    assert selectors.leads_untouched(datetime.date(2024, 10, 8)).filter(pk=report.pk).exists()


def test_an_action_restarts_the_count_and_a_handled_report_is_never_untouched(territory, office, holidays_2024):
    report = PublicReportFactory(village=territory.village_a)
    _received_on(report, datetime.date(2024, 10, 8))
    assert selectors.leads_untouched(datetime.date(2024, 10, 11)).filter(pk=report.pk).exists()
    services.reply_to_report(report, by=office, reply="已收到，正在安排核查。")
    type(report).objects.filter(pk=report.pk).update(
        last_action_at=datetime.datetime(2024, 10, 10, 9, tzinfo=timezone.get_current_timezone()))
    # Handled Thursday 10 October: Friday 11, Saturday 12 (调休, a working day) and Monday 14.
    assert not selectors.leads_untouched(datetime.date(2024, 10, 13)).filter(pk=report.pk).exists()
    assert selectors.leads_untouched(datetime.date(2024, 10, 14)).filter(pk=report.pk).exists()
    services.dismiss_report(report, by=office, reason="经核实为合法用地")
    assert not selectors.leads_untouched(datetime.date(2024, 12, 31)).filter(pk=report.pk).exists()

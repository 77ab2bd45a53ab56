"""Overdue and due soon are computed from the notice's deadline and the local date."""

import datetime
from unittest import mock

import pytest

from cases.models import CaseStatus, ViolationCase

TODAY = datetime.date(2026, 11, 27)  # a Friday: "due soon" is three working days, Monday to Wednesday


def d(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    "offset,overdue,due_soon",
    [(-30, True, False), (-1, True, False), (0, False, True), (1, False, True), (3, False, True),
     (5, False, True), (6, False, False), (30, False, False)],
)
def test_deadline_boundaries(offset, overdue, due_soon, case_in):
    case = case_in(CaseStatus.NOTIFIED, deadline=d(offset))
    assert (ViolationCase.objects.overdue(TODAY).filter(pk=case.pk).exists()) is overdue
    assert (ViolationCase.objects.due_soon(TODAY).filter(pk=case.pk).exists()) is due_soon
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        assert case.is_overdue is overdue
        assert case.is_due_soon is due_soon
        assert case.days_left == offset


@pytest.mark.parametrize("status", [CaseStatus.CORRECTED, CaseStatus.ENFORCING, CaseStatus.CLOSED])
def test_only_a_running_notice_is_overdue(status, case_in):
    case = case_in(status, deadline=d(-5))
    assert not ViolationCase.objects.overdue(TODAY).filter(pk=case.pk).exists()
    assert not case.is_overdue


def test_the_local_date_decides_not_utc(case_in, settings):
    # 2026-11-27 23:30 UTC is already 11-28 in Shanghai: a deadline of 11-27 is then overdue.
    case = case_in(CaseStatus.NOTIFIED, deadline=TODAY)
    late_utc = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_utc):
        assert ViolationCase.objects.overdue().filter(pk=case.pk).exists()
        assert case.is_overdue


def test_due_soon_window_is_configurable(case_in):
    case = case_in(CaseStatus.NOTIFIED, deadline=d(6))
    assert not ViolationCase.objects.due_soon(TODAY).filter(pk=case.pk).exists()
    assert ViolationCase.objects.due_soon(TODAY, days=7).filter(pk=case.pk).exists()


def test_by_urgency_puts_overdue_first(case_in):
    later = case_in(CaseStatus.NOTIFIED, deadline=d(10))
    overdue = case_in(CaseStatus.NOTIFIED, deadline=d(-2))
    registered = case_in(CaseStatus.REGISTERED)
    soon = case_in(CaseStatus.NOTIFIED, deadline=d(1))
    assert list(ViolationCase.objects.by_urgency(TODAY)) == [overdue, soon, later, registered]


@pytest.mark.parametrize("offset,overdue,due_soon", [(-1, True, False), (0, False, True), (10, False, False)])
def test_a_served_penalty_decision_runs_out_like_a_notice(offset, overdue, due_soon, territory, office, party):
    """A decided case's deadline (the decision's days to comply, from its service) counts in
    overdue and due soon, on the list and the case page alike (cases/penalty.py)."""
    from tests.factories import ViolationCaseFactory

    case = ViolationCaseFactory(village=territory.village_a, party=party, created_by=office,
                                status=CaseStatus.DECIDED, deadline=d(offset))
    assert (ViolationCase.objects.overdue(TODAY).filter(pk=case.pk).exists()) is overdue
    assert (ViolationCase.objects.due_soon(TODAY).filter(pk=case.pk).exists()) is due_soon
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        assert case.is_overdue is overdue
        assert case.is_due_soon is due_soon
def test_due_soon_counts_working_days_over_a_holiday(case_in):
    """On the eve of the 2026 National Day week (1–7 October), a deadline on the second working
    day after it is due soon; counted in calendar days it was nine days away."""
    from deadlines.services import load_shipped

    load_shipped([2026])
    eve = datetime.date(2026, 9, 30)
    soon = case_in(CaseStatus.NOTIFIED, deadline=datetime.date(2026, 10, 9))
    later = case_in(CaseStatus.NOTIFIED, deadline=datetime.date(2026, 10, 12))  # Saturday 10 October is worked
    assert ViolationCase.objects.due_soon(eve).filter(pk=soon.pk).exists()
    assert not ViolationCase.objects.due_soon(eve).filter(pk=later.pk).exists()

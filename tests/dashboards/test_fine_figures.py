"""The fine figures of the dashboard and the campaign report (cases/fines.py ``fine_figures``): fines
decided, paid in full and outstanding, counts and amounts, each count equal to the case list it
opens; never an enforcement action's cost; one query whatever the number of fines."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.selectors import campaign_figures
from cases.fine_models import Fine
from cases.fines import fine_figures as fine_sums
from cases.models import CaseStatus, EnforcementAction
from cases.selectors import cases_visible_to
from dashboards.selectors import fine_figures
from tests.dashboards.test_click_through import list_count
from tests.factories import ViolationCaseFactory
from tests.factories.campaigns import campaign_with_phases

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def _fine(case, amount, *, paid=0, settled=False, by):
    return Fine.objects.create(case=case, decided_on=DAY, amount_yuan=Decimal(amount), land_group="farmland",
                               circumstance="general", area_m2=100, created_by=by, due_on=DAY,
                               paid_yuan=Decimal(paid), settled_on=DAY if settled else None)


@pytest.fixture
def fined_cases(territory, office):
    """Township A: a fine paid in full (10 000 + 300 surcharge), one part-paid (20 000, 5 000 paid),
    one unpaid (30 000); a withdrawn case's fine and township B's fine are not counted; an
    enforcement action's cost of 8 000 yuan is no fine."""
    campaign = campaign_with_phases(territory.township)
    make = lambda status=CaseStatus.DECIDED: ViolationCaseFactory(  # noqa: E731
        village=territory.village_a, created_by=office, status=status, campaign=campaign)
    paid, part, unpaid = make(), make(), make()
    _fine(paid, 10000, paid=10300, settled=True, by=office)
    _fine(part, 20000, paid=5000, by=office)
    _fine(unpaid, 30000, by=office)
    _fine(make(status=CaseStatus.WITHDRAWN), 99999, by=office)
    _fine(ViolationCaseFactory(village=territory.other_village, created_by=office), 77777, by=office)
    EnforcementAction.objects.create(case=unpaid, kind="demolition", carried_out_on=DAY, amount_yuan=8000,
                                     recorded_by=office)
    return campaign


def _counted(user):
    return cases_visible_to(user).exclude(status=CaseStatus.WITHDRAWN)


def _dashboard_fines(user) -> list:
    """The dashboard's fine figures for ``user``: its townships' shares added up (dashboards/shares.py)."""
    from django.utils import timezone

    from dashboards.views import _figures

    return _figures(user, timezone.localdate())["fine_figures"]


def test_dashboard_counts_fines_apart_from_enforcement_costs(client, leader, fined_cases):
    figures = {f.key: f for f in _dashboard_fines(leader)}
    assert figures["fines_decided"].value == 3
    assert figures["fines_decided_amount"].value == Decimal(60000)
    assert figures["fines_paid"].value == 1
    assert figures["fines_paid_amount"].value == Decimal(15300)
    assert figures["fines_outstanding"].value == 2
    assert figures["fines_outstanding_amount"].value == Decimal(45000)
    client.force_login(leader)
    page = client.get(reverse("dashboards:index")).content.decode()
    assert 'data-figure="fines_outstanding" data-value="2"' in page


def test_each_fine_figure_opens_the_list_it_counts(client, leader, fined_cases):
    client.force_login(leader)
    for figure in _dashboard_fines(leader):
        assert figure.url, figure.key
        if figure.is_count:
            assert list_count(client, figure.url) == figure.value, figure.key


def test_fine_figures_are_one_query_whatever_the_rows(leader, county_user, fined_cases, territory, office):
    fine_sums(_counted(leader))  # the user's memberships, read once and kept on the user
    fine_sums(_counted(county_user))
    with CaptureQueriesContext(connection) as few:
        fine_sums(_counted(leader))
        fine_sums(_counted(county_user), by="village__township")
    for _ in range(20):
        _fine(ViolationCaseFactory(village=territory.village_a, created_by=office), 500, by=office)
    with CaptureQueriesContext(connection) as many:
        figures = {f.key: f.value for f in fine_figures(fine_sums(_counted(leader)))}
        per_township = fine_sums(_counted(county_user), by="village__township")
    assert len(many.captured_queries) == len(few.captured_queries) == 2
    assert figures["fines_decided"] == 23
    # Per township (the county dashboard's shares): township A's 23 cases, township B's one.
    assert per_township[territory.township.pk]["decided"] == 23
    assert per_township[territory.other_village.township_id]["decided_amount"] == Decimal(77777)
    assert {f.key: f.value for f in _dashboard_fines(county_user)}["fines_decided"] == 24


def test_the_campaign_report_counts_the_same_fines(client, office, leader, fined_cases):
    fines = campaign_figures(fined_cases)["fines"]
    assert (fines["decided"], fines["paid"], fines["outstanding"]) == (3, 1, 2)
    assert (fines["decided_amount"], fines["paid_amount"], fines["outstanding_amount"]) == (
        Decimal(60000), Decimal(15300), Decimal(45000))
    client.force_login(leader)
    for which in ("decided", "paid", "outstanding"):
        assert list_count(client, fines[f"{which}_url"]) == fines[which], which


def test_a_case_with_two_fines_is_one_case_and_both_amounts(leader, territory, office):
    """A case fined twice (a second decision after a review, say), once paid in full and once
    not: one case decided, paid and outstanding alike, each amount the sum of its fines."""
    case = ViolationCaseFactory(village=territory.village_a, created_by=office, status=CaseStatus.DECIDED)
    _fine(case, 10000, paid=10000, settled=True, by=office)
    _fine(case, 4000, paid=1500, by=office)
    per_township = fine_sums(_counted(leader), by="village__township")
    for sums in (fine_sums(_counted(leader)), per_township[territory.township.pk]):
        assert (sums["decided"], sums["paid"], sums["outstanding"]) == (1, 1, 1)
        assert (sums["decided_amount"], sums["paid_amount"], sums["outstanding_amount"]) == (
            Decimal(14000), Decimal(11500), Decimal(2500))

"""Warnings of a land project card at their date boundaries (computed, never stored): read by the
database (``with_warnings``) for a card's page and list, and counted by it for the dashboard."""

import datetime
from decimal import Decimal

import pytest

from dashboards.selectors import township_counts
from patrols.models import ConstructionStatus, FindingStatus, LandProject, ProjectInspection
from patrols.project_warnings import (
    add_years,
    idle_from,
    idle_since,
    project_warnings,
    projects_with_warnings,
    warned,
    with_warnings,
)
from patrols.services import dismiss_finding, record_inspection
from tests.factories import LandProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def card(**fields) -> LandProject:
    base = {
        "approved_on": D(2024, 1, 1),
        "agreed_start_on": D(2024, 3, 1),
        "agreed_completion_on": D(2025, 12, 31),
        "required_plot_ratio": Decimal("1.20"),
        "required_investment_intensity": Decimal("200"),
        "construction_status": ConstructionStatus.NOT_STARTED,
    }
    return LandProjectFactory(**{**base, **fields})


def codes(project, today) -> set[str]:
    """The codes of the card's warnings on ``today``, as its page shows them; each card is counted
    on the dashboard exactly when it has one."""
    project.save()
    read = with_warnings(LandProject.objects.filter(pk=project.pk), today=today).get()
    shown = {w.code for w in project_warnings(read)}
    counted = warned(LandProject.objects.filter(pk=project.pk), today=today).count()
    assert counted == (1 if shown else 0)
    return shown


def test_idle_land_starts_exactly_one_year_after_the_agreed_start():
    project = card()
    assert "idle" not in codes(project, D(2025, 2, 28))
    assert "idle" in codes(project, D(2025, 3, 1))
    started = card(
        construction_status=ConstructionStatus.UNDER_CONSTRUCTION, actual_start_on=D(2025, 2, 1), signboard_posted=True
    )
    assert "idle" not in codes(started, D(2026, 1, 1))


def test_a_leap_day_start_becomes_idle_on_28_february():
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    project = card(agreed_start_on=D(2024, 2, 29), approved_on=D(2024, 1, 1))
    assert "idle" not in codes(project, D(2025, 2, 27))
    assert "idle" in codes(project, D(2025, 2, 28))
    # The card's page says from when, and the database's day is that one turned round.
    for start in (D(2023, 2, 28), D(2023, 3, 1), D(2024, 2, 28), D(2024, 2, 29), D(2024, 3, 1)):
        since = idle_since(LandProject(agreed_start_on=start))
        for day in (since - datetime.timedelta(days=1), since, since + datetime.timedelta(days=1)):
            assert (start <= idle_from(day)) == (day >= since), (start, day)


def test_late_completion_from_the_day_after_the_agreed_date():
    project = card(
        construction_status=ConstructionStatus.UNDER_CONSTRUCTION, actual_start_on=D(2024, 4, 1), signboard_posted=True
    )
    assert "late" not in codes(project, D(2025, 12, 31))
    assert "late" in codes(project, D(2026, 1, 1))
    on_time = card(
        construction_status=ConstructionStatus.COMPLETED,
        actual_start_on=D(2024, 4, 1),
        actual_completion_on=D(2025, 12, 31),
    )
    assert "late" not in codes(on_time, D(2027, 1, 1))
    late = card(
        construction_status=ConstructionStatus.IN_PRODUCTION,
        actual_start_on=D(2024, 4, 1),
        actual_completion_on=D(2026, 1, 1),
    )
    assert "late" in codes(late, D(2027, 1, 1))


def test_plot_ratio_and_intensity_only_when_known_and_below():
    unknown = card(
        construction_status=ConstructionStatus.IN_PRODUCTION,
        actual_start_on=D(2024, 4, 1),
        actual_completion_on=D(2025, 6, 1),
    )
    assert not codes(unknown, D(2025, 7, 1)) & {"plot_ratio", "intensity"}
    equal = card(
        construction_status=ConstructionStatus.IN_PRODUCTION,
        actual_start_on=D(2024, 4, 1),
        actual_completion_on=D(2025, 6, 1),
        actual_plot_ratio=Decimal("1.20"),
        actual_investment_intensity=Decimal("200"),
    )
    assert not codes(equal, D(2025, 7, 1)) & {"plot_ratio", "intensity"}
    below = card(
        construction_status=ConstructionStatus.IN_PRODUCTION,
        actual_start_on=D(2024, 4, 1),
        actual_completion_on=D(2025, 6, 1),
        actual_plot_ratio=Decimal("1.19"),
        actual_investment_intensity=Decimal("199.99"),
    )
    assert {"plot_ratio", "intensity"} <= codes(below, D(2025, 7, 1))


def test_building_without_a_signboard_is_flagged():
    project = card(construction_status=ConstructionStatus.UNDER_CONSTRUCTION, actual_start_on=D(2024, 4, 1))
    assert "signboard" in codes(project, D(2024, 5, 1))
    project.signboard_posted = True
    assert "signboard" not in codes(project, D(2024, 5, 1))


def test_a_violation_warns_until_its_finding_is_dismissed(territory, office, officer):
    project = card(
        village=territory.village_a,
        created_by=office,
        construction_status=ConstructionStatus.UNDER_CONSTRUCTION,
        actual_start_on=D(2024, 4, 1),
        signboard_posted=True,
    )
    record_inspection(
        ProjectInspection(project=project, inspected_on=D(2025, 1, 5), inspectors="甲", findings="进展正常"), by=officer
    )
    assert not any(
        "violation" in {w.code for w in ws} for _p, ws in projects_with_warnings(office, today=D(2025, 2, 1))
    )
    inspection = record_inspection(
        ProjectInspection(
            project=project, inspected_on=D(2025, 2, 5), inspectors="甲", findings="红线外搭建", violation_found=True
        ),
        by=officer,
    )
    assert inspection.finding.status == FindingStatus.REPORTED
    [(_p, warnings)] = projects_with_warnings(office, today=D(2025, 3, 1))
    assert "violation" in {w.code for w in warnings}
    dismiss_finding(inspection.finding, by=office, reason="经核实在红线内")
    [(_p, warnings)] = projects_with_warnings(office, today=D(2025, 3, 1))
    assert "violation" not in {w.code for w in warnings}


def test_the_count_of_warned_cards_per_township_is_the_cards_with_warnings(territory, office):
    """The dashboard's "projects with warnings" (``warned`` counted by ``township_counts``) counts the
    cards whose page shows a warning, per township, for each kind of warning."""
    village = territory.village_a
    started = {"construction_status": ConstructionStatus.UNDER_CONSTRUCTION, "actual_start_on": D(2024, 3, 1),
               "signboard_posted": True, "agreed_completion_on": D(2030, 1, 1), "village": village}
    LandProjectFactory(**started)  # no warning
    LandProjectFactory(**{**started, "signboard_posted": False})
    LandProjectFactory(**{**started, "actual_plot_ratio": Decimal("0.5")})
    LandProjectFactory(**{**started, "actual_investment_intensity": Decimal("100")})
    LandProjectFactory(**{**started, "agreed_completion_on": D(2025, 1, 1)})
    LandProjectFactory(village=village, agreed_start_on=D(2024, 2, 29))  # idle from 28 February 2025
    today = D(2025, 2, 28)
    shown = sum(1 for _p, warnings in projects_with_warnings(office, today=today) if warnings)
    assert warned_per_township(office, today) == {village.township_id: shown} and shown == 5
    assert warned_per_township(office, D(2025, 2, 27)) == {village.township_id: 4}


def warned_per_township(user, today) -> dict:
    """The dashboard's "projects with warnings" of each township with one, as it counts them."""
    counts = township_counts(user, townships=None, warned_cards=warned(LandProject.objects.all(), today=today))
    return {pk: row["projects_warned"] for pk, row in counts.items() if row["projects_warned"]}

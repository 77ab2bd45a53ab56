"""Warnings of a land project card (一宗一卡), computed on reading and never stored.

- idle land (闲置): not started one year or more after the agreed start date;
- late completion: the agreed completion date has passed without completion, or the
  project was completed after it;
- plot ratio (容积率) or investment intensity (投资强度) below the requirement, once the
  actual figure is known;
- no signboard (挂牌施工) while under construction;
- a violation found at an inspection whose finding has not been dismissed.
"""

import datetime
from collections import Counter, namedtuple
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import ConstructionStatus, FindingStatus, LandProject, ProjectInspection
from .selectors import projects_visible_to


@dataclass(frozen=True)
class ProjectWarning:
    code: str
    label: str
    level: str = "warning"  # Bootstrap contextual class: "danger" for the serious ones


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def idle_since(project: LandProject) -> datetime.date:
    """The first day on which a project that has not started counts as idle land."""
    return add_years(project.agreed_start_on, 1)


# Each warning's label and level, made once: a card's warnings are computed for every card of a
# list or a dashboard (a county's thousand on its dashboard).
IDLE = ProjectWarning("idle", _("Idle land: not started a year after the agreed start"), "danger")
OVERDUE = ProjectWarning("late", _("Completion overdue"))
COMPLETED_LATE = ProjectWarning("late", _("Completed late"))
PLOT_RATIO = ProjectWarning("plot_ratio", _("Plot ratio below the requirement"))
INTENSITY = ProjectWarning("intensity", _("Investment intensity below the requirement"))
SIGNBOARD = ProjectWarning("signboard", _("Building without the project signboard"))
VIOLATION = ProjectWarning("violation", _("Violation found at inspection"), "danger")


def project_warnings(
    project: LandProject, *, today: datetime.date, violation: bool | None = None
) -> list[ProjectWarning]:
    """The warnings of one card. ``violation`` comes from an annotation on list pages
    (``has_violation``); if omitted, the project's annotation is used when present."""
    return list(_warnings(project, today=today, violation=violation))


def _warnings(project, *, today: datetime.date, violation: bool | None = None):
    """``project_warnings`` one by one: whether a card has any stops at its first (``warned_counts``)."""
    if violation is None:
        violation = bool(getattr(project, "has_violation", False))
    status = project.construction_status
    started = status != ConstructionStatus.NOT_STARTED or project.actual_start_on is not None
    completed = status in (ConstructionStatus.COMPLETED, ConstructionStatus.IN_PRODUCTION)
    if not started and today >= idle_since(project):
        yield IDLE
    if not completed and today > project.agreed_completion_on:
        yield OVERDUE
    elif completed and project.actual_completion_on and project.actual_completion_on > project.agreed_completion_on:
        yield COMPLETED_LATE
    if project.actual_plot_ratio is not None and project.actual_plot_ratio < project.required_plot_ratio:
        yield PLOT_RATIO
    if (
        project.actual_investment_intensity is not None
        and project.actual_investment_intensity < project.required_investment_intensity
    ):
        yield INTENSITY
    if status == ConstructionStatus.UNDER_CONSTRUCTION and not project.signboard_posted:
        yield SIGNBOARD
    if violation:
        yield VIOLATION


def with_violation_flag(queryset):
    """Annotate ``has_violation``: an inspection raised a finding that was not dismissed."""
    return queryset.annotate(
        has_violation=Exists(
            ProjectInspection.objects.filter(project=OuterRef("pk"), finding__isnull=False).exclude(
                finding__status=FindingStatus.DISMISSED
            )
        )
    )


def projects_with_warnings(
    user, *, today: datetime.date, queryset=None
) -> list[tuple[LandProject, list[ProjectWarning]]]:
    """Every card the user may see with its warnings, in one query."""
    qs = queryset if queryset is not None else projects_visible_to(user)
    projects = with_violation_flag(qs.select_related("village"))
    return [(p, project_warnings(p, today=today)) for p in projects]


# What ``project_warnings`` reads of a card.
WARNING_FIELDS = (
    "construction_status",
    "actual_start_on",
    "agreed_start_on",
    "agreed_completion_on",
    "actual_completion_on",
    "actual_plot_ratio",
    "required_plot_ratio",
    "actual_investment_intensity",
    "required_investment_intensity",
    "signboard_posted",
    "has_violation",
)
_Card = namedtuple("_Card", WARNING_FIELDS)


def warned_counts(queryset, *, today: datetime.date, by: str) -> Counter:
    """How many cards of ``queryset`` have a warning, per value of ``by`` (e.g. "village__township").

    The same ``project_warnings`` as each card's page, read from plain rows: a county's thousand
    cards built into model objects (and their villages) cost a dashboard more than its queries.
    """
    rows = with_violation_flag(queryset).values_list(*WARNING_FIELDS, by)
    return Counter(row[-1] for row in rows if any(_warnings(_Card(*row[:-1]), today=today)))

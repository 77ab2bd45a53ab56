"""Warnings of a land project card (一宗一卡), computed on reading and never stored: each is a
condition on the card's row (``_rules``), read by the database for a card's page, the list and
the dashboard's counts alike.

- idle land (闲置): not started one year or more after the agreed start date;
- late completion: the agreed completion date has passed without completion, or the
  project was completed after it;
- plot ratio (容积率) or investment intensity (投资强度) below the requirement, once the
  actual figure is known;
- no signboard (挂牌施工) while under construction;
- a violation found at an inspection whose finding has not been dismissed.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
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


def idle_from(today: datetime.date) -> datetime.date:
    """The latest agreed start of a card that counts as idle land on ``today`` (``idle_since``
    turned round: a card is idle exactly when its agreed start is on or before this day)."""
    if (today.month, today.day) == (2, 28) and calendar.isleap(today.year - 1):
        return today.replace(year=today.year - 1, day=29)  # a start on 29 February is idle from 28 February
    return add_years(today, -1)


def _rules(today: datetime.date) -> list:
    """Each warning (``WARNINGS``, in order) as a condition on a card's row, read by the database:
    one definition for a card's page, the list and the dashboard's counts."""
    not_started = Q(construction_status=ConstructionStatus.NOT_STARTED, actual_start_on__isnull=True)
    completed = Q(construction_status__in=(ConstructionStatus.COMPLETED, ConstructionStatus.IN_PRODUCTION))
    # A figure not known yet (NULL) compares to nothing: no warning, as for a card never completed.
    return [
        not_started & Q(agreed_start_on__lte=idle_from(today)),
        ~completed & Q(agreed_completion_on__lt=today),
        completed & Q(actual_completion_on__gt=F("agreed_completion_on")),
        Q(actual_plot_ratio__lt=F("required_plot_ratio")),
        Q(actual_investment_intensity__lt=F("required_investment_intensity")),
        Q(construction_status=ConstructionStatus.UNDER_CONSTRUCTION, signboard_posted=False),
        # A violation found at an inspection whose finding was not dismissed.
        Q(Exists(ProjectInspection.objects.filter(project=OuterRef("pk"), finding__isnull=False)
                 .exclude(finding__status=FindingStatus.DISMISSED))),
    ]


WARNINGS = (IDLE, OVERDUE, COMPLETED_LATE, PLOT_RATIO, INTENSITY, SIGNBOARD, VIOLATION)  # as ``_rules``


def with_warnings(queryset, *, today: datetime.date):
    """The cards of ``queryset`` with their warnings on ``today`` (``project_warnings``), in the same query."""
    return queryset.annotate(**{
        f"_warns_{i}": ExpressionWrapper(rule, output_field=BooleanField()) for i, rule in enumerate(_rules(today))
    })


def project_warnings(project: LandProject) -> list[ProjectWarning]:
    """The warnings of one card read with ``with_warnings``."""
    return [warning for i, warning in enumerate(WARNINGS) if getattr(project, f"_warns_{i}")]


def projects_with_warnings(
    user, *, today: datetime.date, queryset=None
) -> list[tuple[LandProject, list[ProjectWarning]]]:
    """Every card the user may see with its warnings, in one query."""
    qs = queryset if queryset is not None else projects_visible_to(user)
    return [(p, project_warnings(p)) for p in with_warnings(qs.select_related("village"), today=today)]


def warned(queryset, *, today: datetime.date):
    """The cards of ``queryset`` with at least one warning on ``today``, chosen by the database with
    the cards' own conditions (``_rules``), for the dashboard to count them there
    (``dashboards.selectors.township_counts``). A county's thousand cards read as rows and judged
    here took 5.4 ms of its dashboard; counted there, 3.0–3.3 (most of it planning the conditions)."""
    return queryset.filter(Q(*_rules(today), _connector=Q.OR))

"""Home-page panels of the dashboards app.

- a coordinator: their own village's case figures (never another village's), each a link;
- leaders, the office and county users: the headline figures with a link to the dashboard.
"""

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import cases_visible_to
from landwatch import links
from landwatch.panels import Panel
from landwatch.roles import Role, has_role
from patrols.coverage import week_bounds
from patrols.selectors import findings_visible_to
from territory.selectors import coordinator_villages

from . import selectors


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    result = []
    villages = coordinator_villages(user)
    if villages and has_role(user, Role.COORDINATOR):
        result.append(
            Panel("dashboards/_home_village.html", {"rows": village_rows(user, villages, today=today)}, order=15)
        )
    return result


def village_rows(user, villages, *, today) -> list[dict]:
    """The figures of each of the coordinator's villages, in two grouped queries."""
    ids = [v.pk for v in villages]
    counts = selectors.case_counts(cases_visible_to(user).filter(village__in=ids), today=today, group_by="village")
    findings = dict(
        findings_visible_to(user)
        .reported()
        .filter(village__in=ids)
        .order_by()
        .values_list("village")
        .annotate(n=Count("pk"))
    )
    week_start = week_bounds(today)[0]
    rows = []
    for village in villages:
        c = {**selectors.EMPTY_CASE_COUNTS, **counts.get(village.pk, {}), "week_start": week_start, "today": today}
        figures = [f for f in selectors.case_figures(c, scope={"village": village.pk}) if f.is_count]
        figures.append(
            selectors.Figure(
                "findings",
                _("Findings awaiting registration"),
                findings.get(village.pk, 0),
                links.finding_list_url(status="reported", village=village.pk),
            )
        )
        rows.append({"village": village, "figures": figures})
    return rows

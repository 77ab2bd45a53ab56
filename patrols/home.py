"""Home-page panels of the patrols app.

- a coordinator: their village's patrol status and a big "log a patrol" button;
- the office (and leaders): the count of new findings and the villages overdue for patrol.
"""

from django.http import HttpRequest
from django.utils import timezone

from landwatch.panels import Panel
from landwatch.roles import Role, has_role
from territory.models import ResponsibilityUnit
from territory.selectors import coordinator_villages

from .coverage import village_coverage
from .selectors import findings_visible_to


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result: list[Panel] = []
    if not user.is_authenticated:
        return result
    today = timezone.localdate()
    villages = coordinator_villages(user)
    if villages and has_role(user, Role.COORDINATOR):
        rows = village_coverage(
            user, today=today, villages=ResponsibilityUnit.objects.filter(pk__in=[v.pk for v in villages])
        )
        result.append(Panel("patrols/_home_coordinator.html", {"rows": rows}, order=10))
    if user.is_superuser or has_role(user, Role.OFFICE, Role.LEADER):
        rows = village_coverage(user, today=today)
        result.append(
            Panel(
                "patrols/_home_office.html",
                {
                    "new_findings": findings_visible_to(user).reported().count(),
                    "overdue": [r for r in rows if r.overdue],
                    "without_coordinator": [r.village for r in rows if r.without_coordinator],
                },
                order=20,
            )
        )
    return result

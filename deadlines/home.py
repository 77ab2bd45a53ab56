"""Home-page panel of the deadline engine: the office is told when a year's holiday table is missing."""

from django.http import HttpRequest

from landwatch.panels import Panel
from landwatch.roles import Role, has_role

from . import dates
from .clock import missing_years


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not (has_role(user, Role.OFFICE) or has_role(user, Role.LEADER) or user.is_superuser):
        return []
    years = missing_years(dates.today())
    if not years:
        return []
    return [Panel("deadlines/_home_missing_years.html", {"years": years}, order=0)]

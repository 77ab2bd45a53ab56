"""Home-page panel of the territory: everyone's own units."""

from django.http import HttpRequest

from landwatch.panels import Panel

from .selectors import active_memberships


def panels(request: HttpRequest) -> list[Panel]:
    return [Panel("territory/_home_units.html", {"memberships": active_memberships(request.user)}, order=900)]

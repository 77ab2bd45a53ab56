"""Home-page panels: an officer's own cases by urgency; the office's cases needing action."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from landwatch.panels import Panel
from landwatch.roles import Role, has_role

from .selectors import cases_needing_action, my_cases

PANEL_ROWS = 8


def _panel(qs, **context) -> Panel:
    rows = list(qs[: PANEL_ROWS + 1])
    return Panel("cases/_home_mine.html", {"cases": rows[:PANEL_ROWS], "count": len(rows[:PANEL_ROWS]),
                                           "more": len(rows) > PANEL_ROWS, **context}, order=10)


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result = []
    if has_role(user, Role.OFFICE):
        result.append(_panel(cases_needing_action(user), title=_("Cases needing action"),
                             empty=_("Nothing waits for the office."), link=reverse("cases:list") + "?status=open",
                             link_label=_("All open cases")))
    if has_role(user, Role.OFFICER):
        result.append(_panel(my_cases(user), title=_("My cases"), empty=_("No open case is assigned to you."),
                             link=reverse("cases:mine"), link_label=_("My cases")))
    return result

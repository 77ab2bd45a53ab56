"""Home-page panel of the campaign: the phase running today and the user's open tasks."""

from django.http import HttpRequest
from django.utils import timezone

from landwatch.panels import Panel

from .selectors import current_campaign_and_phases, my_tasks_q, tasks_visible_to, timeline


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    campaign, phases = current_campaign_and_phases(user, today)
    tasks = list(tasks_visible_to(user).filter(my_tasks_q(user)).open().order_by("due_date", "pk")[:8])
    if campaign is None and not tasks:
        return []
    readable = campaign is not None and user.has_perm("campaigns.view_campaign", campaign)
    context = {
        "campaign": campaign,
        "readable": readable,
        "timeline": timeline(campaign, today, phases) if campaign else None,
        "tasks": tasks,
        "today": today,
    }
    return [Panel("campaigns/_home_campaign.html", context, order=200)]

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from landwatch.pagination import capped_page

from . import selectors, services


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    page = capped_page(selectors.inbox(request.user), request.GET.get("page"))
    return render(request, "reminders/inbox.html", {"page": page})


@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one item read; with ``open``, go on to what it is about."""
    item = selectors.get_item_for_user(request.user, pk)
    services.mark_read(item, by=request.user)
    target = item.reminder.url
    if "open" in request.POST and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("reminders:inbox")


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(by=request.user)
    messages.success(request, _("%(count)s reminders marked as read.") % {"count": count})
    return redirect("reminders:inbox")

"""Pages of the campaign: list, overview, phases, tasks, meetings, publicity, leading group,
acceptance review and the summary report. Every view loads its object through an access
helper (404 for outsiders, 403 for read-only users) and writes through ``campaigns.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from landwatch import dataversion, links
from landwatch.filtering import applied
from landwatch.roles import Role, has_role
from territory.selectors import sees_everything, townships_visible_to

from . import selectors, services
from .forms import (
    CampaignCreateForm,
    CampaignForm,
    DecisionForm,
    DecisionTaskForm,
    GroupMemberForm,
    MeetingForm,
    PhasesForm,
    ProgressForm,
    PublicityForm,
    ReviewForm,
    TaskFilterForm,
    TaskForm,
    TaskStatusForm,
    TeamMemberForm,
)
from .models import OPEN_TASK_STATUSES, JointTeamMember, LeadingGroupMember, MeetingDecision, TaskStatus
from .report import report_workbook_response


def _form_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form it came from."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _manageable_townships(user):
    """Townships where the user may start a campaign (as a queryset, for the form's choices)."""
    townships = townships_visible_to(user).order_by("path")
    if sees_everything(user):
        return townships
    return townships.filter(pk__in=[t.pk for t in townships if user.has_perm("campaigns.manage_campaign", _Probe(t))])


class _Probe:
    """A stand-in campaign for asking "may this user run campaigns in this township?"."""

    def __init__(self, township):
        self.township = township


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or has_role(request.user, *selectors.READER_ROLES, Role.COORDINATOR)):
        raise PermissionDenied
    campaigns = selectors.campaigns_visible_to(request.user).order_by("-start_date")
    today = timezone.localdate()
    rows = [{"campaign": c, "readable": request.user.has_perm("campaigns.view_campaign", c)} for c in campaigns]
    return render(
        request,
        "campaigns/campaign_list.html",
        {"rows": rows, "today": today, "can_create": _manageable_townships(request.user).exists()},
    )


def campaign_create(request: HttpRequest) -> HttpResponse:
    townships = _manageable_townships(request.user)
    if not townships.exists():
        raise PermissionDenied
    form = CampaignCreateForm(request.POST or None, townships=townships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                by=request.user,
                township=data["township"],
                name=data["name"],
                basis=data["basis"],
                goals=data["goals"],
                phases=form.phase_dates(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The campaign has been created."))
            return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview: timeline with today, tasks per phase, case progress, overdue and at-risk cases."""
    campaign = selectors.get_campaign_for_user(request.user, pk)
    today = timezone.localdate()
    can_manage = request.user.has_perm("campaigns.manage_campaign", campaign)
    phase = selectors.correction_phase(campaign)
    # Once the correction phase is over, a closing summary instead of the at-risk list.
    over = phase is not None and today > phase.end_date
    context = {
        "campaign": campaign,
        "timeline": selectors.timeline(campaign, today),
        "phase_tasks": selectors.task_completion_by_phase(campaign, today),
        "progress": selectors.case_progress(campaign),
        "overdue": selectors.overdue_notices(campaign, today),
        "at_risk": None if over else selectors.cases_at_risk(campaign, today),
        "closing": selectors.closing_summary(campaign, phase) if over else None,
        "open_cases_url": links.case_list_url(campaign=campaign.pk, status=links.OPEN),
        "cases_until": phase.end_date if phase else campaign.end_date,
        "reviews": list(campaign.reviews.all()),
        "can_manage": can_manage,
        "later_campaign": selectors.later_campaign(campaign) if can_manage else None,
        "next_year": str(services.next_campaign_year(campaign, today)),
        "today": today,
    }
    return render(request, "campaigns/campaign_detail.html", context)


@require_POST
def campaign_next_year(request: HttpRequest, pk: int) -> HttpResponse:
    """Start next year's campaign from this one: phases copied, dates a year on (one action)."""
    campaign = selectors.get_campaign_for_user(request.user, pk, write=True)
    try:
        created = services.start_next_campaign(campaign, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(campaign)
    messages.success(request, _("%(name)s has been started: check its phases, then assign its tasks.")
                     % {"name": created.name})
    return redirect(created)


def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk, write=True)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        services.update_campaign(campaign, by=request.user, **form.cleaned_data)
        messages.success(request, _("The campaign has been saved."))
        return redirect(campaign)
    return render(request, "campaigns/campaign_edit.html", {"campaign": campaign, "form": form})


def phases_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk, write=True)
    form = PhasesForm(request.POST or None, initial=PhasesForm.initial_from(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_phases(campaign, by=request.user, phases=form.phase_dates())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The phases have been saved."))
            return redirect(campaign)
    return render(request, "campaigns/phases_form.html", {"campaign": campaign, "form": form})


# --- Tasks -------------------------------------------------------------------------------


def _campaign_for_tasks(user, pk: int):
    """Readers and coordinators (who see their village's tasks) reach the task board."""
    campaign = get_object_or_404(selectors.campaigns_visible_to(user), pk=pk)
    if not (user.has_perm("campaigns.view_campaign", campaign) or has_role(user, Role.COORDINATOR)):
        raise PermissionDenied
    return campaign


@require_GET
def task_board(request: HttpRequest, pk: int) -> HttpResponse:
    """Tasks per unit and person, filterable; "mine" keeps the user's own."""
    campaign = _campaign_for_tasks(request.user, pk)
    today = timezone.localdate()
    form = TaskFilterForm(request.GET or None, campaign=campaign)
    tasks = selectors.tasks_visible_to(request.user).filter(campaign=campaign)
    mine = request.GET.get("mine") == "1"
    # A refused value filters nothing (its error is shown); the others still apply.
    data = applied(form)
    if data.get("unit"):
        tasks = tasks.filter(owner_unit=data["unit"])
    if data.get("person"):
        tasks = tasks.filter(owner=data["person"])
    if data.get("phase"):
        tasks = tasks.filter(phase=data["phase"])
    if mine:
        tasks = tasks.filter(selectors.my_tasks_q(request.user))
    status = data.get("status", "")
    hidden, show_all = 0, ""
    if status == "all":
        pass
    elif status:
        tasks = tasks.filter(status=status)
    else:
        # Open tasks only by default: say how many finished ones that hides, and how to see them.
        hidden = tasks.exclude(status__in=OPEN_TASK_STATUSES).count()
        params = request.GET.copy()
        params["status"] = "all"
        show_all = params.urlencode()
        tasks = tasks.open()
    groups = selectors.group_tasks_by_owner(tasks.order_by("due_date", "pk"))
    return render(
        request,
        "campaigns/task_board.html",
        {
            "campaign": campaign,
            "form": form,
            "groups": groups,
            "mine": mine,
            "hidden": hidden,
            "show_all": show_all,
            "today": today,
            "can_manage": request.user.has_perm("campaigns.manage_campaign", campaign),
        },
    )


@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The user's own open tasks across campaigns."""
    tasks = (
        selectors.tasks_visible_to(request.user)
        .filter(selectors.my_tasks_q(request.user))
        .open()
        .order_by("due_date", "pk")
    )
    return render(request, "campaigns/my_tasks.html", {"tasks": tasks, "today": timezone.localdate()})


def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk, write=True)
    form = TaskForm(
        request.POST or None,
        campaign=campaign,
        initial={"phase": selectors.phase_for_day(campaign, timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(campaign, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The task has been assigned."))
            return redirect(task)
    return render(request, "campaigns/task_form.html", {"campaign": campaign, "form": form})


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_task_for_user(request.user, pk)
    can_update = request.user.has_perm("campaigns.update_task", task)
    context = {
        "task": task,
        "campaign": task.campaign,
        "events": task.events.select_related("actor"),
        "can_update": can_update,
        "can_manage": request.user.has_perm("campaigns.manage_campaign", task.campaign),
        "progress_form": ProgressForm() if can_update and task.is_open else None,
        "status_form": TaskStatusForm(task=task) if can_update else None,
        "today": timezone.localdate(),
    }
    return render(request, "campaigns/task_detail.html", context)


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_task_for_user(request.user, pk)
    if not request.user.has_perm("campaigns.manage_campaign", task.campaign):
        raise PermissionDenied
    form = TaskForm(request.POST or None, instance=task, campaign=task.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(task, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The task has been saved."))
            return redirect(task)
    return render(request, "campaigns/task_form.html", {"campaign": task.campaign, "form": form, "task": task})


@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_task_for_user(request.user, pk, write=True)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.report_task_progress(task, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Progress recorded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(task)


@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_task_for_user(request.user, pk, write=True)
    form = TaskStatusForm(request.POST, task=task)
    if form.is_valid():
        try:
            services.change_task_status(
                task, by=request.user, to_status=form.cleaned_data["to_status"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The task is now %(status)s.") % {"status": TaskStatus(form.cleaned_data["to_status"]).label}
            )
    else:
        messages.error(request, _("This status change is not allowed."))
    return redirect(task)


# --- Meetings ------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk)
    meetings = campaign.meetings.prefetch_related("decisions__task").order_by("date", "pk")
    return render(
        request,
        "campaigns/meeting_list.html",
        {
            "campaign": campaign,
            "meetings": meetings,
            "can_manage": request.user.has_perm("campaigns.manage_campaign", campaign),
        },
    )


def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "decisions"}
        meeting = services.record_meeting(campaign, by=request.user, decisions=form.decision_lines(), **data)
        messages.success(request, _("The meeting has been recorded."))
        return redirect(meeting)
    return render(request, "campaigns/meeting_form.html", {"campaign": campaign, "form": form})


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    can_manage = request.user.has_perm("campaigns.manage_campaign", meeting.campaign)
    return render(
        request,
        "campaigns/meeting_detail.html",
        {
            "meeting": meeting,
            "campaign": meeting.campaign,
            "decisions": meeting.decisions.select_related("task"),
            "can_manage": can_manage,
            "decision_form": DecisionForm() if can_manage else None,
        },
    )


@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if not request.user.has_perm("campaigns.manage_campaign", meeting.campaign):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.add_decision(meeting, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The decision has been added."))
    else:
        messages.error(request, _("Write the decision."))
    return redirect(meeting)


def decision_task(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a meeting decision into a task."""
    decision = get_object_or_404(MeetingDecision.objects.select_related("meeting"), pk=pk)
    meeting = selectors.get_meeting_for_user(request.user, decision.meeting_id)
    campaign = meeting.campaign
    if not request.user.has_perm("campaigns.manage_campaign", campaign):
        raise PermissionDenied
    form = DecisionTaskForm(
        request.POST or None,
        campaign=campaign,
        initial={"title": decision.text[:200], "phase": selectors.phase_for_day(campaign, meeting.date)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = services.decision_to_task(decision, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The decision has become a task."))
            return redirect(task)
    return render(
        request,
        "campaigns/task_form.html",
        {"campaign": campaign, "form": form, "decision": decision, "meeting": meeting},
    )


# --- Publicity, leading group, acceptance review -------------------------------------------


def publicity_list(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk)
    can_manage = request.user.has_perm("campaigns.manage_campaign", campaign)
    form = None
    if can_manage:
        form = PublicityForm(request.POST or None, campaign=campaign)
        if request.method == "POST" and form.is_valid():
            services.record_publicity(campaign, by=request.user, **form.cleaned_data)
            messages.success(request, _("The publicity activity has been recorded."))
            return redirect("campaigns:publicity", pk=campaign.pk)
    elif request.method == "POST":
        raise PermissionDenied
    activities = campaign.publicity.select_related("village").order_by("date", "pk")
    return render(
        request,
        "campaigns/publicity_list.html",
        {"campaign": campaign, "activities": activities, "totals": selectors.publicity_totals(campaign), "form": form},
    )


def leading_group(request: HttpRequest, pk: int) -> HttpResponse:
    """The leading group, its office and the joint team; the office adds and removes seats here."""
    campaign = selectors.get_campaign_for_user(request.user, pk)
    can_manage = request.user.has_perm("campaigns.manage_campaign", campaign)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    which = request.POST.get("form")
    group_form = GroupMemberForm(request.POST if which == "group" else None, campaign=campaign, prefix="group")
    team_form = TeamMemberForm(request.POST if which == "team" else None, campaign=campaign, prefix="team")
    form = {"group": group_form, "team": team_form}.get(which)
    if form is not None and form.is_valid():
        add = services.add_group_member if which == "group" else services.add_team_member
        try:
            add(campaign, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("campaigns:group", pk=campaign.pk)
    return render(
        request,
        "campaigns/leading_group.html",
        {
            "campaign": campaign,
            "members": selectors.leading_group(campaign),
            "team": selectors.joint_team(campaign),
            "can_manage": can_manage,
            "group_form": group_form if can_manage else None,
            "team_form": team_form if can_manage else None,
        },
    )


@require_POST
def group_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(LeadingGroupMember.objects.select_related("campaign"), pk=pk)
    campaign = selectors.get_campaign_for_user(request.user, member.campaign_id, write=True)
    services.remove_group_member(member, by=request.user)
    messages.success(request, _("The member has been removed."))
    return redirect("campaigns:group", pk=campaign.pk)


@require_POST
def team_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(JointTeamMember.objects.select_related("campaign"), pk=pk)
    campaign = selectors.get_campaign_for_user(request.user, member.campaign_id, write=True)
    services.remove_team_member(member, by=request.user)
    messages.success(request, _("The member has been removed."))
    return redirect("campaigns:group", pk=campaign.pk)


def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk, write=True)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_review(campaign, by=request.user, **form.cleaned_data)
        messages.success(request, _("The acceptance review has been recorded."))
        return redirect(campaign)
    return render(request, "campaigns/review_form.html", {"campaign": campaign, "form": form})


# --- Summary report (整改工作材料) ------------------------------------------------------------


# The page is read and printed: past this many open cases it lists the first ones and links
# to the rest (the Excel report and the case list have every one).
REPORT_OUTSTANDING_ROWS = 200
# What the report reads besides the county-wide data: the cases app's rows (cases, causes,
# enforcement, discipline, fines) and the campaigns app's (phases, meetings, tasks, publicity,
# reviews). Kept under those apps' versions of the campaign's township only, it outlives a
# patrol log or a 卫片 patch written there (tests/landwatch/test_dataversion_topics.py).
REPORT_TOPICS = frozenset({"cases", "campaigns"})


@require_GET
@dataversion.pinned()  # reads only: the campaign, then the report kept under the same version
def report(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk)
    today = timezone.localdate()

    def draw() -> str:
        prefetch_related_objects([campaign], "phases")  # read by the figures
        figures = selectors.campaign_figures(campaign, today=today, outstanding_limit=REPORT_OUTSTANDING_ROWS)
        return render_to_string("campaigns/_report_body.html", {
            "campaign": campaign,
            "figures": figures,
            "today": today,
            "outstanding_more": figures["cases"]["open"] - len(figures["outstanding"]),
            "outstanding_url": links.case_list_url(campaign=campaign.pk, status=links.OPEN),
        })

    # Every figure reads all the campaign's cases, and the report is the same for every reader
    # of the campaign: drawn once per committed change of the data (landwatch.dataversion), for
    # each campaign, day and language.
    body = dataversion.cached(
        f"campaign-report:{campaign.pk}:{today.isoformat()}:{get_language()}", draw,
        scope=dataversion.township(campaign.township_id, topics=REPORT_TOPICS),
    )
    return render(request, "campaigns/report.html", {"campaign": campaign, "body": body})


@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_user(request.user, pk)
    today = timezone.localdate()
    return report_workbook_response(campaign, selectors.campaign_figures(campaign, today=today))

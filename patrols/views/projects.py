"""Land project cards (一宗一卡): the list with warnings, the printable card, inspections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from landwatch import queue
from landwatch.filtering import applied
from territory.selectors import villages_visible_to

from ..forms import InspectionForm, LandProjectForm, ProjectFilterForm
from ..models import ConstructionStatus, LandProject, ProjectInspection, StagedFor
from ..project_warnings import idle_since, project_warnings, projects_with_warnings, with_warnings
from ..selectors import get_project_for_user, projects_visible_to
from ..services import record_inspection, save_project
from .common import stage_uploads, staged_photos, today

WARNING_FILTERS = ("idle", "late", "plot_ratio", "intensity", "signboard", "violation")


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET, warnings=WARNING_FILTERS)
    chosen = applied(form)
    qs = projects_visible_to(request.user)
    if not chosen.get("archived"):
        qs = qs.filter(active=True)
    if chosen.get("status"):
        qs = qs.filter(construction_status=chosen["status"])
    rows = projects_with_warnings(request.user, today=today(), queryset=qs.order_by("card_no"))
    if warning := chosen.get("warning"):
        rows = [(p, w) for p, w in rows if any(x.code == warning for x in w)]
    return render(
        request,
        "patrols/project_list.html",
        {
            "rows": rows,
            "statuses": ConstructionStatus,
            "filters": request.GET,
            "filter_form": form,
            "warned": sum(1 for _p, w in rows if w),
            "can_create": any(
                request.user.has_perm("patrols.manage_project", v) for v in villages_visible_to(request.user)[:50]
            ),
        },
    )


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    project = with_warnings(LandProject.objects.filter(pk=project.pk), today=today()).select_related("village").get()
    inspections = project.inspections.select_related("finding", "created_by").prefetch_related("photos")
    return render(
        request,
        "patrols/project_detail.html",
        {
            "project": project,
            "warnings": project_warnings(project),
            "idle_since": idle_since(project),
            "inspections": inspections,
            "can_manage": request.user.has_perm("patrols.manage_project", project.village),
            "can_inspect": request.user.has_perm("patrols.inspect_project", project.village),
            "today": today(),
        },
    )


def _village_choices(user):
    return (
        villages_visible_to(user)
        .filter(pk__in=[v.pk for v in villages_visible_to(user) if user.has_perm("patrols.manage_project", v)])
        .order_by("sort_order", "name")
    )


def _project_form(request: HttpRequest, project: LandProject) -> HttpResponse:
    villages = _village_choices(request.user)
    if not villages.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = LandProjectForm(request.POST, instance=project, villages=villages)
        if form.is_valid():
            try:
                project = save_project(form.save(commit=False), by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The project card was saved."))
                return redirect(project)
    else:
        form = LandProjectForm(instance=project, villages=villages)
    return render(request, "patrols/project_form.html", {"form": form, "project": project})


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    return _project_form(request, LandProject(created_by=request.user))


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(request, get_project_for_user(request.user, pk, write=True))


@login_required
def project_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a site inspection; a violation seen goes to the office's findings queue."""
    project = get_project_for_user(request.user, pk)
    if not request.user.has_perm("patrols.inspect_project", project.village):
        raise PermissionDenied
    instance = ProjectInspection(project=project, created_by=request.user)
    if request.method == "POST":
        form = InspectionForm(request.POST, instance=instance, today=today())
        draft_key = queue.form_key(form.data.get("draft_key"))
        photo_errors = stage_uploads(request, field="photos", draft_key=draft_key, staged_for=StagedFor.INSPECTION)
        if form.is_valid() and not photo_errors:
            inspection = record_inspection(form.save(commit=False), by=request.user, draft_key=draft_key)
            if inspection.finding_id:
                messages.success(request, _("Inspection recorded; the violation was sent to the office as a finding."))
            else:
                messages.success(request, _("Inspection recorded."))
            return redirect(f"{project.get_absolute_url()}?inspected=1")
    else:
        form = InspectionForm(instance=instance, today=today())
        photo_errors = []
        draft_key = form.initial["draft_key"]
    return render(
        request,
        "patrols/inspection_form.html",
        {
            "form": form,
            "project": project,
            "photo_errors": photo_errors,
            "staged_photos": staged_photos(request.user, draft_key),
            "draft_key": draft_key,
        },
    )

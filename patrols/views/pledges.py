"""Farmland pledges (耕地保护目标责任书) and their year-end assessment (考核)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from landwatch.filtering import applied
from landwatch.uploads import serve_protected
from territory.selectors import villages_visible_to

from ..forms import FarmlandPledgeForm, PledgeAssessmentForm, PledgeFilterForm
from ..models import ASSESSMENT_MAX_TOTAL, FarmlandPledge, PledgeAssessment
from ..selectors import get_pledge_for_user, get_village_for_user, pledges_visible_to
from ..services import assess_pledge, save_pledge
from .common import today


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


@login_required
@require_GET
def pledge_list(request: HttpRequest) -> HttpResponse:
    """Every village's pledge for one year, its progress against the tasks and its assessment."""
    form = PledgeFilterForm(request.GET)
    year = applied(form).get("year") or today().year
    villages = list(
        villages_visible_to(request.user).select_related("township").order_by("township__path", "sort_order", "name")
    )
    pledges = {
        p.village_id: p
        for p in pledges_visible_to(request.user).filter(year=year).select_related("assessment", "village")
    }
    rows = []
    for village in villages:
        pledge = pledges.get(village.pk)
        assessment = getattr(pledge, "assessment", None) if pledge else None
        rows.append(
            {
                "village": village,
                "pledge": pledge,
                "assessment": assessment,
                "can_manage": request.user.has_perm("patrols.manage_pledge", village),
            }
        )
    totals = (
        pledges_visible_to(request.user)
        .filter(year=year)
        .aggregate(
            protected=Sum("protected_farmland_mu"),
            basic=Sum("basic_farmland_mu"),
            reclamation_task=Sum("reclamation_task_mu"),
            reclamation_done=Sum("reclamation_done_mu"),
            development_task=Sum("development_task_mu"),
            development_done=Sum("development_done_mu"),
        )
    )
    # Next year is always offered: its pledges are signed before it begins, from this page.
    this_year = today().year
    years = sorted(
        set(pledges_visible_to(request.user).values_list("year", flat=True).distinct())
        | {this_year, this_year + 1, year},
        reverse=True,
    )
    return render(
        request,
        "patrols/pledge_list.html",
        {"rows": rows, "year": year, "years": years, "totals": totals, "max_total": ASSESSMENT_MAX_TOTAL,
         "filter_form": form},
    )


@login_required
@require_GET
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk)
    try:
        assessment = pledge.assessment
    except PledgeAssessment.DoesNotExist:
        assessment = None
    return render(
        request,
        "patrols/pledge_detail.html",
        {
            "pledge": pledge,
            "assessment": assessment,
            "can_manage": request.user.has_perm("patrols.manage_pledge", pledge.village),
            "events": pledge.events.select_related("actor"),
            "max_total": ASSESSMENT_MAX_TOTAL,
        },
    )


def _pledge_form(request: HttpRequest, pledge: FarmlandPledge) -> HttpResponse:
    if request.method == "POST":
        form = FarmlandPledgeForm(request.POST, request.FILES, instance=pledge)
        if form.is_valid():
            try:
                pledge = save_pledge(form.save(commit=False), by=request.user, scan=form.cleaned_data.get("scan_file"))
            except ValidationError as exc:
                form.add_error("scan_file" if exc.code in {"empty", "too_large", "bad_type"} else None, exc)
            else:
                messages.success(request, _("The farmland pledge was saved."))
                return redirect(pledge)
    else:
        form = FarmlandPledgeForm(instance=pledge)
    return render(request, "patrols/pledge_form.html", {"form": form, "pledge": pledge})


@login_required
def pledge_create(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    village = get_village_for_user(request.user, params.get("village"), perm="patrols.manage_pledge")
    year = _year(params.get("year"), today().year)
    existing = FarmlandPledge.objects.filter(village=village, year=year).first()
    if existing:
        return redirect("patrols:pledge-edit", existing.pk)
    return _pledge_form(request, FarmlandPledge(village=village, year=year, created_by=request.user))


@login_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _pledge_form(request, get_pledge_for_user(request.user, pk, write=True))


@login_required
def pledge_assess(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk, write=True)
    try:
        assessment = pledge.assessment
    except PledgeAssessment.DoesNotExist:
        assessment = PledgeAssessment(pledge=pledge, assessed_on=today(), assessed_by=request.user)
    if request.method == "POST":
        form = PledgeAssessmentForm(request.POST, instance=assessment)
        if form.is_valid():
            assess_pledge(pledge, form.save(commit=False), by=request.user)
            messages.success(request, _("The assessment was saved."))
            return redirect(pledge)
    else:
        form = PledgeAssessmentForm(instance=assessment)
    return render(request, "patrols/pledge_assess.html", {"form": form, "pledge": pledge})


@login_required
@require_GET
def pledge_scan(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_pledge_for_user(request.user, pk)
    if not pledge.scan:
        raise Http404
    ext = pledge.scan.name.rsplit(".", 1)[-1] if "." in pledge.scan.name else "pdf"
    return serve_protected(pledge.scan, download_name=f"pledge-{pledge.village.code}-{pledge.year}.{ext}")

"""Case pages: list, my cases, detail, registration, each transition, records, evidence.

Every view that takes an id loads through ``get_case_for_user`` (404 outside the user's
scope); every write is one service call; transitions re-check the permission in the
service, so a crafted POST gets the same 403 as a hidden button.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns.models import Campaign
from deadlines import clock, dates
from landwatch import dataversion, links, queue
from landwatch.pagination import CappedPage, capped_page
from landwatch.uploads import serve_protected
from territory import geo
from territory.competence import competent_authority
from territory.models import LayerKind, ResponsibilityUnit, UnitKind
from territory.selectors import data_scope, scope_key, townships_visible_to, zone_index

from . import (
    closing,
    closing_forms,
    enforcement,
    enforcement_views,
    events,
    fine_views,
    forms,
    penalty,
    penalty_views,
    procedure,
    publicity,
    publicity_views,
    referrals,
    services,
)
from .filters import CaseFilter
from .models import OPEN_STATUSES, CaseAttachment, CaseShape, CaseStatus, Disposition
from .rules import roles_over
from .selectors import (
    LIST_TOPICS,
    CaseRecord,
    assignable_officers,
    case_detail_extras,
    case_list_totals,
    cases_visible_to,
    certified_officers,
    get_case_for_user,
    get_party_for_user,
    holds,
    my_cases,
    officers_visible_to,
    parties_visible_to,
)
from .selectors import (
    case_list as case_rows,
)
from .transitions import (
    NOTICE_DISPOSITIONS,
    TRANSITIONS,
    default_disposition,
    needs_penalty_procedure,
    transitions_from,
)

PAGE_SIZE = 50
COUNT_CAP = 1000


def _page(qs, request: HttpRequest, size: int | None = None) -> CappedPage:
    # Counting stops at COUNT_CAP rows: "1000+" is enough to read, and stays fast on 100k.
    return capped_page(qs, request.GET.get("page"), size=size or PAGE_SIZE, cap=COUNT_CAP)


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _assign_menu(key: str, officers, scope: dataversion.Scope) -> list:
    """The officers of an assign menu (``officers()``, a queryset): kept under the versions
    a pinned view has read, with only what the menu shows (no password hash in the cache)."""
    return dataversion.cached_in_pinned(
        f"assign-menu:{key}", lambda: list(officers().only("pk", "username", "first_name", "last_name")),
        scope=scope,
    )


def _filter_html(filterset: CaseFilter, request: HttpRequest) -> str:
    """The case filter's form, kept by all it shows: the query, the language and its choice lists.

    A case written redraws the list, but the form changes only with its choices (an officer who
    joins or leaves, a former officer's last case handed on, a campaign, a village): the choices
    are read (kept under their own versions), and the form drawn again only when they differ:
    after a case event the county's list took 39 ms in-process instead of 49.
    """
    choices = filterset.choices()
    digest = hashlib.sha256(repr((request.GET.urlencode(), choices)).encode()).hexdigest()
    return dataversion.cached(
        f"case-filter-form:{get_language()}:{digest}",
        lambda: render_to_string("cases/_case_filter.html", {"filter": filterset.for_display(choices),
                                                             "request": request}),
        scope=dataversion.COUNTY_WIDE_DATA,
    )


def _is_office(user) -> bool:
    return user.has_perm("cases.register")


@login_required
@require_GET
@dataversion.pinned()  # one read of the version for the roles, the scope and the kept parts
@links.made_together()  # each row's link to its case
def case_list(request: HttpRequest) -> HttpResponse:
    user, today, language = request.user, timezone.localdate(), get_language()
    can_assign = _is_office(user)

    def draw() -> tuple[str, str]:
        qs = case_rows(user)
        filterset = CaseFilter(request.GET or None, queryset=qs, user=user)
        if filterset.is_bound and filterset.is_valid():
            qs = filterset.qs
        if not request.GET.get("sort"):
            qs = qs.order_by("-number")
        # The total row: every case the filter keeps, not the page's, so that a dashboard figure
        # (a count, an area) can be checked against it; also the pager's count.
        scope = data_scope(user, topics=LIST_TOPICS)
        totals = case_list_totals(qs, scope=scope, user=user, summary=filterset.summary_lookups, key=(
            f"case-list-total:{scope_key(user)}:{today.isoformat()}:"
            f"{hashlib.sha256(_query_without(request, 'page', 'sort').encode()).hexdigest()}"
        ))
        return (
            _filter_html(filterset, request),
            render_to_string("cases/_case_list_table.html", {
                "page": capped_page(qs, request.GET.get("page"), size=PAGE_SIZE, total=totals["count"]),
                "totals": totals,
                "query": _query_without(request, "page"),
                "sort_query": _query_without(request, "page", "sort"),
                "can_assign": can_assign,
                "request": request,
            }),
        )

    # The form and the table depend only on the query, the cases and choices in scope, the day
    # (overdue rows) and the language: drawn once per committed change of the data
    # (landwatch.dataversion), so paging back and forth or returning from a case reads no case
    # and builds no filter.
    filter_html, table_html = dataversion.cached(
        f"case-list:{scope_key(user)}:{language}:{today.isoformat()}:{can_assign}:"
        f"{hashlib.sha256(request.GET.urlencode().encode()).hexdigest()}",
        draw,
        scope=data_scope(user, topics=LIST_TOPICS),
    )
    context = {
        "filter_html": filter_html,
        "table_html": table_html,
        "can_assign": can_assign,
        "officers": (
            _assign_menu(f"scope:{scope_key(user)}", lambda: officers_visible_to(user), data_scope(user))
            if can_assign else []
        ),
    }
    return render(request, "cases/case_list.html", context)


@login_required
@require_GET
def case_mine(request: HttpRequest) -> HttpResponse:
    page = _page(my_cases(request.user), request)
    return render(request, "cases/case_mine.html", {"page": page, "query": _query_without(request, "page")})


# What a case's page keeps reads, besides the county-wide data (users, holidays), its township's
# rows of every app but the patrols' (the case and its lists, its documents, its campaign, its
# 卫片 patches, the units and delegations): a coordinator's patrol log leaves it kept
# (tests/landwatch/test_dataversion_topics.py checks that it reads no other app's tables).
DETAIL_TOPICS = frozenset({"cases", "documents", "campaigns", "patches", "territory"})


@login_required
@require_GET
# The version is read once, before the case: the facts and timeline kept under it are then
# never older than it, and the roles and scope come from the same read.
@dataversion.pinned()
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_case_for_user(user, pk, facts=False)
    can_issue, can_serve = user.has_perm("documents.issue", case), user.has_perm("documents.serve", case)
    # The documents panel offers the re-inspection opinion to whoever records the re-inspection.
    can_act = user.has_perm("cases.act", case)
    # What every reader of the case sees alike, drawn once per committed change: the
    # buttons, the note form and the header (deadline days) stay per user and per day.
    record = CaseRecord(case, user)  # what both kept parts read, read once if both are drawn
    facts_html, timeline_html = dataversion.cached(
        f"case-detail:{case.pk}:{get_language()}:{can_issue}:{can_serve}:{can_act}",
        lambda: _detail_parts(request, record),
        scope=dataversion.township(case.village.township_id, topics=DETAIL_TOPICS),
    )
    can_manage = user.has_perm("cases.manage", case)
    today = dates.today()  # the day the procedure's deadlines are judged against
    # The procedure's panels (decision clock, penalty periods, enforcement, fine, 公示, closing)
    # read the case's own rows, the holidays and the day, never the reader: kept with the facts,
    # under the same versions, for each day and language. Only the buttons are the reader's.
    panels = dataversion.cached(
        f"case-panels:{case.pk}:{today.isoformat()}:{get_language()}",
        lambda: _procedure_panels(case, today, record),
        scope=dataversion.township(case.village.township_id, topics=DETAIL_TOPICS),
    )
    decision_clock, enforcement_panel = panels["decision_clock"], panels["enforcement"]
    township = case.village.township_id
    context = {
        "case": case,
        "facts_html": facts_html,
        "timeline_html": timeline_html,
        "actions": [t for t in transitions_from(case.status) if _may(user, t.name, case)],
        "can_issue_notice": _may_issue_notice(user, case),
        # A penalty disposition on a case of the chain: the way on is 立案, not a notice.
        "needs_penalty_procedure": case.is_open and needs_penalty_procedure(case),
        # The buttons follow the services' one guard: what the case's status still takes.
        "can_edit_facts": can_manage and services.is_writable(case, write="facts"),
        "can_change_campaign": can_manage and services.is_writable(case, write="campaign"),
        "can_note": user.has_perm("cases.note", case) and services.is_writable(case, write="note"),
        "has_map": "data-case-map" in facts_html,  # a pin or a 卫片 outline (``_map_data``)
        "can_act": can_act,
        "can_manage": can_manage,
        "can_discipline": user.has_perm("cases.discipline", case) and services.is_writable(case, write="discipline"),
        # 移送公安: offered on a case at the threshold (cases/referrals.py), with its referrals
        # still awaiting the receipt or the police's decision (one query, flagged cases only).
        **_referral_actions(user, case),
        "can_attach": user.has_perm("cases.add_evidence", case) and services.is_writable(case, write="attachment"),
        "officers": _assign_menu(
            f"township:{township}", lambda: assignable_officers([township]), dataversion.township(township)
        ) if can_manage else [],
        "today": today,
        "penalty": panels["penalty"],
        "penalty_steps": penalty_views.steps_for(user, case),
        "enforcement": enforcement_panel,
        "enforcement_steps": enforcement_views.steps_for(user, case, enforcement_panel),
        "can_draft_documents": can_issue,  # the panel's 中止/恢复调查通知书 link
        "can_record": case.status == CaseStatus.FILED and user.has_perm("cases.investigate", case),
        "decision_clock": decision_clock,
        **fine_views.panel_context(user, case, panels["fine"]),
        **publicity_views.panel_context(user, case, panels["publicity"]),
        "closing": panels["closing"],
        "closing_lines": panels["closing_lines"],
    }
    return render(request, "cases/case_detail.html", context)


def _procedure_panels(case, today, record: CaseRecord) -> dict:
    """What the case page shows of the procedure, from the case's rows and the day alone (kept by
    ``case_detail``): none of it is read for a case its stage does not concern. The events and
    documents come from the page's ``record``, read once with the facts' timeline and documents."""
    # Only cases in the penalty chain pay the clock's two queries (cases/procedure.py), once for
    # the header and the penalty panel.
    time_limit = procedure.decision_clock(case, today=today) if case.status in procedure.BEFORE_DECISION else None
    # 结案: the head's approval of a closed chain case, its ground and note (from the events, closed cases only).
    closed_by = closing.last_closing(case, events=record.events) if case.status == CaseStatus.CLOSED else None
    # 强制执行 of a served decision (cases/enforcement.py): decided chain cases only, from the case read
    # in full with the lists it holds (shared with the facts), one query for each list it holds.
    enforcing = (enforcement.panel(record.in_full, documents=record.documents) if enforcement.shows_panel(case)
                 else None)
    return {
        "decision_clock": time_limit,
        # Review, notice, hearing and decision: its periods (two queries, chain cases only).
        "penalty": penalty.panel(case, time_limit=time_limit, events=record.events, documents=record.documents)
        if case.status in penalty.PANEL_STATUSES else None,
        "enforcement": enforcing,
        "fine": fine_views.fine_panel(case, today=today),
        # 公示 of the decision (cases/publicity.py): two queries besides the challenges read above,
        # three on a case whose enforcement panel is not shown; decided chain cases only.
        "publicity": publicity.panel(case, today=today, challenges=enforcing.challenges if enforcing else None,
                                     documents=record.documents) if publicity.shows_panel(case) else None,
        "closing": closed_by,
        "closing_lines": events.details(closed_by) if closed_by else [],
    }


def _referral_actions(user, case) -> dict:
    if not referrals.referral_required(case) or not user.has_perm("cases.refer", case) \
            or not services.is_writable(case, write="referral"):
        return {"can_refer": False, "referrals_awaiting": []}
    return {"can_refer": True, "referrals_awaiting": [
        r for r in case.criminal_referrals.all() if r.received_on is None or not r.outcome]}


def _detail_parts(request: HttpRequest, record: CaseRecord) -> tuple[str, str]:
    """The detail page's facts column and timeline, as HTML (kept by ``case_detail``).

    The case read again with the relations the facts show (the view read only its village), its
    events and documents: from the page's ``record``, read once with the procedure's panels.
    """
    case = record.in_full
    extras = case_detail_extras(case, events=record.events)
    context = {
        "case": case,
        "case_documents": record.documents,
        **extras,
        "map": _map_data(case),
        "proposed_label": _proposed_label(case),
        "competence_basis": _competence_basis(case),
        "referral_required": referrals.referral_required(case),
        "request": request,
    }
    return (
        render_to_string("cases/_case_detail_facts.html", context),
        render_to_string("cases/_case_timeline.html", context),
    )


def _map_data(case) -> dict | None:
    """What ``static/cases/case_map.js`` reads from the map's data- attributes (no inline script).

    The tile server is the dashboards' one (LANDWATCH_MAP_TILE_URL and its attribution);
    without it the pin is drawn on a plain background beside the written coordinates. A case
    made from 卫片 patches also shows its outline (``CaseShape``), its area measured and its parts
    inside the 永久基本农田 and 耕地 layers in force (docs/GIS.md), and its patches.
    """
    outline = (CaseShape.objects.filter(case=case).only("geometry", "min_lon", "min_lat", "max_lon", "max_lat").first()
               if holds(case, "outline") else None)
    if not case.has_coordinates and outline is None:
        return None
    if case.has_coordinates:
        lat, lng = f"{case.latitude:f}", f"{case.longitude:f}"
    else:
        point = outline.shape.representative_point()
        lat, lng = f"{point.y:.6f}", f"{point.x:.6f}"
    data = {
        "lat": lat,
        "lng": lng,
        "tile_url": settings.LANDWATCH_MAP_TILE_URL,
        "attribution": settings.LANDWATCH_MAP_ATTRIBUTION,
        "label": f"{case.number} {case.location_text}",
    }
    if outline is not None:
        shape = outline.shape
        near = geo.bbox(shape)
        basic = zone_index(LayerKind.BASIC_FARMLAND, near=near).area_inside_m2(shape)
        farmland = max(zone_index(LayerKind.FARMLAND, near=near).area_inside_m2(shape), basic)
        data["outline"] = geo.to_geojson(shape)
        data["measured"] = {"area": geo.area_m2(shape), "farmland": farmland, "basic_farmland": basic}
        data["patches"] = list(case.patches.order_by("number").values("pk", "number"))
    return data


def _may_issue_notice(user, case) -> bool:
    """A registered case whose disposition needs a notice: the office drafts the 整改通知书 in documents."""
    return (
        case.status == CaseStatus.REGISTERED
        and case.disposition in NOTICE_DISPOSITIONS
        and not needs_penalty_procedure(case)
        and user.has_perm("documents.issue", case)
    )


def _competence_basis(case) -> str:
    """The rule (with its article) that makes the case's authority its 办案机关, while the rule still
    gives that authority (territory/competence.py); empty when none is on record."""
    if case.authority_id is None:
        return ""
    township, category, on = case.village.township, case.category, case.discovered_on

    def basis() -> str:
        answer = competent_authority(township=township, category=category, on=on)
        return answer.basis if answer.unit is not None and answer.unit.pk == case.authority_id else ""

    # The county's departments and the township's delegations (three queries): kept under the
    # territory's versions, a case's write leaves them kept.
    return dataversion.cached_in_pinned(
        f"competence-basis:{township.pk}:{category}:{on.isoformat()}:{case.authority_id}:{get_language()}", basis,
        scope=dataversion.township(township.pk, topics=frozenset({"territory"})),
    )


def _proposed_label(case) -> str:
    proposed = default_disposition(case.category, case.plough_layer_damaged, case.decisive_land_type)
    return str(Disposition(proposed).label) if proposed else ""


def _may(user, name: str, case) -> bool:
    """Whether to show the button of transition ``name`` (the service decides again on POST)."""
    if name not in TRANSITION_FORMS:
        return False  # a step without its page yet (cases/urls.py makes one per form)
    if name in ("defer", "close_no_action"):
        return False  # reached through "decide disposition"
    if name == "decide" and case.category == "commercial" and user.has_perm("cases.approve", case):
        return True  # a leader may decide "no action" on a commercial case
    if name == "approve_enforcement" and (not case.is_overdue or case.status == CaseStatus.DECIDED):
        return False  # a decision is enforced through the court (cases/enforcement.py)
    if name == "notify":
        return False  # a notice is a document now: drafted, issued and served in the documents app
    if name == "hand_over" and services.hand_over_refusal(case):
        return False  # only a county department's case, once
    if name in ("inform", "decide_penalty"):
        return False  # served as a document (告知书); the decision is a step of the penalty panel
    if TRANSITIONS[name].target == CaseStatus.CLOSED and closing.path_refusal(case, name):
        return False  # a chain case closes by the head's approval (结案)
    if name == "approve_closing" and not closing.on_chain(case):
        return False  # the cases that predate the chain close by their own steps
    return user.has_perm(_transition_perm(user, name, case), case)


def _transition_perm(user, name: str, case) -> str:
    """The permission the page of transition ``name`` asks for: an archived case is reopened by its
    head (``services.reopen_case``); a leader decides "no action" on a commercial case."""
    if name == "reopen" and case.archived_at:
        return "cases.reopen_archived"
    if name == "decide" and case.category == "commercial" and user.has_perm("cases.approve", case):
        return "cases.approve"
    return TRANSITIONS[name].perm


# --- registration ----------------------------------------------------------------------


def _register_form(request: HttpRequest, data=None, initial=None) -> forms.RegisterCaseForm:
    user = request.user
    office_townships = [
        t for t in townships_visible_to(user) if user.is_superuser or "office" in roles_over(user, t)
    ]
    ids = [t.pk for t in office_townships]
    return forms.RegisterCaseForm(
        data,
        initial=initial,
        villages=ResponsibilityUnit.objects.filter(kind=UnitKind.VILLAGE, township_id__in=ids, active=True)
        .order_by("township__path", "sort_order"),
        parties=parties_visible_to(user).filter(township_id__in=ids).order_by("name"),
        officers=assignable_officers(ids),
    )


def _counting_today(form: forms.RegisterCaseForm) -> list:
    """The campaigns a case registered today counts in (by the period rule), for the form's townships."""
    townships = form.fields["village"].queryset.order_by().values("township_id")
    return list(Campaign.objects.counting_cases_registered_on(timezone.localdate())
                .filter(township_id__in=townships).order_by("start_date"))


def _registered(request: HttpRequest, form, register) -> HttpResponse | None:
    """立案 through ``register(by=..., **fields)`` from a valid registration form: the redirect to the new
    case, or None with the refusal on the form (the party found or made in the same transaction)."""
    from django.db import transaction

    try:
        with transaction.atomic():
            case = register(by=request.user, **_register_kwargs(request, form.cleaned_data))
    except services.CaseError as exc:
        forms.add_refusal(form, exc)
    except ValidationError as exc:
        form.add_error(None, "; ".join(exc.messages))
    else:
        messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
        return redirect(case)
    return None


def _register_kwargs(request: HttpRequest, data: dict) -> dict:
    village = data["village"]
    party = data["party"] or services.find_or_create_party(
        by=request.user, township=village.township, name=data["party_name"], kind=data["party_kind"],
        id_number=data["party_id_number"], phone=data["party_phone"], address=data["party_address"],
    )
    return dict(
        village=village, party=party, title=data["title"], location_text=data["location_text"],
        latitude=data["latitude"], longitude=data["longitude"], land_type=data["land_type"],
        area_m2=data["area_m2"], farmland_area_m2=data["farmland_area_m2"] or 0,
        basic_farmland_area_m2=data["basic_farmland_area_m2"] or 0, category=data["category"],
        plough_layer_damaged=data["plough_layer_damaged"], causes=data["causes"], source=data["source"],
        discovered_on=data["discovered_on"], registered_on=data["registered_on"], assignee=data["assignee"],
        description=data["description"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.register"):
        raise PermissionDenied
    form = _register_form(request, request.POST or None,
                          initial={"discovered_on": timezone.localdate(), "registered_on": timezone.localdate(),
                                   "source": "dynamic_patrol"})
    if request.method == "POST" and form.is_valid():
        registered = _registered(request, form, services.register_case)
        if registered:
            return registered
    return render(request, "cases/case_register.html",
                  {"form": form, "duplicates": form.duplicates, "campaigns": _counting_today(form)})


@login_required
@require_http_methods(["GET", "POST"])
def case_register_from_finding(request: HttpRequest, finding_pk: int) -> HttpResponse:
    from patrols.models import PatrolFinding
    from territory.selectors import unit_scope_q

    finding = get_object_or_404(
        PatrolFinding.objects.filter(unit_scope_q(request.user, "village")).select_related("village"), pk=finding_pk
    )
    if not request.user.has_perm("cases.register"):
        raise PermissionDenied
    existing = getattr(finding, "case", None)
    if existing is not None:
        messages.info(request, _("This lead is already case %(number)s.") % {"number": existing.number})
        return redirect(existing)
    initial = {
        "village": finding.village, "location_text": finding.location_text, "latitude": finding.latitude,
        "longitude": finding.longitude, "category": finding.suspected_category, "description": finding.description,
        "discovered_on": timezone.localdate(finding.reported_at), "registered_on": timezone.localdate(),
        "source": "dynamic_patrol",
        "title": finding.location_text,
    }
    form = _register_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        registered = _registered(request, form, lambda **kw: services.register_case_from_finding(finding, **kw))
        if registered:
            return registered
    return render(request, "cases/case_register.html",
                  {"form": form, "duplicates": form.duplicates, "finding": finding,
                   "campaigns": _counting_today(form)})


@login_required
@require_http_methods(["GET", "POST"])
def case_register_from_patch(request: HttpRequest, patch_pk: int) -> HttpResponse:
    """A 卫片 patch confirmed illegal becomes a case keeping its polygon, or joins an open case of its village."""
    from patches.models import Judgement, PatchStatus
    from patches.selectors import get_patch_for_user

    patch = get_patch_for_user(request.user, patch_pk)
    if not request.user.has_perm("patches.handle_patch", patch) or not request.user.has_perm("cases.register"):
        raise PermissionDenied
    if patch.case_id is not None:
        messages.info(request, _("This patch is already in case %(number)s.") % {"number": patch.case.number})
        return redirect(patch.case)
    if patch.status != PatchStatus.CONFIRMED or patch.judgement != Judgement.ILLEGAL:
        messages.error(request, _("Only a patch confirmed illegal becomes a case."))
        return redirect(patch)
    nearby = _open_cases_near(request.user, patch)
    if request.method == "POST" and request.POST.get("join"):
        chosen = next((c for c in nearby if str(c.pk) == request.POST["join"]), None)
        if chosen is None:
            messages.error(request, _("Choose one of the open cases listed."))
            return redirect("cases:register-from-patch", patch_pk=patch.pk)
        try:
            services.join_patch_to_case(patch, chosen, by=request.user)
        except services.CaseError as exc:
            messages.error(request, str(exc))
            return redirect("cases:register-from-patch", patch_pk=patch.pk)
        messages.success(request, _("Patch %(patch)s joined case %(number)s.") % {
            "patch": patch.number, "number": chosen.number})
        return redirect(chosen)
    land_type = "basic_farmland" if patch.basic_farmland_area_m2 else ("farmland" if patch.farmland_area_m2
                                                                        else "construction")
    place = f"{patch.village.name if patch.village_id else patch.township.name}卫片图斑{patch.number}"
    initial = {
        "village": patch.village, "title": place, "location_text": place, "latitude": patch.latitude,
        "longitude": patch.longitude, "area_m2": patch.area_m2, "farmland_area_m2": patch.farmland_area_m2,
        "basic_farmland_area_m2": patch.basic_farmland_area_m2, "land_type": land_type,
        "discovered_on": patch.batch.issued_on, "registered_on": timezone.localdate(), "source": "satellite",
        "description": patch.basis,
    }
    form = _register_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        registered = _registered(request, form, lambda **kw: services.register_case_from_patch(patch, **kw))
        if registered:
            return registered
    return render(request, "cases/case_register.html",
                  {"form": form, "duplicates": form.duplicates, "patch": patch, "nearby": nearby,
                   "campaigns": _counting_today(form)})


@login_required
@require_http_methods(["GET", "POST"])
def case_outline(request: HttpRequest, pk: int) -> HttpResponse:
    """The office draws the case's polygon on the map, tapping its corners, or loads it from a GIS file."""
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.manage", case) or not services.is_writable(case, write="facts"):
        raise PermissionDenied
    form = forms.OutlineForm(request.POST or None, request.FILES or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_case_outline(case, geom=form.cleaned_data["geometry"], how=form.cleaned_data["how"],
                                      by=request.user, expected_version=form.cleaned_data["version"])
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            forms.add_refusal(form, exc)
        else:
            messages.success(request, _("The case's outline is saved."))
            return redirect(case)
    outline = CaseShape.objects.filter(case=case).first()
    centre = ({"lat": f"{case.latitude:f}", "lng": f"{case.longitude:f}"} if case.has_coordinates else
              {"lat": f"{case.village.latitude or ''}", "lng": f"{case.village.longitude or ''}"})
    return render(request, "cases/case_outline.html", {
        "case": case, "form": form, "centre": centre, "tile_url": settings.LANDWATCH_MAP_TILE_URL,
        "current": geo.to_geojson(outline.shape) if outline else None,
        "boundary_url": _village_boundary_url(case)})


def _village_boundary_url(case) -> str:
    """The GeoJSON of the village boundaries in force over the case's township (the drawing's landmark)."""
    from territory.models import Layer

    layer = (Layer.objects.in_force().filter(kind=LayerKind.VILLAGE_BOUNDARY, unit=case.village.township_id)
             .values_list("pk", flat=True).first())
    return reverse("territory:layer-geojson", args=[layer]) if layer else ""


# An open case of the patch's village within this distance of it is offered to join.
JOIN_WITHIN_M = 300


def _open_cases_near(user, patch) -> list:
    """Open cases of the patch's village, the nearest first: those within 300 m of the patch, and
    those with no position (which the office may know to be the same building)."""
    if patch.village_id is None:
        return []
    cases = list(cases_visible_to(user).filter(village=patch.village_id, status__in=OPEN_STATUSES)
                 .order_by("-pk").only("pk", "number", "title", "latitude", "longitude", "status")[:200])
    near = []
    for case in cases:
        if case.latitude is None:
            near.append((float("inf"), case))
            continue
        distance = geo.distance_m(float(case.longitude), float(case.latitude), patch.shape)
        if distance <= JOIN_WITHIN_M:
            near.append((distance, case))
    return [case for _d, case in sorted(near, key=lambda item: item[0])]


# --- correcting the facts ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_edit_facts(request: HttpRequest, pk: int) -> HttpResponse:
    """The office corrects a case's facts; the "facts corrected" event keeps old and new values."""
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.manage", case):
        raise PermissionDenied
    township_id = case.village.township_id
    form = forms.CaseFactsForm(
        request.POST or None,
        initial=forms.CaseFactsForm.initial_for(case, case.causes.values_list("cause", flat=True)),
        parties=parties_visible_to(request.user).filter(township_id=township_id).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            services.update_case_facts(case, by=request.user, expected_version=version,
                                       causes=form.cleaned_data["causes"], **form.facts())
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            forms.add_refusal(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if case.version != version:
                messages.success(request, _("The facts were corrected."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(case)
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": _("Correct the facts")})


# --- the campaign a case counts in ----------------------------------------------------------


def _campaign_change(request: HttpRequest, pk: int, *, attach: bool) -> HttpResponse:
    """The office counts a case in a campaign on purpose, or stops counting it, with a reason."""
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.manage", case):
        raise PermissionDenied
    initial = {"version": case.version}
    if attach:
        campaigns = Campaign.objects.filter(township_id=case.village.township_id).exclude(pk=case.campaign_id)
        form = forms.CampaignAttachForm(request.POST or None, initial=initial, campaigns=campaigns)
        title = _("Count in a campaign")
    else:
        form = forms.ReasonForm(request.POST or None, initial=initial)
        title = _("Stop counting in %(campaign)s") % {"campaign": case.campaign or "—"}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if attach:
                services.attach_to_campaign(case, by=request.user, campaign=d["campaign"], reason=d["reason"],
                                            expected_version=d["version"])
            else:
                services.detach_from_campaign(case, by=request.user, reason=d["reason"],
                                              expected_version=d["version"])
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The case counts in %(campaign)s.") % {"campaign": case.campaign} if attach
                             else _("The case no longer counts in a campaign."))
            return redirect(case)
    return render(request, "cases/case_record.html", {"case": case, "form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _campaign_change(request, pk, attach=True)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detach(request: HttpRequest, pk: int) -> HttpResponse:
    return _campaign_change(request, pk, attach=False)


# --- transitions -----------------------------------------------------------------------


def _decide(case, by, data, version):
    return services.decide_case(case, by=by, disposition=data["disposition"], reason=data["reason"],
                                category=data["category"], plough_layer_damaged=data["plough_layer_damaged"],
                                occurred_on=data["occurred_on"], expected_version=version,
                                no_action_ground=data.get("no_action_ground", ""))


def _hand_over(case, by, data, version):
    """移送 through the documents app (the 案件移送书 and the evidence file); its refusals as the case's."""
    from documents.services import DocumentError, hand_over_case

    try:
        return hand_over_case(case, by=by, on=data["occurred_on"], note=data["note"], expected_version=version)
    except DocumentError as exc:
        raise services.CaseError(exc.message) from exc


TRANSITION_FORMS: dict[str, tuple[type, Any]] = {
    "hand_over": (forms.HandOverForm, _hand_over),
    "decide": (forms.DecideForm, _decide),
    "self_correct": (forms.SelfCorrectionForm, lambda c, by, d, v: services.record_self_correction(
        c, by=by, corrected_on=d["corrected_on"], note=d["note"], expected_version=v)),
    "reinspection_passed": (forms.ReinspectionPassedForm, lambda c, by, d, v: services.pass_reinspection(
        c, by=by, inspected_on=d["inspected_on"], note=d["note"], expected_version=v)),
    "reinspection_failed": (forms.ReinspectionFailedForm, lambda c, by, d, v: services.fail_reinspection(
        c, by=by, inspected_on=d["inspected_on"], new_deadline=d["new_deadline"], note=d["note"],
        expected_version=v)),
    "approve_enforcement": (forms.ApproveEnforcementForm, lambda c, by, d, v: services.approve_enforcement(
        c, by=by, note=d["note"], occurred_on=d["occurred_on"], expected_version=v)),
    "enforcement_done": (forms.EnforcementDoneForm, lambda c, by, d, v: services.complete_enforcement(
        c, by=by, verified_on=d["verified_on"], note=d["note"], expected_version=v)),
    "resolve": (forms.ReasonForm, lambda c, by, d, v: services.resolve_deferred(
        c, by=by, note=d["reason"], occurred_on=d["occurred_on"], expected_version=v)),
    "withdraw": (forms.ReasonForm, lambda c, by, d, v: services.withdraw_case(
        c, by=by, reason=d["reason"], occurred_on=d["occurred_on"], expected_version=v)),
    "reopen": (forms.ReasonForm, lambda c, by, d, v: services.reopen_case(
        c, by=by, reason=d["reason"], occurred_on=d["occurred_on"], expected_version=v)),
    # 立案 and the investigation (cases/procedure.py).
    "file": (forms.FilingForm, lambda c, by, d, v: procedure.file_case(
        c, by=by, conditions=d["conditions"], started_on=d["violation_started_on"],
        continuing=d["violation_continuing"], ended_on=d["violation_ended_on"], note=d["note"],
        on=d["occurred_on"], expected_version=v)),
    "suspend": (forms.SuspendForm, lambda c, by, d, v: procedure.suspend_investigation(
        c, by=by, ground=d["ground"], reason=d["reason"], on=d["occurred_on"], expected_version=v)),
    "resume": (forms.ResumeForm, lambda c, by, d, v: procedure.resume_investigation(
        c, by=by, reason=d["reason"], on=d["occurred_on"], expected_version=v)),
    "terminate": (forms.TerminateForm, lambda c, by, d, v: procedure.terminate_investigation(
        c, by=by, ground=d["ground"], reason=d["reason"], on=d["occurred_on"], expected_version=v)),
    "submit_report": (forms.ReportForm, lambda c, by, d, v: procedure.submit_report(
        c, by=by, facts=d["facts"], evidence=d["evidence"], proposal=d["proposal"], on=d["occurred_on"],
        expected_version=v)),
    # 结案 by the head's approval (cases/closing.py).
    "approve_closing": (closing_forms.ClosingForm, lambda c, by, d, v: closing.approve_closing(
        c, by=by, ground=d["ground"], no_action_ground=d["no_action_ground"], note=d["note"],
        closed_on=d["occurred_on"], expected_version=v)),
}


def _initial(name: str, case) -> dict:
    today = timezone.localdate()
    initial: dict = {"version": case.version}
    if name == "decide":
        initial.update(category=case.category, disposition=default_disposition(case.category,
                       case.plough_layer_damaged, case.decisive_land_type) or "",
                       plough_layer_damaged={True: "true", False: "false"}.get(case.plough_layer_damaged, ""))
    for field in ("corrected_on", "inspected_on", "verified_on", "occurred_on"):
        initial[field] = today
    if name == "reinspection_failed":
        # A fresh notice period of 15 days, counted as the engine counts a notice's own days.
        initial["new_deadline"] = clock.deadline("notice", today, 15).date
    if name == "submit_report":
        initial["facts"] = case.description
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The form of one transition (GET) and its service call (POST)."""
    case = get_case_for_user(request.user, pk)
    transition = TRANSITIONS[name]
    if not request.user.has_perm(_transition_perm(request.user, name, case), case):
        raise PermissionDenied
    form_class, run = TRANSITION_FORMS[name]
    # The decision is about this land: 永久基本农田 changes the default and forbids "no action".
    extra = {"land_type": case.decisive_land_type} if name == "decide" else {}
    form = form_class(request.POST or None, initial=_initial(name, case), **extra)
    if request.method == "POST" and form.is_valid():
        try:
            run(case, request.user, form.cleaned_data, form.cleaned_data.get("version"))
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            forms.add_refusal(form, exc)
        except PermissionDenied:
            form.add_error(None, _("You may not do this on this case."))
        else:
            messages.success(request, _("%(step)s: done.") % {"step": transition.label})
            return redirect(case)
    return render(request, "cases/case_transition.html", {"case": case, "transition": transition, "form": form})


# --- records around the lifecycle ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def record_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A 询问笔录 or 勘验笔录 of a filed case, by two certified officers (cases/procedure.py)."""
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.investigate", case):
        raise PermissionDenied
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = forms.InvestigationRecordForm(request.POST or None, request.FILES or None,
                                         officers=certified_officers(case),
                                         initial={"version": case.version, "started_at": now, "ended_at": now,
                                                  "place": case.place})
    # Made without a signal and sent by the phone's queue (static/landwatch/offline.js): an addition to
    # the case, not an edit of what the page showed, so the case's version is not asked; what the case
    # allows now is (a case closed meanwhile refuses it, with its reason).
    queued = queue.queued(request)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record = procedure.add_investigation_record(
                case, by=request.user, kind=d["kind"], started_at=d["started_at"], ended_at=d["ended_at"],
                place=d["place"], persons_present=d["persons_present"], content=d["content"],
                officers=[d["officer_1"], d["officer_2"]], scan=d["scan"],
                expected_version=None if queued else d.get("version"), client_key=d["draft_key"])
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            forms.add_refusal(form, exc)
        except ValidationError as exc:
            form.add_error("scan", exc)
        else:
            if getattr(record, "replayed", False):
                return queue.received(request, case.get_absolute_url(), message=_(
                    "%(document)s had already been received; it was not made again.") % {"document": record.document})
            if queued:
                return queue.sent(case.get_absolute_url())
            messages.success(request, _("%(document)s made.") % {"document": record.document})
            return redirect(case)
    if queued:
        return queue.refused(form)
    return render(request, "cases/record_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def enforcement_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    departments = ResponsibilityUnit.objects.filter(kind=UnitKind.DEPARTMENT, township_id=case.village.township_id)
    form = forms.EnforcementActionForm(request.POST or None, departments=departments,
                                       initial={"version": case.version, "carried_out_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_enforcement(case, by=request.user, kind=d["kind"], carried_out_on=d["carried_out_on"],
                                        units=list(d["units"]), area_m2=d["area_m2"], amount_yuan=d["amount_yuan"],
                                        result=d["result"], started_at=d["started_at"], residence=d["residence"],
                                        expected_version=d["version"])
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            forms.add_refusal(form, exc)
        else:
            messages.success(request, _("Enforcement action recorded."))
            return redirect(case)
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": _("Record enforcement action")})


@login_required
@require_http_methods(["GET", "POST"])
def disciplinary_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.discipline", case):
        raise PermissionDenied
    form = forms.DisciplinaryForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_disciplinary(case, by=request.user, person_name=d["person_name"], post=d["post"],
                                         measure=d["measure"], status=d["status"], proposed_by=d["proposed_by"],
                                         decided_on=d["decided_on"], note=d["note"], expected_version=d["version"])
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            forms.add_refusal(form, exc)
        else:
            messages.success(request, _("Disciplinary action recorded."))
            return redirect(case)
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": _("Record disciplinary action")})


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.add_evidence", case):
        raise PermissionDenied
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.add_attachment(case, by=request.user, upload=d["file"], kind=d["kind"],
                                    description=d["description"])
        except ValidationError as exc:
            form.add_error("file", exc)
        except services.CaseError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Evidence added."))
            return redirect(case)
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": _("Add evidence"), "multipart": True})


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.note", case):
        raise PermissionDenied
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(case, by=request.user, note=form.cleaned_data["note"],
                              occurred_on=form.cleaned_data["occurred_on"])
        except services.CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Note added."))
    elif "occurred_on" in form.errors:
        messages.error(request, _("The note's date is not a date; nothing was added."))
    else:
        messages.error(request, _("The note is empty."))
    return redirect(case)


@login_required
@require_GET
def attachment_file(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """The stored file, after the same access check as the case (never a public URL)."""
    case = get_case_for_user(request.user, pk)
    attachment = get_object_or_404(CaseAttachment, pk=attachment_pk, case=case)
    attachment.case = case
    try:
        return serve_protected(attachment.file, download_name=attachment.download_name,
                               as_attachment=request.GET.get("download") == "1")
    except FileNotFoundError:
        raise Http404 from None


# --- assignment ------------------------------------------------------------------------


@login_required
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Assign the ticked cases to one officer (from the list, or one case from its page)."""
    if not request.user.has_perm("cases.register"):
        raise PermissionDenied
    form = forms.BulkAssignForm(request.POST, cases=cases_visible_to(request.user).select_related("village"),
                                officers=officers_visible_to(request.user))
    back = request.POST.get("next") or ""
    # Only a path on this site: redirect() would take "0" or "list" for a URL name to reverse.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("cases:list")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    to = form.cleaned_data["to"]
    try:
        n = services.assign_cases(list(form.cleaned_data["cases"]), to=to, by=request.user,
                                  note=form.cleaned_data["note"])
    except services.CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d case(s) assigned to %(name)s.")
                         % {"n": n, "name": services.display_name(to)})
    return redirect(back)


# --- parties ---------------------------------------------------------------------------


@login_required
@require_GET
def party_detail(request: HttpRequest, pk: int) -> HttpResponse:
    party = get_party_for_user(request.user, pk)
    cases = case_rows(request.user).filter(party=party).order_by("-number")
    return render(request, "cases/party_detail.html", {"party": party, "cases": cases,
                                                       "open_statuses": CaseStatus})

"""Reads of the campaign, scoped by who is asking.

Lists go through these so that a page's query count does not depend on its row count and
every page counts the same way (the summary report and the dashboards reuse
``campaign_figures``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from landwatch.roles import Role, has_role
from landwatch.subqueries import Joined, Packed, count_of
from landwatch.vocabulary import Category, Cause
from territory.selectors import active_memberships, coordinator_villages, sees_everything, townships_visible_to

from .models import (
    OPEN_TASK_STATUSES,
    Campaign,
    LeadingGroupMember,
    Meeting,
    MeetingKind,
    Phase,
    PhaseKind,
    PublicityActivity,
    PublicityKind,
    Task,
    TaskStatus,
)

READER_ROLES = (Role.OFFICE, Role.LEADER, Role.COUNTY, Role.OFFICER)


def campaigns_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Campaign]:
    """Campaigns of the townships the user works in or above (a coordinator's: their village's township)."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    return Campaign.objects.filter(township__in=townships_visible_to(user)).select_related("township")


def get_campaign_for_user(user, pk: int, *, write: bool = False) -> Campaign:
    """The campaign, 404 when outside the user's townships, 403 when they may not read (or write) it."""
    campaign = get_object_or_404(campaigns_visible_to(user), pk=pk)
    perm = "campaigns.manage_campaign" if write else "campaigns.view_campaign"
    if not user.has_perm(perm, campaign):
        raise PermissionDenied
    return campaign


def tasks_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Task]:
    """Readers see every task of their townships' campaigns; a coordinator those of their village."""
    if not user.is_authenticated:
        return Task.objects.none()
    base = Task.objects.select_related("phase", "owner_unit", "owner", "campaign")
    if sees_everything(user):
        return base
    q = Q(pk__in=[])
    if has_role(user, *READER_ROLES):
        q |= Q(campaign__township__in=townships_visible_to(user))
    villages = coordinator_villages(user)
    if villages:
        q |= Q(owner_unit__in=[v.pk for v in villages])
    return base.filter(q)


def my_tasks_q(user) -> Q:
    """Tasks assigned to the user, or to one of their units with nobody named."""
    unit_ids = [m.unit_id for m in active_memberships(user) if m.role in (Role.OFFICER, Role.COORDINATOR)]
    return Q(owner=user) | Q(owner__isnull=True, owner_unit__in=unit_ids)


def get_task_for_user(user, pk: int, *, write: bool = False) -> Task:
    """The task, 404 when the user may not see it, 403 when they may see but not update it."""
    task = get_object_or_404(tasks_visible_to(user).select_related("campaign__township", "created_by"), pk=pk)
    if not user.has_perm("campaigns.view_task", task):
        raise PermissionDenied
    if write and not user.has_perm("campaigns.update_task", task):
        raise PermissionDenied
    return task


def get_meeting_for_user(user, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.filter(campaign__in=campaigns_visible_to(user)).select_related("campaign__township"), pk=pk
    )
    if not user.has_perm("campaigns.view_campaign", meeting.campaign):
        raise PermissionDenied
    return meeting


def current_campaign(user, today: date) -> Campaign | None:
    """The campaign running today in the user's townships, else the latest one; one query."""
    return _started(user, today).first()


def current_campaign_and_phases(user, today: date) -> tuple[Campaign | None, list[Phase]]:
    """``current_campaign`` with its phases in order, in one query whether or not there is one.

    The phases ride on the campaign's row as one text ("kind:id:start:end,…", ``Joined``)
    instead of costing a second query; with nine scalar subqueries instead, one per phase and
    field, this took 3.6–3.9 ms at county scale against 2.8–2.9 (best of 20).
    """
    packed = (Phase.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign")
              .annotate(packed=Joined(Packed("kind", "id", "start_date", "end_date"))).values("packed"))
    campaign = (_started(user, today).select_related("township")
                .annotate(_phases=Subquery(packed, output_field=CharField())).first())
    if campaign is None:
        return None, []
    phases = []
    for item in campaign._phases.split(",") if campaign._phases else ():
        kind, pk, start_date, end_date = item.split(":")
        # from_db takes the values in the model's field order: id, campaign, kind, start, end.
        phase = Phase.from_db(
            Phase.objects.db,
            ["id", "campaign_id", "kind", "start_date", "end_date"],
            [int(pk), campaign.pk, kind, date.fromisoformat(start_date), date.fromisoformat(end_date)],
        )
        phase.campaign = campaign
        phases.append(phase)
    phases.sort(key=lambda p: p.start_date)
    return campaign, phases


def later_campaign(campaign: Campaign) -> Campaign | None:
    """The township's latest campaign started after ``campaign``, if any (one query): its page
    links there instead of offering to start the next one."""
    return (Campaign.objects.filter(township_id=campaign.township_id, start_date__gt=campaign.start_date)
            .order_by("-start_date", "-pk").first())


def _started(user, today: date) -> QuerySet[Campaign]:
    running_first = Case(When(end_date__gte=today, then=Value(0)), default=Value(1))
    return campaigns_visible_to(user).filter(start_date__lte=today).order_by(running_first, "-start_date", "-pk")


def timeline(campaign: Campaign, today: date, phases: list[Phase] | None = None) -> dict:
    """The phases laid out on one bar (percent offsets for an SVG) with today marked."""
    phases = list(campaign.phases.all()) if phases is None else phases
    total = (campaign.end_date - campaign.start_date).days + 1
    items = []
    for phase in phases:
        offset = (phase.start_date - campaign.start_date).days
        items.append(
            {
                "phase": phase,
                "x": round(100 * offset / total, 2),
                "width": round(100 * phase.days / total, 2),
                "current": phase.contains(today),
                "past": phase.end_date < today,
            }
        )
    today_x = None
    if campaign.start_date <= today <= campaign.end_date:
        today_x = round(100 * ((today - campaign.start_date).days + 0.5) / total, 2)
    current = next((i["phase"] for i in items if i["current"]), None)
    return {"items": items, "today": today, "today_x": today_x, "current": current, "total_days": total}


def task_completion_by_phase(campaign: Campaign, today: date) -> list[dict]:
    """Per phase: tasks, how many done, overdue, and the completion percentage (one query)."""
    rows = (
        Task.objects.filter(campaign=campaign)
        .exclude(status=TaskStatus.CANCELLED)
        .values("phase_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            overdue=Count("pk", filter=Q(status__in=OPEN_TASK_STATUSES, due_date__lt=today)),
        )
    )
    by_phase = {r["phase_id"]: r for r in rows}
    result = []
    for phase in campaign.phases.all():
        r = by_phase.get(phase.pk, {"total": 0, "done": 0, "overdue": 0})
        percent = round(100 * r["done"] / r["total"]) if r["total"] else 0
        result.append(
            {"phase": phase, "total": r["total"], "done": r["done"], "overdue": r["overdue"], "percent": percent}
        )
    return result


def leading_group(campaign: Campaign) -> list[LeadingGroupMember]:
    return list(campaign.group_members.select_related("user"))


def publicity_totals(campaign: Campaign) -> dict:
    """Activities, audience and materials, in total and per kind (one query)."""
    rows = list(
        PublicityActivity.objects.filter(campaign=campaign)
        .values("kind")
        .annotate(activities=Count("pk"), audience=Sum("audience"), materials=Sum("materials"))
        .order_by("kind")
    )
    labels = dict(PublicityKind.choices)
    counts = {r["kind"]: r for r in rows}
    return {
        "by_kind": rows,
        "by_kind_labelled": [
            {
                "kind": k,
                "label": labels[k],
                "activities": counts.get(k, {}).get("activities", 0),
                "audience": counts.get(k, {}).get("audience") or 0,
                "materials": counts.get(k, {}).get("materials") or 0,
            }
            for k in PublicityKind.values
        ],
        "activities": sum(r["activities"] for r in rows),
        "audience": sum(r["audience"] or 0 for r in rows),
        "materials": sum(r["materials"] or 0 for r in rows),
    }


def correction_phase(campaign: Campaign):
    return next((p for p in campaign.phases.all() if p.kind == PhaseKind.CORRECTION), None)


def phase_for_day(campaign: Campaign, day: date):
    """The phase running on ``day``, else the nearest one (first before the campaign, last after)."""
    phases = list(campaign.phases.all())
    if not phases:
        return None
    for phase in phases:
        if phase.contains(day):
            return phase
    return phases[0] if day < phases[0].start_date else phases[-1]


def joint_team(campaign: Campaign) -> list[dict]:
    """The joint enforcement team grouped by department (in the township's department order)."""
    groups: dict[int, dict] = {}
    for member in campaign.team_members.select_related("user", "department").order_by(
        "department__sort_order", "department__name", "-is_team_leader", "pk"
    ):
        groups.setdefault(member.department_id, {"department": member.department, "members": []})["members"].append(
            member
        )
    return list(groups.values())


def group_tasks_by_owner(tasks) -> list[dict]:
    """Tasks grouped per owner unit (then per person for tasks given to a person only)."""
    groups: dict[tuple, dict] = {}
    for task in tasks:
        if task.owner_unit_id:
            key, label = ("unit", task.owner_unit_id), task.owner_unit.name
        else:
            key, label = ("person", task.owner_id), task.owner.get_full_name() or task.owner.get_username()
        groups.setdefault(key, {"label": label, "kind": key[0], "tasks": []})["tasks"].append(task)
    return sorted(groups.values(), key=lambda g: (g["kind"] != "unit", g["label"]))


# --- Case progress and the summary report ------------------------------------------------------
#
# Cases are imported here, not at module level: campaigns depends on cases, and keeping the
# import local lets cases refer to Campaign by string without a cycle at start-up.

# Which cases count as what in the report (整改工作材料):
#   found   – every case the campaign counts (``campaign_cases``: registered in its period, or
#             attached on purpose) except those withdrawn (registered in error);
#   handled – a decision has been carried out: notified, corrected, enforcing, deferred or closed;
#   closed  – closed;
#   open    – any status before closed (registered … deferred).


def _case_models():
    from cases import models as case_models

    return case_models


def campaign_cases(campaign: Campaign):
    """The one definition of the campaign's cases, read by every figure of it (overview, at-risk
    list, report, workbook): those it counts, less the withdrawn.

    Which campaign counts a case is stored on the case: set at registration by the period
    rule (``Campaign.objects.counting_cases_registered_on``), changed only on purpose with a
    reason (``cases.services.attach_to_campaign`` / ``detach_from_campaign``).
    """
    cm = _case_models()
    return cm.ViolationCase.objects.filter(campaign=campaign).exclude(status=cm.CaseStatus.WITHDRAWN)


def closing_summary(campaign: Campaign, phase: Phase) -> dict:
    """Once the correction phase is over: where the campaign's cases stood at its end and stand now (one query).

    Replaces the at-risk list, whose question ("can it finish before the phase ends?") has
    been answered: the cases still open are the township's ordinary work now, not lateness
    that grows every day.
    """
    cm = _case_models()
    closed = Q(status=cm.CaseStatus.CLOSED)
    figures = campaign_cases(campaign).order_by().aggregate(
        total=Count("pk"),
        closed_in_phase=Count("pk", filter=closed & Q(closed_on__lte=phase.end_date)),
        closed_later=Count("pk", filter=closed & Q(closed_on__gt=phase.end_date)),
        open=Count("pk", filter=Q(status__in=cm.OPEN_STATUSES)),
    )
    return {"phase": phase, **figures}


def case_progress(campaign: Campaign) -> dict:
    """Counts of the campaign's cases by status, category, village and assignee (four grouped queries)."""
    cm = _case_models()
    cases = campaign_cases(campaign).order_by()
    status_labels = dict(cm.CaseStatus.choices)
    category_labels = dict(Category.choices)
    by_status = dict(cases.values_list("status").annotate(n=Count("pk")))
    by_category = {
        r["category"]: r
        for r in cases.values("category").annotate(
            total=Count("pk"), closed=Count("pk", filter=Q(status=cm.CaseStatus.CLOSED))
        )
    }
    by_village = list(
        cases.values("village_id", "village__name", "village__sort_order")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=cm.OPEN_STATUSES)),
            closed=Count("pk", filter=Q(status=cm.CaseStatus.CLOSED)),
        )
        .order_by("village__sort_order", "village__name")
    )
    by_assignee = list(
        cases.values("assignee_id", "assignee__first_name", "assignee__last_name", "assignee__username")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=cm.OPEN_STATUSES)),
            closed=Count("pk", filter=Q(status=cm.CaseStatus.CLOSED)),
        )
        .order_by("assignee__first_name", "assignee__username")
    )
    for row in by_assignee:
        full = f"{row['assignee__last_name']}{row['assignee__first_name']}".strip() if row["assignee_id"] else ""
        row["name"] = full or row["assignee__username"] or ""
    total = sum(by_status.values())
    closed = by_status.get(cm.CaseStatus.CLOSED, 0)
    return {
        "total": total,
        "closed": closed,
        "percent_closed": round(100 * closed / total) if total else 0,
        "by_status": [
            {"status": s, "label": status_labels[s], "count": by_status.get(s, 0)}
            for s in cm.CaseStatus.values
            if s != cm.CaseStatus.WITHDRAWN
        ],
        "by_category": [
            {
                "category": c,
                "label": category_labels[c],
                "total": by_category.get(c, {}).get("total", 0),
                "closed": by_category.get(c, {}).get("closed", 0),
            }
            for c in Category.values
        ],
        "by_village": by_village,
        "by_assignee": by_assignee,
    }


def overdue_notices(campaign: Campaign, today: date) -> list:
    return list(
        campaign_cases(campaign)
        .overdue(today)
        .select_related("party", "village", "assignee")
        .order_by("deadline", "number")
    )


class RiskReason:
    """Why an open case cannot finish before the correction phase (查处纠正) ends."""

    NO_NOTICE = "no_notice"
    DEADLINE_AFTER_PHASE = "deadline_after_phase"
    NOTICE_OVERDUE = "notice_overdue"
    DEFERRED = "deferred"
    PHASE_OVER = "phase_over"

    LABELS = {
        NO_NOTICE: _("No rectification notice yet"),
        DEADLINE_AFTER_PHASE: _("Notice deadline after the phase ends"),
        NOTICE_OVERDUE: _("Notice overdue, enforcement not started"),
        DEFERRED: _("Deferred to planning rectification"),
        PHASE_OVER: _("Still open after the phase ended"),
    }


def _risk_reason(phase_end: date, today: date):
    """A CASE expression naming why an open case is at risk, NULL when it is on track.

    In order: no notice yet (registered, or notified without a deadline); the notice's
    deadline falls after the correction phase ends; the notice is overdue and enforcement has
    not started; the case was deferred to planning rectification (整改 within the village
    plan, not within the campaign). Self-corrected cases (awaiting re-inspection) and cases
    under enforcement are on track while the phase runs; once it is over, every open case is
    listed ("still open after the phase ended").
    """
    cm = _case_models()
    S = cm.CaseStatus
    fallback = Value(RiskReason.PHASE_OVER) if today > phase_end else Value(None)
    return Case(
        When(Q(status=S.REGISTERED) | Q(status=S.NOTIFIED, deadline__isnull=True), then=Value(RiskReason.NO_NOTICE)),
        When(status=S.NOTIFIED, deadline__gt=phase_end, then=Value(RiskReason.DEADLINE_AFTER_PHASE)),
        When(status=S.NOTIFIED, deadline__lt=today, then=Value(RiskReason.NOTICE_OVERDUE)),
        When(status=S.DEFERRED, then=Value(RiskReason.DEFERRED)),
        default=fallback,
        output_field=CharField(null=True),
    )


def cases_at_risk(campaign: Campaign, today: date) -> dict:
    """Open cases of the campaign that cannot finish before the correction phase ends, with why (one query)."""
    phase = correction_phase(campaign)
    if phase is None:
        return {"phase": None, "cases": [], "by_reason": []}
    cm = _case_models()
    rows = list(
        campaign_cases(campaign)
        .filter(status__in=cm.OPEN_STATUSES)
        .annotate(risk=_risk_reason(phase.end_date, today))
        .filter(risk__isnull=False)
        .select_related("party", "village", "assignee")
        .order_by("risk", F("deadline").asc(nulls_first=True), "number")
    )
    for case in rows:
        case.risk_label = RiskReason.LABELS[case.risk]
        case.days_after_phase = (
            (case.deadline - phase.end_date).days if case.deadline and case.deadline > phase.end_date else None
        )
    counts: dict[str, int] = {}
    for case in rows:
        counts[case.risk] = counts.get(case.risk, 0) + 1
    return {
        "phase": phase,
        "cases": rows,
        "by_reason": [
            {"reason": r, "label": RiskReason.LABELS[r], "count": counts[r]} for r in RiskReason.LABELS if r in counts
        ],
    }


# An outstanding case's columns in the report (campaigns/_report_body.html) and its Excel sheet
# (campaigns/report.py), and what its reason is drawn from (``_outstanding_reason``).
OUTSTANDING_FIELDS = ("number", "title", "status", "deadline", "village__name")


def campaign_figures(campaign: Campaign, *, today: date | None = None, outstanding_limit: int | None = None) -> dict:
    """Every figure of the summary report (整改工作材料), in a fixed number of aggregate queries.

    The dashboards reuse this so the numbers agree everywhere. Keys:
    ``cases`` (found/handled/closed/open and areas, in total and ``by_category``),
    ``enforcement`` (demolitions and area, farmland restored and area, power cut-offs,
    licence refusals, fines and amount, referrals), ``discipline`` (actions, proposed, decided),
    ``causes`` (count per cause, every cause listed), ``publicity``, ``meetings`` (per kind),
    ``tasks``, ``outstanding`` (open cases with their reason; the first ``outstanding_limit``
    of them when given, ``cases["open"]`` says how many there are) and ``review`` (the latest).
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    cm = _case_models()
    S = cm.CaseStatus
    handled = Q(status__in=[S.NOTIFIED, S.CORRECTED, S.ENFORCING, S.DEFERRED, S.CLOSED])
    cases = campaign_cases(campaign).order_by()

    rows = {
        r["category"]: r
        for r in cases.values("category").annotate(
            found=Count("pk"),
            handled=Count("pk", filter=handled),
            closed=Count("pk", filter=Q(status=S.CLOSED)),
            open=Count("pk", filter=Q(status__in=cm.OPEN_STATUSES)),
            area=Sum("area_m2"),
            farmland=Sum("farmland_area_m2"),
        )
    }
    zero = {"found": 0, "handled": 0, "closed": 0, "open": 0, "area": Decimal(0), "farmland": Decimal(0)}
    by_category = []
    for value, label in Category.choices:
        r = {**zero, **{k: v for k, v in rows.get(value, {}).items() if v is not None}}
        by_category.append({"category": value, "label": label, **{k: r[k] for k in zero}})
    totals = {k: sum((row[k] for row in by_category), zero[k]) for k in zero}

    EK = cm.EnforcementKind
    actions = cm.EnforcementAction.objects.filter(case__in=campaign_cases(campaign))
    enforcement = actions.aggregate(
        demolitions=Count("pk", filter=Q(kind=EK.DEMOLITION)),
        demolished_area=Sum("area_m2", filter=Q(kind=EK.DEMOLITION)),
        restorations=Count("pk", filter=Q(kind=EK.FARMLAND_RESTORED)),
        restored_area=Sum("area_m2", filter=Q(kind=EK.FARMLAND_RESTORED)),
        power_cuts=Count("pk", filter=Q(kind=EK.POWER_CUT)),
        licence_refusals=Count("pk", filter=Q(kind=EK.LICENCE_REFUSED)),
        fines=Count("pk", filter=Q(kind=EK.FINE)),
        fine_amount=Sum("amount_yuan", filter=Q(kind=EK.FINE)),
        referrals=Count("pk", filter=Q(kind=EK.REFERRAL)),
    )
    for key in ("demolished_area", "restored_area", "fine_amount"):
        enforcement[key] = enforcement[key] or Decimal(0)

    # A proposal later decided is a new record correcting it (append-only): only the records
    # nothing corrects are counted, so a decided proposal counts once, as decided.
    discipline = (
        cm.DisciplinaryAction.objects.filter(case__in=campaign_cases(campaign), corrections__isnull=True)
        .aggregate(
            actions=Count("pk"),
            proposed=Count("pk", filter=Q(status=cm.DisciplinaryStatus.PROPOSED)),
            decided=Count("pk", filter=Q(status=cm.DisciplinaryStatus.DECIDED)),
            cases=Count("case", distinct=True),
        )
    )

    cause_counts = dict(
        cm.CaseCause.objects.filter(case__in=campaign_cases(campaign))
        .order_by()
        .values_list("cause")
        .annotate(n=Count("pk"))
    )
    causes = [{"cause": value, "label": label, "count": cause_counts.get(value, 0)} for value, label in Cause.choices]

    meetings, tasks = _meetings_and_tasks(campaign, today)

    phase = correction_phase(campaign)
    phase_end = phase.end_date if phase else campaign.end_date
    outstanding = (
        cases.filter(status__in=cm.OPEN_STATUSES)
        .annotate(risk=_risk_reason(phase_end, today))
        # What the report's list and its Excel sheet show, and no more: the campaign's open
        # cases are all sorted before the first rows are taken, and joining each to its party
        # and assignee as well took 31 ms at county scale where these columns take 13.
        .select_related("village")
        .only(*OUTSTANDING_FIELDS)
        .order_by("village__sort_order", "number")
    )
    outstanding = list(outstanding[:outstanding_limit] if outstanding_limit is not None else outstanding)
    status_labels = dict(S.choices)
    for case in outstanding:
        case.reason = RiskReason.LABELS[case.risk] if case.risk else _outstanding_reason(case, status_labels)

    return {
        "campaign": campaign,
        "today": today,
        "cases": {**totals, "by_category": by_category},
        "enforcement": enforcement,
        "discipline": discipline,
        "causes": causes,
        "publicity": publicity_totals(campaign),
        "meetings": meetings,
        "tasks": tasks,
        "outstanding": outstanding,
        "review": campaign.reviews.order_by("-date", "-pk").first(),
        "fines": _fine_figures(campaign),
    }


def _meetings_and_tasks(campaign: Campaign, today: date) -> tuple[dict, dict]:
    """The campaign's meetings by kind, and its tasks not cancelled: all, done and overdue (one
    query, a count subquery each)."""
    meetings = Meeting.objects.filter(campaign=OuterRef("pk"))
    tasks = Task.objects.filter(campaign=OuterRef("pk")).exclude(status=TaskStatus.CANCELLED)
    counts = Campaign.objects.filter(pk=campaign.pk).values(
        **{f"meetings_{kind}": count_of(meetings.filter(kind=kind)) for kind in MeetingKind.values},
        tasks_total=count_of(tasks),
        tasks_done=count_of(tasks.filter(status=TaskStatus.DONE)),
        tasks_overdue=count_of(tasks.filter(status__in=OPEN_TASK_STATUSES, due_date__lt=today)),
    ).get()
    by_kind = [{"kind": kind, "label": label, "count": counts[f"meetings_{kind}"]}
               for kind, label in MeetingKind.choices]
    return ({"total": sum(row["count"] for row in by_kind), "by_kind": by_kind},
            {"total": counts["tasks_total"], "done": counts["tasks_done"], "overdue": counts["tasks_overdue"]})


def _fine_figures(campaign: Campaign) -> dict:
    """Fines decided, paid and outstanding on the campaign's cases (``cases.fines.fine_figures``, one
    query), each with the case list it counts. Kept apart from ``enforcement``: a fine is part of a
    decision, an enforcement action's amount is a cost."""
    from cases import fines
    from landwatch import links

    figures = fines.fine_figures(campaign_cases(campaign))
    for which in (fines.FINE_DECIDED, fines.FINE_PAID, fines.FINE_OUTSTANDING):
        figures[f"{which}_url"] = links.case_list_url(campaign=campaign.pk, status=links.COUNTED, fine=which)
    return figures


def _outstanding_reason(case, status_labels: dict) -> str:
    """The reason shown for an open case that is on track: where it stands."""
    if case.status == "corrected":
        return str(_("Self-corrected, awaiting re-inspection"))
    if case.status == "enforcing":
        return str(_("Enforcement under way"))
    if case.status == "notified" and case.deadline:
        return str(_("Notice running until %(date)s")) % {"date": date_format(case.deadline, "DATE_FORMAT")}
    return str(status_labels.get(case.status, case.status))

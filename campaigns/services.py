"""Writes of the campaign. Every function takes the acting user as ``by=``, checks their right,
and changes the database in one transaction; task status changes also write a ``TaskEvent``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from territory.models import ResponsibilityUnit, UnitKind

from .models import (
    PHASE_ORDER,
    TASK_TRANSITIONS,
    AcceptanceReview,
    Campaign,
    JointTeamMember,
    LeadingGroupMember,
    Meeting,
    MeetingDecision,
    Phase,
    PhaseKind,
    PublicityActivity,
    Task,
    TaskEvent,
    TaskStatus,
)


@dataclass(frozen=True)
class PhaseDates:
    kind: str
    start_date: date
    end_date: date


def _d(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def validate_phases(phases: list[PhaseDates]) -> list[str]:
    """The messages of everything wrong with a campaign's phases, empty when they are fine.

    The plan's three phases follow each other without overlap or gap: each starts the day
    after the previous one ends (宣传发动 → 查处纠正 → 整改提高).
    """
    errors: list[str] = []
    kinds = [p.kind for p in phases]
    missing = [PhaseKind(k).label for k in PHASE_ORDER if k not in kinds]
    if missing or len(kinds) != len(set(kinds)):
        errors.append(_("A campaign has exactly one phase of each kind: mobilisation, correction, improvement."))
        return errors
    for p in phases:
        if p.end_date < p.start_date:
            errors.append(
                _("The %(phase)s phase ends (%(end)s) before it starts (%(start)s).")
                % {"phase": PhaseKind(p.kind).label, "start": _d(p.start_date), "end": _d(p.end_date)}
            )
    if errors:
        return errors
    ordered = sorted(phases, key=lambda p: PHASE_ORDER.index(p.kind))
    by_start = sorted(phases, key=lambda p: (p.start_date, PHASE_ORDER.index(p.kind)))
    if [p.kind for p in by_start] != [p.kind for p in ordered]:
        errors.append(_("The phases must follow in the order mobilisation, correction, improvement."))
        return errors
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        names = {
            "earlier": PhaseKind(earlier.kind).label,
            "later": PhaseKind(later.kind).label,
            "end": _d(earlier.end_date),
            "start": _d(later.start_date),
        }
        if later.start_date <= earlier.end_date:
            errors.append(
                _(
                    "The %(later)s phase starts on %(start)s, before the %(earlier)s phase ends on %(end)s: "
                    "phases must not overlap."
                )
                % names
            )
        elif later.start_date > earlier.end_date + timedelta(days=1):
            errors.append(
                _(
                    "There is a gap between the %(earlier)s phase (ends %(end)s) and the %(later)s phase "
                    "(starts %(start)s): each phase starts the day after the previous one ends."
                )
                % names
            )
    return errors


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


@transaction.atomic
def create_campaign(
    *, by, township: ResponsibilityUnit, name: str, basis: str = "", goals: str = "", phases: list[PhaseDates]
) -> Campaign:
    """A campaign with its three phases; its dates span the phases."""
    probe = Campaign(township=township)
    _require(by, "campaigns.manage_campaign", probe)
    errors = validate_phases(phases)
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(
        township=township,
        name=name,
        basis=basis,
        goals=goals,
        start_date=min(p.start_date for p in phases),
        end_date=max(p.end_date for p in phases),
    )
    campaign.full_clean()
    campaign.save()
    Phase.objects.bulk_create(
        [Phase(campaign=campaign, kind=p.kind, start_date=p.start_date, end_date=p.end_date) for p in phases]
    )
    return campaign


def _years_later(day: date, years: int) -> date:
    """The same day ``years`` on; 29 February becomes 1 March (a phase starting on it starts then)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def moved_phases(phases, years: int) -> list[PhaseDates]:
    """The phases ``years`` on: each starts on its day that many years later and ends the day
    before the day after its end does, so phases that followed each other still do (no gap, no
    overlap) when 29 February comes or goes: a phase ending 28 February 2023 ends 29 February 2024."""
    return [
        PhaseDates(kind=p.kind, start_date=_years_later(p.start_date, years),
                   end_date=_years_later(p.end_date + timedelta(days=1), years) - timedelta(days=1))
        for p in phases
    ]


def next_campaign_year(campaign: Campaign, today: date) -> int:
    """The year of the campaign that follows ``campaign``: the next year whose copy of it has not
    ended by ``today`` (from the 2022 campaign, 2023 in June 2022, 2027 in December 2026: a
    campaign already over when started would be of no use)."""
    years = 1
    while _years_later(campaign.end_date, years) < today:
        years += 1
    return campaign.start_date.year + years


def next_year_name(campaign: Campaign, year: int) -> str:
    """The name with the campaign's year replaced by ``year`` (2022年… → 2023年…), else prefixed with it."""
    old = str(campaign.start_date.year)
    pattern = re.compile(rf"(?<!\d){old}(?!\d)")
    if pattern.search(campaign.name):
        return pattern.sub(str(year), campaign.name)
    return _("%(year)s: %(name)s") % {"year": year, "name": campaign.name}


@transaction.atomic
def start_next_campaign(campaign: Campaign, *, by, today: date | None = None) -> Campaign:
    """The township's next campaign in one action (year: ``next_campaign_year``): the same basis,
    goals and phases, the dates moved by whole years, the name with the new year. Refused when
    the township already has a campaign starting that year (the campaign row is locked, so a
    second click waits and is refused). The audit trail records the new rows with their author
    (``landwatch.audit``).
    """
    _require(by, "campaigns.manage_campaign", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    year = next_campaign_year(campaign, today or timezone.localdate())
    existing = Campaign.objects.filter(township_id=campaign.township_id, start_date__year=year).first()
    if existing is not None:
        raise ValidationError(
            _("The %(year)s campaign has already been started: %(name)s.") % {"year": year, "name": existing.name}
        )
    phases = list(campaign.phases.order_by("start_date"))
    if not phases:
        raise ValidationError(_("This campaign has no phases to copy."))
    return create_campaign(
        by=by,
        township=campaign.township,
        name=next_year_name(campaign, year)[: Campaign._meta.get_field("name").max_length],
        basis=campaign.basis,
        goals=campaign.goals,
        phases=moved_phases(phases, year - campaign.start_date.year),
    )


@transaction.atomic
def update_campaign(campaign: Campaign, *, by, name: str, basis: str, goals: str) -> Campaign:
    _require(by, "campaigns.manage_campaign", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign.name, campaign.basis, campaign.goals = name, basis, goals
    campaign.full_clean()
    campaign.save(update_fields=["name", "basis", "goals"])
    return campaign


@transaction.atomic
def set_phases(campaign: Campaign, *, by, phases: list[PhaseDates]) -> Campaign:
    """Replace the phase dates after checking order, overlap and gaps; the campaign's dates follow."""
    _require(by, "campaigns.manage_campaign", campaign)
    errors = validate_phases(phases)
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    existing = {p.kind: p for p in campaign.phases.all()}
    for p in phases:
        phase = existing.get(p.kind) or Phase(campaign=campaign, kind=p.kind)
        phase.start_date, phase.end_date = p.start_date, p.end_date
        phase.save()
    campaign.start_date = min(p.start_date for p in phases)
    campaign.end_date = max(p.end_date for p in phases)
    campaign.save(update_fields=["start_date", "end_date"])
    return campaign


def _check_task_owner(campaign: Campaign, owner_unit: ResponsibilityUnit | None, owner) -> None:
    if owner_unit is None and owner is None:
        raise ValidationError({"owner_unit": _("Give the responsible unit, the responsible person, or both.")})
    if owner_unit is not None and (
        owner_unit.township_id != campaign.township_id
        or owner_unit.kind not in (UnitKind.DEPARTMENT, UnitKind.VILLAGE, UnitKind.OFFICE)
    ):
        raise ValidationError(
            {"owner_unit": _("The unit must be a department, village or office of the campaign's township.")}
        )


@transaction.atomic
def create_task(
    campaign: Campaign,
    *,
    by,
    phase: Phase,
    title: str,
    due_date: date,
    owner_unit: ResponsibilityUnit | None = None,
    owner=None,
    description: str = "",
    source_decision: MeetingDecision | None = None,
) -> Task:
    _require(by, "campaigns.manage_campaign", campaign)
    if phase.campaign_id != campaign.pk:
        raise ValidationError({"phase": _("The phase belongs to another campaign.")})
    _check_task_owner(campaign, owner_unit, owner)
    task = Task(
        campaign=campaign,
        phase=phase,
        title=title,
        description=description,
        owner_unit=owner_unit,
        owner=owner,
        due_date=due_date,
        source_decision=source_decision,
        created_by=by,
    )
    task.full_clean()
    task.save()
    TaskEvent.objects.create(task=task, actor=by, to_status=task.status, note=_("Task assigned."))
    return task


@transaction.atomic
def update_task(
    task: Task, *, by, phase: Phase, title: str, due_date: date, owner_unit=None, owner=None, description: str = ""
) -> Task:
    """Reassign or reschedule a task (office only); the change is written to its history."""
    _require(by, "campaigns.manage_campaign", task.campaign)
    task = Task.objects.select_for_update().select_related("campaign").get(pk=task.pk)
    if phase.campaign_id != task.campaign_id:
        raise ValidationError({"phase": _("The phase belongs to another campaign.")})
    _check_task_owner(task.campaign, owner_unit, owner)
    changes = []
    if task.due_date != due_date:
        changes.append(_("due date %(old)s → %(new)s") % {"old": _d(task.due_date), "new": _d(due_date)})
    if task.owner_unit_id != (owner_unit.pk if owner_unit else None) or task.owner_id != (owner.pk if owner else None):
        changes.append(_("reassigned"))
    task.phase, task.title, task.due_date = phase, title, due_date
    task.owner_unit, task.owner, task.description = owner_unit, owner, description
    task.full_clean()
    task.save(update_fields=["phase", "title", "due_date", "owner_unit", "owner", "description", "updated_at"])
    TaskEvent.objects.create(
        task=task, actor=by, note=_("Task edited") + (": " + "; ".join(changes) if changes else ".")
    )
    return task


def _locked_task(task: Task) -> Task:
    """The task locked with its campaign (a campaign's own changes lock its row too), not the
    township joined for the rules' checks: every write referencing the township checks it
    with FOR KEY SHARE at commit, which a FOR UPDATE on its row blocks (docs/RELIABILITY.md)."""
    return Task.objects.select_for_update(of=("self", "campaign")).select_related("campaign__township").get(pk=task.pk)


@transaction.atomic
def change_task_status(task: Task, *, by, to_status: str, note: str = "", completed_on: date | None = None) -> Task:
    """Move a task along (pending → in progress → done; cancel; reopen), with a history row.

    The owner may start, finish and reopen their own task; only the office cancels or restores one.
    """
    task = _locked_task(task)
    manager = by.has_perm("campaigns.manage_campaign", task.campaign)
    if not (manager or by.has_perm("campaigns.update_task", task)):
        raise PermissionDenied
    if to_status not in TASK_TRANSITIONS.get(task.status, set()):
        raise ValidationError(
            _("A task that is %(old)s cannot become %(new)s.")
            % {
                "old": TaskStatus(task.status).label,
                "new": TaskStatus(to_status).label if to_status in TaskStatus.values else to_status,
            }
        )
    if (to_status == TaskStatus.CANCELLED or task.status == TaskStatus.CANCELLED) and not manager:
        raise PermissionDenied
    if to_status == TaskStatus.DONE and not (note.strip() or task.progress_note.strip()):
        raise ValidationError(_("Say what was done before marking the task done."))
    old = task.status
    task.status = to_status
    task.completed_on = (completed_on or timezone.localdate()) if to_status == TaskStatus.DONE else None
    fields = ["status", "completed_on", "updated_at"]
    if note.strip():
        task.progress_note = note.strip()
        fields.append("progress_note")
    task.save(update_fields=fields)
    TaskEvent.objects.create(task=task, actor=by, from_status=old, to_status=to_status, note=note.strip())
    return task


@transaction.atomic
def report_task_progress(task: Task, *, by, note: str) -> Task:
    """The owner's progress report; a pending task counts as started."""
    if not note.strip():
        raise ValidationError(_("Write what has been done."))
    task = _locked_task(task)
    _require(by, "campaigns.update_task", task)
    if not task.is_open:
        raise ValidationError(_("Progress can only be reported on an open task."))
    old = task.status
    task.progress_note = note.strip()
    task.status = TaskStatus.IN_PROGRESS
    task.save(update_fields=["progress_note", "status", "updated_at"])
    TaskEvent.objects.create(
        task=task,
        actor=by,
        from_status=old if old != task.status else "",
        to_status=task.status if old != task.status else "",
        note=task.progress_note,
    )
    return task


@transaction.atomic
def record_meeting(
    campaign: Campaign,
    *,
    by,
    kind: str,
    title: str,
    date: date,
    location: str = "",
    chair: str = "",
    attendees: str = "",
    attendee_count: int = 0,
    minutes: str = "",
    decisions: list[str] = (),
) -> Meeting:
    _require(by, "campaigns.manage_campaign", campaign)
    meeting = Meeting(
        campaign=campaign,
        kind=kind,
        title=title,
        date=date,
        location=location,
        chair=chair,
        attendees=attendees,
        attendee_count=attendee_count,
        minutes=minutes,
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    MeetingDecision.objects.bulk_create(
        [MeetingDecision(meeting=meeting, text=t.strip()) for t in decisions if t.strip()]
    )
    return meeting


@transaction.atomic
def add_decision(meeting: Meeting, *, by, text: str) -> MeetingDecision:
    _require(by, "campaigns.manage_campaign", meeting.campaign)
    if not text.strip():
        raise ValidationError(_("Write the decision."))
    return MeetingDecision.objects.create(meeting=meeting, text=text.strip())


@transaction.atomic
def decision_to_task(
    decision: MeetingDecision, *, by, phase: Phase, due_date: date, owner_unit=None, owner=None, title: str = ""
) -> Task:
    """Turn a meeting decision into a task (once): the task remembers where it came from."""
    decision = MeetingDecision.objects.select_for_update().select_related("meeting__campaign").get(pk=decision.pk)
    if Task.objects.filter(source_decision=decision).exists():
        raise ValidationError(_("This decision has already become a task."))
    return create_task(
        decision.meeting.campaign,
        by=by,
        phase=phase,
        title=title or decision.text[:200],
        description=_("From the meeting “%(meeting)s” of %(date)s.")
        % {"meeting": decision.meeting.title, "date": _d(decision.meeting.date)},
        due_date=due_date,
        owner_unit=owner_unit,
        owner=owner,
        source_decision=decision,
    )


@transaction.atomic
def record_publicity(
    campaign: Campaign,
    *,
    by,
    date: date,
    kind: str,
    village: ResponsibilityUnit | None = None,
    description: str = "",
    audience: int = 0,
    materials: int = 0,
) -> PublicityActivity:
    _require(by, "campaigns.manage_campaign", campaign)
    if village is not None and (village.kind != UnitKind.VILLAGE or village.township_id != campaign.township_id):
        raise ValidationError({"village": _("The village must belong to the campaign's township.")})
    activity = PublicityActivity(
        campaign=campaign,
        date=date,
        kind=kind,
        village=village,
        description=description,
        audience=audience,
        materials=materials,
        recorded_by=by,
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def record_review(
    campaign: Campaign, *, by, date: date, authority: str, reviewers: str, result: str, remarks: str = ""
) -> AcceptanceReview:
    _require(by, "campaigns.manage_campaign", campaign)
    review = AcceptanceReview(
        campaign=campaign,
        date=date,
        authority=authority,
        reviewers=reviewers,
        result=result,
        remarks=remarks,
        recorded_by=by,
    )
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def add_group_member(
    campaign: Campaign, *, by, role: str, user=None, name: str = "", department: str = ""
) -> LeadingGroupMember:
    """Seat a person (a user, or only a name) in the leading group or its office."""
    _require(by, "campaigns.manage_campaign", campaign)
    last = campaign.group_members.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    member = LeadingGroupMember(
        campaign=campaign, user=user, name=name.strip(), role=role, department=department.strip(), sort_order=last + 1
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def remove_group_member(member: LeadingGroupMember, *, by) -> None:
    """A seat is configuration, not case history: it is removed, not archived."""
    _require(by, "campaigns.manage_campaign", member.campaign)
    member.delete()


@transaction.atomic
def add_team_member(
    campaign: Campaign,
    *,
    by,
    department: ResponsibilityUnit,
    user=None,
    name: str = "",
    post: str = "",
    is_team_leader: bool = False,
) -> JointTeamMember:
    """Put a member of a collaborating department on the joint enforcement team."""
    _require(by, "campaigns.manage_campaign", campaign)
    if department.kind != UnitKind.DEPARTMENT or department.township_id != campaign.township_id:
        raise ValidationError(
            {"department": _("The department must be a collaborating department of the campaign's township.")}
        )
    member = JointTeamMember(
        campaign=campaign,
        user=user,
        name=name.strip(),
        department=department,
        post=post.strip(),
        is_team_leader=is_team_leader,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def remove_team_member(member: JointTeamMember, *, by) -> None:
    _require(by, "campaigns.manage_campaign", member.campaign)
    member.delete()

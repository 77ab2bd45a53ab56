"""The rectification campaign (专项整治行动): its three phases, the people who run it, the work
decomposed into tasks, its meetings and publicity, and the higher authority's acceptance review.

``Campaign`` and ``Phase`` exist from the foundation because cases refer to a campaign. The
rules about phases (order, no overlap, no gap) live in ``campaigns.services.validate_phases``
so that forms, services and the demo loader give the same answer.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landwatch import links
from landwatch.appendonly import AppendOnly


class CampaignQuerySet(models.QuerySet):
    def with_cases_until(self):
        """Annotate ``cases_until``: the last day a case registered counts in the campaign by itself.

        A campaign is a period. The plan's cases are those "排摸出的" and "集中处理" in the
        correction phase (查处纠正), so the period runs from the campaign's start to the end of
        that phase (the campaign's own end when it has none); a case registered later is
        counted only when the office attaches it on purpose (``cases.services.attach_to_campaign``).
        """
        correction_end = Phase.objects.filter(campaign=models.OuterRef("pk"), kind=PhaseKind.CORRECTION)
        return self.annotate(
            cases_until=Coalesce(models.Subquery(correction_end.values("end_date")[:1]), models.F("end_date"))
        )

    def counting_cases_registered_on(self, day: date):
        """The campaigns whose period (start … end of the correction phase) holds ``day``."""
        return self.with_cases_until().filter(start_date__lte=day, cases_until__gte=day)


class Campaign(models.Model):
    township = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="campaigns",
        limit_choices_to={"kind": "township"},
    )
    name = models.CharField(_("name"), max_length=200)
    basis = models.TextField(_("basis document"), blank=True, help_text=_("For example the city bureau's notice."))
    goals = models.TextField(_("goals"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="campaign_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.pk_url("campaigns:detail", self.pk)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": pgettext_lazy("campaign", "The end date cannot be before the start date.")}
            )


class PhaseKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation")
    CORRECTION = "correction", _("Correction")
    IMPROVEMENT = "improvement", _("Improvement")


PHASE_ORDER = [PhaseKind.MOBILISATION, PhaseKind.CORRECTION, PhaseKind.IMPROVEMENT]


class PhaseQuerySet(models.QuerySet):
    def current(self, today: date):
        return self.filter(start_date__lte=today, end_date__gte=today)


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="phase_unique_kind_per_campaign"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="phase_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class GroupRole(models.TextChoices):
    """Posts in the leading group (领导小组) and its office, as the plan names them."""

    HEAD = "head", _("Group leader")
    DEPUTY = "deputy", _("Deputy group leader")
    MEMBER = "member", _("Group member")
    OFFICE_DIRECTOR = "office_director", _("Office director")


GROUP_ROLE_ORDER = {role: i for i, role in enumerate(GroupRole.values)}


class PersonMixin(models.Model):
    """A person who is a system user, or only a name (not everyone named in the plan logs in)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("Filled from the user when empty."))

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return ""

    def clean(self) -> None:
        if not self.user_id and not self.name.strip():
            raise ValidationError({"name": _("Give a user or a name.")})


class LeadingGroupMember(PersonMixin):
    """A seat in the campaign's leading group (领导小组) or its office."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="group_members"
    )
    role = models.CharField(pgettext_lazy("leading group", "role"), max_length=20, choices=GroupRole.choices)
    department = models.CharField(_("department"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["campaign", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="") | models.Q(user__isnull=False), name="group_member_user_or_name"
            ),
            models.UniqueConstraint(
                fields=["campaign", "user", "role"],
                condition=models.Q(user__isnull=False),
                name="group_member_unique_user_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.get_role_display()}"


class JointTeamMember(PersonMixin):
    """A member of the joint enforcement team (联合执法工作组), sent by a collaborating department."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="team_members"
    )
    department = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "department"},
    )
    post = models.CharField(_("post"), max_length=50, blank=True)
    is_team_leader = models.BooleanField(_("team leader"), default=False)

    class Meta:
        verbose_name = _("joint team member")
        verbose_name_plural = _("joint team members")
        ordering = ["campaign", "department__sort_order", "-is_team_leader", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="") | models.Q(user__isnull=False), name="team_member_user_or_name"
            ),
            models.UniqueConstraint(
                fields=["campaign", "user"], condition=models.Q(user__isnull=False), name="team_member_unique_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.department}"


class TaskStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("task", "Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TASK_STATUSES = (TaskStatus.PENDING, TaskStatus.IN_PROGRESS)

# Allowed status changes; everything else is refused by ``services.change_task_status``.
TASK_TRANSITIONS: dict[str, set[str]] = {
    TaskStatus.PENDING: {TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED},
    TaskStatus.IN_PROGRESS: {TaskStatus.DONE, TaskStatus.CANCELLED},
    TaskStatus.DONE: {TaskStatus.IN_PROGRESS},  # reopened when found incomplete
    TaskStatus.CANCELLED: {TaskStatus.PENDING},
}


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_TASK_STATUSES)

    def overdue(self, today: date):
        return self.open().filter(due_date__lt=today)


class Task(models.Model):
    """A piece of the campaign's work, "分解到部门及村、落实到人": owned by a unit, a person, or both."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="tasks")
    phase = models.ForeignKey(Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(pgettext_lazy("task", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_tasks",
        help_text=_("The department or village responsible."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_tasks",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    progress_note = models.TextField(_("latest progress"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    source_decision = models.OneToOneField(
        "MeetingDecision",
        verbose_name=_("from meeting decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_unit__isnull=False) | models.Q(owner__isnull=False),
                name="task_has_owner",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="task_campaign_status_idx"),
            models.Index(fields=["owner", "status"], name="task_owner_status_idx"),
            models.Index(fields=["owner_unit", "status"], name="task_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return links.pk_url("campaigns:task-detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date < today


class TaskEvent(AppendOnly):
    """Append-only history of a task: every status change and progress report."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=20, choices=TaskStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=TaskStatus.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.task} · {self.at:%Y-%m-%d %H:%M}"


class MeetingKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation meeting")
    JOINT = "joint", _("Land joint meeting")
    SUMMARY = "summary", _("Summary meeting")


class Meeting(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(pgettext_lazy("meeting", "title"), max_length=200)
    date = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=100, blank=True)
    chair = models.CharField(_("chair"), max_length=50, blank=True)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("Names or units, separated by 、 or commas."))
    attendee_count = models.PositiveIntegerField(_("number of attendees"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["campaign", "date"], name="meeting_campaign_date_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return links.pk_url("campaigns:meeting-detail", self.pk)


class MeetingDecision(models.Model):
    """A decision taken at a meeting; the office can turn it into a task (``services.decision_to_task``)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PublicityKind(models.TextChoices):
    MEETING = "meeting", _("Publicity meeting")
    BANNER = "banner", _("Banners and slogans")
    LEAFLET = "leaflet", _("Leaflets")
    BROADCAST = "broadcast", _("Broadcast")
    TRAINING = "training", _("Cadre training")


class PublicityActivity(models.Model):
    """An entry of the publicity log (宣传): what was done where, for how many people."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="publicity"
    )
    date = models.DateField(_("date"))
    village = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "village"},
        help_text=_("Empty for the whole township."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PublicityKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    audience = models.PositiveIntegerField(_("audience"), default=0)
    materials = models.PositiveIntegerField(_("materials handed out"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("publicity activity")
        verbose_name_plural = _("publicity activities")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["campaign", "date"], name="publicity_campaign_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} · {self.get_kind_display()}"


class ReviewResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    PASSED_WITH_REMARKS = "passed_with_remarks", _("Passed with remarks")
    FAILED = "failed", _("Not passed")


class AcceptanceReview(models.Model):
    """复查验收: the land authority's check of the campaign's results."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="reviews")
    date = models.DateField(_("date"))
    authority = models.CharField(_("reviewing authority"), max_length=100)
    reviewers = models.TextField(_("reviewers"))
    result = models.CharField(pgettext_lazy("acceptance review", "result"), max_length=30, choices=ReviewResult.choices)
    remarks = models.TextField(_("remarks"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance review")
        verbose_name_plural = _("acceptance reviews")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.authority} · {self.date}"

"""Dynamic patrol (土地动态巡查责任制): plans, logs, findings (线索), photos and their audit trail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landwatch import links
from landwatch.appendonly import AppendOnly
from landwatch.places import place_name
from landwatch.uploads import UploadTo
from landwatch.vocabulary import Category, ChoiceLabels
from territory.models import ResponsibilityUnit, UnitKind


class PlanKind(models.TextChoices):
    REGULAR = "regular", _("Regular patrol")
    JOINT_SPOT_CHECK = "joint_spot_check", _("Irregular joint spot check")


class PlanPeriod(models.TextChoices):
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")


class PatrolPlanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def valid_on(self, day):
        """Plans in force on ``day``: inside their validity and, if seasonal, in that month."""
        return self.active().filter(
            models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


class PatrolPlan(ChoiceLabels, models.Model):
    """Who patrols which villages how often (动态巡查责任制).

    A regular plan promises ``times`` patrols per week or month in each of its villages;
    seasonal differences (more patrols in the building season) are separate plans with
    their ``months``. A joint spot check names the departments that join and is not
    counted as planned coverage.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.REGULAR)
    responsible_unit = models.ForeignKey(
        ResponsibilityUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="patrol_plans",
        help_text=_("The unit that patrols: a village, the land office or the leading group office."),
    )
    township = models.ForeignKey(
        ResponsibilityUnit,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.TOWNSHIP},
    )
    villages = models.ManyToManyField(
        ResponsibilityUnit,
        verbose_name=_("villages"),
        related_name="covering_patrol_plans",
        limit_choices_to={"kind": UnitKind.VILLAGE},
    )
    departments = models.ManyToManyField(
        ResponsibilityUnit,
        verbose_name=_("participating departments"),
        blank=True,
        related_name="joined_patrol_plans",
        limit_choices_to={"kind": UnitKind.DEPARTMENT},
    )
    times = models.PositiveSmallIntegerField(_("patrols per period"), default=1)
    period = models.CharField(_("period"), max_length=10, choices=PlanPeriod.choices, default=PlanPeriod.WEEK)
    months = models.JSONField(
        _("months"),
        default=list,
        blank=True,
        help_text=_("Months (1–12) in which this plan applies; empty for the whole year."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PatrolPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol plan")
        verbose_name_plural = _("patrol plans")
        ordering = ["township", "kind", "name"]
        indexes = [models.Index(fields=["township", "active"], name="patrolplan_township_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(times__gte=1), name="patrolplan_times_positive"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="patrolplan_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.pk_url("patrols:plan-detail", self.pk)

    def applies_in_month(self, month: int) -> bool:
        return not self.months or month in self.months

    def clean(self) -> None:
        if self.months and not all(isinstance(m, int) and 1 <= m <= 12 for m in self.months):
            raise ValidationError({"months": _("Months must be numbers from 1 to 12.")})


class Weather(models.TextChoices):
    SUNNY = "sunny", _("Sunny")
    CLOUDY = "cloudy", _("Cloudy")
    RAIN = "rain", _("Rain")
    SNOW = "snow", _("Snow")
    FOG = "fog", _("Fog")
    WINDY = "windy", _("Windy")


class PatrolResult(models.TextChoices):
    NOTHING_FOUND = "nothing_found", _("Nothing found")
    SUSPECTED_VIOLATION = "suspected_violation", _("Suspected violation found")


class PatrolLogQuerySet(models.QuerySet):
    def current(self):
        """Logs that count: a withdrawn log stays in the record but no longer counts."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)


class PatrolLog(ChoiceLabels, models.Model):
    """One patrol walked or driven: filed under one village, possibly covering more.

    Logs are never deleted; a wrong log is withdrawn with a reason and stops counting
    towards coverage.
    """

    village = models.ForeignKey(
        ResponsibilityUnit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="patrol_logs",
        limit_choices_to={"kind": UnitKind.VILLAGE},
    )
    other_villages = models.ManyToManyField(
        ResponsibilityUnit,
        verbose_name=_("other villages covered"),
        blank=True,
        related_name="joint_patrol_logs",
        limit_choices_to={"kind": UnitKind.VILLAGE},
        help_text=_("A joint patrol may cover more villages than the one it is filed under."),
    )
    plan = models.ForeignKey(
        "patrols.PatrolPlan",
        verbose_name=_("patrol plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="logs",
    )
    patrolled_on = models.DateField(_("patrol date"))
    started_at = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    patrollers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("patrollers"), blank=True, related_name="patrols_walked"
    )
    other_patrollers = models.CharField(
        _("other patrollers"), max_length=200, blank=True, help_text=_("Names of people without an account.")
    )
    departments = models.ManyToManyField(
        ResponsibilityUnit,
        verbose_name=_("participating departments"),
        blank=True,
        related_name="joined_patrol_logs",
        limit_choices_to={"kind": UnitKind.DEPARTMENT},
    )
    route = models.CharField(_("route"), max_length=300, blank=True)
    weather = models.CharField(_("weather"), max_length=20, choices=Weather.choices, blank=True)
    result = models.CharField(
        _("result"), max_length=30, choices=PatrolResult.choices, default=PatrolResult.NOTHING_FOUND
    )
    notes = models.TextField(_("notes"), blank=True)
    gps_points = models.JSONField(
        _("GPS points"),
        default=list,
        blank=True,
        help_text=_("Positions taken by the phone's browser with the user's consent: [{lat, lng, acc, t}]."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # The key the form was opened with (its draft key, made for it): a log sent again — a double
    # tap, or the phone's queue sending a log filed offline once more after a lost answer — is
    # recognised and never saved twice (``services.create_patrol_log``).
    client_key = models.CharField(_("form key"), max_length=40, blank=True, editable=False)

    objects = PatrolLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol log")
        verbose_name_plural = _("patrol logs")
        ordering = ["-patrolled_on", "-started_at", "-pk"]
        indexes = [
            models.Index(fields=["village", "patrolled_on"], name="patrollog_village_date_idx"),
            # The list's order, newest first: a page is read straight off the index's end
            # instead of sorting the latest day's thousand logs of a county for fifty.
            models.Index(fields=["patrolled_on", "started_at", "id"], name="patrollog_order_idx"),
            # This week's and this month's counts per village (coverage, dashboard) read the
            # index alone: a month of a county's logs is some 25,000 rows over 13,000 heap pages.
            models.Index(
                fields=["patrolled_on", "village"],
                include=["id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="patrollog_current_date_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdraw_reason=""),
                name="patrollog_withdrawn_has_reason",
            ),
            models.UniqueConstraint(
                fields=["created_by", "client_key"], condition=~models.Q(client_key=""),
                name="patrollog_client_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.patrolled_on}"

    def get_absolute_url(self) -> str:
        return links.pk_url("patrols:log-detail", self.pk)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PatrolDay(models.Model):
    """How many current (not withdrawn) logs are filed under a village for one patrol date.

    Kept equal to a count over the logs by the database's triggers, whatever writes them
    (``patrols.kept_counts``); read by the patrol coverage instead of the month's logs. Plain ids
    (no foreign key constraint): a row left at zero must not keep a village from being deleted.
    """

    village = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("village"), on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    day = models.DateField(_("patrol date"))
    n = models.IntegerField(_("patrol logs"), default=0)

    class Meta:
        verbose_name = _("patrols of a day")
        verbose_name_plural = _("patrols per day")
        constraints = [
            # The triggers' ON CONFLICT target; the date first: coverage reads a range of days.
            models.UniqueConstraint(fields=["day", "village"], name="patrolday_key"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.day}: {self.n}"


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent: construction under way")
    CRITICAL = "critical", _("Critical: stop it today")


class FindingStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    REGISTERED = "registered", _("Registered as a case")
    DISMISSED = "dismissed", _("Dismissed")


class PatrolFindingQuerySet(models.QuerySet):
    def reported(self):
        return self.filter(status=FindingStatus.REPORTED)


class PatrolFinding(ChoiceLabels, models.Model):
    """A lead (线索) seen on patrol: reported → registered as a case, or dismissed.

    Registration is done by the cases app (``cases.services.register_case_from_finding``),
    which calls ``patrols.services.mark_finding_registered`` inside its own transaction;
    the case points back here through ``ViolationCase.source_finding`` (``finding.case``).
    """

    log = models.ForeignKey(
        PatrolLog,
        verbose_name=_("patrol log"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        help_text=_("Empty for a lead reported outside a patrol."),
    )
    village = models.ForeignKey(
        ResponsibilityUnit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="patrol_findings",
        limit_choices_to={"kind": UnitKind.VILLAGE},
    )
    location_text = models.CharField(_("location"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"))
    suspected_category = models.CharField(
        _("suspected category"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.REPORTED, editable=False
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    # When it was found and filed: now, or the phone's moment for one filed without a signal
    # (landwatch.queue.filed_at); the finding's time limit counts from it.
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    dismiss_reason = models.TextField(_("reason for dismissal"), blank=True, editable=False)
    # The key of the form it was reported from (a finding on its own): sent again, it is the
    # finding already saved (``services.report_finding``), as a patrol log's ``client_key``.
    client_key = models.CharField(_("form key"), max_length=40, blank=True, editable=False)

    objects = PatrolFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol finding")
        verbose_name_plural = _("patrol findings")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "reported_at"], name="finding_status_date_idx"),
            models.Index(fields=["village", "status"], name="finding_village_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="dismissed") | ~models.Q(dismiss_reason=""),
                name="finding_dismissed_has_reason",
            ),
            models.UniqueConstraint(
                fields=["reported_by", "client_key"], condition=~models.Q(client_key=""),
                name="finding_client_key_once",
            ),
            models.CheckConstraint(
                condition=models.Q(status="reported") | models.Q(handled_at__isnull=False),
                name="finding_handled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.place

    def get_absolute_url(self) -> str:
        return links.pk_url("patrols:finding-detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == FindingStatus.REPORTED

    @property
    def place(self) -> str:
        """The village and the location as pages write them (needs ``village`` loaded)."""
        return place_name(self.village.name, self.location_text)


class FindingCount(models.Model):
    """How many findings of a village are in each status.

    Kept equal to a count over the findings by the database's triggers, whatever writes them
    (``patrols.kept_counts``); read by the dashboards and the coverage page instead of the findings.
    Plain ids (no foreign key constraint): a row left at zero must not keep a village from being deleted.
    """

    village = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("village"), on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=FindingStatus.choices)
    n = models.IntegerField(_("number of findings"), default=0)

    class Meta:
        verbose_name = _("findings of a village")
        verbose_name_plural = _("findings per village")
        constraints = [
            models.UniqueConstraint(fields=["village", "status"], name="findingcount_key"),  # the triggers' target
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.status}: {self.n}"


class StagedFor(models.TextChoices):
    LOG = "log", _("the patrol")
    FINDING = "finding", _("the finding")
    INSPECTION = "inspection", _("the inspection")


class PatrolPhoto(ChoiceLabels, AppendOnly):
    """A photo of a patrol, a finding or a project inspection, with its hash for evidence; append-only.

    A photo taken before its form was accepted is kept "staged" (no owner yet, a
    ``draft_key`` from the form) so that a failed submission loses nothing; the service
    that saves the form attaches it: its owner is the one thing filled after creation, once.
    """

    fill_once = ("log", "finding", "inspection")

    file = models.FileField(_("file"), upload_to=UploadTo("patrols/photos"))
    kind = models.CharField(_("file type"), max_length=10, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    log = models.ForeignKey(
        PatrolLog, verbose_name=_("patrol log"), null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    finding = models.ForeignKey(
        PatrolFinding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    inspection = models.ForeignKey(
        "patrols.ProjectInspection",
        verbose_name=_("project inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    draft_key = models.CharField(_("draft key"), max_length=40, blank=True, db_index=True, editable=False)
    staged_for = models.CharField(_("staged for"), max_length=10, choices=StagedFor.choices, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    # A default, not auto_now_add: a public report's photo keeps the time it was sent (reports.services).
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    # When the phone took it, as the phone said (a photo queued offline is uploaded hours later).
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("patrol photo")
        verbose_name_plural = _("patrol photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    def get_absolute_url(self) -> str:
        return links.pk_url("patrols:photo", self.pk)

    @property
    def is_staged(self) -> bool:
        return self.log_id is None and self.finding_id is None and self.inspection_id is None


class PatrolEvent(ChoiceLabels, AppendOnly):
    """The audit trail of patrols: who logged, withdrew, registered or dismissed what, when."""

    class Kind(models.TextChoices):
        LOG_CREATED = "log_created", _("Patrol logged")
        LOG_WITHDRAWN = "log_withdrawn", _("Patrol log withdrawn")
        FINDING_REPORTED = "finding_reported", _("Finding reported")
        FINDING_REGISTERED = "finding_registered", _("Finding registered as a case")
        FINDING_DISMISSED = "finding_dismissed", _("Finding dismissed")
        PLAN_SAVED = "plan_saved", _("Patrol plan saved")
        PLEDGE_SAVED = "pledge_saved", _("Farmland pledge saved")
        PLEDGE_ASSESSED = "pledge_assessed", _("Farmland pledge assessed")
        PROJECT_SAVED = "project_saved", _("Land project card saved")
        PROJECT_INSPECTED = "project_inspected", _("Land project inspected")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    log = models.ForeignKey(
        PatrolLog, verbose_name=_("patrol log"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    finding = models.ForeignKey(
        PatrolFinding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    plan = models.ForeignKey(
        "patrols.PatrolPlan",
        verbose_name=_("patrol plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    pledge = models.ForeignKey(
        "patrols.FarmlandPledge",
        verbose_name=_("farmland pledge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    project = models.ForeignKey(
        "patrols.LandProject",
        verbose_name=_("land project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("patrol event")
        verbose_name_plural = _("patrol events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

"""Construction-land whole-process management (一宗一卡): one tracking card per industrial land project.

The card holds what was approved and agreed (area, dates, plot ratio 容积率, investment
intensity 投资强度 in 万元/亩) and what was built; its warnings (idle land, late
completion, shortfalls, a violation found) are computed on reading
(``patrols.selectors.project_warnings``) and never stored, so they cannot go stale.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from landwatch import links
from landwatch.appendonly import AppendOnly
from territory.models import ResponsibilityUnit, UnitKind


class ConstructionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    IN_PRODUCTION = "in_production", _("In production")


class LandProject(models.Model):
    card_no = models.CharField(_("card number"), max_length=30, unique=True)
    name = models.CharField(_("project name"), max_length=150)
    company = models.CharField(_("company"), max_length=150)
    village = models.ForeignKey(
        ResponsibilityUnit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="land_projects",
        limit_choices_to={"kind": UnitKind.VILLAGE},
    )
    parcel = models.CharField(_("parcel"), max_length=200, help_text=_("Parcel number and location."))
    approval_no = models.CharField(_("approval number"), max_length=60, blank=True)
    approved_area_mu = models.DecimalField(_("approved area (mu)"), max_digits=10, decimal_places=2)
    approved_on = models.DateField(_("approval date"))
    agreed_start_on = models.DateField(_("agreed start date"))
    agreed_completion_on = models.DateField(_("agreed completion date"))
    actual_start_on = models.DateField(_("actual start date"), null=True, blank=True)
    actual_completion_on = models.DateField(_("actual completion date"), null=True, blank=True)
    required_plot_ratio = models.DecimalField(_("required plot ratio"), max_digits=5, decimal_places=2)
    actual_plot_ratio = models.DecimalField(
        _("actual plot ratio"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    required_investment_intensity = models.DecimalField(
        _("required investment intensity (10k yuan/mu)"), max_digits=10, decimal_places=2
    )
    actual_investment_intensity = models.DecimalField(
        _("actual investment intensity (10k yuan/mu)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    construction_status = models.CharField(
        _("construction status"),
        max_length=20,
        choices=ConstructionStatus.choices,
        default=ConstructionStatus.NOT_STARTED,
    )
    signboard_posted = models.BooleanField(
        _("signboard posted"), default=False, help_text=_("挂牌施工: the project board is up on site.")
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to archive a card; cards are never deleted.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("land project card")
        verbose_name_plural = _("land project cards")
        ordering = ["card_no"]
        indexes = [
            models.Index(fields=["village", "construction_status"], name="project_village_status_idx"),
            models.Index(fields=["agreed_start_on"], name="project_agreed_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agreed_completion_on__gte=models.F("agreed_start_on")),
                name="project_completion_after_start",
            ),
            models.CheckConstraint(condition=models.Q(approved_area_mu__gt=0), name="project_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.card_no} {self.name}"

    def get_absolute_url(self) -> str:
        return links.pk_url("patrols:project-detail", self.pk)


class ProjectInspection(AppendOnly):
    """One site inspection of a project; a violation seen raises a PatrolFinding for the office.

    Append-only: what was seen on site on a date is a record, written once by ``record_inspection``.
    """

    project = models.ForeignKey(
        LandProject, verbose_name=_("land project"), on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField(_("inspection date"))
    inspectors = models.CharField(_("inspectors"), max_length=200)
    progress = models.CharField(_("progress seen"), max_length=300, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    violation_found = models.BooleanField(_("violation found"), default=False)
    finding = models.OneToOneField(
        "patrols.PatrolFinding",
        verbose_name=_("finding raised"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project inspection")
        verbose_name_plural = _("project inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["project", "inspected_on"], name="inspection_project_date_idx")]

    def __str__(self) -> str:
        return f"{self.project.card_no} · {self.inspected_on}"

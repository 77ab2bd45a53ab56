"""Farmland-protection responsibility (耕地保护目标责任书) and its year-end assessment (考核).

The township signs a pledge with each village every year: the area of farmland and basic
farmland to keep, the reclamation (复垦) and development (开发) tasks. At the year's end the
office scores the village; the result feeds the village cadre evaluation and the
平安村 (safe village) assessment.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landwatch import links
from landwatch.uploads import UploadTo
from territory.models import ResponsibilityUnit, UnitKind

AREA = {"max_digits": 10, "decimal_places": 2}


class FarmlandPledge(models.Model):
    village = models.ForeignKey(
        ResponsibilityUnit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="farmland_pledges",
        limit_choices_to={"kind": UnitKind.VILLAGE},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    protected_farmland_mu = models.DecimalField(_("protected farmland (mu)"), **AREA)
    basic_farmland_mu = models.DecimalField(_("basic farmland (mu)"), **AREA)
    protected_area = models.CharField(
        _("protected area"), max_length=300, blank=True, help_text=_("Where the protected fields lie (groups, plots).")
    )
    reclamation_task_mu = models.DecimalField(_("reclamation task (mu)"), default=Decimal("0"), **AREA)
    reclamation_done_mu = models.DecimalField(_("reclamation done (mu)"), default=Decimal("0"), **AREA)
    development_task_mu = models.DecimalField(_("development task (mu)"), default=Decimal("0"), **AREA)
    development_done_mu = models.DecimalField(_("development done (mu)"), default=Decimal("0"), **AREA)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    township_signatory = models.CharField(_("signed for the township"), max_length=50, blank=True)
    village_signatory = models.CharField(_("signed for the village"), max_length=50, blank=True)
    scan = models.FileField(_("scanned letter"), upload_to=UploadTo("patrols/pledges"), blank=True)
    scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("farmland pledge")
        verbose_name_plural = _("farmland pledges")
        ordering = ["-year", "village__sort_order", "village__name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="pledge_one_per_village_year"),
            models.CheckConstraint(
                condition=models.Q(basic_farmland_mu__lte=models.F("protected_farmland_mu")),
                name="pledge_basic_within_protected",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    protected_farmland_mu__gte=0,
                    basic_farmland_mu__gte=0,
                    reclamation_task_mu__gte=0,
                    reclamation_done_mu__gte=0,
                    development_task_mu__gte=0,
                    development_done_mu__gte=0,
                ),
                name="pledge_areas_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["year", "village"], name="pledge_year_village_idx")]

    def __str__(self) -> str:
        return f"{self.village} · {self.year}"

    def get_absolute_url(self) -> str:
        return links.pk_url("patrols:pledge-detail", self.pk)

    @staticmethod
    def _percent(done: Decimal, task: Decimal) -> int | None:
        if not task:
            return None
        return min(100, int(done * 100 / task))

    @property
    def reclamation_percent(self) -> int | None:
        return self._percent(self.reclamation_done_mu, self.reclamation_task_mu)

    @property
    def development_percent(self) -> int | None:
        return self._percent(self.development_done_mu, self.development_task_mu)


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


# The criteria of the year-end assessment and their maximum points (100 in all).
ASSESSMENT_CRITERIA = (
    ("farmland_score", 30),
    ("basic_farmland_score", 20),
    ("reclamation_score", 15),
    ("development_score", 15),
    ("violation_control_score", 20),
)
ASSESSMENT_MAX_TOTAL = sum(points for _name, points in ASSESSMENT_CRITERIA)


def result_for_total(total: Decimal) -> str:
    """The result band of a total score: ≥90 excellent, ≥75 good, ≥60 pass, else fail."""
    if total >= 90:
        return AssessmentResult.EXCELLENT
    if total >= 75:
        return AssessmentResult.GOOD
    if total >= 60:
        return AssessmentResult.PASS
    return AssessmentResult.FAIL


SCORE = {"max_digits": 5, "decimal_places": 1}


class PledgeAssessment(models.Model):
    """The year-end 考核 of one pledge; ``total`` and ``result`` are set by the service."""

    pledge = models.OneToOneField(
        FarmlandPledge, verbose_name=_("farmland pledge"), on_delete=models.PROTECT, related_name="assessment"
    )
    assessed_on = models.DateField(_("assessed on"))
    farmland_score = models.DecimalField(_("farmland kept (max 30)"), **SCORE)
    basic_farmland_score = models.DecimalField(_("basic farmland kept (max 20)"), **SCORE)
    reclamation_score = models.DecimalField(_("reclamation task (max 15)"), **SCORE)
    development_score = models.DecimalField(_("development task (max 15)"), **SCORE)
    violation_control_score = models.DecimalField(_("no new illegal land use (max 20)"), **SCORE)
    total = models.DecimalField(_("total score"), editable=False, **SCORE)
    # Its own context: the bare "result" is the patrol log's 巡查结果 (catalogs merge by msgid).
    result = models.CharField(
        pgettext_lazy("assessment", "result"), max_length=20, choices=AssessmentResult.choices, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pledge assessment")
        verbose_name_plural = _("pledge assessments")
        ordering = ["-pledge__year", "pledge__village__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    farmland_score__gte=0,
                    farmland_score__lte=30,
                    basic_farmland_score__gte=0,
                    basic_farmland_score__lte=20,
                    reclamation_score__gte=0,
                    reclamation_score__lte=15,
                    development_score__gte=0,
                    development_score__lte=15,
                    violation_control_score__gte=0,
                    violation_control_score__lte=20,
                ),
                name="assessment_scores_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge} · {self.total}"

    def compute_total(self) -> Decimal:
        return sum((getattr(self, name) or Decimal("0") for name, _points in ASSESSMENT_CRITERIA), Decimal("0"))

    @property
    def criteria(self) -> list[tuple[str, Decimal, int]]:
        """(label, score, maximum) per criterion, for display."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name), points)
            for name, points in ASSESSMENT_CRITERIA
        ]

"""The rectification campaign (专项整治行动) and its three phases.

The campaigns issue extends this module (tasks, meetings, publicity, acceptance review);
``Campaign`` and ``Phase`` exist from the foundation because cases refer to a campaign.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    township = models.ForeignKey(
        "patrols.ResponsibilityUnit",
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
        return reverse("campaigns:detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class PhaseKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation")
    CORRECTION = "correction", _("Correction")
    IMPROVEMENT = "improvement", _("Improvement")


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="phase_unique_kind_per_campaign"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="phase_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"

"""The holiday table: the State Council's yearly arrangement of 法定节假日 and 调休 working days.

The working-day clock (``deadlines/clock.py``) reads it. A year is either loaded (a
``HolidayYear`` with its days) or not: a year without a table is still counted on weekends,
but every deadline that reaches into it is marked uncertain and the office is told to load
the year (``clock.missing_years``). The State Council publishes each year's arrangement in
the preceding November or December (国务院办公厅关于某年部分节假日安排的通知).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    WORKDAY = "workday", _("Adjusted working day")


class HolidayYear(models.Model):
    """One year's arrangement as loaded: its days are the ``Holiday`` rows of that year."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True,
        help_text=_("Where the arrangement comes from, e.g. the State Council notice or the file loaded."),
    )
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("loaded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class Holiday(models.Model):
    """A day that differs from the plain week: a holiday on a weekday, or a weekend day worked (调休)."""

    table = models.ForeignKey(HolidayYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("The festival, e.g. 国庆节."))

    class Meta:
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("holidays and adjusted working days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()}"

    def clean(self) -> None:
        problem = day_problem(self.day, self.kind, self.table.year if self.table_id else None)
        if problem:
            raise ValidationError({"day": problem})


def day_problem(day, kind: str, year: int | None) -> str:
    """Why ``day`` cannot be a ``kind`` row of ``year``'s table ("" when it can): shared by the admin and the loader."""
    if year is not None and day.year != year:
        return _("%(day)s is not in %(year)s.") % {"day": day.isoformat(), "year": year}
    if kind == DayKind.WORKDAY and day.weekday() < 5:
        return _("An adjusted working day is a Saturday or Sunday; %(day)s is a weekday.") % {"day": day.isoformat()}
    return ""

"""The statutory periods the procedure counts, each with its length, day type and article.

One table, read by the clock (``deadlines/clock.py``) and by every screen that shows a
deadline's basis. Where the law counts a short period in working days it says so:
行政处罚法 第八十五条 ("二日""三日""五日""七日" are working days), 行政强制法 第六十九条
(periods of ten days or less are working days), 自然资源行政处罚办法 第五十七条. Every other
period is counted in calendar days, and a last day on a holiday moves to the next working
day (民事诉讼法 第八十五条, applied by 行政诉讼法 第一百零一条).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DayType(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


class Unit(models.TextChoices):
    DAY = "day", pgettext_lazy("period unit", "days")
    MONTH = "month", pgettext_lazy("period unit", "months")
    YEAR = "year", pgettext_lazy("period unit", "years")


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    length: int
    day_type: str
    article: str
    unit: str = Unit.DAY


def _p(key, label, length, day_type, article, unit=Unit.DAY) -> Period:
    return Period(key, label, length, day_type, article, unit)


W, C = DayType.WORKING, DayType.CALENDAR

PERIODS: dict[str, Period] = {
    p.key: p
    for p in (
        # A notice's own period, as many days as the officer gives: calendar days.
        _p("notice", _("Period given in the notice"), 0, C, _("the notice")),
        _p("statement", _("Statement and defence"), 5, W, _("自然资源行政处罚办法 第三十条; 行政处罚法 第八十五条")),
        _p("hearing_request", _("Request for a hearing"), 5, W, _("行政处罚法 第六十四条、第八十五条")),
        _p("decision_service", _("Service of the decision"), 7, W, _("行政处罚法 第六十一条、第八十五条")),
        _p("decision", _("Time limit for the decision"), 90, C, _("行政处罚法 第六十条")),
        _p("decision_extension", _("Extension of the time limit for the decision"), 30, C,
           _("自然资源行政处罚办法 第四十七条")),
        _p("demand", _("Period after a demand to perform"), 10, W, _("行政强制法 第五十四条、第六十九条")),
        _p("fine_payment", _("Payment of a fine"), 15, C, _("行政处罚法 第六十七条")),
        _p("reconsideration", _("Application for administrative reconsideration"), 60, C,
           _("行政复议法 第二十条")),
        _p("lawsuit", _("Administrative lawsuit"), 6, C, _("行政诉讼法 第四十六条"), Unit.MONTH),
        _p("lawsuit_demolition", _("Lawsuit against an order to demolish within a time limit"), 15, C,
           _("土地管理法 第八十三条")),
        _p("public_service", _("Service by public announcement deemed made"), 30, C, _("民事诉讼法 第九十五条")),
        _p("limitation", _("Limitation period for a penalty"), 2, C, _("行政处罚法 第三十六条"), Unit.YEAR),
    )
}

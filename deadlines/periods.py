"""The statutory periods the procedure counts, each with its length, day type and article.

One table, read by the clock (``deadlines/clock.py``) and by every screen that shows a
deadline's basis. Where the law counts a short period in working days it says so:
行政处罚法 第八十五条 ("二日""三日""五日""七日" are working days), 行政强制法 第六十九条
(periods of ten days or less are working days), 自然资源行政处罚办法 第五十七条 ("三日""五日"
"七日""十日"), 行政复议法 第八十八条. Every other
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
    DAY = "day", _("days")
    MONTH = "month", pgettext_lazy("period unit", "months")
    YEAR = "year", _("years")


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    length: int
    day_type: str
    article: str
    unit: str = Unit.DAY

    def __reduce__(self):
        # Pickled as its key, unpickled as the table's own constant (``PERIODS``): a kept page
        # holding a deadline unpickled each lazy label and article of its period by value, and each
        # built a lazy proxy class again (about 85 µs; five on a decided case's kept panels).
        return (_period, (self.key,))


def _period(key: str) -> Period:
    return PERIODS[key]


def _p(key, label, length, day_type, article, unit=Unit.DAY) -> Period:
    return Period(key, label, length, day_type, article, unit)


W, C = DayType.WORKING, DayType.CALENDAR

# The laws' short names, as the articles below cite them (English msgids; the catalogs give the Chinese).
# 行政处罚法 2021 (in force 2021-07-15); 自然资源行政处罚办法 2024 (部令第12号, in force 2024-05-01);
# 行政强制法 2011; 行政复议法 2023 (in force 2024-01-01); 行政诉讼法 2017; 民事诉讼法 2023;
# 土地管理法 2019 (in force 2020-01-01). Verified against the official texts unless said otherwise.
PERIODS: dict[str, Period] = {
    p.key: p
    for p in (
        # A notice's own period, as many days as the officer gives: calendar days; a last day on
        # a holiday moves to the next working day (民事诉讼法 第八十五条).
        _p("notice", pgettext_lazy("statutory period", "Period given in the notice"), 0, C,
           _("the days the notice gives; Civil Procedure Law, Art. 85")),
        # 陈述、申辩 within 5 days of receiving the 告知书; "五日" = working days (办法 第五十七条).
        _p("statement", pgettext_lazy("statutory period", "Statement and defence"), 5, W,
           _("Natural Resources Administrative Penalty Measures, Arts. 33 and 57")),
        # 听证 requested within 5 days of receiving the 听证告知书 (办法 第三十四条; 行政处罚法 第六十四条(一)).
        _p("hearing_request", pgettext_lazy("statutory period", "Request for a hearing"), 5, W,
           _("Natural Resources Administrative Penalty Measures, Arts. 34 and 57; "
             "Administrative Penalty Law, Art. 64")),
        # The party told of the hearing at least 7 days before it (行政处罚法 第六十四条(二), 第八十五条).
        _p("hearing_notice", pgettext_lazy("statutory period", "Notice of the hearing's time and place"), 7, W,
           _("Administrative Penalty Law, Arts. 64 and 85")),
        # 中止/恢复调查 notified to the party within 3 working days (办法 第二十七条, "三个工作日").
        _p("suspension_notice",
           pgettext_lazy("statutory period", "Notice of a suspension or resumption of the investigation"), 3, W,
           _("Natural Resources Administrative Penalty Measures, Art. 27")),
        # The decision served within 7 days when the party was absent (行政处罚法 第六十一条, 第八十五条).
        _p("decision_service", pgettext_lazy("statutory period", "Service of the decision"), 7, W,
           _("Administrative Penalty Law, Arts. 61 and 85")),
        # 90 days from 立案 (办法 第三十八条; 行政处罚法 第六十条 lets the rule provide otherwise).
        _p("decision", pgettext_lazy("statutory period", "Time limit for the decision"), 90, C,
           _("Natural Resources Administrative Penalty Measures, Art. 38; Administrative Penalty Law, Art. 60")),
        # At most 30 days more with the head's approval (办法 第三十八条; the skeleton's 第四十七条 was wrong).
        _p("decision_extension",
           pgettext_lazy("statutory period", "Extension of the time limit for the decision"), 30, C,
           _("Natural Resources Administrative Penalty Measures, Art. 38")),
        # 催告书 served, then 10 days before applying to court; "十日以内" = working days (行政强制法 第六十九条).
        _p("demand", pgettext_lazy("statutory period", "Demand before enforcement"), 10, W,
           _("Administrative Coercion Law, Arts. 54 and 69")),
        # Within 3 months after the 复议/诉讼 periods ran out unused (行政强制法 第五十三条; 办法 第四十四条).
        _p("enforcement_application",
           pgettext_lazy("statutory period", "Application to the court for enforcement"), 3, C,
           _("Administrative Coercion Law, Art. 53; Natural Resources Administrative Penalty Measures, Art. 44"),
           Unit.MONTH),
        # 15 days from receiving the decision (行政处罚法 第六十七条第三款; not checked against a copy of the
        # 2021 text: flagged in docs/PROCEDURE.md). Calendar: 第八十五条 names only 2/3/5/7 days.
        _p("fine_payment", pgettext_lazy("statutory period", "Payment of a fine"), 15, C,
           _("Administrative Penalty Law, Art. 67")),
        _p("reconsideration",
           pgettext_lazy("statutory period", "Application for administrative reconsideration"), 60, C,
           _("Administrative Reconsideration Law, Art. 20")),
        _p("lawsuit", pgettext_lazy("statutory period", "Administrative lawsuit"), 6, C,
           _("Administrative Litigation Law, Art. 46"), Unit.MONTH),
        _p("lawsuit_demolition",
           pgettext_lazy("statutory period", "Lawsuit against an order to demolish within a time limit"), 15, C,
           _("Land Administration Law, Art. 83")),
        # 公告 before the township demolishes (行政强制法 第四十四条: "予以公告，限期当事人自行拆除"): the law
        # sets no number; the days the 公告 gives, in calendar days, from its publication (part g3).
        _p("announcement", pgettext_lazy("statutory period", "Time limit an announcement gives to demolish"), 0, C,
           _("the days the announcement gives; Administrative Coercion Law, Art. 44")),
        # Deemed served 30 days after the announcement (民事诉讼法 第九十五条; 60 before the 2021 amendment).
        _p("public_service", pgettext_lazy("statutory period", "Service by public announcement deemed made"), 30, C,
           _("Civil Procedure Law, Art. 95")),
        # A patrol finding (线索) handled — registered as a case or dismissed — within 3 working days
        # of its report: the township's own working rule for its reminders (reminders/kinds.py),
        # not a statutory period.
        _p("finding", pgettext_lazy("statutory period", "Handling a patrol finding"), 3, W,
           _("the township's working rule for findings")),
        # 2 years from the act, or from its end for a continuing act (行政处罚法 第三十六条).
        _p("limitation", pgettext_lazy("statutory period", "Limitation period for a penalty"), 2, C,
           _("Administrative Penalty Law, Art. 36"),
           Unit.YEAR),
        # Confiscated buildings handed to the government or its designated department "于九十日内"
        # of the decision taking effect, i.e. its service (土地管理法实施条例 2021 第五十八条).
        _p("confiscation_handover",
           pgettext_lazy("statutory period", "Hand-over of confiscated buildings"), 90, C,
           _("Regulations for the Implementation of the Land Administration Law, Art. 58")),
        # 公示 (cases/publicity.py). 国办发〔2018〕118号 (加强事后公开): "行政许可、行政处罚的执法决定信息要在
        # 执法决定作出之日起7个工作日内公开" — working days, from the day the decision is made.
        _p("publication", pgettext_lazy("statutory period", "Publication of a penalty decision"), 7, W,
           _("General Office of the State Council Guideline [2018] No. 118; Administrative Penalty Law, Art. 48")),
        # 行政处罚法 第四十八条第二款 (办法 第三十九条第二款 alike): a published decision "被依法变更、撤销、确认违法
        # 或者确认无效的，行政机关应当在三日内撤回行政处罚决定信息并公开说明理由"; "三日" = working days (第八十五条).
        _p("publication_withdrawal",
           pgettext_lazy("statutory period", "Withdrawal of a published penalty decision"), 3, W,
           _("Administrative Penalty Law, Arts. 48 and 85; Natural Resources Administrative Penalty Measures, "
             "Art. 39")),
    )
}

"""The demo's public reports (举报): four reports of 丰乐镇 sent through the public page, each at a
stage the office meets: one accepted into a case and answered, one dismissed and answered, one
received yesterday, and one nobody has touched for more than three working days (it escalates).

Runs after the cases and patrols steps; idempotent (the township's reports are made once). Every
report goes through ``reports.services`` under ``demo_clock``, as the public page and the office
would have made it on its day.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from landwatch.demo import demo_clock, load_day
from territory.models import ResponsibilityUnit

from . import services
from .models import PublicReport
from .selectors import untouched_since

User = get_user_model()
DAY = datetime.timedelta(days=1)

# (days ago sent, village index or None, what, place, name, phone, outcome); ``None`` days: long
# enough ago that the report is untouched today whatever the holidays (``selectors.untouched_since``).
REPORTS = [
    (9, 2, "河边新打了两处地基，正在砌墙，没看到公示牌。", "村南河堤下", "", "",
     ("case", "河堤下未批先建案", "刘长贵", "180", "您反映的问题已立案查处，感谢您的监督。")),
    (6, 4, "有人在田里挖塘养鱼，挖掘机干了两天。", "村西机耕路尽头", "陈女士", "13700001111",
     ("dismiss", "经核实为已批准的设施农业用地，手续齐全。",
      "经现场核实，该处为依法批准的设施农业用地，不属于违法用地。感谢您的关心。")),
    (None, None, "镇东工业园外侧有一片地被围起来堆钢材。", "镇东工业园外侧", "", "", None),
    (1, 1, "村口晒谷场上在搭彩钢棚，面积不小。", "村口晒谷场", "", "13811112222", None),
]


def load_reports(stdout=None) -> dict:
    from cases.services import find_or_create_party, register_case_from_finding

    town = ResponsibilityUnit.objects.filter(code="T01").first()
    office = User.objects.filter(username="office").first()
    if town is None or office is None:
        return {}
    if PublicReport.objects.filter(township=town).exists():
        return {"reports": 0}
    villages = list(ResponsibilityUnit.objects.filter(code__startswith="T01-V").order_by("code"))
    lines = []
    with transaction.atomic():
        for days, index, what, place, name, phone, outcome in REPORTS:
            sent_on = load_day() - days * DAY if days is not None else untouched_since(load_day()) - 2 * DAY
            village = villages[index] if index is not None and index < len(villages) else None
            with demo_clock(sent_on, hour=8):
                report, code = services.submit_report(
                    township=town, village=village, what=what, place_text=place, reporter_name=name,
                    reporter_phone=phone, sender_address=f"demo-{sent_on}",
                    latitude=village.latitude if village else None, longitude=village.longitude if village else None)
            lines.append(f"report {report.receipt}, check code {code}")
            if outcome is None:
                continue
            with demo_clock(sent_on + DAY, hour=10):
                if outcome[0] == "case":
                    _kind, title, party_name, area, reply = outcome
                    finding = services.accept_report(report, by=office, category="village_construction")
                    party = find_or_create_party(by=office, township=town, name=party_name)
                    register_case_from_finding(finding, by=office, title=title, party=party, area_m2=Decimal(area),
                                               source="report")
                else:
                    _kind, reason, reply = outcome
                    services.dismiss_report(report, by=office, reason=reason)
                services.reply_to_report(report, by=office, reply=reply)
    if stdout is not None:
        stdout.write(f"    {len(REPORTS)} public reports (the status page opens with these): " + "; ".join(lines))
    return {"reports": len(REPORTS)}

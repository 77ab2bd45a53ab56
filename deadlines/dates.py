"""Dates the law or the plan counts: one place, so a rule about counting changes once.

A period runs from the act that starts it (the date a document was served, not the date the
service was recorded), and "today" is the local date in Asia/Shanghai (settings.TIME_ZONE).
How a period is counted is ``deadlines.clock``'s; there is no other date arithmetic on deadlines.
"""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    """The township's date now (Asia/Shanghai), the day a deadline is judged against."""
    return timezone.localdate()


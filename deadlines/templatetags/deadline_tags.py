"""``{% deadline_shown date basis %}``: the one way a deadline is shown, with how it was counted.

``basis`` is what the document or case stored (``Deadline.as_json``) or a ``Deadline``; the
basis is the element's hover text, and with ``detail=True`` it is also written under the date
(a phone has no hover). A deadline counted through a year without a holiday table is marked
uncertain. A date set by hand (no basis) is shown as it is.
"""

import datetime

from django import template

from deadlines.clock import Deadline

register = template.Library()


@register.inclusion_tag("deadlines/_deadline.html")
def deadline_shown(date: datetime.date | None, basis: dict | Deadline | None = None, *, detail: bool = False,
                   format: str = "DATE_FORMAT") -> dict:
    counted = basis if isinstance(basis, Deadline) else Deadline.from_json(date, basis or {})
    return {"date": date, "counted": counted, "detail": detail, "format": format}

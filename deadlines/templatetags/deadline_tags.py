"""``{% deadline_shown date basis %}``: the one way a deadline is shown, with how it was counted.

``{% deadline_basis date basis %}`` writes the basis alone on a line, for a page whose date
line goes on after the date (the case page's "days left").

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
    return {"date": date, "counted": _counted(date, basis), "detail": detail, "format": format}


@register.inclusion_tag("deadlines/_deadline_basis.html")
def deadline_basis(date: datetime.date | None, basis: dict | Deadline | None = None) -> dict:
    """The basis alone, as a line of its own: for a page whose date line goes on after the date."""
    return {"counted": _counted(date, basis)}


def _counted(date, basis) -> Deadline | None:
    return basis if isinstance(basis, Deadline) else Deadline.from_json(date, basis or {})

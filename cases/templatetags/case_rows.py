"""``{% case_row case can_assign %}``: one row of the case list's table (``cases/_case_rows.html``).

Written here rather than in the template: the list draws fifty rows on every page, and every
committed case write in a township draws its lists again. Through the template engine the
rows took 10 of the county list's 37 ms from nothing, most of it looking up 33 variables a
row; this writes the same markup, every value escaped as the template escapes it
(tests/cases/test_case_rows.py holds them to the cells, the classes and the escaping).
"""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from deadlines.templatetags.deadline_tags import deadline_shown
from landwatch.templatetags.quantities import number

from .case_badges import status_badge

register = template.Library()


def _text(value) -> str:
    """A value as ``{{ value }}`` writes it: its text, escaped (&, <, >, " and ')."""
    return escape(str(value))


@register.simple_tag
def case_row(case, can_assign: bool) -> SafeString:
    """The ``<tr>`` of a case: number and title (links to its page), party and place, village,
    category, status badges, deadline with the days left or overdue, assignee, area."""
    url = case.get_absolute_url()
    number_text = _text(case.number)
    overdue = case.is_overdue
    row_class = "table-danger" if overdue else "table-warning" if case.is_due_soon else ""
    check = ""
    if can_assign:
        box = (f'<input type="checkbox" class="form-check-input" name="cases" value="{case.pk}" form="bulk-assign" '
               f'aria-label="{number_text}">') if case.is_open else ""
        check = f'<td class="d-print-none">{box}</td>'
    assignee = case.assignee
    who = _text(assignee.get_full_name() or assignee.username) if assignee else None
    village = _text(case.village.name)
    if case.deadline:
        due = deadline_shown(case.deadline, case.deadline_basis, format="SHORT_DATE_FORMAT")
        days_left = case.days_left
        if days_left is not None:
            if overdue:
                days = case.days_overdue
                text = ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": localize(days)}
            else:
                text = ngettext("%(days)s day left", "%(days)s days left", days_left) % {"days": localize(days_left)}
            marked = "text-danger fw-semibold" if overdue else "text-muted"
            due += mark_safe(f'<div class="small {marked}">{text}</div>')
    else:
        due = "—"
    return mark_safe(
        f'<tr class="{row_class}" data-case="{number_text}">{check}'
        f'<td class="text-nowrap"><a href="{url}">{number_text}</a></td>'
        f'<td class="case-title-cell"><a href="{url}" class="fw-semibold text-body">{_text(case.title)}</a>'
        f'<div class="small text-muted">{_text(case.party.name)} · {_text(case.location_text)}</div>'
        f'<div class="small text-muted d-md-none">{village}{f" · {who}" if who else ""}</div></td>'
        f'<td class="d-none d-md-table-cell text-nowrap">{village}</td>'
        f'<td class="d-none d-lg-table-cell small">{_text(case.get_category_display())}</td>'
        f"<td>{status_badge(case)}</td>"
        f'<td class="text-nowrap">{due}</td>'
        f'<td class="d-none d-md-table-cell text-nowrap">{who or "—"}</td>'
        f'<td class="text-end text-nowrap" data-area>{_text(number(case.area_m2, "m2"))}</td></tr>'
    )

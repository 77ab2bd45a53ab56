"""``{% township_row row %}``: one row of the county dashboard's townships side by side (``_body.html``).

Written here rather than in the template, as the case list's rows are (``cases.templatetags.case_rows``):
through the template engine a county's ten rows of fifteen cells took 2.2 of the 4.5 ms its
body took to draw from nothing, most of it looking up each cell's variables. The same markup,
every value escaped as the template escapes it (tests/dashboards/test_township_rows.py).
"""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from landwatch.templatetags.quantities import number

register = template.Library()


def _text(value) -> str:
    """A value as ``{{ value }}`` writes it: localized, its text escaped (&, <, >, " and ')."""
    return escape(str(localize(value)))


def _cell(figure) -> str:
    """A figure's cell: its number, a link to the list it counts where it has one."""
    value = escape(number(figure.value, figure.kind))
    if figure.url:
        value = f'<a href="{escape(figure.url)}" data-figure="{escape(figure.key)}">{value}</a>'
    return f"<td>{value}</td>"


@register.simple_tag
def township_row(row) -> SafeString:
    """The ``<tr>`` of a township (``dashboards.selectors.TownshipRow``): its name, its figures, its
    patrols this week against the plans (red when behind), its findings awaiting registration and
    its land projects with warnings."""
    behind = ' class="text-danger"' if row.patrols_week < row.patrols_planned else ""
    return mark_safe(
        f'<tr data-township="{_text(row.township.pk)}"><th class="text-start">{_text(row.township.name)}</th>'
        + "".join(_cell(figure) for figure in row.figures)
        + f"<td{behind}>{_text(row.patrols_week)} / {_text(row.patrols_planned)}</td>"
        f"<td>{_text(row.findings)}</td><td>{_text(row.projects_warned)}</td></tr>"
    )

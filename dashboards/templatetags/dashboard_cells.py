"""``{% load dashboard_cells %}``: the dashboard's figures and its townships' rows, written in Python.

- ``{% township_row row %}``: one row of the county dashboard's townships side by side;
- ``{% figure_card figure %}``: one figure's card (the headline, the fines, the patches, a
  village's figures on a coordinator's home page).

Written here rather than in templates, as the case list's rows are (``cases.templatetags.case_rows``):
through the template engine a county's ten rows of fifteen cells took 2.2 of the 4.5 ms its
body took to draw from nothing, and its figures' cards, each an included template, 0.8, most of
it looking up each cell's variables. The same markup, every value escaped as the template escapes
it (tests/dashboards/test_dashboard_cells.py).
"""

from html import escape

from django import template
from django.templatetags.l10n import unlocalize
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from landwatch.templatetags.quantities import number, unit

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


@register.simple_tag
def figure_card(figure) -> SafeString:
    """The card of a figure (``dashboards.selectors.Figure``): its label, its number with its unit
    and the "of" it is measured against, its note; a link to the list it counts where it has one,
    red when it alerts. ``data-value`` holds the number unformatted, for the scripts and the tests."""
    alert = " border-danger" if figure.alert else ""
    key = escape(figure.key)
    attributes = f'data-figure="{key}" data-value="{escape(unlocalize(figure.value))}"'
    if figure.url:
        card = (f'<a class="card card-body shadow-sm h-100 text-decoration-none dash-figure{alert}" '
                f'href="{escape(figure.url)}" {attributes}>')
    else:
        card = f'<div class="card card-body shadow-sm h-100 dash-figure{alert}" {attributes}>'
    value = escape(number(figure.value, figure.kind))
    if not figure.is_count:
        value += f'<span class="fs-6 fw-normal ms-1">{escape(unit(figure.kind))}</span>'
    if figure.of is not None:
        value += f'<span class="fs-6 fw-normal text-muted"> / {_text(figure.of)}</span>'
    note = f'<div class="small text-muted" data-note="{key}">{escape(str(figure.note))}</div>' if figure.note else ""
    return mark_safe(
        f'<div class="col-6 col-md-4 col-xl-3">{card}<div class="text-muted small">{escape(str(figure.label))}</div>'
        f'<div class="figure-number{" text-danger" if figure.alert else ""}">{value}</div>{note}'
        f'{"</a>" if figure.url else "</div>"}</div>'
    )

"""The dashboard's cells written in Python (dashboards/templatetags/dashboard_cells.py): a township's
row of the county dashboard (``{% township_row %}``) and a figure's card (``{% figure_card %}``),
their cells, links and marks, and every text escaped.

Nothing escapes a value on the tags' behalf, as the template engine would: the township's name,
entered by the administrator, and a figure's label and note are checked here.
"""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from dashboards.selectors import Figure

from .conftest import EXPECTED_A

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:index")
HOSTILE = "<script>alert('x')</script>&\"镇\""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;&quot;镇&quot;"


def _row(body: str, pk: int) -> str:
    return re.search(rf'<tr data-township="{pk}">.*?</tr>', body, re.S).group(0)


def test_a_townships_name_is_escaped_in_its_row(client, county_user, territory, township_data):
    territory.township.name = HOSTILE
    territory.township.save()
    client.force_login(county_user)
    row = _row(client.get(URL).content.decode(), territory.township.pk)
    assert "<script>" not in row
    assert f'<th class="text-start">{ESCAPED}</th>' in row


def test_a_row_shows_each_figure_linked_to_the_list_it_counts(client, county_user, territory, township_data):
    client.force_login(county_user)
    response = client.get(URL)
    township = next(r for r in response.context["rows"] if r.township.pk == territory.township.pk)
    row = _row(response.content.decode(), territory.township.pk)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    # Its figures in the header's order, then patrols, findings and warned projects.
    assert len(cells) == len(township.figures) + 3
    total = next(i for i, f in enumerate(township.figures) if f.key == "total")
    url = township.figures[total].url.replace("&", "&amp;")
    assert cells[total] == f'<a href="{url}" data-figure="total">{EXPECTED_A["total"]}</a>'
    area = next(i for i, f in enumerate(township.figures) if f.key == "area")
    assert cells[area].endswith(f'>{EXPECTED_A["area"]:.2f}</a>')
    assert cells[-3:] == [f"{township.patrols_week} / {township.patrols_planned}", "2", "1"]


def test_a_township_behind_its_patrol_plans_is_marked(client, county_user, territory, township_data):
    client.force_login(county_user)
    response = client.get(URL)
    body = response.content.decode()
    for township in response.context["rows"]:
        patrols = re.findall(r"<td[^>]*>[^<]*</td>", _row(body, township.township.pk))[-3]
        behind = township.patrols_week < township.patrols_planned
        assert patrols.startswith('<td class="text-danger">') == behind
    assert any(t.patrols_week < t.patrols_planned for t in response.context["rows"])


def _card(body: str, key: str) -> str:
    card = rf'<div class="col-6 col-md-4 col-xl-3">(<a|<div)[^>]*data-figure="{key}".*?</(a|div)></div>'
    return re.search(card, body, re.S).group(0)


def test_a_figures_card_links_to_its_list_with_its_number_unit_and_plan(client, leader, township_data):
    client.force_login(leader)
    response = client.get(URL)
    body = response.content.decode()
    figures = {f.key: f for f in response.context["headline"].figures}
    total = _card(body, "total")
    assert f'href="{figures["total"].url.replace("&", "&amp;")}" data-figure="total" data-value="6">' in total
    assert '<div class="figure-number">6</div>' in total
    assert 'data-note="total">未结案 4 + 已结案 2</div>' in total
    area = _card(body, "area")
    assert 'data-value="1110' in area and '1110.00<span class="fs-6 fw-normal ms-1">平方米</span>' in area
    patrols = _card(body, "patrols_week")
    assert '1<span class="fs-6 fw-normal text-muted"> / 4</span>' in patrols
    overdue = _card(body, "overdue")
    assert "border-danger" in overdue and '<div class="figure-number text-danger">1</div>' in overdue


def test_a_figures_label_and_note_are_escaped_and_a_figure_without_a_list_is_no_link():
    figure = Figure("x", HOSTILE, Decimal("12.5"), kind="m2", note=HOSTILE)
    card = Template("{% load dashboard_cells %}{% figure_card figure %}").render(Context({"figure": figure}))
    assert "<script>" not in card and "<a " not in card
    assert f'<div class="text-muted small">{ESCAPED}</div>' in card
    assert f'data-note="x">{ESCAPED}</div>' in card
    assert 'data-figure="x" data-value="12.5"' in card

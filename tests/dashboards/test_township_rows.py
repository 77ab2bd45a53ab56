"""A township's row of the county dashboard (``{% township_row %}``): its cells, its links, its
patrol mark and its name escaped.

The rows are written in Python (dashboards/templatetags/township_rows.py), not by the template
engine, so nothing escapes a value on their behalf: the township's name, entered by the
administrator, is checked here.
"""

import re

import pytest
from django.urls import reverse

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

"""A row of the case list (``{% case_row %}``): its cells, its marks and every text escaped.

The rows are written in Python (cases/templatetags/case_rows.py), not by the template engine,
so nothing escapes a value on their behalf: each text a user typed is checked here.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from tests.factories import PartyFactory

HOSTILE = "<script>alert('x')</script>&\"quoted\""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;&quot;quoted&quot;"


def _row(body: str, number: str) -> str:
    return re.search(rf'<tr class="[^"]*" data-case="{re.escape(number)}">.*?</tr>', body, re.S).group(0)


@pytest.mark.django_db
def test_every_text_a_user_typed_is_escaped_in_the_row(client, office, officer, case_in, territory):
    officer.first_name, officer.last_name = HOSTILE, ""
    officer.save()
    case = case_in(CaseStatus.NOTIFIED, title=f"标题{HOSTILE}", location_text=f"地块{HOSTILE}",
                   party=PartyFactory(township=territory.township, name=f"当事人{HOSTILE}"))
    client.force_login(office)
    for url in (reverse("cases:list"), reverse("cases:party-detail", args=[case.party_id])):
        body = client.get(url).content.decode()
        row = _row(body, case.number)
        assert "<script>" not in row
        assert f"标题{ESCAPED}</a>" in row
        assert f"当事人{ESCAPED} · 地块{ESCAPED}</div>" in row
        assert f'<td class="d-none d-md-table-cell text-nowrap">{ESCAPED}</td>' in row  # the assignee's column


@pytest.mark.django_db
def test_a_row_shows_its_cells_in_the_columns_order(client, office, officer, case_in, territory):
    case = case_in(CaseStatus.NOTIFIED, deadline=timezone.localdate() + datetime.timedelta(days=20), area_m2=1234.5)
    client.force_login(office)
    row = _row(client.get(reverse("cases:list")).content.decode(), case.number)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert len(cells) == 9  # the office assigns: a checkbox first
    assert f'value="{case.pk}" form="bulk-assign" aria-label="{case.number}"' in cells[0]
    assert f'<a href="/cases/{case.pk}/">{case.number}</a>' == cells[1]
    assert cells[3] == territory.village_a.name
    assert cells[4] == case.get_category_display()
    assert "case-status-notified" in cells[5]
    assert "<time datetime=" in cells[6] and "剩余20天" in cells[6]
    assert cells[7] == officer.get_full_name()
    assert cells[8] == "1234.50"


@pytest.mark.django_db
def test_overdue_and_due_soon_rows_are_marked_and_count_their_days(client, office, case_in):
    today = timezone.localdate()
    late = case_in(CaseStatus.NOTIFIED, deadline=today - datetime.timedelta(days=3))
    soon = case_in(CaseStatus.NOTIFIED, deadline=today)
    closed = case_in(CaseStatus.CLOSED, assignee=None)
    client.force_login(office)
    body = client.get(reverse("cases:list")).content.decode()
    assert _row(body, late.number).startswith(f'<tr class="table-danger" data-case="{late.number}">')
    assert '<div class="small text-danger fw-semibold">逾期3天</div>' in _row(body, late.number)
    assert _row(body, soon.number).startswith(f'<tr class="table-warning" data-case="{soon.number}">')
    assert '<div class="small text-muted">剩余0天</div>' in _row(body, soon.number)
    closed_row = _row(body, closed.number)
    assert closed_row.startswith(f'<tr class="" data-case="{closed.number}">')
    assert 'type="checkbox"' not in closed_row  # only open cases are assigned
    assert closed_row.count(">—</td>") == 2  # no deadline, nobody assigned


@pytest.mark.django_db
def test_an_officer_sees_no_checkbox_column(client, officer, case_in):
    case = case_in(CaseStatus.REGISTERED)
    client.force_login(officer)
    row = _row(client.get(reverse("cases:list")).content.decode(), case.number)
    assert len(re.findall(r"<td[^>]*>", row)) == 8
    assert "checkbox" not in row

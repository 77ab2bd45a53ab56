"""Every 中止 / 恢复调查 of a case, not only the last (自然资源行政处罚办法 第二十七条), is listed with its
day, ground, reason, resumption and notices: on the case page's procedure panel and in the evidence file."""

import io
import zipfile

import pytest
from django.urls import reverse

from cases import procedure
from cases.models import CaseStatus
from documents.models import DocumentKind
from tests.cases.test_penalty_procedure import ago
from tests.cases.test_penalty_suspension_notice import notify

pytestmark = pytest.mark.django_db


def shown(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def twice_suspended(case_in, leader, office):
    """Suspended from 30 to 25 days ago (notices served), and again from 10 days ago, not resumed."""
    case = case_in(CaseStatus.FILED, discovered_on=ago(70), registered_on=ago(60), filed_on=ago(50))
    procedure.suspend_investigation(case, by=leader, ground="force_majeure", reason="台风致现场无法勘验", on=ago(30))
    case.refresh_from_db()
    notify(case, DocumentKind.SUSPENSION_NOTICE, by=office, on=ago(29))
    case.refresh_from_db()
    procedure.resume_investigation(case, by=leader, reason="台风过境，恢复勘验", on=ago(25))
    case.refresh_from_db()
    notify(case, DocumentKind.RESUMPTION_NOTICE, by=office, on=ago(24))
    case.refresh_from_db()
    procedure.suspend_investigation(case, by=leader, ground="accident", reason="当事人突发重病住院", on=ago(10))
    case.refresh_from_db()
    return case


def _cycles(html: str) -> str:
    start = html.index("data-suspension-cycles")
    return html[start:html.index("</ol>", start)] if "</ol>" in html[start:] else html[start:]


def test_the_panel_lists_every_suspension_with_its_ground_and_resumption(client, twice_suspended, office):
    client.force_login(office)
    page = client.get(reverse("cases:detail", args=[twice_suspended.pk])).content.decode()
    cycles = _cycles(page)
    assert cycles.count("data-suspension-cycle=") == 2
    first, second = cycles.split('data-suspension-cycle="2"')
    assert shown(ago(30)) in first and "不可抗力" in first and "台风致现场无法勘验" in first
    assert shown(ago(25)) in first and "台风过境，恢复勘验" in first
    assert shown(ago(29)) in first and shown(ago(24)) in first  # both notices of the first cycle, served
    assert shown(ago(10)) in second and "意外事件" in second and "当事人突发重病住院" in second
    assert "尚未恢复" in second or "Not yet resumed" in second


def test_the_evidence_file_lists_every_suspension(client, twice_suspended, office):
    client.force_login(office)
    response = client.get(reverse("documents:evidence", args=[twice_suspended.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = archive.read("01-index.html").decode()
    table = index[index.index("data-suspension-cycles"):]
    table = table[:table.index("</table>")]
    assert table.count("<tr><td>") == 2
    for text in (shown(ago(30)), "不可抗力", "台风致现场无法勘验", shown(ago(25)), shown(ago(29)), shown(ago(24)),
                 shown(ago(10)), "意外事件", "当事人突发重病住院"):
        assert text in table, text

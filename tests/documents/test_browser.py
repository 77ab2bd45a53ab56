"""The office clerk's journey: draft and issue a rectification notice, print it, record service, download the ledger."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from cases.models import CaseStatus
from documents.models import CaseDocument, DocumentStatus
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_issues_prints_serves_and_downloads_the_ledger(page, live_server, make_case, office, tmp_path):
    case = make_case()
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/documents/case/{case.pk}/")
    page.click("text=制作文书")
    page.click("text=整改通知书")
    page.wait_for_selector("#id_facts")
    assert "三组村道东侧" in page.input_value("#id_location_text")
    page.fill("#id_deadline_days", "20")
    screenshot(page, "documents-draft-form")
    page.click("button:has-text('保存草稿')")
    page.click("button:has-text('签发（编号）')")
    page.wait_for_selector("text=已签发，文号")
    doc = CaseDocument.objects.get(case=case)
    assert doc.status == DocumentStatus.ISSUED

    page.click("a:has-text('打印')")
    page.wait_for_selector(".sheet")
    page.emulate_media(media="print")
    screenshot(page, "documents-print-view")
    assert not page.is_visible(".toolbar")
    assert doc.reference in page.inner_text(".doc-number")
    page.emulate_media(media="screen")
    page.go_back()

    proof = tmp_path / "送达回证.png"
    Image.new("RGB", (300, 200), "white").save(proof)
    page.click("a:has-text('登记送达')")
    page.select_option("#id_method", "direct")
    page.fill("#id_served_on", timezone.localdate().isoformat())
    page.fill("#id_signer", "王经理")
    page.set_input_files("#id_proof", str(proof))
    screenshot(page, "documents-serve-form")
    page.click("button:has-text('登记送达')")
    page.wait_for_selector("text=送达已登记")
    screenshot(page, "documents-served")
    doc.refresh_from_db()
    case.refresh_from_db()
    assert doc.status == DocumentStatus.SERVED and case.status == CaseStatus.NOTIFIED
    assert case.deadline == doc.deadline

    with page.expect_download() as download_info:
        page.evaluate("url => { const a = document.createElement('a'); a.href = url; document.body.appendChild(a); "
                      "a.click(); }", f"{live_server.url}/documents/ledger.xlsx")
    path = download_info.value.path()
    rows = list(load_workbook(io.BytesIO(open(path, "rb").read())).active.iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == case.number)
    assert row[8] == doc.reference and row[9].date() == doc.deadline
    assert page.console_errors == []

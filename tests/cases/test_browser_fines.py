"""The office records a payment of an overdue fine in the browser: the case page's fine panel
(paid, surcharge, outstanding), the payment form, the panel after it.

axe-core (WCAG 2.1 AA) runs on the page and the form at 1366 px and 390 px; the screenshots are
for a person to look at.
"""

import pytest

from cases.fine_models import FinePayment
from deadlines.services import load_shipped
from tests.cases.test_browser_penalty import _axe
from tests.cases.test_fines import ensure_bands, fined
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_office_records_a_payment_of_an_overdue_fine(sized_page, live_server, reviewing, reviewer, leader, office):
    load_shipped([2025, 2026])
    ensure_bands()
    fined(reviewing, reviewer=reviewer, leader=leader, office=office, decided=30, served=30)
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/cases/{reviewing.pk}/")
    panel = page.locator("[data-fine-panel]")
    assert "截至今日加处罚款" in panel.inner_text() and "每日 3%" in panel.inner_text()
    assert not _axe(page), _axe(page)
    screenshot(page, f"fine-case-panel-{size}")
    page.click("[data-action=fine-payment]")
    page.wait_for_selector("#id_amount")
    assert not _axe(page), _axe(page)
    page.fill("#id_amount", "20000")
    page.fill("#id_bank", "农业银行丰乐支行")
    page.fill("#id_receipt_number", "非税0099")
    screenshot(page, f"fine-payment-form-{size}")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-fine-panel]")
    assert FinePayment.objects.filter(fine__case=reviewing, receipt_number="非税0099").exists()
    assert "非税0099" in page.locator("[data-fine-panel]").inner_text()
    screenshot(page, f"fine-case-paid-{size}")

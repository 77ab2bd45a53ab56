"""How a clerk sees a deadline: the date with its basis on the case page, and the missing-year warning."""

import pytest
from django.utils import timezone

from documents import services
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_case_page_shows_the_deadline_with_its_basis(page, live_server, issued, office, case, width):
    services.serve_document(issued, by=office, method="post", served_on=timezone.localdate(), recipient="王经理")
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live_server, "office")
    assert page.is_visible("[data-missing-holidays]")
    screenshot(page, f"deadline-home-warning-{width}")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    basis = page.inner_text("[data-deadline-basis]")
    assert "送达起算" in basis and "待核实" in basis
    assert page.get_attribute("time[data-deadline]", "title") == basis
    screenshot(page, f"deadline-case-page-{width}")
    assert not page.console_errors

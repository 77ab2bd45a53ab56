import pytest

from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_logs_in_and_sees_home(page, live_server, office, territory):
    browser_login(page, live_server, "office")
    assert page.locator("h1").first.inner_text().startswith("您好")
    assert territory.office_unit.name in page.content()
    screenshot(page, "home-office")
    page.click("text=全部村和部门")
    assert territory.village_a.name in page.content()
    screenshot(page, "territory-office")
    page.click(f"text={territory.village_a.name}")
    page.wait_for_url(f"{live_server.url}/patrols/units/{territory.village_a.pk}/")
    assert page.locator("h1").first.inner_text().startswith(territory.village_a.name)
    screenshot(page, "territory-unit-office")
    assert page.console_errors == []


def test_coordinator_home_on_a_phone(phone_page, live_server, coordinator_a, territory):
    browser_login(phone_page, live_server, "coord_a")
    assert territory.village_a.name in phone_page.content()
    screenshot(phone_page, "home-coordinator-phone")

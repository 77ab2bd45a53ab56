"""A coordinator logs a patrol on a phone with a photo and a finding; the office takes it from the queue."""

import re

import pytest
from django.urls import reverse

from patrols.models import FindingStatus, PatrolLog
from tests.conftest import browser_login, screenshot

from .conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_patrol_on_a_phone_then_the_office_queue(
    phone_page, page, live_server, territory, coordinator_a, office, tmp_path
):
    photo = tmp_path / "patrol.png"
    photo.write_bytes(png_bytes((160, 120, 40)))
    evidence = tmp_path / "finding.png"
    evidence.write_bytes(png_bytes((200, 40, 40)))

    from playwright.sync_api import expect

    phone = phone_page
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 30.123456, "longitude": 120.654321, "accuracy": 8})
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login(phone, live_server, "coord_a")
    screenshot(phone, "patrols-phone-home-coordinator")
    phone.click("text=登记巡查")
    phone.wait_for_selector("#patrol-form")
    phone.fill("#id_duration_minutes", "85")
    phone.click("label[for=id_weather_1]")
    phone.fill("#id_route", "村委会—二组—河堤—机耕路")
    phone.set_input_files("#id_photos", str(photo))
    phone.wait_for_selector(".lw-photo-input[data-staged-for=log] .lw-staged img")
    phone.click("[data-gps-add]")
    # expect() polls from Python; wait_for_function's string is eval'd in the page, which the
    # Content-Security-Policy (no unsafe-eval) refuses whenever it has to poll twice.
    expect(phone.locator("input[name=gps_points]")).to_have_value(re.compile(r"30\.123456"))
    phone.click("label[for=id_result_1]")  # suspected violation
    assert phone.is_visible("#finding-section")
    phone.fill("#id_finding-location_text", "二组河堤东侧")
    phone.click("[data-gps-finding]")
    expect(phone.locator("#id_finding-latitude")).not_to_have_value("")
    phone.select_option("#id_finding-suspected_category", "villager_housing")
    phone.click("label[for=id_finding-urgency_1]")
    phone.fill("#id_finding-description", "新打地基约100平方米，未见审批公示牌。")
    phone.set_input_files("#id_finding-photos", str(evidence))
    phone.wait_for_selector(".lw-photo-input[data-staged-for=finding] .lw-staged img")
    screenshot(phone, "patrols-phone-log-form")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/patrols/logs/*/?saved=1")
    screenshot(phone, "patrols-phone-log-saved")
    assert errors == []

    log = PatrolLog.objects.get()
    assert log.village == territory.village_a and log.duration_minutes == 85
    assert log.gps_points and log.gps_points[0]["lat"] == 30.123456
    assert log.photos.count() == 1
    finding = log.findings.get()
    assert finding.photos.count() == 1 and finding.latitude is not None
    # The saved draft was cleared: a new form starts empty.
    phone.goto(f"{live_server.url}{reverse('patrols:log-create')}")
    assert phone.input_value("#id_route") == ""

    browser_login(page, live_server, "office")
    screenshot(page, "patrols-office-home")
    page.goto(f"{live_server.url}{reverse('patrols:finding-list')}")
    assert "二组河堤东侧" in page.content()
    screenshot(page, "patrols-office-finding-queue")
    page.click("text=二组河堤东侧")
    page.wait_for_url(f"**{finding.get_absolute_url()}")
    screenshot(page, "patrols-office-finding-detail")
    page.click("a:has-text('登记为案件')")
    page.wait_for_load_state()
    screenshot(page, "patrols-office-register-form")
    page.fill("#id_party_name", "甲一村村民某某")
    page.fill("#id_area_m2", "100")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/cases/**")
    screenshot(page, "patrols-office-registered")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REGISTERED
    page.goto(f"{live_server.url}{finding.get_absolute_url()}")
    assert page.locator("[data-case-link]").count() == 1
    screenshot(page, "patrols-office-finding-registered")

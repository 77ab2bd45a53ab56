"""The case detail page shows a pin on a small Leaflet map when the case has coordinates."""

import re
from decimal import Decimal

import pytest

from cases.models import CaseStatus
from tests.conftest import browser_login, screenshot

TILES = "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=test&x={x}&y={y}&l={z}"


@pytest.mark.django_db
def test_no_map_without_coordinates(client, case, office):
    client.force_login(office)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "data-case-map" not in html and "leaflet.js" not in html


@pytest.mark.django_db
def test_map_data_travels_in_data_attributes_not_inline_script(client, case_in, office, settings):
    settings.LANDWATCH_MAP_TILE_URL = TILES
    settings.LANDWATCH_MAP_ATTRIBUTION = "天地图"
    case = case_in(latitude=Decimal("30.123456"), longitude=Decimal("120.654321"))
    client.force_login(office)
    response = client.get(case.get_absolute_url())
    html = response.content.decode()
    assert 'data-lat="30.123456"' in html and 'data-lng="120.654321"' in html
    assert 'data-tile-url="https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=test&amp;x={x}&amp;y={y}&amp;l={z}"' in html
    assert 'data-attribution="天地图"' in html
    assert "cases/case_map.js" in html and "vendor/leaflet/leaflet.js" in html
    # Every script is a file: the CSP (script-src 'self') would block inline code.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "script-src 'self'" in response.headers.get("Content-Security-Policy", "script-src 'self'")


@pytest.mark.django_db
def test_without_tiles_the_coordinates_are_written_beside_the_pin(client, case_in, coordinator_a, settings):
    settings.LANDWATCH_MAP_TILE_URL = ""
    case = case_in(latitude=Decimal("30.5"), longitude=Decimal("120.25"))
    client.force_login(coordinator_a)
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'data-tile-url=""' in html and "case-map-blank" in html
    coordinates = html[html.index("data-coordinates"):]
    assert "30.500000" in coordinates and "120.250000" in coordinates


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pin_on_the_detail_page_at_laptop_and_phone_width(page, phone_page, live_server, territory, office,
                                                          officer, settings):
    from tests.factories import PartyFactory, ViolationCaseFactory

    settings.LANDWATCH_MAP_TILE_URL = ""  # no tile server in tests: the plain background
    case = ViolationCaseFactory(
        village=territory.village_a, party=PartyFactory(township=territory.township, name="钱塘物资有限公司"),
        title="钱塘物资有限公司非法占用耕地案", location_text="杨柳山村二组老砖厂东侧", status=CaseStatus.REGISTERED,
        latitude=Decimal("30.123456"), longitude=Decimal("120.654321"), created_by=office, assignee=officer,
        category="commercial", area_m2=Decimal("2300"), farmland_area_m2=Decimal("1800"),
    )
    for p, name in ((page, "cases-map-detail-1280"), (phone_page, "cases-map-detail-390")):
        errors: list[str] = []
        p.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        p.set_default_timeout(120_000)  # a loaded CI box serves the first pages slowly
        browser_login(p, live_server, "office")
        p.goto(f"{live_server.url}{case.get_absolute_url()}")
        p.wait_for_selector("[data-case-map] .case-map-pin")
        box = p.locator("[data-case-map]").bounding_box()
        pin = p.locator("[data-case-map] .case-map-pin-head").bounding_box()
        assert box["width"] > 200 and box["height"] >= 180
        # The pin stands near the middle of the map (the map is centred on the case).
        assert abs(pin["x"] + pin["width"] / 2 - (box["x"] + box["width"] / 2)) < 20
        assert p.is_visible("[data-coordinates]") and "30.123456" in p.inner_text("[data-coordinates]")
        p.locator("[data-map-section]").scroll_into_view_if_needed()
        screenshot(p, name)
        assert errors == []

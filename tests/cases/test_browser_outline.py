"""The office draws a case's outline on a phone by tapping its corners, and the case page measures it."""

import pytest

from cases.models import CaseShape
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draw_an_outline_by_tapping_corners_on_a_phone(phone_page, live_server, case_in, office):
    from decimal import Decimal

    from playwright.sync_api import expect

    case = case_in(latitude=Decimal("30.200000"), longitude=Decimal("120.100000"))
    phone = phone_page
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login(phone, live_server, "office")
    phone.goto(f"{live_server.url}/cases/{case.pk}/outline/")
    box = phone.locator("#outline-map").bounding_box()
    for dx, dy in ((-60, -40), (60, -40), (70, 50), (-50, 60)):
        phone.locator("#outline-map").tap(position={"x": box["width"] / 2 + dx, "y": box["height"] / 2 + dy})
    expect(phone.locator("#outline-map")).to_have_attribute("data-corners", "4")
    phone.click("[data-outline-undo]")
    expect(phone.locator("#outline-map")).to_have_attribute("data-corners", "3")
    phone.locator("#outline-map").tap(position={"x": box["width"] / 2 - 50, "y": box["height"] / 2 + 60})
    screenshot(phone, "cases-phone-outline")
    phone.click("[data-outline-form] button[type=submit]")
    expect(phone.locator("[data-outline-areas]")).to_be_visible()
    assert not errors, errors
    outline = CaseShape.objects.get(case=case)
    assert outline.shape.geom_type == "Polygon" and len(outline.shape.exterior.coords) == 5

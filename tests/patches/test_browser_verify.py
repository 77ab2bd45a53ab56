"""A coordinator verifies a 卫片 patch on a phone: the patch on the map, their position, a photo, the
judgement; the office confirms it at its desk."""

import pytest
from pyproj import Transformer

from patches.models import PatchStatus
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_verify_a_patch_on_a_phone_then_the_office_confirms(phone_page, page, live_server, coordinator_b, office,
                                                           patch, tmp_path):
    from playwright.sync_api import expect

    from .conftest import jpeg

    lon, lat = Transformer.from_crs(4549, 4326, always_xy=True).transform(500150, 3340150)  # inside the patch
    photo = tmp_path / "field.jpg"
    photo.write_bytes(jpeg().read())  # no EXIF position: the phone's is sent with it

    phone = phone_page
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 5})
    browser_login(phone, live_server, "coord_b")
    phone.goto(f"{live_server.url}{patch.get_absolute_url()}")
    expect(phone.locator("[data-position-status]")).to_have_text("您在图斑范围内。")
    expect(phone.locator("#patch-map path.leaflet-interactive").first).to_be_visible()
    expect(phone.locator("input[name=latitude]")).not_to_have_value("")
    screenshot(phone, "patches-phone-verify")
    phone.set_input_files("#id_photo", str(photo))
    phone.click("[data-photo-form] button[type=submit]")
    expect(phone.locator("#photos [data-photo]")).to_have_count(1)
    expect(phone.locator("#photos [data-photo]")).to_contain_text("在图斑范围内拍摄")
    phone.click("label[for=id_judgement_1]")  # 违法
    phone.fill("#id_basis", "新建砖混厂房，未见用地批准手续")
    phone.click("#judge button[type=submit]")
    expect(phone.locator("[data-status]")).to_have_text("待确认")
    assert not errors, errors

    patch.refresh_from_db()
    photo_row = patch.photos.get()
    assert patch.status == PatchStatus.JUDGED and patch.judged_by == coordinator_b
    assert photo_row.position_source == "device" and photo_row.distance_m == 0

    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{patch.get_absolute_url()}")
    page.click("[data-action=confirm]")
    expect(page.locator("[data-status]")).to_have_text("已确认")
    expect(page.locator("[data-action=register]")).to_be_visible()
    screenshot(page, "patches-desk-confirmed")

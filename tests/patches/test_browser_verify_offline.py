"""A 卫片 patch verified in the fields without a signal (issue 24), in Chromium with the network cut
(Playwright's offline mode): the coordinator keeps the batch's patches to verify on the phone from
the batch page; without a signal a kept patch opens with its polygon and the village's boundary on
the map; the photo and the judgement go to the phone's queue, survive a reload, and are recorded
once, in that order, when the network is back: the photo with the time the phone took it, the
judgement with the time it was filed. One that
meets a patch judged meanwhile is refused, and the panel says why."""

import datetime
import os

import pytest
from django.utils import timezone
from pyproj import Transformer

from patches.models import Judgement, PatchStatus
from tests.conftest import browser_login, screenshot

from .conftest import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verify_offline(phone, live_server, patch, tmp_path, taken: datetime.datetime):
    """Logged in as village B's coordinator, the batch's patches kept, the network cut: the patch
    opened from the phone, a photo and a judgement filed, both in the queue."""
    from playwright.sync_api import expect

    lon, lat = Transformer.from_crs(4549, 4326, always_xy=True).transform(500150, 3340150)  # inside the patch
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 5})
    photo = tmp_path / "field.jpg"
    photo.write_bytes(jpeg().read())
    os.utime(photo, (taken.timestamp(), taken.timestamp()))  # when the phone's camera made it
    browser_login(phone, live_server, "coord_b")
    phone.goto(f"{live_server.url}{patch.batch.get_absolute_url()}")
    phone.click("[data-keep]")
    expect(phone.locator("[data-keep-status]")).to_have_text("已在本机保存 1 个（共 1 个）。", timeout=15000)
    screenshot(phone, "patches-phone-keep")

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}{patch.get_absolute_url()}")  # no network: the kept page opens
    expect(phone.locator("#patch-map path.leaflet-interactive").first).to_be_visible()
    expect(phone.locator("[data-position-status]")).to_have_text("您在图斑范围内。")
    expect(phone.locator("input[name=latitude]")).not_to_have_value("")
    phone.set_input_files("#id_photo", str(photo))
    phone.click("[data-photo-form] button[type=submit]")
    expect(phone.locator("[data-photo-form] [data-offline-msg]")).to_contain_text("联网后自动添加")
    phone.click("label[for=id_judgement_1]")  # 违法
    phone.fill("#id_basis", "新建砖混厂房，未见用地批准手续")
    phone.click("#judge button[type=submit]")
    expect(phone.locator("#judge [data-offline-msg]")).to_contain_text("联网后")
    expect(phone.locator("[data-queue-item=waiting]")).to_have_count(2)
    phone.reload()  # still without a signal: the queue is on the phone
    expect(phone.locator("[data-queue-item=waiting]")).to_have_count(2)
    assert not patch.photos.exists()


def test_a_patch_verified_without_a_signal_is_recorded_once_when_the_network_is_back(
        phone_page, live_server, coordinator_b, patch, tmp_path):
    from playwright.sync_api import expect

    phone = phone_page
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    taken = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=2)
    _verify_offline(phone, live_server, patch, tmp_path, taken)
    screenshot(phone, "patches-phone-verify-offline")

    back = timezone.now()
    phone.context.set_offline(False)
    expect(phone.locator("[data-queue-item=sent]")).to_have_count(2, timeout=15000)
    patch.refresh_from_db()
    photo = patch.photos.get()
    assert patch.status == PatchStatus.JUDGED and patch.judgement == Judgement.ILLEGAL
    # Judged when it was filed in the field, not when the network came back.
    assert patch.judged_at < back < patch.events.get(kind="judged").at
    assert patch.judged_by == coordinator_b and patch.basis == "新建砖混厂房，未见用地批准手续"
    assert photo.position_source == "device" and photo.distance_m == 0
    assert abs((photo.taken_at - taken).total_seconds()) < 1
    phone.reload()  # sent again by a page that opens: nothing more
    expect(phone.locator("[data-queue-item=sent]")).to_have_count(2)
    assert patch.photos.count() == 1 and patch.events.filter(kind="judged").count() == 1
    assert errors == []


def test_a_patch_judged_by_someone_else_meanwhile_refuses_what_the_phone_kept(
        phone_page, live_server, coordinator_b, officer, patch, tmp_path):
    from playwright.sync_api import expect

    from patches import services

    phone = phone_page
    _verify_offline(phone, live_server, patch, tmp_path, timezone.now() - datetime.timedelta(minutes=30))
    # Meanwhile an officer verified it from the township.
    services.add_photo(patch, jpeg(), by=officer)
    services.judge(patch, by=officer, judgement=Judgement.OTHER, basis="设施农用地，已备案")

    phone.context.set_offline(False)
    expect(phone.locator("[data-queue-item=refused]")).to_have_count(2, timeout=15000)
    expect(phone.locator("[data-queue-panel]")).to_contain_text("该图斑当前为")
    screenshot(phone, "patches-phone-refused")
    patch.refresh_from_db()
    assert patch.judged_by == officer and patch.photos.count() == 1

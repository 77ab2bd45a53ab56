"""A patrol filed without a signal (issue 24), in Chromium with the network cut (Playwright's offline
mode): the log form, opened once with a signal, opens again without one; the log with two photos
and a finding goes to the phone's queue; the queue is still there after a reload without a
signal; once the network is back it is sent, and the server holds exactly one log, one finding
and two photos, with the times the phone gave them. The same with a session that lapsed while
the phone was offline: the record waits for its user to log in again, then goes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.models import PatrolFinding, PatrolLog, PatrolPhoto
from tests.conftest import browser_login, screenshot

from .conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def keep_page(phone, url: str) -> str:
    """A field page opened with a signal, and kept by the service worker."""
    from playwright.sync_api import expect

    phone.goto(url)
    expect(phone.locator("html")).to_have_attribute("data-offline-ready", "1", timeout=15000)
    # The worker keeps the page once it controls it: a second load goes through it.
    phone.reload()
    expect(phone.locator("html")).to_have_attribute("data-offline-ready", "1", timeout=15000)
    phone.wait_for_timeout(500)  # the page's copy is written behind the answer
    return url


def _open_kept(phone, live_server, territory):
    """The log form of village A, kept."""
    return keep_page(phone, f"{live_server.url}{reverse('patrols:log-create')}?village={territory.village_a.pk}")


def _filed_offline(phone, live_server, territory, tmp_path, route: str) -> str:
    """Logged in as the coordinator, the form kept, the network cut: one log filed, in the queue."""
    browser_login(phone, live_server, "coord_a")
    url = _open_kept(phone, live_server, territory)
    phone.context.set_offline(True)
    phone.goto(url)  # no network: the kept page opens
    _file_offline(phone, tmp_path, route)
    return url


def _file_offline(phone, tmp_path, route: str, waiting: int = 1):
    from playwright.sync_api import expect

    first, second = tmp_path / "north.png", tmp_path / "east.png"
    first.write_bytes(png_bytes((160, 120, 40)))
    second.write_bytes(png_bytes((40, 120, 160)))
    phone.fill("#id_duration_minutes", "75")
    phone.fill("#id_route", route)
    phone.set_input_files("#id_photos", [str(first), str(second)])
    phone.click("label[for=id_result_1]")  # suspected violation
    phone.fill("#id_finding-location_text", "二组河堤东侧")
    phone.select_option("#id_finding-suspected_category", "villager_housing")
    phone.click("label[for=id_finding-urgency_1]")
    phone.fill("#id_finding-description", "新打地基约100平方米。")
    phone.click("button[type=submit]")
    expect(phone.locator("[data-offline-msg]")).to_contain_text("联网后自动发送")
    expect(phone.locator("[data-queue-item=waiting]")).to_have_count(waiting)


def test_a_log_filed_without_a_signal_reaches_the_server_once(phone_page, live_server, territory, coordinator_a,
                                                               tmp_path):
    from playwright.sync_api import expect

    phone = phone_page
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login(phone, live_server, "coord_a")
    url = _open_kept(phone, live_server, territory)

    phone.context.set_offline(True)
    phone.goto(url)  # no network: the kept page opens
    expect(phone.locator("#patrol-form")).to_be_visible()
    _file_offline(phone, tmp_path, "村委会—二组—河堤")
    screenshot(phone, "patrols-offline-queued")
    assert not PatrolLog.objects.exists()

    phone.reload()  # still without a signal: the queue is on the phone
    expect(phone.locator("[data-queue-item=waiting]")).to_have_count(1)
    expect(phone.locator("[data-queue-panel]")).to_contain_text("等待联网")

    back = timezone.now()
    phone.context.set_offline(False)  # the browser says "online": the queue is sent
    expect(phone.locator("[data-queue-item=sent]")).to_have_count(1, timeout=15000)
    screenshot(phone, "patrols-offline-sent")
    log = PatrolLog.objects.get()
    assert log.route == "村委会—二组—河堤" and log.created_by == coordinator_a
    assert PatrolFinding.objects.get().log == log
    assert PatrolFinding.objects.get().reported_at < back  # found when it was filed, not when it arrived
    photos = list(PatrolPhoto.objects.order_by("pk"))
    assert len(photos) == 2 and {p.log_id for p in photos} == {log.pk}
    now = timezone.now()
    assert all(p.taken_at is not None and now - datetime.timedelta(minutes=10) < p.taken_at <= now for p in photos)

    # Sent again (the phone missed the answer and retries): still one of each.
    phone.evaluate("window.LWQueue.send()")
    phone.reload()
    assert PatrolLog.objects.count() == 1 and PatrolPhoto.objects.count() == 2
    phone.click("[data-queue-item=sent] a")
    phone.wait_for_url(f"**{log.get_absolute_url()}")
    assert errors == []


def test_a_log_filed_offline_waits_for_its_user_when_the_session_lapsed(phone_page, live_server, territory,
                                                                        coordinator_a, tmp_path):
    from playwright.sync_api import expect

    phone = phone_page
    _filed_offline(phone, live_server, territory, tmp_path, "机耕路")

    phone.context.clear_cookies()  # the session lapsed while the phone was offline
    phone.context.set_offline(False)
    phone.wait_for_timeout(1000)
    assert not PatrolLog.objects.exists()
    expect(phone.locator("[data-queue-panel]")).to_contain_text("请重新登录后发送")

    browser_login(phone, live_server, "coord_a")  # the home page sends what waited
    expect(phone.locator("[data-queue-item=sent]")).to_have_count(1, timeout=15000)
    assert PatrolLog.objects.get().route == "机耕路" and PatrolPhoto.objects.count() == 2


def test_another_user_on_the_phone_does_not_send_someone_elses_log(phone_page, live_server, territory, coordinator_a,
                                                                   office, tmp_path):
    from playwright.sync_api import expect

    phone = phone_page
    _filed_offline(phone, live_server, territory, tmp_path, "南片")
    phone.context.clear_cookies()
    phone.context.set_offline(False)
    browser_login(phone, live_server, "office")
    expect(phone.locator("[data-queue-panel]")).to_contain_text("coord_a")
    # Who filed it and when, not what: the village and the log's title stay the filer's.
    expect(phone.locator("[data-queue-panel]")).not_to_contain_text(territory.village_a.name)
    phone.wait_for_timeout(1000)
    assert not PatrolLog.objects.exists()


def test_a_refused_log_shows_its_reason(phone_page, live_server, territory, coordinator_a, tmp_path):
    """A log the server refuses (here: its village was taken from the coordinator meanwhile) stays on
    the phone with the reason, until the user dismisses it."""
    from playwright.sync_api import expect

    from territory.models import UnitMembership

    phone = phone_page
    _filed_offline(phone, live_server, territory, tmp_path, "东片")
    UnitMembership.objects.filter(user=coordinator_a).delete()
    phone.context.set_offline(False)
    expect(phone.locator("[data-queue-item=refused]")).to_have_count(1, timeout=15000)
    expect(phone.locator("[data-queue-panel]")).to_contain_text("无权")
    screenshot(phone, "patrols-offline-refused")
    assert not PatrolLog.objects.exists()
    phone.click("[data-queue-item=refused] button")
    expect(phone.locator("[data-queue-item]")).to_have_count(0)


def test_a_finding_reported_without_a_signal_reaches_the_office_once(phone_page, live_server, territory,
                                                                     coordinator_a, tmp_path):
    from playwright.sync_api import expect

    phone = phone_page
    browser_login(phone, live_server, "coord_a")
    url = keep_page(phone, f"{live_server.url}{reverse('patrols:finding-create')}?village={territory.village_a.pk}")
    phone.context.set_offline(True)
    phone.goto(url)
    photo = tmp_path / "wall.png"
    photo.write_bytes(png_bytes((90, 60, 30)))
    phone.fill("#id_location_text", "三组路口")
    phone.select_option("#id_suspected_category", "villager_housing")
    phone.fill("#id_description", "新建围墙约30米。")
    phone.set_input_files("#id_photos", str(photo))
    phone.click("button[type=submit]")
    expect(phone.locator("[data-offline-msg]")).to_contain_text("联网后自动发送")
    phone.context.set_offline(False)
    expect(phone.locator("[data-queue-item=sent]")).to_have_count(1, timeout=15000)
    finding = PatrolFinding.objects.get()
    assert finding.log is None and finding.location_text == "三组路口" and finding.photos.count() == 1
    assert finding.photos.get().taken_at is not None


def test_logs_filed_one_after_the_other_offline_are_sent_in_that_order_each_once(
        phone_page, live_server, territory, coordinator_a, tmp_path):
    """The phone keeps its records by key; it sends them in the order they were filed, and the
    second log filed from the same kept page has a key of its own. The photos are the same files
    written again between the logs: the queue keeps a copy of their bytes, not the files (Chromium
    refuses to upload a file changed since it was chosen)."""
    from playwright.sync_api import expect

    phone = phone_page
    _filed_offline(phone, live_server, territory, tmp_path, "上午：东片")
    for waiting, route in ((2, "中午：南片"), (3, "下午：西片")):
        _file_offline(phone, tmp_path, route, waiting=waiting)
    phone.reload()  # the kept page again: a fresh key for the next log
    phone.context.set_offline(False)
    expect(phone.locator("[data-queue-item=sent]")).to_have_count(3, timeout=20000)
    routes = list(PatrolLog.objects.order_by("pk").values_list("route", flat=True))
    assert routes == ["上午：东片", "中午：南片", "下午：西片"]
    assert len(set(PatrolLog.objects.values_list("client_key", flat=True))) == 3
    assert PatrolPhoto.objects.count() == 6


def test_logging_out_forgets_the_kept_pages_but_not_the_queue(phone_page, live_server, territory, coordinator_a,
                                                              office, tmp_path):
    """On a shared phone the next user does not see the last one's kept form; a record still
    waiting stays for its user."""
    from playwright.sync_api import expect

    phone = phone_page
    url = _filed_offline(phone, live_server, territory, tmp_path, "北片")
    phone.context.clear_cookies()  # the session lapsed: the record waits for its user
    phone.context.set_offline(False)
    browser_login(phone, live_server, "office")
    phone.click(".navbar-toggler")  # the menu folds on a phone
    phone.click("text=退出")
    phone.wait_for_timeout(800)
    phone.context.set_offline(True)
    phone.goto(url)
    expect(phone.locator("h1")).to_have_text("无网络信号")  # the offline page, not the kept form
    expect(phone.locator("[data-queue-panel]")).to_contain_text("巡查记录")
    assert not PatrolLog.objects.exists()


"""An anonymous report on a 390 px phone, the office accepting it into a case, the reporter reading the
reply: with no Content-Security-Policy violation and no axe-core (WCAG 2.1 AA) finding on the public pages."""

import re

import pytest

from cases.models import ViolationCase
from reports.models import PublicReport
from tests.conftest import browser_login, screenshot
from tests.landwatch.test_accessibility import _AXE_RUN, _SMALL_TARGETS, AXE, MIN_TARGET, WCAG_TAGS

from .conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


def _axe(page) -> list[str]:
    """axe-core's WCAG 2.1 AA findings, and the form controls smaller than 44 px on the phone."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return [f"{page.url}: {v['id']} {v['help']} {[n['target'] for n in v['nodes']]}"
            for v in page.evaluate(_AXE_RUN, WCAG_TAGS)] + [
        f"{page.url}: small target {t}" for t in page.evaluate(_SMALL_TARGETS, MIN_TARGET)]


def test_a_phone_report_accepted_into_a_case_and_its_reply(browser, page, live_server, territory, office, tmp_path):
    from playwright.sync_api import expect

    photo = tmp_path / "site.png"
    photo.write_bytes(png_bytes((150, 90, 40)))
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.add_init_script(RECORD_VIOLATIONS)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 30.5012, "longitude": 114.3021, "accuracy": 10})
    phone = context.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    findings: list[str] = []
    violations: list[str] = []

    phone.goto(f"{live_server.url}/reports/new/")
    findings += _axe(phone)
    phone.select_option("#id_township", str(territory.township.pk))
    phone.fill("#id_what", "村东头有人在耕地上打地基，约200平方米，晚上也在施工。")
    phone.fill("#id_place_text", "甲一村东头桥边")
    phone.click("[data-locate]")
    expect(phone.locator("input[name=latitude]")).to_have_value(re.compile(r"30\.5012"))
    phone.set_input_files("#id_photos", str(photo))
    phone.fill("#id_reporter_phone", "13912345678")
    screenshot(phone, "reports-phone-form")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/reports/receipt/")
    findings += _axe(phone)
    screenshot(phone, "reports-phone-receipt")
    receipt = phone.inner_text("[data-receipt]").strip()
    code = phone.inner_text("[data-code]").strip()
    violations += phone.evaluate("window.__csp")
    report = PublicReport.objects.get()
    assert report.receipt == receipt and report.latitude is not None and report.photos.count() == 1

    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}/reports/")
    page.click(f"[data-report='{report.pk}']")
    page.check("input[name=into][value=case]")
    page.select_option("#id_village", str(territory.village_a.pk))
    page.select_option("#id_category", "commercial")
    page.fill("#id_title", "甲一村东头耕地建房")
    page.fill("#id_party_name", "李四")
    page.fill("#id_area_m2", "200")
    page.click("[data-accept-form] button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已根据举报登记案件")
    page.fill("#id_reply", "您举报的问题已立案查处，感谢您的监督。")
    page.click("form[action$='/reply/'] button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("答复已保存")
    screenshot(page, "reports-office-detail")
    case = ViolationCase.objects.get()
    assert case.source == "report" and case.source_finding == PublicReport.objects.get().finding

    phone.goto(f"{live_server.url}/reports/status/")
    phone.fill("#id_receipt", receipt)
    phone.fill("#id_code", code)
    phone.click("button[type=submit]")
    expect(phone.locator("[data-report-status]")).to_contain_text("已立案，正在查处")
    expect(phone.locator("[data-reply]")).to_contain_text("感谢您的监督")
    text = phone.inner_text("main")
    assert "李四" not in text and case.number not in text and "办公室职员" not in text
    findings += _axe(phone)
    screenshot(phone, "reports-phone-status")
    violations += phone.evaluate("window.__csp")
    context.close()
    assert errors == [] and violations == [] and findings == []

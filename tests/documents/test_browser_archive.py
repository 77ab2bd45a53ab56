"""The clerk archives a closed case (立卷归档) on a phone and at a desk, and downloads its file."""

import datetime

import pytest
from django.urls import reverse

from documents.models import CaseArchive
from tests.conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "desktop"])
def test_office_archives_a_closed_case_and_downloads_its_file(sized_page, live_server, closed_case, office):
    page = sized_page
    browser_login(page, live_server, "office")
    page.goto(f"{live_server.url}{closed_case.get_absolute_url()}")
    page.click("[data-action=archive]")
    page.wait_for_selector("[data-action=archive-assemble]")
    if page.size_name == "phone":  # touch targets of 44 px
        assert page.locator("[data-action=archive-assemble]").bounding_box()["height"] >= 44
    screenshot(page, f"archive-before-{page.size_name}")
    page.click("[data-action=archive-assemble]")
    page.wait_for_selector("[data-archive-locked]", timeout=60000)
    archive = CaseArchive.objects.get(case=closed_case)
    assert f"共{archive.pdf_pages}页" in page.inner_text("main")
    screenshot(page, f"archive-done-{page.size_name}")
    with page.expect_download() as download:
        page.click("[data-download=pdf]")
    assert download.value.suggested_filename.endswith(".pdf")
    # The case page says the case is locked: its write buttons are gone.
    page.goto(f"{live_server.url}{closed_case.get_absolute_url()}")
    assert "卷宗（已归档，已锁定）" in page.inner_text("main")
    assert page.locator(f"a[href='{reverse('cases:attachment-add', args=[closed_case.pk])}']").count() == 0
    screenshot(page, f"archive-case-{page.size_name}")
    # The index as the PDF prints it (the same HTML WeasyPrint lays out), to look at.
    from django.template.loader import render_to_string

    html = render_to_string("documents/archive_print.html", {
        "part": "index", "case": closed_case, "letterhead": "甲镇人民政府",
        "parts": [type("P", (), {**row, "date": datetime.date.fromisoformat(row["date"]) if row["date"] else None})
                  for row in archive.index]})
    from django.contrib.staticfiles import finders

    page.goto("about:blank")  # outside the site's CSP: the PDF's own stylesheet goes in as WeasyPrint takes it
    page.set_content(html)
    page.add_style_tag(path=finders.find("documents/print.css"))
    screenshot(page, f"archive-index-{page.size_name}")

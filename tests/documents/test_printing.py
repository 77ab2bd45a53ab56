"""The printed page and the PDF carry the township's header, the number and the case's facts."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents import services

pytestmark = pytest.mark.django_db


def test_print_view_has_header_number_facts_deadline_and_seal(client, office, issued):
    services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="x")
    client.force_login(office)
    html = client.get(reverse("documents:print", args=[issued.pk])).content.decode()
    for text in ("甲镇人民政府", issued.reference, "整改通知书", "钱塘物资有限公司", "三组村道东侧", "320.5",
                 "建新不拆旧", "土地管理法", "自本文书送达之日起 15 日内", "（印章）", "documents/print.css"):
        assert text in html, text
    css = (issued.case.village.township and open("static/documents/print.css", encoding="utf-8").read())
    assert "@page" in css and "size: A4" in css and '"Noto Sans CJK SC"' in css.split("font-family:")[1][:30]


def test_letterhead_falls_back_to_the_township_name(client, office, issued, township):
    township.letterhead = ""
    township.save()
    client.force_login(office)
    html = client.get(reverse("documents:print", args=[issued.pk])).content.decode()
    assert '<header class="letterhead">甲镇</header>' in html


def test_a_draft_has_no_print_view(client, office, draft):
    client.force_login(office)
    assert client.get(reverse("documents:print", args=[draft.pk])).status_code == 302


def test_pdf_text_is_real_text(client, office, issued):
    client.force_login(office)
    response = client.get(reverse("documents:pdf", args=[issued.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    for expected in ("钱塘物资有限公司", "甲镇人民政府", "整改通知书", "三组村道东侧", issued.reference):
        assert expected in compact, expected
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)

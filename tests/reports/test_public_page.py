"""The public report page: no account, a receipt and check code, an hourly limit, a honeypot."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import PublicReport, ReportAction, ReportPhoto
from tests.patrols.conftest import png_upload

pytestmark = pytest.mark.django_db


def _form(territory, **extra) -> dict:
    return {"township": territory.township.pk, "village": territory.village_a.pk, "what": "村东头有人挖土建房",
            "place_text": "村东头桥边", "reporter_name": "王五", "reporter_phone": "13800138000", **extra}


def _send(client, data, ip="198.51.100.7", **meta):
    return client.post(reverse("reports:submit"), data, **({"REMOTE_ADDR": ip} | meta))


def test_anyone_sends_a_report_and_gets_a_receipt_and_code(client, territory):
    page = client.get(reverse("reports:submit"))
    assert page.status_code == 200 and "举报" in page.content.decode()
    response = _send(client, _form(territory, photos=[png_upload("a.png"), png_upload("b.png")]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:receipt")
    report = PublicReport.objects.get()
    assert (report.township, report.village, report.status) == (territory.township, territory.village_a, "new")
    assert report.reporter_phone == "13800138000" and report.photos.count() == 2
    assert ReportAction.objects.filter(report=report, kind="received").count() == 1
    receipt = client.get(response["Location"]).content.decode()
    assert report.receipt in receipt
    # The code is shown once: it is stored only as a hash, and a second visit shows nothing.
    code = receipt.split('data-code>')[1].split("<")[0]
    assert code not in str(PublicReport.objects.values_list().get())
    assert client.get(reverse("reports:receipt")).status_code == 302


def test_a_report_without_place_or_pin_is_refused_with_a_message(client, territory):
    response = _send(client, _form(territory, place_text=""))
    assert response.status_code == 200 and "说明地点" in response.content.decode()
    assert not PublicReport.objects.exists()


def test_the_village_is_found_from_the_pin(client, territory):
    territory.village_b.latitude, territory.village_b.longitude = 30.5, 114.3
    territory.village_b.save()
    _send(client, _form(territory, village="", place_text="", latitude="30.501000", longitude="114.301000"))
    assert PublicReport.objects.get().village == territory.village_b


def test_no_village_leaves_the_report_to_the_township_office(client, territory):
    _send(client, _form(territory, village="", latitude="", longitude=""))
    report = PublicReport.objects.get()
    assert report.village is None and report.township == territory.township


def test_the_honeypot_refuses_a_robot(client, territory):
    response = _send(client, _form(territory, website="http://spam.example"))
    assert response.status_code == 200
    assert not PublicReport.objects.exists()


def test_one_address_is_limited_per_hour(client, territory, settings):
    settings.LANDWATCH_REPORTS_PER_HOUR_PER_SENDER = 2
    for _i in range(2):
        assert _send(client, _form(territory, reporter_phone="")).status_code == 302
    refused = _send(client, _form(territory, reporter_phone=""))
    assert refused.status_code == 200 and "稍后再试" in refused.content.decode()
    assert PublicReport.objects.count() == 2
    # Another address is not held back, and the hour passes.
    assert _send(client, _form(territory, reporter_phone=""), ip="198.51.100.8").status_code == 302
    PublicReport.objects.update(submitted_at=timezone.now() - datetime.timedelta(minutes=61))
    assert _send(client, _form(territory, reporter_phone="")).status_code == 302


def test_one_phone_is_limited_per_hour_from_any_address(client, territory, settings):
    settings.LANDWATCH_REPORTS_PER_HOUR_PER_PHONE = 1
    assert _send(client, _form(territory), ip="198.51.100.1").status_code == 302
    refused = _send(client, _form(territory, reporter_phone="138-0013-8000"), ip="198.51.100.2")
    assert refused.status_code == 200 and "手机号" in refused.content.decode()
    assert PublicReport.objects.count() == 1


def test_a_refused_photo_keeps_nothing(client, territory, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = _send(client, _form(territory, photos=[png_upload(), bad]))
    assert response.status_code == 200
    assert not PublicReport.objects.exists() and not ReportPhoto.objects.exists()


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, territory, settings):
    settings.LANDWATCH_REPORTS_PER_HOUR_PER_SENDER = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    # Without a trusted proxy the header is the sender's to write: ignored, all share nginx's address.
    assert _send(client, _form(territory, reporter_phone=""), **{**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
                 ).status_code == 302
    assert _send(client, _form(territory, reporter_phone=""), **{**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
                 ).status_code == 200
    settings.LANDWATCH_TRUSTED_PROXY_HOPS = 1
    assert _send(client, _form(territory, reporter_phone=""), **{**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
                 ).status_code == 302
    # A forged entry on the left does not make a new sender.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.99, 203.0.113.2"}
    assert _send(client, _form(territory, reporter_phone=""), **forged).status_code == 200

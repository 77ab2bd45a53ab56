"""The HTTP SMS gateway against a local fake server (http.server on a free port), and SMS delivery."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from cases.models import CaseStatus
from reminders.models import Contact, InboxItem
from reminders.services import send_reminders
from reminders.sms import HttpGateway, SmsError
from tests.factories import ViolationCaseFactory

from .conftest import MON, day


class FakeSms(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"auth": self.headers["Authorization"], "type": self.headers["Content-Type"],
                                    "path": self.path, "body": json.loads(body)})
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server():
    FakeSms.received, FakeSms.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), FakeSms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms/send"
    server.shutdown()
    server.server_close()


def test_the_gateway_posts_json_with_the_bearer_token(fake_server):
    HttpGateway(url=fake_server, token="secret-token").send("13800000000", "【LandWatch】逾期：2026-00001")
    (request,) = FakeSms.received
    assert request["auth"] == "Bearer secret-token"
    assert request["type"].startswith("application/json")
    assert request["path"] == "/sms/send"
    assert request["body"] == {"to": "13800000000", "text": "【LandWatch】逾期：2026-00001"}


def test_an_error_answer_raises(fake_server):
    FakeSms.status = 500
    with pytest.raises(SmsError, match="HTTP 500"):
        HttpGateway(url=fake_server, token="t").send("13800000000", "x")


def test_no_server_raises():
    with pytest.raises(SmsError):
        HttpGateway(url="http://127.0.0.1:9/", token="t", timeout=2).send("13800000000", "x")


@pytest.mark.django_db
def test_reminders_are_texted_once_through_the_configured_gateway(fake_server, settings, territory, office, officer,
                                                                  holidays):
    settings.LANDWATCH_SMS_GATEWAY = "reminders.sms.HttpGateway"
    settings.LANDWATCH_SMS_URL, settings.LANDWATCH_SMS_TOKEN = fake_server, "tok"
    Contact.objects.create(user=officer, mobile="13900000001")
    case = ViolationCaseFactory(village=territory.village_a, status=CaseStatus.NOTIFIED, deadline=day(10, 5),
                                assignee=officer, created_by=office, discovered_on=day(8, 1))
    assert send_reminders(today=MON).texts == 1
    assert send_reminders(today=MON).texts == 0
    (request,) = FakeSms.received
    assert request["body"]["to"] == "13900000001" and case.number in request["body"]["text"]
    assert InboxItem.objects.get().texted_at is not None


@pytest.mark.django_db
def test_a_failed_sms_is_recorded_not_raised(fake_server, settings, territory, office, officer, holidays):
    settings.LANDWATCH_SMS_GATEWAY = "reminders.sms.HttpGateway"
    settings.LANDWATCH_SMS_URL, settings.LANDWATCH_SMS_TOKEN = fake_server, "tok"
    FakeSms.status = 503
    Contact.objects.create(user=officer, mobile="13900000001")
    ViolationCaseFactory(village=territory.village_a, status=CaseStatus.NOTIFIED, deadline=day(10, 5),
                         assignee=officer, created_by=office, discovered_on=day(8, 1))
    sent = send_reminders(today=MON)
    assert sent.texts == 0 and len(sent.failures) == 1
    assert InboxItem.objects.get().sms_error == "HTTP 503"


@pytest.mark.django_db
def test_without_a_gateway_nothing_is_texted(settings, territory, office, officer, holidays):
    assert settings.LANDWATCH_SMS_GATEWAY == ""
    Contact.objects.create(user=officer, mobile="13900000001")
    ViolationCaseFactory(village=territory.village_a, status=CaseStatus.NOTIFIED, deadline=day(10, 5),
                         assignee=officer, created_by=office, discovered_on=day(8, 1))
    assert send_reminders(today=MON).texts == 0
    assert InboxItem.objects.get().texted_at is None

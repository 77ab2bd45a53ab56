"""A patrol log is received once, however often it is sent (issue 24): the form's key, made when it
was opened (on the server, or on the phone for a log filed offline), is the log's ``client_key``.
A double tap, or the phone's queue sending a log again after its answer was lost, finds the log
already saved and writes nothing: no second log, finding or photo."""

import datetime
import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from patrols.models import PatrolFinding, PatrolLog, PatrolPhoto
from tests.patrols.conftest import png_bytes

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef0123456789abcdef"
QUEUED = {"HTTP_X_LANDWATCH_QUEUE": "1"}


def _photo(name, color):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, png_bytes(color), content_type="image/png")


def _data(territory, key=KEY, **extra):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return {
        "village": str(territory.village_a.pk), "draft_key": key, "patrolled_on": yesterday.isoformat(),
        "started_at": "09:00", "duration_minutes": "60", "route": "东组", "weather": "rain",
        "result": "suspected_violation", "finding-location_text": "东组河滩旁", "finding-latitude": "29.1",
        "finding-longitude": "120.2", "finding-suspected_category": "villager_housing", "finding-urgency": "urgent",
        "finding-description": "新打地基", **extra,
    }


def _send(client, territory, **headers):
    taken = ["2026-12-01T08:15:00+08:00", "2026-12-01T08:16:30+08:00"]
    data = _data(territory, photos=[_photo("a.png", (10, 20, 30)), _photo("b.png", (200, 20, 30))],
                 photos_taken=json.dumps(taken))
    return client.post(reverse("patrols:log-create"), data, **headers)


def test_the_same_log_sent_three_times_is_one_log_one_finding_two_photos(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    answers = [_send(client, territory) for _ in range(3)]
    log = PatrolLog.objects.get()
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert answers[0].url == f"{log.get_absolute_url()}?saved=1"
    assert answers[1].url == answers[2].url == log.get_absolute_url()
    assert log.client_key == KEY
    assert PatrolFinding.objects.count() == 1 and PatrolFinding.objects.get().log == log
    assert PatrolPhoto.objects.count() == 2
    assert set(log.photos.values_list("original_name", flat=True)) == {"a.png", "b.png"}
    page = client.get(answers[1].url).content.decode()
    assert "已收到过这条记录，未重复保存" in page


def test_the_queue_gets_json_sent_then_duplicate_and_the_photos_keep_the_phones_times(client, territory,
                                                                                     coordinator_a):
    client.force_login(coordinator_a)
    first = _send(client, territory, **QUEUED)
    log = PatrolLog.objects.get()
    assert first.status_code == 201 and first.json() == {"status": "sent", "url": log.get_absolute_url()}
    again = _send(client, territory, **QUEUED)
    assert again.status_code == 200 and again.json() == {"status": "duplicate", "url": log.get_absolute_url()}
    times = {p.original_name: p.taken_at for p in log.photos.all()}
    assert times["a.png"] == datetime.datetime(2026, 12, 1, 0, 15, tzinfo=datetime.UTC)
    assert times["b.png"] == datetime.datetime(2026, 12, 1, 0, 16, 30, tzinfo=datetime.UTC)
    assert PatrolLog.objects.count() == 1 and PatrolPhoto.objects.count() == 2


def test_a_refused_log_tells_the_queue_why_and_saves_nothing(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    answer = client.post(reverse("patrols:log-create"), _data(territory, patrolled_on=tomorrow,
                                                            **{"finding-location_text": ""}), **QUEUED)
    assert answer.status_code == 422 and answer.json()["status"] == "refused"
    reasons = answer.json()["reasons"]
    assert any(reason.startswith("巡查日期") for reason in reasons), reasons
    assert any(reason.startswith("位置") for reason in reasons), reasons
    assert not PatrolLog.objects.exists()


def test_a_phone_time_from_the_future_or_garbage_is_not_kept(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    later = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    data = _data(territory, photos=[_photo("a.png", (1, 2, 3)), _photo("b.png", (4, 5, 6))],
                 photos_taken=json.dumps([later, "<script>"]))
    client.post(reverse("patrols:log-create"), data)
    assert list(PatrolPhoto.objects.values_list("taken_at", flat=True)) == [None, None]


def test_the_key_is_the_users_own(client, territory, coordinator_a, office):
    """Another user's log with the same key is that user's log: keys are per user."""
    client.force_login(coordinator_a)
    _send(client, territory)
    client.force_login(office)
    _send(client, territory)
    assert PatrolLog.objects.count() == 2
    assert sorted(PatrolLog.objects.values_list("created_by__username", flat=True)) == sorted(
        [coordinator_a.username, office.username])


def test_a_session_that_expired_is_sent_to_the_login_and_nothing_is_saved(client, territory):
    answer = client.post(reverse("patrols:log-create"), _data(territory), **QUEUED)
    assert answer.status_code == 302 and answer.url.startswith(reverse("login"))
    assert not PatrolLog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_moment_are_one_log_with_two_photos(territory, coordinator_a):
    """The page's retry and the worker's background sync may send the same log together."""
    from django.test import Client

    from tests.together import at_once

    def send():
        client = Client()
        client.force_login(coordinator_a)
        return _send(client, territory, **QUEUED).status_code

    assert sorted(at_once(send)) == [200, 201]
    log = PatrolLog.objects.get()
    assert PatrolFinding.objects.count() == 1 and log.photos.count() == 2 and PatrolPhoto.objects.count() == 2


def _finding(territory, **extra):
    return {"village": str(territory.village_a.pk), "draft_key": KEY, "location_text": "三组路口",
            "suspected_category": "villager_housing", "urgency": "normal", "description": "新建围墙",
            "photos": [_photo("f.png", (90, 90, 90))], **extra}


def test_the_same_finding_sent_three_times_is_one_finding_with_its_photo(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    answers = [client.post(reverse("patrols:finding-create"), _finding(territory), **QUEUED) for _ in range(3)]
    finding = PatrolFinding.objects.get()
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert [a.json()["status"] for a in answers] == ["sent", "duplicate", "duplicate"]
    assert finding.client_key == KEY and finding.photos.count() == 1 and PatrolPhoto.objects.count() == 1


def test_a_finding_for_a_log_withdrawn_meanwhile_is_refused_with_its_reason(client, territory, coordinator_a):
    from patrols.services import withdraw_log

    client.force_login(coordinator_a)
    _send(client, territory)
    log = PatrolLog.objects.get()
    withdraw_log(log, by=coordinator_a, reason="重复填报")
    answer = client.post(reverse("patrols:finding-create"), _finding(territory, log=str(log.pk),
                                                                    draft_key="ab" * 16), **QUEUED)
    assert answer.status_code == 422 and "已被撤回" in answer.json()["reasons"][0]
    assert PatrolFinding.objects.count() == 1  # the log's own, nothing more



def test_a_finding_filed_without_a_signal_was_reported_when_it_was_filed(client, territory, coordinator_a):
    """Its time limit counts from when it was found in the field, not from when the network came back."""
    client.force_login(coordinator_a)
    filed = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=6)
    client.post(reverse("patrols:finding-create"), _finding(territory, filed_at=filed.isoformat()), **QUEUED)
    assert PatrolFinding.objects.get().reported_at == filed
    # The finding of a log filed without a signal too.
    client.post(reverse("patrols:log-create"), _data(territory, key="f" * 32, filed_at=filed.isoformat()), **QUEUED)
    assert PatrolFinding.objects.get(log__isnull=False).reported_at == filed


def test_a_finding_sent_by_the_page_is_reported_when_it_arrives(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    before = timezone.now()
    filed = (before - datetime.timedelta(hours=6)).isoformat()
    client.post(reverse("patrols:finding-create"), _finding(territory, filed_at=filed))  # not the queue's
    client.post(reverse("patrols:finding-create"), _finding(territory, draft_key="e" * 32, filed_at="2099-01-01T00:00"),
                **QUEUED)  # the queue's, with a moment no phone can have
    assert all(f.reported_at >= before for f in PatrolFinding.objects.all())
    assert PatrolFinding.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")
def test_a_photo_being_received_does_not_hold_up_a_write_naming_its_sender(territory, coordinator_a):
    """The photo's send holds its sender's row until it commits, to take one send of a form at a
    time; a write naming the same user (a log filed from another tab, an officer's record) checks
    its foreign key on that row at commit and must not wait for it: with both raising the data
    versions at commit, they deadlocked in the soak."""
    import threading

    from django.db import OperationalError, transaction

    from patrols import services
    from patrols.models import StagedFor
    from tests.factories import PatrolLogFactory

    held, done, outcome = threading.Event(), threading.Event(), []

    def receive_photo():
        try:
            with transaction.atomic():
                services.stage_photo(_photo("a.png", (1, 2, 3)), by=coordinator_a, draft_key=KEY,
                                     staged_for=StagedFor.LOG)
                held.set()
                done.wait(10)  # the sender's row stays locked until this transaction ends
        finally:
            connection.close()

    def write_naming_the_sender():
        try:
            held.wait(10)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                PatrolLogFactory(village=territory.village_a, created_by=coordinator_a)
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys checked now
            outcome.append("written")
        except OperationalError as error:
            outcome.append(f"held up: {error}")
        finally:
            done.set()
            connection.close()

    threads = [threading.Thread(target=receive_photo), threading.Thread(target=write_naming_the_sender)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcome == ["written"]
    assert PatrolPhoto.objects.filter(uploaded_by=coordinator_a).count() == 1

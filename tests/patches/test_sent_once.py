"""A 卫片 patch verified without a signal (issue 24): the photo and the judgement filed on the phone are
sent by its queue and recorded once however often they arrive; one that meets a patch changed
meanwhile is refused with the reason; the photo keeps the time the phone took it. The batch page
lists the pages to keep, and a patch's page carries its village's other patches for the map."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from patches import services
from patches.models import Judgement, PatchEvent, PatchPhoto, PatchStatus
from tests.factories import metre_box

from .conftest import jpeg, load

pytestmark = pytest.mark.django_db

PHOTO_KEY = "0123456789abcdef0123456789abcdef"
JUDGE_KEY = "fedcba9876543210fedcba9876543210"
QUEUED = {"HTTP_X_LANDWATCH_QUEUE": "1"}


def _photo(client, patch, key=PHOTO_KEY, **extra):
    return client.post(reverse("patches:add-photo", args=[patch.pk]),
                       {"photo": jpeg(), "draft_key": key, **extra}, **QUEUED)


def _judge(client, patch, version, key=JUDGE_KEY, **extra):
    return client.post(reverse("patches:judge", args=[patch.pk]), {
        "version": version, "draft_key": key, "judgement": Judgement.ILLEGAL, "basis": "新建厂房，无审批", **extra},
        **QUEUED)


def test_a_photo_and_a_judgement_sent_three_times_are_recorded_once(client, coordinator_b, patch):
    client.force_login(coordinator_b)
    version = patch.version  # as the page kept on the phone showed it
    photos = [_photo(client, patch) for _ in range(3)]
    judgements = [_judge(client, patch, version) for _ in range(3)]
    assert [a.status_code for a in photos] == [201, 200, 200]
    assert [a.json()["status"] for a in photos + judgements] == ["sent", "duplicate", "duplicate"] * 2
    assert photos[0].json()["url"] == f"{patch.get_absolute_url()}#photos"
    assert PatchPhoto.objects.filter(patch=patch).count() == 1
    assert patch.events.filter(kind=PatchEvent.Kind.PHOTO).count() == 1
    assert patch.events.filter(kind=PatchEvent.Kind.JUDGED).count() == 1
    patch.refresh_from_db()
    assert patch.status == PatchStatus.JUDGED and patch.judged_by == coordinator_b
    event = patch.events.get(kind=PatchEvent.Kind.PHOTO)
    assert event.client_key == PHOTO_KEY and event.photo == patch.photos.get()


def test_sent_again_by_hand_the_page_says_it_was_received(client, coordinator_b, patch):
    client.force_login(coordinator_b)
    url = reverse("patches:add-photo", args=[patch.pk])
    first, again = (client.post(url, {"photo": jpeg(), "draft_key": PHOTO_KEY}) for _ in range(2))
    assert first.status_code == again.status_code == 302
    assert patch.photos.count() == 1
    assert "未重复添加" in client.get(again.url).content.decode()


def test_the_photo_keeps_the_time_the_phone_took_it(client, coordinator_b, patch):
    client.force_login(coordinator_b)
    taken = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=5)
    _photo(client, patch, photo_taken=json.dumps([taken.isoformat()]))
    assert patch.photos.get().taken_at == taken
    # A time in the future or garbage is not kept as the photo's.
    for key, sent in (("1" * 32, [(timezone.now() + datetime.timedelta(days=2)).isoformat()]),
                      ("2" * 32, "not json"), ("3" * 32, [17])):
        _photo(client, patch, key=key, photo_taken=sent if isinstance(sent, str) else json.dumps(sent))
        assert PatchPhoto.objects.get(patch=patch, uploaded_by=coordinator_b,
                                      pk=PatchEvent.objects.get(client_key=key).photo_id).taken_at is None


@pytest.fixture
def loaded_this_morning(territory, office, boundaries):
    """A patch of a batch loaded five hours ago."""
    from landwatch.demo import demo_clock

    with demo_clock(timezone.now() - datetime.timedelta(hours=5)):
        return load(territory, office, [({"TBBH": "M1"}, metre_box(500100, 3340100, 100, 100))]).patches.get()


def test_a_judgement_keeps_when_it_was_filed_on_the_phone_apart_from_when_it_arrived(
        client, coordinator_b, loaded_this_morning):
    patch = loaded_this_morning
    client.force_login(coordinator_b)
    version = patch.version
    _photo(client, patch)
    filed = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    assert _judge(client, patch, version, filed_at=filed.isoformat()).status_code == 201
    patch.refresh_from_db()
    arrived = patch.events.get(kind=PatchEvent.Kind.JUDGED).at
    assert patch.judged_at == filed and arrived > filed + datetime.timedelta(hours=2)


@pytest.mark.parametrize("sent", ["garbage", "future", "before the patch was loaded"])
def test_a_filing_time_the_phone_cannot_have_is_not_the_judgement_s(client, coordinator_b, loaded_this_morning, sent):
    patch = loaded_this_morning
    client.force_login(coordinator_b)
    version = patch.version
    _photo(client, patch)
    loaded = patch.events.get(kind=PatchEvent.Kind.LOADED).at
    moment = {"garbage": "yesterday", "future": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
              "before the patch was loaded": (loaded - datetime.timedelta(minutes=1)).isoformat()}
    before = timezone.now()
    _judge(client, patch, version, filed_at=moment[sent])
    patch.refresh_from_db()
    assert patch.judged_at >= before


def test_a_judgement_sent_by_the_page_is_judged_when_it_arrives(client, coordinator_b, patch):
    client.force_login(coordinator_b)
    client.post(reverse("patches:add-photo", args=[patch.pk]), {"photo": jpeg()})
    before = timezone.now()
    client.post(reverse("patches:judge", args=[patch.pk]), {  # no queue header: a filed_at is not read
        "version": patch.version, "judgement": Judgement.ILLEGAL, "basis": "新建厂房",
        "filed_at": (before - datetime.timedelta(hours=3)).isoformat()})
    patch.refresh_from_db()
    assert patch.status == PatchStatus.JUDGED and patch.judged_at >= before


def test_a_judgement_on_a_patch_changed_meanwhile_is_refused_with_its_reason(client, coordinator_b, officer, patch):
    client.force_login(coordinator_b)
    version = patch.version
    _photo(client, patch)
    # Meanwhile an officer judged it from the township.
    services.judge(patch, by=officer, judgement=Judgement.OTHER, basis="设施农用地", expected_version=version)
    answer = _judge(client, patch, version)
    assert answer.status_code == 422 and answer.json()["status"] == "refused"
    assert answer.json()["reasons"] == ["其他人刚刚修改了该图斑，请重新查看。"]
    patch.refresh_from_db()
    assert patch.judged_by == officer and patch.judgement == Judgement.OTHER
    # A photo for a patch no longer being verified is refused too, and kept nowhere.
    late = _photo(client, patch, key="a" * 32)
    assert late.status_code == 422 and late.json()["reasons"]
    assert patch.photos.count() == 1


def test_a_judgement_without_a_photo_is_refused_with_the_reason(client, coordinator_b, patch):
    client.force_login(coordinator_b)
    answer = _judge(client, patch, patch.version)
    assert answer.status_code == 422 and any("照片" in r for r in answer.json()["reasons"])


def test_a_form_that_is_refused_says_every_reason(client, coordinator_b, patch):
    client.force_login(coordinator_b)
    answer = _judge(client, patch, patch.version, judgement=Judgement.LEGAL, basis="")
    assert answer.status_code == 422
    reasons = answer.json()["reasons"]
    assert len(reasons) >= 2 and any("批准文号" in r for r in reasons), reasons


def test_a_key_used_on_another_patch_or_another_step_is_refused(client, territory, office, coordinator_b, patch):
    other = load(territory, office, [({"TBBH": "T10"}, metre_box(500400, 3340400, 50, 50))]).patches.get()
    client.force_login(coordinator_b)
    assert _photo(client, patch).status_code == 201
    answer = _photo(client, other)
    assert answer.status_code == 422 and not other.photos.exists()
    # The photo's key sent with a judgement: not taken for a judgement already recorded.
    answer = _judge(client, patch, patch.version, key=PHOTO_KEY)
    assert answer.status_code == 422 and answer.json()["reasons"] == ["该表单标识已被使用，请重新打开图斑页面。"]
    patch.refresh_from_db()
    assert patch.status == PatchStatus.PENDING


def test_a_user_who_may_no_longer_verify_is_refused(client, coordinator_a, patch):
    client.force_login(coordinator_a)  # village A's coordinator: the patch lies in village B
    answer = _photo(client, patch)
    assert answer.status_code in (403, 404) and not patch.photos.exists()


def test_the_same_key_of_two_users_is_two_photos(client, coordinator_b, officer, patch):
    for user in (coordinator_b, officer):
        client.force_login(user)
        assert _photo(client, patch).status_code == 201
    assert patch.photos.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_moment_are_one_photo(territory, coordinator_b, patch):
    """The page's retry and the worker's background sync may send the same photo together."""
    from django.test import Client

    from tests.together import at_once

    def send():
        client = Client()
        client.force_login(coordinator_b)
        return _photo(client, patch).status_code

    assert sorted(at_once(send)) == [200, 201]
    assert PatchPhoto.objects.count() == 1 and PatchEvent.objects.filter(kind=PatchEvent.Kind.PHOTO).count() == 1


def _keep(client, batch):
    response = client.get(batch.get_absolute_url())
    assert response.status_code == 200
    return response.context["keep"]


def test_the_batch_page_offers_the_patches_to_verify_for_the_phone_to_keep(
        client, territory, office, coordinator_a, coordinator_b, leader, boundaries):
    batch = load(territory, office, [({"TBBH": f"B{i}"}, metre_box(500100 + 120 * i, 3340100, 100, 100))
                                     for i in range(3)] + [({"TBBH": "A1"}, metre_box(499100, 3340100, 100, 100))])
    in_b = batch.patches.filter(number__startswith="B").order_by("number")
    services.add_photo(in_b[0], jpeg(), by=coordinator_b)
    services.judge(in_b[0], by=coordinator_b, judgement=Judgement.OTHER, basis="设施农用地")
    client.force_login(coordinator_b)
    assert _keep(client, batch) == [p.get_absolute_url() for p in in_b[1:]]  # pending, in their village
    assert 'data-keep="keep-urls"' in client.get(batch.get_absolute_url()).content.decode()
    client.force_login(coordinator_a)
    assert _keep(client, batch) == [batch.patches.get(number="A1").get_absolute_url()]
    client.force_login(office)
    assert len(_keep(client, batch)) == 3
    client.force_login(leader)  # reads, does not verify
    assert _keep(client, batch) == []
    assert "data-keep=" not in client.get(batch.get_absolute_url()).content.decode()


def test_a_patch_page_draws_its_village_s_other_patches_of_the_batch(client, territory, office, coordinator_b,
                                                                     boundaries):
    batch = load(territory, office, [({"TBBH": "B1"}, metre_box(500100, 3340100, 100, 100)),
                                     ({"TBBH": "B2<b>"}, metre_box(500300, 3340100, 100, 100)),
                                     ({"TBBH": "A1"}, metre_box(499100, 3340100, 100, 100))])
    client.force_login(coordinator_b)
    page = client.get(batch.patches.get(number="B1").get_absolute_url())
    others = page.context["shape"]["others"]
    assert [o["number"] for o in others] == ["B2<b>"]  # village A's is not drawn
    assert others[0]["url"] == batch.patches.get(number="B2<b>").get_absolute_url()
    assert "B2<b>" not in page.content.decode()  # reaches the page as JSON only

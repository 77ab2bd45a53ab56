"""When a photo filed without a signal was taken, as the phone's queue says it (``<field>_taken``, a
JSON list of ISO moments; landwatch/queue.py): whatever arrives, the server keeps one moment per file
or none, never a 500, never a time in the future or more than a year back, and never one without
its offset. Hypothesis draws the text a phone, a proxy or a hostile client might send."""

import datetime
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from landwatch import queue
from tests.fuzz import FUZZ_SETTINGS

MOMENTS = st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2200, 1, 1),
                       timezones=st.sampled_from([datetime.UTC, datetime.timezone(datetime.timedelta(hours=8)),
                                                  datetime.timezone(datetime.timedelta(hours=-11))]))
ITEMS = st.one_of(MOMENTS.map(lambda m: m.isoformat()), st.text(max_size=40), st.integers(), st.none(),
                  st.floats(allow_nan=True), st.lists(st.text(max_size=5), max_size=2),
                  st.datetimes().map(lambda m: m.isoformat()))  # no offset: not kept
BODIES = st.one_of(st.lists(ITEMS, max_size=6).map(json.dumps), st.text(max_size=60),
                   st.dictionaries(st.text(max_size=5), ITEMS, max_size=3).map(json.dumps))


def _request(body: str, files: int):
    uploads = [SimpleUploadedFile(f"{i}.jpg", b"x") for i in range(files)]
    return RequestFactory().post("/", {"photos": uploads, "photos_taken": body})


@FUZZ_SETTINGS
@given(body=BODIES, files=st.integers(min_value=0, max_value=4))
def test_whatever_the_phone_sends_each_file_gets_a_plausible_moment_or_none(body, files):
    now = timezone.now()
    times = queue.taken_times(_request(body, files), "photos")
    assert len(times) == files
    for moment in times:
        if moment is not None:
            assert moment.tzinfo is not None
            assert now - datetime.timedelta(days=367) <= moment <= timezone.now() + datetime.timedelta(minutes=5)


@FUZZ_SETTINGS
@given(offset=st.integers(min_value=-365 * 24 * 60 + 5, max_value=4))
def test_a_moment_the_phone_gives_in_the_last_year_is_kept_as_it_was_given(offset):
    moment = (timezone.now() + datetime.timedelta(minutes=offset)).astimezone(
        datetime.timezone(datetime.timedelta(hours=8)))
    request = _request(json.dumps([moment.isoformat(), "garbage"]), 2)
    assert queue.taken_times(request, "photos") == [moment, None]


def test_the_moments_follow_the_files_in_their_order_and_a_short_list_leaves_the_rest_unknown():
    earlier = timezone.now() - datetime.timedelta(hours=3)
    later = timezone.now() - datetime.timedelta(hours=1)
    body = json.dumps([later.isoformat(), earlier.isoformat()])
    assert queue.taken_times(_request(body, 3), "photos") == [later, earlier, None]
    assert queue.taken_times(_request(body, 1), "photos") == [later]
    assert queue.taken_times(_request("", 2), "photos") == [None, None]

"""The inbox page: one's own items only, read/unread, links to the case; the unread count in the
navigation costs one query; the page's query count does not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseStatus
from reminders.models import InboxItem
from reminders.services import send_reminders
from tests.factories import ViolationCaseFactory

from .conftest import MON, day

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(territory, office, officer, holidays):
    """Cases of ``officer`` due soon, each reminded once."""
    def make(count=1):
        cases = [ViolationCaseFactory(village=territory.village_a, status=CaseStatus.NOTIFIED, deadline=day(10, 5),
                                      assignee=officer, created_by=office, discovered_on=day(8, 1))
                 for _ in range(count)]
        send_reminders(today=MON, deliver=False)
        return cases
    return make


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("reminders:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_inbox_lists_ones_own_reminders_with_a_link_to_the_case(client, officer, office, reminded):
    (case,) = reminded()
    client.force_login(officer)
    page = client.get(reverse("reminders:inbox")).content.decode()
    assert case.get_absolute_url() in page and case.number in page
    client.force_login(office)
    assert case.number not in client.get(reverse("reminders:inbox")).content.decode()


def test_the_navigation_shows_the_unread_count(client, officer, reminded):
    reminded(3)
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert 'data-unread="3"' in page


def test_marking_an_item_read_and_opening_it(client, officer, reminded):
    (case,) = reminded()
    item = InboxItem.objects.get()
    client.force_login(officer)
    response = client.post(reverse("reminders:read", args=[item.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    item.refresh_from_db()
    assert item.read_at is not None
    assert 'data-unread="0"' in client.get(reverse("home")).content.decode()


def test_another_users_item_is_not_found_and_stays_unread(client, office, reminded):
    reminded()
    item = InboxItem.objects.get()
    client.force_login(office)
    assert client.post(reverse("reminders:read", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_reading_takes_post_only(client, officer, reminded):
    reminded()
    client.force_login(officer)
    assert client.get(reverse("reminders:read", args=[InboxItem.objects.get().pk])).status_code == 405
    assert client.get(reverse("reminders:read-all")).status_code == 405


def test_mark_all_read(client, officer, reminded):
    reminded(2)
    client.force_login(officer)
    assert client.post(reverse("reminders:read-all")).status_code == 302
    assert not InboxItem.objects.filter(read_at__isnull=True).exists()


def _queries(client, url) -> int:
    client.get(url)  # the first request after the login loads the session's extras
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_inbox_query_count_does_not_grow_with_its_rows(client, officer, reminded):
    reminded(1)
    client.force_login(officer)
    one = _queries(client, reverse("reminders:inbox"))
    reminded(6)
    assert _queries(client, reverse("reminders:inbox")) == one


def test_the_unread_count_costs_no_query_of_its_own(client, officer, reminded, settings):
    """It is read with the session's user (settings.LANDWATCH_USER_ANNOTATIONS), in the same query."""
    reminded(2)
    client.force_login(officer)
    assert 'data-unread="2"' in client.get(reverse("home")).content.decode()
    with_count = _queries(client, reverse("home"))
    options = settings.TEMPLATES[0]["OPTIONS"]
    processors = [p for p in options["context_processors"] if not p.startswith("reminders.")]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**options, "context_processors": processors}}]
    assert with_count == _queries(client, reverse("home"))

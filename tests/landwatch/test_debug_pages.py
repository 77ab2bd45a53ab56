"""With DEBUG on (the township's test machine), a refusal still shows our Chinese page, not Django's."""

import pytest
from django.urls import reverse

from tests.factories import ViolationCaseFactory

pytestmark = pytest.mark.django_db

TECHNICAL = "Django tried these URL patterns"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.usefixtures("debug")
def test_a_case_outside_the_scope_is_our_404_page(client, territory, office, other_office):
    case = ViolationCaseFactory(village=territory.village_a, created_by=office)
    client.force_login(other_office)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "该页面不存在，或您无权查看。" in page and "Page not found" not in page and TECHNICAL not in page


@pytest.mark.usefixtures("debug")
def test_a_refused_write_is_our_403_page(client, territory, office, leader):
    case = ViolationCaseFactory(village=territory.village_a, created_by=office)
    client.force_login(leader)
    response = client.get(reverse("cases:edit-facts", args=[case.pk]))
    assert response.status_code == 403 and "您无权进行此操作" in response.content.decode()


@pytest.mark.usefixtures("debug")
def test_an_address_that_matches_no_url_keeps_the_technical_page(client, office):
    client.force_login(office)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and TECHNICAL in response.content.decode()


def test_without_debug_the_refusal_page_is_the_same(client, territory, office, other_office, settings):
    settings.DEBUG = False
    case = ViolationCaseFactory(village=territory.village_a, created_by=office)
    client.force_login(other_office)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404 and "该页面不存在，或您无权查看。" in response.content.decode()

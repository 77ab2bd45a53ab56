"""A page's link to an object's own page is the URL Django reverses for it, under any script prefix.

``landwatch.links.pk_url`` reverses the URL around a pk once per name instead of once per row;
these checks hold it to ``reverse`` for every object page, and to the deployment's script
prefix (a township serving LandWatch under ``/landwatch/`` on a shared intranet host).
"""

import pytest
from django.urls import reverse, set_script_prefix

from landwatch import links
from tests.factories.cases import ViolationCaseFactory

# Every page addressed by an object's pk that a model's ``get_absolute_url`` names.
OBJECT_PAGES = [
    "cases:detail", "cases:party-detail", "patrols:log-detail", "patrols:finding-detail", "patrols:photo",
    "patrols:plan-detail", "patrols:pledge-detail", "patrols:project-detail", "territory:unit-detail",
    "reports:detail", "reports:photo", "campaigns:detail", "campaigns:task-detail", "campaigns:meeting-detail",
    "documents:detail", "patches:batch-detail", "patches:detail", "patches:photo",
]


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_an_object_link_is_the_url_reverse_gives(name):
    for pk in (1, 7, 10, 987654321, 2**62):
        assert links.pk_url(name, pk) == reverse(name, args=[pk])
    assert links.pk_url_pattern(name).replace("{id}", "42") == reverse(name, args=[42])


def test_an_object_link_follows_the_script_prefix():
    assert links.pk_url("cases:detail", 7) == "/cases/7/"
    set_script_prefix("/landwatch/")
    try:
        assert links.pk_url("cases:detail", 7) == "/landwatch/cases/7/"
        assert links.pk_url_pattern("cases:detail") == "/landwatch/cases/{id}/"
    finally:
        set_script_prefix("/")
    assert links.pk_url("cases:detail", 7) == "/cases/7/"


@pytest.mark.django_db
def test_a_case_in_the_list_links_to_its_own_page(client, territory, office):
    case = ViolationCaseFactory(village=territory.village_a)
    client.force_login(office)
    page = client.get(reverse("cases:list")).content.decode()
    assert f'href="/cases/{case.pk}/"' in page
    assert client.get(case.get_absolute_url()).status_code == 200


def test_links_made_together_are_those_made_one_by_one_under_the_request_prefix():
    set_script_prefix("/landwatch/")
    try:
        alone = [links.pk_url("cases:detail", 7), links.case_list_url(township=3, status="notified"),
                 links.coverage_url(), links.pk_url_pattern("patches:detail")]
        with links.made_together():
            together = [links.pk_url("cases:detail", 7), links.case_list_url(township=3, status="notified"),
                        links.coverage_url(), links.pk_url_pattern("patches:detail")]
    finally:
        set_script_prefix("/")
    assert together == alone == ["/landwatch/cases/7/", "/landwatch/cases/?township=3&status=notified",
                                 "/landwatch/patrols/coverage/", "/landwatch/patches/{id}/"]
    # Read when the block begins, and only there: after it, links follow the prefix again.
    assert links.pk_url("cases:detail", 7) == "/cases/7/"


@pytest.mark.django_db
def test_the_dashboard_under_a_script_prefix_links_under_it(client, territory, county_user):
    ViolationCaseFactory(village=territory.village_a)
    client.force_login(county_user)
    url = reverse("dashboards:index")
    set_script_prefix("/landwatch/")  # what the WSGI handler sets from SCRIPT_NAME (the test client does not)
    try:
        page = client.get(url).content.decode()
    finally:
        set_script_prefix("/")
    assert 'href="/landwatch/cases/?' in page
    assert 'href="/cases/?' not in page

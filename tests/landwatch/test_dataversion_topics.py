"""Pages kept under the versions of some apps only (landwatch.dataversion.TOPICS): each reads no
other app's tables, and a write to another app leaves it kept while a write to its apps shows.

A kept answer that read a table of an app it is not kept under would outlive a write there and
show it late: the first test records the tables every kept computation of these pages reads.
"""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, Cause
from landwatch import dataversion
from tests.factories import CaseEventFactory, PartyFactory, PatrolLogFactory, ViolationCaseFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.documents import CaseDocumentFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the version triggers are PostgreSQL's")


def _county_wide_tables() -> set[str]:
    """The tables whose writes raise the county-wide version, which every kept answer is kept under."""
    return {
        model._meta.db_table for model in apps.get_models(include_auto_created=True)
        if not dataversion.township_paths(model)
    }


def _apps_of_tables() -> dict[str, str]:
    return {model._meta.db_table: model._meta.app_label for model in apps.get_models(include_auto_created=True)}


@pytest.fixture
def kept_reads(monkeypatch):
    """(scope, tables read) of every kept computation while the fixture is on."""
    reads = []

    def recording(compute, scopes):
        def recorded(*args):
            with CaptureQueriesContext(connection) as queries:
                value = compute(*args)
            tables = {t for q in queries.captured_queries for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
            reads.extend((scope, tables) for scope in scopes(*args))
            return value
        return recorded

    real_cached, real_parts = dataversion.cached, dataversion.cached_parts

    def cached(key, compute, *, scope, timeout=3600):
        return real_cached(key, recording(compute, lambda: [scope]), scope=scope, timeout=timeout)

    def together(scopes: list) -> dataversion.Scope:
        """Parts computed in one go (several townships, or a share's two parts) read their
        tables together: they are checked against all their topics (tests/dashboards/test_shares.py
        checks each part of a share on its own)."""
        topics = [scope.topics for scope in scopes]
        return scopes[0]._replace(topics=None if None in topics else frozenset().union(*topics))

    def cached_parts(parts, compute, *, timeout=3600):
        return real_parts(parts, recording(compute, lambda names: [together([parts[name] for name in names])]),
                          timeout=timeout)

    monkeypatch.setattr(dataversion, "cached", cached)
    monkeypatch.setattr(dataversion, "cached_parts", cached_parts)
    return reads


@pytest.mark.django_db
def test_every_page_kept_under_some_apps_reads_only_their_tables(client, territory, county_user, office, kept_reads):
    campaign = CampaignFactory(township=territory.township)
    case = ViolationCaseFactory(party=PartyFactory(township=territory.township, name="王五"),
                                village=territory.village_a, status=CaseStatus.NOTIFIED, campaign=campaign,
                                assignee=office)
    CaseEventFactory(case=case, actor=office)
    CaseDocumentFactory(case=case)
    PatrolLogFactory(village=territory.village_a, created_by=office)
    pages = [
        reverse("cases:list"),
        reverse("cases:list") + "?q=王",
        reverse("cases:list") + "?q=王五村",
        reverse("cases:list") + f"?status=open&overdue=on&cause={Cause.values[0]}&fine=outstanding"
                                f"&campaign={campaign.pk}&assignee={office.pk}&sort=deadline",
        reverse("dashboards:index"),
        reverse("dashboards:map-data"),
        reverse("patrols:log-list"),
        reverse("campaigns:report", args=[campaign.pk]),
        reverse("cases:detail", args=[case.pk]),
    ]
    for user in (county_user, office):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, url

    county_wide, app_of = _county_wide_tables(), _apps_of_tables()
    narrowed = [(scope, tables) for scope, tables in kept_reads if scope.topics is not None]
    assert {scope.topics for scope, _tables in narrowed} >= {
        frozenset({"cases", "campaigns"}), frozenset({"patrols"}), frozenset({"campaigns"}),
        frozenset({"cases", "patrols", "patches", "territory"}),
        frozenset({"cases", "patrols", "patches", "campaigns"}),
        frozenset({"cases", "documents", "campaigns", "patches", "territory"}),
    }
    for scope, tables in narrowed:
        foreign = {t for t in tables - county_wide if app_of[t] not in scope.topics}
        assert not foreign, (scope, foreign)


def _read(queries, table: str = "cases_violationcase") -> bool:
    return any(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_document_or_a_patrol_log_leaves_the_case_list_kept_and_a_case_event_does_not(
        client, territory, county_user, office):
    case = ViolationCaseFactory(party=PartyFactory(township=territory.township), village=territory.village_a,
                                status=CaseStatus.REGISTERED, created_by=office)
    client.force_login(county_user)
    url = reverse("cases:list")
    client.get(url)

    for write in (lambda: CaseDocumentFactory(case=case),
                  lambda: PatrolLogFactory(village=territory.village_a, created_by=office)):
        write()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not _read(queries)

    case.title = "改过的标题"
    case.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert _read(queries)
    assert "改过的标题" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_patrol_log_leaves_a_case_page_kept_and_a_document_drafted_on_it_shows_at_once(
        client, territory, county_user, office):
    case = ViolationCaseFactory(party=PartyFactory(township=territory.township), village=territory.village_a,
                                status=CaseStatus.REGISTERED, created_by=office)
    client.force_login(county_user)
    url = reverse("cases:detail", args=[case.pk])
    assert client.get(url).status_code == 200

    PatrolLogFactory(village=territory.village_a, created_by=office)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not _read(queries, "documents_casedocument")  # the facts, timeline and panels kept

    document = CaseDocumentFactory(case=case)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert _read(queries, "documents_casedocument")
    assert f'href="{document.get_absolute_url()}"' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_patrol_log_leaves_the_campaign_report_kept_and_a_case_closed_shows_at_once(
        client, territory, county_user, office):
    campaign = CampaignFactory(township=territory.township)
    case = ViolationCaseFactory(party=PartyFactory(township=territory.township), village=territory.village_a,
                                status=CaseStatus.NOTIFIED, campaign=campaign, created_by=office)
    client.force_login(county_user)
    url = reverse("campaigns:report", args=[campaign.pk])
    assert case.number in client.get(url).content.decode()  # still open: listed as outstanding

    PatrolLogFactory(village=territory.village_a, created_by=office)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not _read(queries)

    case.status, case.closed_on = CaseStatus.CLOSED, timezone.localdate()
    case.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert _read(queries)
    assert case.number not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_campaign_started_shows_at_once_in_the_case_lists_filter_and_on_the_dashboard(
        client, territory, county_user, office):
    ViolationCaseFactory(party=PartyFactory(township=territory.township), village=territory.village_a,
                         created_by=office)
    client.force_login(county_user)
    pages = [reverse("cases:list"), reverse("dashboards:index")]
    for url in pages:
        assert "新的整治行动" not in client.get(url).content.decode()
    today = timezone.localdate()
    CampaignFactory(township=territory.township, name="新的整治行动", start_date=today, end_date=today)
    for url in pages:
        assert "新的整治行动" in client.get(url).content.decode(), url

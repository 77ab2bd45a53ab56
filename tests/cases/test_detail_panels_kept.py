"""The case page's procedure panels (decision clock, penalty periods, enforcement, fine, 公示,
closing) are kept with its facts under the case's township's versions: read again, the page
reads none of their tables, and a committed write to the case shows at once."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import enforcement
from cases.models import CaseStatus, ChallengeKind

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the version triggers are PostgreSQL's")

D = datetime.date
# What the enforcement and 公示 panels read: the decision and the 催告书 served, the challenges,
# the applications to the court, the party's statements, the publications.
PANEL_TABLES = {"documents_casedocument", "documents_servicerecord", "cases_legalchallenge", "cases_courtapplication",
                "cases_demandstatement", "cases_decisionpublication"}


def _tables(queries) -> set[str]:
    return {t for q in queries.captured_queries for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}


@pytest.mark.django_db(transaction=True)
def test_a_decided_cases_panels_are_kept_and_a_challenge_filed_shows_at_once(client, demanded, office):
    case = demanded
    client.force_login(office)
    url = reverse("cases:detail", args=[case.pk])
    assert "data-challenge" not in client.get(url).content.decode()

    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).status_code == 200
    assert not _tables(kept) & PANEL_TABLES, _tables(kept) & PANEL_TABLES
    assert len(kept.captured_queries) <= 6

    case.refresh_from_db()
    enforcement.record_challenge(case, by=office, kind=ChallengeKind.LAWSUIT, body="测试县人民法院",
                                 filed_on=D(2025, 10, 20))
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert "cases_legalchallenge" in _tables(after)
    assert "测试县人民法院" in re.search(r"data-challenge>(.*?)</dd>", html, re.S).group(1)


@pytest.mark.django_db(transaction=True)
def test_the_competence_basis_is_kept_and_a_delegation_entered_shows_at_once(client, case_in, office, territory,
                                                                              county_departments):
    """The basis under the 办案机关 is the rule that makes it so (territory/competence.py): kept under
    the territory's versions, a case event leaves it kept, and a delegation entered for the
    township (行政处罚法 第二十四条) takes it away at once from a case still with the department."""
    from cases.models import CaseEvent, EventKind
    from landwatch.vocabulary import Category
    from territory.models import Delegation, DelegationScope

    case = case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=county_departments.natural_resources,
                   discovered_on=D(2026, 6, 1))
    client.force_login(office)
    url = reverse("cases:detail", args=[case.pk])
    article_6 = "自然资源行政处罚办法"
    assert article_6 in client.get(url).content.decode()

    CaseEvent.objects.create(case=case, kind=EventKind.NOTE, actor=office, note="现场复核")
    with CaptureQueriesContext(connection) as after_event:
        assert article_6 in client.get(url).content.decode()
    assert "territory_delegation" not in _tables(after_event)

    delegation = Delegation.objects.create(issuing_body="某省人民政府", document_number="某政发〔2025〕12号",
                                           issued_on=D(2025, 12, 1), township=territory.township,
                                           valid_from=D(2026, 1, 1))
    DelegationScope.objects.create(delegation=delegation, category=Category.COMMERCIAL)
    assert article_6 not in client.get(url).content.decode()


@pytest.mark.django_db
def test_drawn_again_the_decided_cases_page_reads_its_documents_and_events_once_for_every_panel(client, demanded,
                                                                                                 office):
    """The documents panel, the penalty periods, the enforcement track and the 公示 all show the
    case's documents; the timeline and the penalty periods its events. Drawn again after a write
    (here: every kept part dropped), the page reads each table once for all of them."""
    from django.core.cache import cache

    client.force_login(office)
    url = reverse("cases:detail", args=[demanded.pk])
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as drawn:
        html = client.get(url).content.decode()
    reads = [t for q in drawn.captured_queries for t in re.findall(r'FROM "(\w+)"', q["sql"])[:1]]
    assert reads.count("documents_casedocument") == 1, reads
    assert reads.count("cases_caseevent") == 1, reads
    # Each panel still shows what it read from the shared list: the documents panel both papers, the
    # enforcement track the decision's and the 催告书's service, the penalty periods the decision served.
    assert html.count("2025年9月1日") >= 2 and "2025年9月22日" in html
    assert 'id="documents"' in html and html.count('href="/documents/') >= 2


@pytest.mark.django_db
def test_the_enforcement_panel_reads_only_the_lists_the_case_holds(client, demanded, office):
    """Most decided cases have no 复议 or 诉讼, no application to the court and no statement on the
    催告书: the case's read says so (an EXISTS each) and the panel reads none of those tables. A
    statement received is read and shown."""
    from django.core.cache import cache

    from cases import closing

    client.force_login(office)
    url = reverse("cases:detail", args=[demanded.pk])
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as drawn:
        assert client.get(url).status_code == 200
    lists = {"cases_legalchallenge", "cases_courtapplication", "cases_demandstatement"}
    reads = {t for q in drawn.captured_queries for t in re.findall(r'FROM "(\w+)"', q["sql"])[:1]}
    assert not reads & lists, reads & lists

    closing.record_demand_statement(demanded, by=office, received_on=D(2025, 9, 24), content="房屋系自住，请求缓拆")
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    reads = {t for q in after.captured_queries for t in re.findall(r'FROM "(\w+)"', q["sql"])[:1]}
    assert reads & lists == {"cases_demandstatement"}
    assert "房屋系自住，请求缓拆" in html

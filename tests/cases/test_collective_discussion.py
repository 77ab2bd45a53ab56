"""集体讨论 comes after a passed legal review (行政处罚法 第五十七条第二款、第五十八条; 自然资源行政处罚办法
第三十一条、第三十二条), and is held again only when something was added since the last one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import penalty
from cases.models import EventKind
from tests.cases.test_penalty_procedure import M, ago, hold_hearing, review
from tests.factories.documents import serve

pytestmark = pytest.mark.django_db


def _discuss(client, leader, case, *, on=None):
    case.refresh_from_db()
    client.force_login(leader)
    return client.post(reverse("cases:collective-discussion", args=[case.pk]),
                       {"version": case.version, "held_on": (on or timezone.localdate()).isoformat(),
                        "participants": "镇长、分管副镇长、综合执法办主任", "conclusion": "同意限期拆除。"})


def _discussions(case):
    return case.events.filter(kind=EventKind.COLLECTIVE_DISCUSSION).count()


def test_a_discussion_before_any_legal_review_is_refused_naming_the_article(client, reviewing, leader):
    response = _discuss(client, leader, reviewing)
    assert response.status_code == 200
    body = response.content.decode()
    assert "第五十八条" in body and ("法制审核" in body or "legal review" in body)
    assert _discussions(reviewing) == 0


def test_a_discussion_after_a_failed_legal_review_is_refused(client, reviewing, reviewer, leader):
    review(reviewing, reviewer, on=ago(3), passed=False)
    response = _discuss(client, leader, reviewing)
    assert response.status_code == 200 and "第五十八条" in response.content.decode()
    assert _discussions(reviewing) == 0


def test_after_a_passed_review_the_heads_discuss_once(client, reviewing, reviewer, leader):
    review(reviewing, reviewer, on=ago(3))
    assert _discuss(client, leader, reviewing, on=ago(2)).status_code == 302
    assert _discussions(reviewing) == 1
    event = reviewing.events.get(kind=EventKind.COLLECTIVE_DISCUSSION)
    assert event.actor == leader and event.data["participants"] == "镇长、分管副镇长、综合执法办主任"
    # The same record again: refused, the first discussion stands.
    response = _discuss(client, leader, reviewing)
    assert response.status_code == 200
    body = response.content.decode()
    assert "第五十七条第二款" in body
    assert _discussions(reviewing) == 1


def test_a_new_legal_review_allows_a_new_discussion(client, reviewing, reviewer, leader):
    review(reviewing, reviewer, on=ago(5))
    assert _discuss(client, leader, reviewing, on=ago(4)).status_code == 302
    reviewing.refresh_from_db()
    review(reviewing, reviewer, on=ago(2))
    assert _discuss(client, leader, reviewing).status_code == 302
    assert _discussions(reviewing) == 2


def test_a_new_statement_of_the_party_allows_a_new_discussion(client, reviewing, reviewer, leader, office):
    review(reviewing, reviewer, on=ago(10), measures=(M.WARNING,))
    assert _discuss(client, leader, reviewing, on=ago(9)).status_code == 302
    reviewing.refresh_from_db()
    serve(reviewing, "penalty_notice", by=office, on=ago(8))
    assert _discuss(client, leader, reviewing).status_code == 200  # the notice alone adds nothing to decide on
    reviewing.refresh_from_db()
    penalty.record_statement(reviewing, by=office, received_on=ago(6), statement="当事人称已自行拆除部分。")
    assert _discuss(client, leader, reviewing).status_code == 302
    assert _discussions(reviewing) == 2


def test_after_a_hearing_the_review_is_made_again_before_the_discussion(client, reviewing, reviewer, leader, office,
                                                                       other_officer):
    review(reviewing, reviewer, on=ago(31))
    assert _discuss(client, leader, reviewing, on=ago(30)).status_code == 302
    reviewing.refresh_from_db()
    serve(reviewing, "penalty_notice", by=office, on=ago(28))
    serve(reviewing, "hearing_notice", by=office, on=ago(28))
    hold_hearing(reviewing, by=office, presiding=other_officer)
    response = _discuss(client, leader, reviewing)
    assert response.status_code == 200 and "第五十八条第一款第二项" in response.content.decode()
    reviewing.refresh_from_db()
    review(reviewing, reviewer, on=ago(1))
    assert _discuss(client, leader, reviewing).status_code == 302
    assert _discussions(reviewing) == 2


def _panel(client, leader, case) -> str:
    client.force_login(leader)
    html = client.get(case.get_absolute_url()).content.decode()
    return html.split("data-penalty-panel")[1].split("</section>")[0]


def test_the_panel_shows_why_the_discussion_is_refused_before_a_passed_review(client, reviewing, leader):
    panel = _panel(client, leader, reviewing)
    assert 'data-action="collective_discussion"' not in panel
    refused = panel.split('data-refused="collective_discussion"')[1].split("</p>")[0]
    assert "第五十八条" in refused


def test_the_panel_offers_the_discussion_when_it_is_allowed(client, reviewing, reviewer, leader):
    review(reviewing, reviewer, on=ago(3))
    panel = _panel(client, leader, reviewing)
    assert 'data-action="collective_discussion"' in panel
    assert "data-refused" not in panel


def test_the_panel_shows_why_a_second_discussion_is_refused(client, reviewing, reviewer, leader):
    review(reviewing, reviewer, on=ago(3))
    assert _discuss(client, leader, reviewing, on=ago(2)).status_code == 302
    reviewing.refresh_from_db()
    panel = _panel(client, leader, reviewing)
    assert 'data-action="collective_discussion"' not in panel
    assert "第五十七条第二款" in panel.split('data-refused="collective_discussion"')[1].split("</p>")[0]

"""The party's 陈述申辩 on the 催告书 (行政强制法 第三十六条; cases/closing.py): recorded after the
demand's service, reviewed once with reasons, shown on the enforcement panel; while one waits for its
review the court application and the township's own demolition are refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases import closing, enforcement
from cases.errors import CaseError
from cases.models import CaseStatus, DemandStatement, EventKind, StatementReview
from documents.models import DocumentKind
from tests.cases.test_enforcement import apply
from tests.factories.documents import serve

pytestmark = pytest.mark.django_db

D = datetime.date


def state(case):
    case.refresh_from_db()
    return (case.status, case.version, DemandStatement.objects.filter(case=case).count(),
            case.court_applications.count(), case.events.count())


def test_a_statement_waiting_for_its_review_refuses_the_application_to_the_court(demanded, office, leader):
    closing.record_demand_statement(demanded, by=office, received_on=D(2025, 9, 24), content="房屋系祖屋，请求缓拆")
    before = state(demanded)
    with pytest.raises(enforcement.EnforcementRefused, match="第三十六条"):
        apply(demanded, leader, D(2025, 12, 1))
    assert state(demanded) == before
    demanded.refresh_from_db()
    closing.review_demand_statement(demanded, by=leader, review=StatementReview.NOT_ACCEPTED,
                                    reasons="所称祖屋系2019年新建，无审批手续", reviewed_on=D(2025, 9, 30))
    apply(demanded, leader, D(2025, 12, 1))
    assert demanded.court_applications.count() == 1


def test_a_statement_waiting_for_its_review_refuses_the_townships_demolition(demanded, office, leader):
    closing.record_demand_statement(demanded, by=office, received_on=D(2025, 9, 24), content="请求自行拆除，宽限一月")
    demanded.refresh_from_db()
    assert "第三十六条" in enforcement.demolition_refusal(demanded, D(2025, 11, 3))
    before = state(demanded)
    with pytest.raises(enforcement.EnforcementRefused, match="第三十六条"):
        enforcement.decide_demolition(demanded, by=leader, decided_on=D(2025, 11, 3))
    assert state(demanded) == before
    closing.review_demand_statement(demanded, by=leader, review=StatementReview.ACCEPTED,
                                    reasons="同意宽限至10月31日", reviewed_on=D(2025, 9, 26))
    serve(demanded, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26))  # 第四十四条's 公告
    demanded.refresh_from_db()
    enforcement.decide_demolition(demanded, by=leader, decided_on=D(2025, 11, 3))
    demanded.refresh_from_db()
    assert demanded.status == CaseStatus.ENFORCING


def test_a_statement_without_a_served_demand_is_refused(decided, office):
    before = state(decided)
    with pytest.raises(CaseError, match="第三十六条"):
        closing.record_demand_statement(decided, by=office, received_on=D(2025, 9, 24), content="不服")
    assert state(decided) == before


def test_a_statement_received_before_the_demand_was_served_is_refused(demanded, office):
    before = state(demanded)
    with pytest.raises(CaseError, match="2025年9月22日"):
        closing.record_demand_statement(demanded, by=office, received_on=D(2025, 9, 19), content="不服")
    with pytest.raises(CaseError):
        closing.record_demand_statement(demanded, by=office, received_on=D(2025, 9, 24), content="   ")
    assert state(demanded) == before


def test_the_review_is_the_leaders_once_with_its_reasons(demanded, office, leader):
    statement = closing.record_demand_statement(demanded, by=office, received_on=D(2025, 9, 24), content="面积有误")
    demanded.refresh_from_db()
    with pytest.raises(PermissionDenied):
        closing.review_demand_statement(demanded, by=office, review=StatementReview.ACCEPTED, reasons="属实",
                                        reviewed_on=D(2025, 9, 25))
    with pytest.raises(CaseError):
        closing.review_demand_statement(demanded, by=leader, review=StatementReview.NOT_ACCEPTED, reasons=" ",
                                        reviewed_on=D(2025, 9, 25))
    with pytest.raises(CaseError, match="2025年9月24日"):
        closing.review_demand_statement(demanded, by=leader, review=StatementReview.ACCEPTED, reasons="属实",
                                        reviewed_on=D(2025, 9, 23))
    closing.review_demand_statement(demanded, by=leader, review=StatementReview.ACCEPTED,
                                    reasons="经复核实测面积为118平方米，予以采纳", reviewed_on=D(2025, 9, 25))
    statement.refresh_from_db()
    assert (statement.review, statement.reviewed_on, statement.reviewed_by) == (
        StatementReview.ACCEPTED, D(2025, 9, 25), leader)
    event = demanded.events.get(kind=EventKind.DEMAND_STATEMENT_REVIEWED)
    assert event.actor == leader and event.data["review"] == "accepted"
    demanded.refresh_from_db()
    with pytest.raises(CaseError):
        closing.review_demand_statement(demanded, by=leader, review=StatementReview.NOT_ACCEPTED, reasons="改判",
                                        reviewed_on=D(2025, 9, 26))
    statement.refresh_from_db()
    assert statement.review == StatementReview.ACCEPTED


def test_the_statement_is_recorded_and_reviewed_through_the_panel(client, demanded, office, leader):
    detail = reverse("cases:detail", args=[demanded.pk])
    client.force_login(office)
    page = client.get(detail).content.decode()
    assert 'data-action="demand_statement"' in page
    url = reverse("cases:demand-statement", args=[demanded.pk])
    response = client.post(url, {"version": demanded.version, "received_on": "2025-09-19", "content": "不服"})
    assert response.status_code == 200 and "received_on" in response.context["form"].errors
    response = client.post(url, {"version": demanded.version, "received_on": "2025-09-24",
                                 "content": "房屋系祖屋，请求缓拆"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "data-demand-statement" in page and "房屋系祖屋，请求缓拆" in page and "尚未复核" in page
    assert 'data-action="review_demand_statement"' not in page  # the office records, the leader reviews
    client.force_login(leader)
    page = client.get(detail).content.decode()
    assert 'data-action="review_demand_statement"' in page and 'data-action="apply_to_court"' in page
    demanded.refresh_from_db()
    response = client.post(reverse("cases:review-demand-statement", args=[demanded.pk]), {
        "version": demanded.version, "review": "not_accepted", "reasons": "所称祖屋系新建",
        "reviewed_on": "2025-09-30"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "不予采纳" in page and "所称祖屋系新建" in page and 'data-action="review_demand_statement"' not in page


def test_the_statement_and_its_review_show_rows_with_content(client, demanded, office, leader):
    from tests.cases.test_timeline_rows import _rows

    closing.record_demand_statement(demanded, by=office, received_on=D(2025, 9, 24), content="房屋系祖屋")
    demanded.refresh_from_db()
    closing.review_demand_statement(demanded, by=leader, review=StatementReview.NOT_ACCEPTED, reasons="系新建",
                                    reviewed_on=D(2025, 9, 30))
    client.force_login(office)
    rows = dict(_rows(client, demanded))
    for kind, text in ((EventKind.DEMAND_STATEMENT, "房屋系祖屋"), (EventKind.DEMAND_STATEMENT_REVIEWED, "系新建")):
        assert kind in rows and "data-detail" in rows[kind] and text in rows[kind], (kind, rows.get(kind))

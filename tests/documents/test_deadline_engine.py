"""A served document's deadline comes from the deadline engine: its start follows the service method,
its days are counted as its kind counts them, and its basis is stored and shown beside the date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from deadlines.clock import StartFrom, deadline
from deadlines.services import load_holidays, load_shipped
from documents import services
from documents.models import CaseDocument, DocumentKind

pytestmark = pytest.mark.django_db


def test_a_notice_served_by_post_runs_from_the_receipt_date_and_keeps_its_basis(issued, office, case):
    received = timezone.localdate()
    services.serve_document(issued, by=office, method="post", served_on=received, recipient="王经理")
    issued.refresh_from_db()
    case.refresh_from_db()
    expected = deadline("notice", received, issued.deadline_days)
    assert issued.deadline == case.deadline == expected.date
    assert issued.deadline_basis == case.deadline_basis
    assert issued.deadline_basis["start"] == received.isoformat() and issued.deadline_basis["from"] == "service"
    assert issued.deadline_basis["day_type"] == "calendar"
    counted = issued.deadline_counted
    assert (counted.date, counted.start, counted.start_from) == (expected.date, received, StartFrom.SERVICE)


def test_a_notice_served_by_public_announcement_runs_from_thirty_days_after_it(issued, office, case, client):
    """民事诉讼法 第九十五条: deemed served thirty days after the announcement; the notice's days run from then."""
    announced = timezone.localdate()
    services.serve_document(issued, by=office, method="public", served_on=announced, recipient="王经理")
    case.refresh_from_db()
    deemed = deadline("public_service", announced).date
    assert deemed >= announced + datetime.timedelta(days=30)
    assert case.status == CaseStatus.NOTIFIED
    assert case.deadline == deadline("notice", deemed, issued.deadline_days).date
    assert case.deadline_basis["from"] == "public" and case.deadline_basis["start"] == deemed.isoformat()
    client.force_login(office)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "data-deadline-basis" in page and "公告期满视为送达" in page


def test_the_basis_is_shown_on_the_case_page_the_list_and_the_document(issued, office, case, client):
    served = timezone.localdate()
    services.serve_document(issued, by=office, method="direct", served_on=served, recipient="王经理")
    issued.refresh_from_db()
    basis = issued.deadline_counted.basis
    assert "送达起算" in basis
    client.force_login(office)
    detail = client.get(case.get_absolute_url()).content.decode()
    assert f'title="{basis}"' in detail and "data-deadline-basis" in detail
    listing = client.get(reverse("cases:list")).content.decode()
    assert f'title="{basis}"' in listing
    document = client.get(issued.get_absolute_url()).content.decode()
    assert basis in document
    # No holiday table loaded in this test: the deadline says it is uncertain, wherever it is shown.
    assert issued.deadline_counted.uncertain and "未录入" in basis
    assert "data-deadline-uncertain" in detail and "data-deadline-uncertain" in listing


def test_the_served_deadline_does_not_change_when_the_holiday_table_does(issued, office):
    served = timezone.localdate()
    services.serve_document(issued, by=office, method="direct", served_on=served, recipient="王经理")
    issued.refresh_from_db()
    before = (issued.deadline, issued.deadline_basis)
    # The deadline day itself becomes a holiday: a new count would move it; the served one stays.
    load_holidays(f"date,kind,name\n{issued.deadline.isoformat()},holiday,x\n".encode(), replace=True)
    issued.refresh_from_db()
    assert (issued.deadline, issued.deadline_basis) == before
    assert deadline("notice", served, issued.deadline_days).date != issued.deadline


def test_a_demand_counts_working_days(case):
    """行政强制法 第五十四条、第六十九条: a 催告书's ten days are working days (2024: 30 Sept → 18 Oct)."""
    load_shipped([2024])
    demand = CaseDocument(case=case, kind=DocumentKind.DEMAND, deadline_days=10)
    counted = demand.count_deadline(method="direct", served_on=datetime.date(2024, 9, 30))
    assert counted.date == datetime.date(2024, 10, 18) and counted.day_type == "working"
    notice = CaseDocument(case=case, kind=DocumentKind.RECTIFICATION, deadline_days=15)
    counted = notice.count_deadline(method="direct", served_on=datetime.date(2024, 9, 16))
    assert counted.date == datetime.date(2024, 10, 8) and counted.day_type == "calendar"


def test_the_service_form_says_how_the_method_sets_the_start_and_the_last_day_moves(client, issued, office):
    client.force_login(office)
    page = client.get(reverse("documents:serve", args=[issued.pk])).content.decode()
    assert "经过三十日视为送达" in page and "顺延至节假日后的第一个工作日" in page

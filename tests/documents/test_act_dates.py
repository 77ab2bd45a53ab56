"""A notice signed and served on paper is entered later with its real dates (issue #27, point 1).

Before: the issue button always dated the document today, and a service could not be earlier,
so a notice served weeks ago could not be brought in and its case never became overdue.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase
from deadlines.clock import deadline
from documents.models import DocumentStatus
from documents.services import create_document

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_a_notice_signed_and_served_on_paper_is_entered_with_its_dates_and_runs_late(client, case, office, leader):
    notice = create_document(case, by=office, kind="rectification", deadline_days=20)
    client.force_login(office)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert 'name="issued_on"' in page and f'max="{timezone.localdate().isoformat()}"' in page

    assert client.post(reverse("documents:issue", args=[notice.pk]),
                       {"issued_on": ago(31).isoformat()}).status_code == 302
    response = client.post(reverse("documents:serve", args=[notice.pk]), {
        "method": "direct", "served_on": ago(30).isoformat(), "recipient": "钱某", "signer": "钱某", "server": "王五"})
    assert response.status_code == 302

    notice.refresh_from_db()
    case.refresh_from_db()
    assert notice.issued_on == ago(31) and notice.status == DocumentStatus.SERVED
    assert notice.service.served_on == ago(30)
    assert notice.deadline == case.deadline == deadline("notice", ago(30), 20).date
    assert case.status == CaseStatus.NOTIFIED and case.is_overdue
    assert ViolationCase.objects.overdue().filter(pk=case.pk).exists()
    assert CaseEvent.objects.get(case=case, kind=EventKind.NOTIFIED).occurred_on == ago(30)
    # The document shows the day it was served, and when and by whom that was entered.
    page = client.get(notice.get_absolute_url()).content.decode()
    service_card = page.split('data-recorded')[1].split("</div>")[0]
    assert "录入于" in service_card and "办公室职员" in service_card

    client.force_login(leader)
    response = client.post(reverse("cases:approve-enforcement", args=[case.pk]),
                           {"version": case.version, "note": "逾期未整改"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ENFORCING

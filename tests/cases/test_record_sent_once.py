"""A 笔录 made without a signal and sent by the phone's queue (issue 24) is made once however often
it arrives; a case closed meanwhile refuses it with the reason; the case's version, which moves with
every event, is not asked of a record the queue sends (an addition, not an edit of what the page
showed)."""

import pytest
from django.urls import reverse

from cases.models import CaseStatus, EventKind, ViolationCase
from documents.models import CaseDocument, DocumentKind, InvestigationRecord
from tests.cases.test_filing_investigation import _record_post, certified, filed, login  # noqa: F401

pytestmark = pytest.mark.django_db

KEY = "fedcba9876543210fedcba9876543210"
QUEUED = {"HTTP_X_LANDWATCH_QUEUE": "1"}


def test_the_same_record_sent_three_times_is_one_numbered_record(client, filed, officer, other_officer,  # noqa: F811
                                                                  certified):  # noqa: F811
    url = reverse("cases:record-add", args=[filed.pk])
    data = _record_post(filed, officer, other_officer, draft_key=KEY)
    answers = [login(client, officer).post(url, data, **QUEUED) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert [a.json()["status"] for a in answers] == ["sent", "duplicate", "duplicate"]
    assert InvestigationRecord.objects.get().client_key == KEY
    assert CaseDocument.objects.filter(case=filed, kind=DocumentKind.INQUIRY_RECORD).count() == 1
    assert filed.events.filter(kind=EventKind.INVESTIGATION_RECORDED).count() == 1


def test_the_form_sent_twice_by_hand_is_one_record_too(client, filed, officer, other_officer, certified):  # noqa: F811
    url = reverse("cases:record-add", args=[filed.pk])
    data = _record_post(filed, officer, other_officer, draft_key=KEY)
    first, again = (login(client, officer).post(url, data) for _ in range(2))
    assert first.status_code == again.status_code == 302
    assert InvestigationRecord.objects.count() == 1
    assert "未重复制作" in client.get(again.url).content.decode()


def test_a_queued_record_is_not_refused_for_a_version_that_moved(client, filed, officer, other_officer,  # noqa: F811
                                                                  certified):  # noqa: F811
    data = _record_post(filed, officer, other_officer, draft_key=KEY)
    ViolationCase.objects.filter(pk=filed.pk).update(version=filed.version + 3)  # others wrote meanwhile
    answer = login(client, officer).post(reverse("cases:record-add", args=[filed.pk]), data, **QUEUED)
    assert answer.status_code == 201 and InvestigationRecord.objects.count() == 1


def test_a_record_for_a_case_that_moved_on_is_refused_with_its_reason(client, filed, officer, other_officer,  # noqa: F811
                                                                      certified):  # noqa: F811
    data = _record_post(filed, officer, other_officer, draft_key=KEY)
    ViolationCase.objects.filter(pk=filed.pk).update(status=CaseStatus.CLOSED, closed_on=filed.filed_on)
    answer = login(client, officer).post(reverse("cases:record-add", args=[filed.pk]), data, **QUEUED)
    assert answer.status_code == 422 and answer.json()["status"] == "refused"
    assert any("已结案" in reason or "结案" in reason for reason in answer.json()["reasons"]), answer.json()
    assert not InvestigationRecord.objects.exists()

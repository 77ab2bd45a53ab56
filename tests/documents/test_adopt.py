"""The interim notice events of the cases app become served documents; the demo is idempotent."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.services import record_notice
from documents import services
from documents.models import CaseDocument, DocumentStatus, ServiceRecord

pytestmark = pytest.mark.django_db


def test_interim_notice_events_become_served_documents_once(case, office):
    served_on = timezone.localdate() - datetime.timedelta(days=4)
    record_notice(case, by=office, deadline=served_on + datetime.timedelta(days=30), served_on=served_on,
                  requirements="限期拆除")
    assert services.adopt_interim_notices() == 1
    doc = CaseDocument.objects.get(case=case)
    assert doc.status == DocumentStatus.SERVED and doc.kind == "rectification"
    assert doc.deadline == served_on + datetime.timedelta(days=30) and doc.deadline_days == 30
    assert doc.requirements == "限期拆除" and doc.reference.endswith("整改第001号")
    assert doc.service.served_on == served_on and doc.service.method == ""
    call_command("adopt_interim_notices")
    assert CaseDocument.objects.count() == 1 and ServiceRecord.objects.count() == 1


def test_a_notice_served_through_documents_is_not_adopted_again(issued, office):
    services.serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="x")
    assert services.adopt_interim_notices() == 0

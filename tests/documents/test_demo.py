"""The demo gives the seed's cases their documents: running and overdue notices, a correction, a demand."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.models import CaseDocument, DocumentKind, DocumentStatus

pytestmark = pytest.mark.django_db


def test_demo_documents_cover_the_scenario():
    call_command("loaddemo", allow_production=True, stdout=open("/dev/null", "w"))
    today = timezone.localdate()
    served = CaseDocument.objects.filter(township__code="T01", kind=DocumentKind.RECTIFICATION,
                                         status=DocumentStatus.SERVED)
    assert served.filter(deadline__gt=today).exists() and served.filter(deadline__lt=today).exists()
    superseded = CaseDocument.objects.get(township__code="T01", status=DocumentStatus.SUPERSEDED)
    assert superseded.corrections.get().status == DocumentStatus.SERVED
    from cases.closing_demo import TITLES as CLOSING_DEMO
    from cases.enforcement_demo import TITLES as ON_THE_COURT_TRACK

    demand = CaseDocument.objects.exclude(case__title__in=(*ON_THE_COURT_TRACK, *CLOSING_DEMO)).get(
        township__code="T01", kind=DocumentKind.DEMAND)
    assert demand.status == DocumentStatus.SERVED and demand.service.method == "post"
    # Every notice the cases demo recorded on a timeline now has its document.
    from cases.models import CaseEvent, EventKind

    assert not CaseEvent.objects.filter(kind=EventKind.NOTIFIED, document__isnull=True).exists()
    # The campaign's notices went out before the penalty chain: their cases are marked as predating
    # it, and those whose disposition is demolition still run (issue 19).
    from cases.models import Disposition, ViolationCase

    noticed = ViolationCase.objects.filter(events__kind=EventKind.NOTIFIED).distinct()
    assert noticed.exists() and not noticed.filter(predates_chain=False).exists()
    assert noticed.filter(disposition=Disposition.DEMOLISH).exists()
    before = CaseDocument.objects.count()
    call_command("loaddemo", allow_production=True, stdout=open("/dev/null", "w"))
    assert CaseDocument.objects.count() == before

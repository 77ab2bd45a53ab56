"""The demo's cases at the first steps of the penalty chain: filed, investigated with 笔录,
suspended, terminated and reported, through the services; idempotent."""

from cases.demo import CHAIN_CASES, load_investigations
from cases.models import CaseStatus, ClockPause, EventKind, ViolationCase
from documents.models import CaseDocument, DocumentKind
from tests.cases.test_demo_cases import _counts, _load


def test_the_demo_shows_filing_and_the_investigation(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _load()
    load_investigations()
    chain = {c.title: c for c in ViolationCase.objects.filter(title__in=[t for t, *_ in CHAIN_CASES])}
    status = {title: chain[title].status for title, *_ in CHAIN_CASES}
    assert sorted(status.values()) == sorted([CaseStatus.FILED, CaseStatus.FILED, CaseStatus.SUSPENDED,
                                              CaseStatus.CLOSED, CaseStatus.REVIEWING])
    assert all(case.filed_on for case in chain.values())
    # Filed and worked by the township, so only cases the township may penalise itself.
    assert all(case.authority_id == case.village.township_id for case in chain.values())
    assert CaseDocument.objects.filter(case__in=chain.values(), kind=DocumentKind.FILING_APPROVAL).count() == 5
    records = CaseDocument.objects.filter(case__in=chain.values(), kind__in=[DocumentKind.INQUIRY_RECORD,
                                                                            DocumentKind.INSPECTION_RECORD])
    assert records.count() == 8 and all(d.record.credential_1.number for d in records)
    assert ClockPause.objects.filter(case__in=chain.values(), ended_on__isnull=True).count() == 1
    terminated = next(c for c in chain.values() if c.status == CaseStatus.CLOSED)
    assert terminated.events.filter(kind=EventKind.INVESTIGATION_TERMINATED).exists()
    first = _counts()
    load_investigations()
    assert _counts() == first

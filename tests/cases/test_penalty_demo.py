"""The demo holds a case informed, one with a hearing requested and held, one decided and served."""

from cases.models import CaseStatus, EventKind, ViolationCase
from cases.penalty_demo import DECIDED, HEARING, INFORMED, load_penalty_chain
from documents.models import DocumentKind, DocumentStatus
from territory.demo import load_territory


def test_demo_shows_the_review_notice_hearing_and_decision(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_territory()
    assert load_penalty_chain() == {"penalty_cases": 3}
    cases = {c.title: c for c in ViolationCase.objects.filter(title__in=[INFORMED, HEARING, DECIDED])}
    assert cases[INFORMED].status == CaseStatus.INFORMED
    assert cases[HEARING].status == CaseStatus.INFORMED
    assert cases[HEARING].events.filter(kind=EventKind.HEARING_HELD).exists()
    decided = cases[DECIDED]
    assert decided.status == CaseStatus.DECIDED and decided.deadline is not None
    assert decided.events.filter(kind=EventKind.DECISION_SERVED, data__late=False).exists()
    assert decided.documents.filter(kind=DocumentKind.PENALTY_DECISION, status=DocumentStatus.SERVED).exists()
    # Idempotent.
    assert load_penalty_chain() == {"penalty_cases": 0}

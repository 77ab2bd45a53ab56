"""The demo holds a case informed, one with a hearing requested and held, one decided and served,
each reached through the real steps (立案, two 笔录, report) and worked by its 办案机关."""

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
    # Through part 3's steps: the filing approval, two 笔录 each, the report.
    for case in cases.values():
        kinds = list(case.documents.values_list("kind", flat=True))
        assert kinds.count(DocumentKind.FILING_APPROVAL) == 1
        assert kinds.count(DocumentKind.INQUIRY_RECORD) + kinds.count(DocumentKind.INSPECTION_RECORD) == 2
        assert case.events.filter(kind=EventKind.REPORT_SUBMITTED).exists()
    # The township works its delegated case; the county department works the two it was handed.
    township = cases[INFORMED]
    assert township.authority_id == township.village.township_id and township.handed_over_on is None
    assert township.events.get(kind=EventKind.FILING_APPROVED).actor.username == "gupeijian"
    for title in (HEARING, DECIDED):
        county = cases[title]
        assert county.handed_over_on is not None and county.authority.code == "DEMO-COUNTY-NR"
        assert county.events.get(kind=EventKind.FILING_APPROVED).actor.username == "nr_head"
    assert decided.events.get(kind=EventKind.PENALTY_DECIDED).actor.username == "nr_head"
    # The procedural details (issue 19): the suspension and resumption told to the party (the
    # resumption late), the hearing notified seven working days ahead, the complex case extended.
    from cases import penalty, procedure

    rows = {n.kind: n for n in penalty.suspension_notices(penalty.chain_facts(township), today=township.events.latest(
        "occurred_on").occurred_on)}
    assert rows[DocumentKind.SUSPENSION_NOTICE].served_on and not rows[DocumentKind.SUSPENSION_NOTICE].late
    assert rows[DocumentKind.RESUMPTION_NOTICE].late
    hearing = cases[HEARING]
    assert hearing.documents.filter(kind=DocumentKind.HEARING_SUMMONS, status=DocumentStatus.SERVED).exists()
    clock = procedure.decision_clock(hearing)
    assert [e.particularly_complex for e in clock.extensions] == [False, True]
    # Idempotent.
    assert load_penalty_chain() == {"penalty_cases": 0}

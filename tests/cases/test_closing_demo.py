"""The demo holds a chain case closed by the head's approval on its ground, and a demand whose
statement was reviewed (cases/closing_demo.py), reached through the real steps."""

from cases import closing, enforcement
from cases.closing_demo import CLOSED, STATED, load_closing
from cases.models import CaseStatus, ClosingGround, EventKind, StatementReview, ViolationCase
from deadlines.services import load_shipped
from landwatch.demo import load_day
from territory.demo import load_territory


def test_demo_holds_a_closed_chain_case_and_a_reviewed_statement(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_shipped([2025, 2026])
    load_territory()
    assert load_closing() == {"closing_cases": 2}
    cases = {c.title: c for c in ViolationCase.objects.filter(title__in=[STATED, CLOSED])}
    closed = cases[CLOSED]
    assert closed.status == CaseStatus.CLOSED
    approval = closing.last_closing(closed)
    assert approval.data["ground"] == ClosingGround.ENFORCEMENT_APPLIED and approval.data["approval"]["name"]
    stated = enforcement.panel(cases[STATED])
    [statement] = stated.statements
    assert statement.review == StatementReview.NOT_ACCEPTED and statement.reasons
    assert cases[STATED].events.filter(kind=EventKind.DEMAND_STATEMENT_REVIEWED).exists()
    assert stated.earliest <= load_day() <= stated.last.date  # reviewed: the window is open
    assert enforcement.application_refusal(cases[STATED], load_day()) == ""
    assert load_closing() == {"closing_cases": 0}

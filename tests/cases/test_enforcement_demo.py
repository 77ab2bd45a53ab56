"""The demo holds one case at each step of enforcement through the court, reached through the
real steps of the chain and of cases/enforcement.py."""

from cases import enforcement
from cases.enforcement_demo import APPLIED, CHALLENGED, DEMANDED, ORDERED, load_enforcement
from cases.models import CaseStatus, ViolationCase
from deadlines.services import load_shipped
from landwatch.demo import load_day
from territory.demo import load_territory


def test_demo_holds_a_case_at_each_enforcement_step(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_shipped([2025, 2026])
    load_territory()
    assert load_enforcement() == {"enforcement_cases": 4}
    cases = {c.title: c for c in ViolationCase.objects.filter(title__in=[DEMANDED, APPLIED, ORDERED, CHALLENGED])}
    demanded = enforcement.panel(cases[DEMANDED])
    assert cases[DEMANDED].status == CaseStatus.DECIDED
    assert demanded.earliest <= load_day() <= demanded.last.date  # the window is open today
    # The papers (part g3): the 公告 published on the township's own demolition case, the 强制执行申请书
    # of each application.
    assert demanded.announcement is not None and demanded.announcement.period is not None
    assert enforcement.panel(cases[APPLIED]).waiting_ruling
    for title in (APPLIED, ORDERED):
        letter = cases[title].court_applications.get().letter
        assert letter.kind == "court_application" and letter.reference
    assert cases[ORDERED].status == CaseStatus.ENFORCING
    assert enforcement.panel(cases[CHALLENGED]).pending
    assert load_enforcement() == {"enforcement_cases": 0}

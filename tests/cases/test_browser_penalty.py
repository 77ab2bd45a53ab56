"""The leader decides a penalty in the browser: the panel's periods, the refusal, the decision.

axe-core (WCAG 2.1 AA) runs on the case page with its penalty panel and on the decision form,
at 1366 px and 390 px; the screenshots are for a person to look at.
"""

import pytest

from cases.models import CaseStatus
from tests.cases.test_penalty_procedure import informed
from tests.conftest import browser_login, screenshot
from tests.landwatch.test_accessibility import _AXE_RUN, AXE, WCAG_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe(page) -> list[str]:
    """WCAG 2.1 AA violations on the page, the status badges' colours included."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return [f"{v['id']} at {n['target']}" for v in page.evaluate(_AXE_RUN, WCAG_TAGS) for n in v["nodes"]]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_leader_decides_the_penalty(sized_page, live_server, reviewing, reviewer, leader, office):
    informed(reviewing, reviewer=reviewer, leader=leader, office=office)
    page, size = sized_page, sized_page.size_name
    browser_login(page, live_server, "leader")
    page.goto(f"{live_server.url}/cases/{reviewing.pk}/")
    panel = page.locator("[data-penalty-panel]")
    assert "陈述申辩期限至" in panel.inner_text()
    assert "作出决定期限" in panel.inner_text()
    assert not _axe(page), _axe(page)
    screenshot(page, f"penalty-case-panel-{size}")
    page.click("[data-action=decide_penalty]")
    page.wait_for_selector("#id_measures_0")
    assert not _axe(page), _axe(page)
    page.check("input[value=demolish]")
    screenshot(page, f"penalty-decide-form-{size}")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-penalty-panel]")
    reviewing.refresh_from_db()
    assert reviewing.status == CaseStatus.DECIDED
    assert "决定书送达期限" in page.locator("[data-penalty-panel]").inner_text()
    screenshot(page, f"penalty-case-decided-{size}")

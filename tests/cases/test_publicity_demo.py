"""The demo holds one decision published in time and one whose publication is due soon, reached
through the real steps of the chain and of cases/publicity.py."""

from django.urls import reverse

from cases import publicity
from cases.enforcement_demo import DEMANDED, load_enforcement
from cases.models import CaseEvent, EventKind, ViolationCase
from cases.publicity_demo import DUE_SOON, load_publicity
from deadlines import clock
from deadlines.services import load_shipped
from landwatch.demo import load_day
from territory.demo import load_territory


def test_demo_holds_a_published_decision_and_one_due_soon(db, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    load_shipped([2025, 2026, 2027])
    load_territory()
    load_enforcement()
    assert load_publicity() == {"published_decisions": 1, "publication_due_cases": 1}
    assert load_publicity() == {"published_decisions": 0, "publication_due_cases": 0}  # idempotent
    published = ViolationCase.objects.get(title=DEMANDED)
    panel = publicity.panel(published)
    assert panel.current is not None and not panel.late and not panel.overdue
    assert "周某某" in panel.current.text and "周建华" not in panel.current.text
    assert CaseEvent.objects.filter(case=published, kind=EventKind.DECISION_PUBLISHED).count() == 1
    due = ViolationCase.objects.get(title=DUE_SOON)
    panel = publicity.panel(due)
    assert panel.current is None and not panel.overdue
    assert load_day() <= panel.due.date <= clock.due_soon_until(load_day(), 5)
    client.force_login(due.created_by)
    page = client.get(reverse("cases:detail", args=[due.pk])).content.decode()
    assert "data-publicity-panel" in page and "尚未公示" in page

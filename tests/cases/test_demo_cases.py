"""The demo's cases: the seed's 42 in 丰乐镇 at every state, idempotent."""

from django.apps import apps

from campaigns.demo import load_campaign
from cases.demo import CASES, QIANTANG, load_cases, load_competence, load_investigations, load_outcomes
from cases.models import CaseAttachment, CaseStatus, ViolationCase
from cases.penalty_demo import load_penalty_chain
from documents.demo import load_documents, load_hand_overs
from landwatch.vocabulary import Category
from territory.demo import load_territory


def _load():
    """The cases' part of loaddemo: registered and decided, served their notices, then settled;
    then the penalty chain's cases, filed, investigated, reviewed, informed and decided."""
    load_territory()
    load_campaign()
    load_cases()
    load_documents()
    load_outcomes()
    load_competence()
    load_hand_overs()
    load_investigations()
    load_penalty_chain()


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("cases").get_models()}


def test_load_cases_twice_gives_the_same_counts(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _load()
    first = _counts()
    _load()
    assert _counts() == first


def test_demo_cases_cover_every_category_and_state(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _load()
    t01 = ViolationCase.objects.filter(village__township__code="T01")
    assert t01.filter(title__in=[title for title, *_rest in CASES]).count() == 42
    assert set(t01.values_list("category", flat=True)) == set(Category.values)
    assert set(t01.values_list("status", flat=True)) == set(CaseStatus.values)
    assert ViolationCase.objects.filter(village__township__code="T02").count() == 2
    assert ViolationCase.objects.overdue().exists() and ViolationCase.objects.due_soon().exists()
    qiantang = ViolationCase.objects.get(title=QIANTANG)
    assert qiantang.category == Category.COMMERCIAL and qiantang.farmland_area_m2 > 0
    assert qiantang.disciplinary_actions.filter(status="proposed").exists()
    assert CaseAttachment.objects.filter(case=qiantang, file_type="jpeg").exists()
    # Every case's timeline ends in the state the case is in.
    for case in t01:
        last = case.events.exclude(to_status="").order_by("at", "id").last()
        assert last.to_status == case.status, case.number


def test_the_demo_shows_competence_a_delegation_and_a_hand_over(db, settings, tmp_path):
    from documents.demo import HANDED_OVER_CASE
    from territory.models import Delegation

    settings.MEDIA_ROOT = tmp_path
    _load()
    handed = ViolationCase.objects.get(title=HANDED_OVER_CASE)
    assert handed.authority.name == "嘉禾县自然资源局" and handed.handed_over_on is not None
    assert handed.documents.get(kind="transfer").status == "served"
    assert handed.events.filter(kind="handed_over").count() == 1
    delegation = Delegation.objects.get(township__code="T01")
    assert [s.category for s in delegation.scope.all()] == [Category.FARMLAND_BREEDING]
    breeding = ViolationCase.objects.filter(village__township__code="T01", category=Category.FARMLAND_BREEDING)
    assert breeding.exists() and all(c.authority.code == "T01" for c in breeding)
    homesteads = ViolationCase.objects.filter(village__township__code="T01", category=Category.EXTRA_HOMESTEAD)
    assert all(c.authority.name == "嘉禾县农业农村局" for c in homesteads)

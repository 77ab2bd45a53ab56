"""What the township may decide and order without the penalty chain (issue 19): never "no action"
on permanent basic farmland, and no rectification notice as the order to demolish on a case of the
chain; the cases that predate the chain are marked, shown and filterable."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, CaseStatus, Disposition, EventKind, LandType, ViolationCase
from cases.transitions import default_disposition
from documents import services as document_services
from documents.models import CaseDocument, DocumentKind
from landwatch.vocabulary import Category

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _snapshot(case):
    row = ViolationCase.objects.get(pk=case.pk)
    return (row.status, row.disposition, row.deadline, row.version, row.predates_chain,
            CaseEvent.objects.filter(case=case).count(), CaseDocument.objects.filter(case=case).count())


# --- 永久基本农田: never "no action" --------------------------------------------------------


def test_basic_farmland_used_for_breeding_is_restored_even_with_the_plough_layer_intact():
    assert default_disposition(Category.FARMLAND_BREEDING, False) == Disposition.NO_ACTION
    assert default_disposition(Category.FARMLAND_BREEDING, False, LandType.BASIC_FARMLAND) == \
        Disposition.RESTORE_FARMLAND
    assert default_disposition(Category.FARMLAND_BREEDING, False, LandType.FARMLAND) == Disposition.NO_ACTION


@pytest.mark.parametrize("category", [Category.FARMLAND_BREEDING, Category.OTHER, Category.COMMERCIAL])
def test_no_action_on_basic_farmland_is_refused_and_nothing_changes(case_in, office, leader, category):
    case = case_in(category=category, land_type=LandType.BASIC_FARMLAND, plough_layer_damaged=False)
    before = _snapshot(case)
    with pytest.raises(services.CaseError, match="第五十一条"):
        services.decide_case(case, by=leader if category == Category.COMMERCIAL else office,
                             disposition=Disposition.NO_ACTION, reason="耕作层未破坏")
    assert _snapshot(case) == before


def test_registering_a_breeding_case_on_basic_farmland_proposes_restoring(territory, office, party):
    case = services.register_case(
        by=office, village=territory.village_a, title="基本农田挖塘养鱼", party=party, location_text="五组",
        area_m2=1000, farmland_area_m2=1000, land_type=LandType.BASIC_FARMLAND, category=Category.FARMLAND_BREEDING,
        plough_layer_damaged=False, source="dynamic_patrol", discovered_on=_today())
    registered = CaseEvent.objects.get(case=case, kind=EventKind.REGISTERED)
    assert registered.data["proposed_disposition"] == Disposition.RESTORE_FARMLAND


def test_the_decide_form_refuses_no_action_on_basic_farmland_and_proposes_restoring(client, case_in, office):
    case = case_in(category=Category.FARMLAND_BREEDING, land_type=LandType.BASIC_FARMLAND,
                   plough_layer_damaged=False)
    client.force_login(office)
    url = reverse("cases:decide", args=[case.pk])
    form = client.get(url).context["form"]
    assert form.initial["disposition"] == Disposition.RESTORE_FARMLAND
    response = client.post(url, {"version": case.version, "category": Category.FARMLAND_BREEDING,
                                 "plough_layer_damaged": "false", "disposition": Disposition.NO_ACTION,
                                 "reason": "耕作层完好", "occurred_on": _today().isoformat()})
    assert response.status_code == 200
    [error] = response.context["form"].errors["disposition"]
    assert "永久基本农田" in error and "第五十一条" in error
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and case.disposition == ""
    # Restoring is the default there: no reason asked.
    response = client.post(url, {"version": case.version, "category": Category.FARMLAND_BREEDING,
                                 "plough_layer_damaged": "false", "disposition": Disposition.RESTORE_FARMLAND,
                                 "reason": "", "occurred_on": _today().isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.disposition == Disposition.RESTORE_FARMLAND


# --- demolition is a penalty: no rectification notice orders it ------------------------------------


@pytest.mark.parametrize("disposition", [Disposition.DEMOLISH, Disposition.PROSECUTE])
def test_a_rectification_notice_cannot_be_the_demolition_order(case_in, office, disposition):
    case = case_in(disposition=disposition)
    before = _snapshot(case)
    with pytest.raises(services.CaseError) as refused:
        services.record_notice(case, by=office, deadline=_today() + datetime.timedelta(days=15), served_on=_today())
    assert "第四条" in refused.value.message and "立案" in refused.value.message
    with pytest.raises(services.CaseError, match="第四条"):
        document_services.create_document(case, by=office, kind=DocumentKind.RECTIFICATION)
    assert _snapshot(case) == before
    # The stop order stays available: it is not a penalty (办法 第十五条).
    stop = document_services.create_document(case, by=office, kind=DocumentKind.STOP_WORK)
    assert stop.kind == DocumentKind.STOP_WORK


def test_the_refusal_shows_on_the_draft_page(client, case_in, office):
    case = case_in(disposition=Disposition.DEMOLISH)
    client.force_login(office)
    text = {"kind": "rectification", "party_name": case.party.name, "location_text": "三组", "facts": "占地建房",
            "legal_basis": "土地管理法", "requirements": "限期拆除", "deadline_days": "15"}
    response = client.post(reverse("documents:create", args=[case.pk]), text, follow=True)
    assert "第四条" in response.content.decode()
    assert not CaseDocument.objects.filter(case=case).exists()
    # Said before the clerk writes anything, and the notice is not offered in the documents menu.
    response = client.get(reverse("documents:create", args=[case.pk]) + "?kind=rectification", follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert "第四条" in response.content.decode() and "?kind=rectification" not in response.content.decode()
    assert "?kind=stop_work" in response.content.decode()


def test_a_case_that_predates_the_chain_keeps_the_notice_path(case_in, office):
    case = case_in(disposition=Disposition.DEMOLISH, predates_chain=True)
    services.record_notice(case, by=office, deadline=_today() + datetime.timedelta(days=15), served_on=_today())
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED


def test_a_restoration_still_goes_by_notice(case_in, office):
    case = case_in(category=Category.FARMLAND_BREEDING, disposition=Disposition.RESTORE_FARMLAND)
    services.record_notice(case, by=office, deadline=_today() + datetime.timedelta(days=15), served_on=_today())
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED


def test_the_case_page_points_a_demolition_case_to_filing_not_to_a_notice(client, case_in, office):
    case = case_in(disposition=Disposition.DEMOLISH)
    client.force_login(office)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-action="issue-notice"' not in html and "data-needs-filing" in html
    restore = case_in(category=Category.FARMLAND_BREEDING, disposition=Disposition.RESTORE_FARMLAND)
    html = client.get(reverse("cases:detail", args=[restore.pk])).content.decode()
    assert 'data-action="issue-notice"' in html and "data-needs-filing" not in html


# --- the cases that predate the chain ---------------------------------------------------------------


def test_a_pre_chain_case_shows_its_badge_and_explanation(client, case_in, office):
    old = case_in(CaseStatus.NOTIFIED, predates_chain=True)
    new = case_in(CaseStatus.REGISTERED)
    client.force_login(office)
    html = client.get(reverse("cases:detail", args=[old.pk])).content.decode()
    assert "data-predates-chain" in html and "data-predates-chain-note" in html
    assert "早于处罚程序" in html
    html = client.get(reverse("cases:detail", args=[new.pk])).content.decode()
    assert "data-predates-chain" not in html


def test_the_case_list_filters_and_marks_pre_chain_cases(client, case_in, office):
    old = case_in(CaseStatus.NOTIFIED, predates_chain=True)
    new = case_in(CaseStatus.REGISTERED)
    client.force_login(office)
    url = reverse("cases:list")
    html = client.get(url, {"procedure": "pre_chain"}).content.decode()
    assert old.number in html and new.number not in html and "data-predates-chain" in html
    html = client.get(url, {"procedure": "chain"}).content.decode()
    assert new.number in html and old.number not in html
    html = client.get(url).content.decode()
    assert old.number in html and new.number in html


def test_marking_a_case_as_predating_the_chain_is_on_its_timeline(case_in, office, officer):
    case = case_in()
    with pytest.raises(services.CaseError):
        services.mark_predating_chain(case, by=office, note=" ")
    services.mark_predating_chain(case, by=office, note="纸质整改通知书已于去年送达")
    case.refresh_from_db()
    assert case.predates_chain
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NOTE, note="纸质整改通知书已于去年送达").exists()
    with pytest.raises(Exception):  # noqa: B017 — PermissionDenied: only the office marks
        services.mark_predating_chain(case_in(), by=officer, note="x")

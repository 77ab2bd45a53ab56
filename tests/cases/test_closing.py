"""结案 with the head's approval on a ground of 自然资源行政处罚办法 第四十六条, and "no action" only on
the grounds of 行政处罚法 第三十三条、第三十六条 and 办法 第三十一条 (cases/closing.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import closing, services
from cases.errors import CaseError, IllegalTransitionError
from cases.models import (
    CaseStatus,
    ClosingGround,
    CourtApplication,
    CriminalReferral,
    Disposition,
    EnforcementAction,
    EventKind,
    LandType,
    NoActionGround,
    ViolationCase,
)
from landwatch.vocabulary import Category

pytestmark = pytest.mark.django_db

FILED = datetime.date(2026, 11, 1)


def today():
    return timezone.localdate()


def snapshot(case):
    row = ViolationCase.objects.get(pk=case.pk)
    return (row.status, row.version, row.closed_on, row.disposition, row.events.count())


@pytest.fixture
def chain(case_in):
    """A case of the penalty chain in ``status`` (filed in the system, not predating the chain)."""
    def make(status, **kw):
        return case_in(status, filed_on=FILED, registered_on=FILED, discovered_on=FILED, **kw)
    return make


# --- "no action" only on its lawful grounds ---------------------------------------------------


def test_no_action_without_a_ground_of_the_law_is_refused_and_nothing_changes(case_in, office):
    case = case_in(category=Category.OTHER)
    before = snapshot(case)
    for ground in ("", "historical", "已补办手续"):
        with pytest.raises(CaseError, match="Article 33|第三十三条"):
            services.decide_case(case, by=office, disposition=Disposition.NO_ACTION, reason="历史遗留",
                                 no_action_ground=ground)
    assert snapshot(case) == before


@pytest.mark.parametrize("ground", NoActionGround.values)
def test_no_action_on_each_ground_of_the_law_closes_the_case_with_the_ground_recorded(case_in, office, ground):
    case = case_in(category=Category.OTHER)
    services.decide_case(case, by=office, disposition=Disposition.NO_ACTION, reason="已自行拆除并复耕",
                         no_action_ground=ground)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    event = case.events.get(kind=EventKind.CLOSED_NO_ACTION)
    assert event.data["no_action_ground"] == ground and event.note == "已自行拆除并复耕"


def test_no_action_on_basic_farmland_stays_refused_whatever_the_ground(case_in, office):
    case = case_in(category=Category.FARMLAND_BREEDING, land_type=LandType.BASIC_FARMLAND, plough_layer_damaged=False)
    with pytest.raises(CaseError, match="第五十一条|Article 51"):
        services.decide_case(case, by=office, disposition=Disposition.NO_ACTION, reason="耕作层完好",
                             no_action_ground=NoActionGround.MINOR_CORRECTED)
    assert case.events.count() == 0


def test_the_decide_form_asks_for_the_ground_of_no_action(client, case_in, office):
    case = case_in(category=Category.OTHER)
    client.force_login(office)
    url = reverse("cases:decide", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'name="no_action_ground"' in page and "没有主观过错" in page
    data = {"version": case.version, "category": Category.OTHER, "plough_layer_damaged": "",
            "disposition": Disposition.NO_ACTION, "reason": "已自行拆除", "occurred_on": today().isoformat()}
    response = client.post(url, data)
    assert response.status_code == 200 and "no_action_ground" in response.context["form"].errors
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
    response = client.post(url, {**data, "no_action_ground": NoActionGround.FIRST_MINOR})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "初次违法" in page  # the ground on the timeline row


# --- 结案 of a chain case ------------------------------------------------------------------------


@pytest.mark.parametrize("status,run", [
    (CaseStatus.CORRECTED, lambda c, by: services.pass_reinspection(c, by=by, inspected_on=today())),
    (CaseStatus.ENFORCING, lambda c, by: services.complete_enforcement(c, by=by, verified_on=today())),
])
def test_the_rectification_paths_closing_steps_are_refused_on_a_chain_case(chain, office, officer, status, run):
    case = chain(status)
    EnforcementAction.objects.create(case=case, kind="demolition", carried_out_on=today(), recorded_by=officer)
    before = snapshot(case)
    with pytest.raises(IllegalTransitionError, match="Article 46|第四十六条"):
        run(case, office)
    assert snapshot(case) == before


def test_a_case_that_predates_the_chain_keeps_its_closing_steps_and_takes_no_approval(chain, office, leader):
    case = chain(CaseStatus.CORRECTED, predates_chain=True)
    with pytest.raises(IllegalTransitionError):
        closing.approve_closing(case, by=leader, ground=ClosingGround.OTHER, note="x", closed_on=today())
    services.pass_reinspection(case, by=office, inspected_on=today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_heads_approval_closes_a_chain_case_and_is_recorded(chain, leader):
    case = chain(CaseStatus.CORRECTED)
    closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, note="当事人已自行拆除，经复查属实",
                            closed_on=today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == today()
    event = case.events.get(kind=EventKind.CASE_CLOSED)
    assert (event.actor, event.occurred_on, event.note) == (leader, today(), "当事人已自行拆除，经复查属实")
    assert event.data["ground"] == ClosingGround.EXECUTED
    assert event.data["approval"]["by"] == leader.pk and event.data["approval"]["name"] == "组长"


@pytest.mark.parametrize("actor", ["office", "officer", "coordinator_a", "county_user", "other_office"])
def test_only_the_head_approves_the_closing(chain, request, actor):
    case = chain(CaseStatus.CORRECTED)
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        closing.approve_closing(case, by=request.getfixturevalue(actor), ground=ClosingGround.EXECUTED,
                                closed_on=today())
    assert snapshot(case) == before


def test_on_a_handed_over_case_the_departments_head_approves_not_the_township(chain, leader, county_departments,
                                                                                authority_head):
    case = chain(CaseStatus.CORRECTED, authority=county_departments.natural_resources, handed_over_on=FILED)
    with pytest.raises(PermissionDenied):
        closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, closed_on=today())
    closing.approve_closing(case, by=authority_head, ground=ClosingGround.EXECUTED, closed_on=today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.events.get(kind=EventKind.CASE_CLOSED).data["approval"]["by"] == authority_head.pk


@pytest.mark.parametrize("status,ground,kw", [
    # 不予处罚 is decided after 审理, before a decision (办法 第三十一条).
    (CaseStatus.DECIDED, ClosingGround.NO_PENALTY, {"no_action_ground": NoActionGround.NOT_ESTABLISHED}),
    (CaseStatus.REVIEWING, ClosingGround.NO_PENALTY, {}),
    (CaseStatus.REVIEWING, ClosingGround.NO_PENALTY, {"no_action_ground": "其他"}),
    # Executed: a decided case the party has not complied with, an enforcement with nothing carried out.
    (CaseStatus.DECIDED, ClosingGround.EXECUTED, {}),
    (CaseStatus.ENFORCING, ClosingGround.EXECUTED, {}),
    (CaseStatus.REVIEWING, ClosingGround.EXECUTED, {}),
    # Applied to the court: none on record.
    (CaseStatus.DECIDED, ClosingGround.ENFORCEMENT_APPLIED, {}),
    # The circumstances of 终结执行 and "other" are written.
    (CaseStatus.DECIDED, ClosingGround.EXECUTION_ENDED, {"note": "  "}),
    (CaseStatus.DECIDED, ClosingGround.OTHER, {}),
    (CaseStatus.DECIDED, "handed_over", {"note": "x"}),
])
def test_a_closing_on_a_ground_that_does_not_hold_is_refused(chain, leader, status, ground, kw):
    case = chain(status)
    before = snapshot(case)
    with pytest.raises(IllegalTransitionError):
        closing.approve_closing(case, by=leader, ground=ground, closed_on=today(), **kw)
    assert snapshot(case) == before


def test_no_penalty_after_review_closes_on_its_ground(chain, leader):
    case = chain(CaseStatus.REVIEWING)
    closing.approve_closing(case, by=leader, ground=ClosingGround.NO_PENALTY,
                            no_action_ground=NoActionGround.NOT_ESTABLISHED, closed_on=today())
    event = case.events.get(kind=EventKind.CASE_CLOSED)
    assert event.data == {**event.data, "ground": "no_penalty", "no_action_ground": "not_established"}


def test_no_penalty_is_refused_on_permanent_basic_farmland(chain, leader):
    case = chain(CaseStatus.REVIEWING, land_type=LandType.BASIC_FARMLAND)
    with pytest.raises(IllegalTransitionError, match="Article 51|第五十一条"):
        closing.approve_closing(case, by=leader, ground=ClosingGround.NO_PENALTY,
                                no_action_ground=NoActionGround.MINOR_CORRECTED, closed_on=today())


def test_an_application_to_the_court_is_a_ground_unless_the_court_refused_it(chain, leader):
    case = chain(CaseStatus.DECIDED)
    application = CourtApplication.objects.create(case=case, court="测试县人民法院", filed_on=today(),
                                                  recorded_by=leader, ruling="refused", ruling_on=today())
    with pytest.raises(IllegalTransitionError):
        closing.approve_closing(case, by=leader, ground=ClosingGround.ENFORCEMENT_APPLIED, closed_on=today())
    CourtApplication.objects.create(case=case, court="测试县人民法院", filed_on=application.filed_on,
                                    recorded_by=leader)
    closing.approve_closing(case, by=leader, ground=ClosingGround.ENFORCEMENT_APPLIED, closed_on=today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_execution_carried_out_is_a_ground(chain, leader, officer):
    case = chain(CaseStatus.ENFORCING)
    EnforcementAction.objects.create(case=case, kind="demolition", carried_out_on=today(), recorded_by=officer)
    closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, closed_on=today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_case_flagged_for_a_criminal_referral_closes_only_after_its_referral(chain, leader, office):
    case = chain(CaseStatus.CORRECTED, area_m2=Decimal("4000"), farmland_area_m2=Decimal("3400"),
                 basic_farmland_area_m2=Decimal("3400"))
    before = snapshot(case)
    with pytest.raises(CaseError, match="〔2000〕14"):
        closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, closed_on=today())
    assert snapshot(case) == before
    CriminalReferral.objects.create(case=case, police_organ="测试县公安局", document_number="测移〔2026〕1号",
                                    approved_on=FILED, sent_on=FILED, received_on=FILED, recorded_by=office)
    closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, closed_on=today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_case_page_offers_the_approval_to_the_head_and_shows_it_once_given(client, chain, leader, office):
    case = chain(CaseStatus.CORRECTED)
    detail = reverse("cases:detail", args=[case.pk])
    client.force_login(office)
    page = client.get(detail).content.decode()
    assert 'data-action="approve_closing"' not in page and 'data-action="reinspection_passed"' not in page
    client.force_login(leader)
    page = client.get(detail).content.decode()
    assert 'data-action="approve_closing"' in page
    url = reverse("cases:approve-closing", args=[case.pk])
    form = client.get(url).content.decode()
    assert "第四十六条" in form and "执行完毕" in form
    response = client.post(url, {"version": case.version, "ground": "no_penalty", "no_action_ground": "",
                                 "note": "", "occurred_on": today().isoformat()})
    assert response.status_code == 200 and "no_action_ground" in response.context["form"].errors
    response = client.post(url, {"version": case.version, "ground": "no_penalty",
                                 "no_action_ground": "not_established", "note": "",
                                 "occurred_on": today().isoformat()})
    assert response.status_code == 200 and response.context["form"].non_field_errors()  # not from "corrected"
    response = client.post(url, {"version": case.version, "ground": "executed", "no_action_ground": "",
                                 "note": "经复查已拆除", "occurred_on": today().isoformat()})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "data-closing-panel" in page and "执行完毕" in page and "经复查已拆除" in page and "组长" in page


def test_the_closing_approval_shows_a_row_with_content(client, chain, leader):
    from tests.cases.test_timeline_rows import _rows

    case = chain(CaseStatus.CORRECTED)
    closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, closed_on=today())
    client.force_login(leader)
    row = dict(_rows(client, case))[EventKind.CASE_CLOSED]
    assert "data-detail" in row and "执行完毕" in row and "组长" in row


def test_the_closing_page_keeps_its_query_count_whatever_the_history(client, chain, leader, office,
                                                                     django_assert_max_num_queries):
    case = chain(CaseStatus.CORRECTED)
    closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, closed_on=today())
    client.force_login(leader)
    detail = reverse("cases:detail", args=[case.pk])
    client.get(detail)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(detail)
    for n in range(5):
        services.add_note(case, by=office, note=f"回访 {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(detail)


def test_the_closing_approval_is_on_the_case_files_closing_page(client, chain, leader, office, settings, tmp_path):
    """立卷归档 (documents/archive.py): the 执行与结案 page carries the head's approval and its ground."""
    import io

    from pypdf import PdfReader

    from documents.models import CaseArchive

    settings.MEDIA_ROOT = tmp_path
    case = chain(CaseStatus.CORRECTED)
    closing.approve_closing(case, by=leader, ground=ClosingGround.EXECUTED, note="复查已拆除", closed_on=today())
    client.force_login(office)
    assert client.post(reverse("documents:archive-assemble", args=[case.pk])).status_code == 302
    archive = CaseArchive.objects.get(case=case)
    response = client.get(reverse("documents:archive-pdf", args=[archive.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert "结案审批" in text and "执行完毕" in text

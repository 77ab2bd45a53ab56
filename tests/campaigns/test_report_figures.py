"""Every figure of the summary report (整改工作材料) against a hand-counted fixture, and the
Excel download carrying the same numbers.

The fixture (campaign in township A, today = 2022-05-10, correction phase ends 2022-05-20):

  c1  commercial         closed     1000 m² (800 farmland)  power cut, fine 5000, 2 disciplinary (1 decided)
  c2  extra_homestead    closed      150 m²                 demolition 150 m²
  c3  extra_homestead    enforcing   200 m²                 demolition 120 m²
  c4  farmland_breeding  closed      600 m² (600 farmland)  farmland restored 600 m²
  c5  farmland_breeding  notified    300 m² (300 farmland)  deadline 2022-06-15 (after the phase)
  c6  villager_housing   deferred    180 m²
  c7  villager_housing   registered  160 m²                 (no notice yet)
  c8  other              notified     50 m²                 deadline 2022-05-05 (overdue)
  c9  commercial         corrected   400 m²                 (awaiting re-inspection)
  c11 other              notified     20 m²                 deadline 2022-05-18 (running)
  c10 extra_homestead    withdrawn                          demolition 999 m², cause: left out everywhere
  and a closed commercial case with a power cut in another township's campaign: left out.
"""

import datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest

from campaigns import selectors
from campaigns.models import TaskStatus
from cases.models import CaseCause, CaseStatus, DisciplinaryAction, EnforcementAction
from landwatch.vocabulary import Category, Cause
from tests.factories import ViolationCaseFactory
from tests.factories.campaigns import MeetingFactory, PublicityActivityFactory, TaskFactory

D = datetime.date
TODAY = D(2022, 5, 10)


@pytest.fixture
def report_campaign(campaign, other_campaign, territory, office):
    va, vb = territory.village_a, territory.village_b

    def case(village, category, status, area, farmland=0, deadline=None, causes=(), camp=campaign):
        c = ViolationCaseFactory(
            village=village,
            campaign=camp,
            category=category,
            status=status,
            area_m2=Decimal(area),
            farmland_area_m2=Decimal(farmland),
            deadline=deadline,
            closed_on=D(2022, 5, 1) if status == CaseStatus.CLOSED else None,
        )
        for cause in causes:
            CaseCause.objects.create(case=c, cause=cause)
        return c

    def action(c, kind, area=None, amount=None):
        EnforcementAction.objects.create(
            case=c, kind=kind, carried_out_on=D(2022, 4, 20), area_m2=area, amount_yuan=amount, recorded_by=office
        )

    c1 = case(
        va,
        Category.COMMERCIAL,
        CaseStatus.CLOSED,
        1000,
        800,
        causes=[Cause.DEVELOPMENT_PRESSURE, Cause.CADRE_AWARENESS],
    )
    action(c1, "power_cut")
    action(c1, "fine", amount=Decimal(5000))
    DisciplinaryAction.objects.create(
        case=c1, person_name="张三", measure="warning", status="decided", decided_on=D(2022, 5, 2), recorded_by=office
    )
    DisciplinaryAction.objects.create(case=c1, person_name="李四", measure="criticism", recorded_by=office)
    c2 = case(va, Category.EXTRA_HOMESTEAD, CaseStatus.CLOSED, 150)
    action(c2, "demolition", area=Decimal(150))
    c3 = case(vb, Category.EXTRA_HOMESTEAD, CaseStatus.ENFORCING, 200, causes=[Cause.SLOW_PROCEDURE])
    action(c3, "demolition", area=Decimal(120))
    c4 = case(vb, Category.FARMLAND_BREEDING, CaseStatus.CLOSED, 600, 600, causes=[Cause.WEAK_MANAGEMENT])
    action(c4, "farmland_restored", area=Decimal(600))
    case(va, Category.FARMLAND_BREEDING, CaseStatus.NOTIFIED, 300, 300, deadline=D(2022, 6, 15))
    case(va, Category.VILLAGER_HOUSING, CaseStatus.DEFERRED, 180, causes=[Cause.HOUSING_FREEZE, Cause.PLANNING_LIMITS])
    case(vb, Category.VILLAGER_HOUSING, CaseStatus.REGISTERED, 160, causes=[Cause.HOUSING_FREEZE])
    case(va, Category.OTHER, CaseStatus.NOTIFIED, 50, deadline=D(2022, 5, 5))
    case(vb, Category.COMMERCIAL, CaseStatus.CORRECTED, 400)
    case(vb, Category.OTHER, CaseStatus.NOTIFIED, 20, deadline=D(2022, 5, 18))
    c10 = case(va, Category.EXTRA_HOMESTEAD, CaseStatus.WITHDRAWN, 70, causes=[Cause.PLANNING_LIMITS])
    action(c10, "demolition", area=Decimal(999))
    elsewhere = case(territory.other_village, Category.COMMERCIAL, CaseStatus.CLOSED, 500, camp=other_campaign)
    action(elsewhere, "power_cut")

    PublicityActivityFactory(campaign=campaign, kind="meeting", audience=200, materials=0, village=va)
    PublicityActivityFactory(campaign=campaign, kind="leaflet", audience=300, materials=300, village=vb)
    PublicityActivityFactory(campaign=campaign, kind="banner", audience=0, materials=20)
    PublicityActivityFactory(campaign=other_campaign, kind="leaflet", audience=999, materials=999)
    MeetingFactory(campaign=campaign, kind="mobilisation")
    MeetingFactory(campaign=campaign, kind="joint")
    MeetingFactory(campaign=campaign, kind="joint")
    MeetingFactory(campaign=other_campaign, kind="joint")

    TaskFactory(campaign=campaign, owner_unit=territory.department, status=TaskStatus.DONE, due_date=D(2022, 4, 1))
    TaskFactory(campaign=campaign, owner_unit=va, status=TaskStatus.IN_PROGRESS, due_date=D(2022, 5, 1))
    TaskFactory(campaign=campaign, owner_unit=vb, status=TaskStatus.PENDING, due_date=D(2022, 5, 30))
    TaskFactory(campaign=campaign, owner_unit=vb, status=TaskStatus.CANCELLED, due_date=D(2022, 4, 1))
    return campaign


def by_category(figures):
    return {r["category"]: (r["found"], r["handled"], r["closed"], r["open"]) for r in figures["cases"]["by_category"]}


def test_cases_found_handled_closed_by_category(report_campaign):
    f = selectors.campaign_figures(report_campaign, today=TODAY)
    assert by_category(f) == {
        Category.COMMERCIAL: (2, 2, 1, 1),
        Category.VILLAGER_HOUSING: (2, 1, 0, 2),
        Category.FARMLAND_BREEDING: (2, 2, 1, 1),
        Category.EXTRA_HOMESTEAD: (2, 2, 1, 1),
        Category.VILLAGE_CONSTRUCTION: (0, 0, 0, 0),  # a row for every category, found or not
        Category.OTHER: (2, 2, 0, 2),
    }
    c = f["cases"]
    assert (c["found"], c["handled"], c["closed"], c["open"]) == (10, 9, 3, 7)
    assert c["area"] == Decimal(3060)
    assert c["farmland"] == Decimal(1700)


def test_enforcement_and_discipline(report_campaign):
    f = selectors.campaign_figures(report_campaign, today=TODAY)
    e = f["enforcement"]
    assert (e["demolitions"], e["demolished_area"]) == (2, Decimal(270))
    assert (e["restorations"], e["restored_area"]) == (1, Decimal(600))
    assert e["power_cuts"] == 1
    assert (e["fines"], e["fine_amount"]) == (1, Decimal(5000))
    assert (e["licence_refusals"], e["referrals"]) == (0, 0)
    assert f["discipline"] == {"actions": 2, "proposed": 1, "decided": 1, "cases": 1}


def test_six_causes_each_counted(report_campaign):
    f = selectors.campaign_figures(report_campaign, today=TODAY)
    assert {r["cause"]: r["count"] for r in f["causes"]} == {
        Cause.PLANNING_LIMITS: 1,
        Cause.HOUSING_FREEZE: 2,
        Cause.DEVELOPMENT_PRESSURE: 1,
        Cause.WEAK_MANAGEMENT: 1,
        Cause.SLOW_PROCEDURE: 1,
        Cause.CADRE_AWARENESS: 1,
    }


def test_publicity_meetings_and_tasks(report_campaign):
    f = selectors.campaign_figures(report_campaign, today=TODAY)
    p = f["publicity"]
    assert (p["activities"], p["audience"], p["materials"]) == (3, 500, 320)
    assert f["meetings"]["total"] == 3
    assert {r["kind"]: r["count"] for r in f["meetings"]["by_kind"]} == {"mobilisation": 1, "joint": 2, "summary": 0}
    assert f["tasks"] == {"total": 3, "done": 1, "overdue": 1}


def test_outstanding_items_carry_their_reason(report_campaign):
    f = selectors.campaign_figures(report_campaign, today=TODAY)
    reasons = {c.area_m2: (c.risk, str(c.reason)) for c in f["outstanding"]}
    assert len(reasons) == 7
    assert reasons[Decimal(300)][0] == "deadline_after_phase"
    assert reasons[Decimal(180)][0] == "deferred"
    assert reasons[Decimal(160)][0] == "no_notice"
    assert reasons[Decimal(50)][0] == "notice_overdue"
    assert reasons[Decimal(200)] == (None, "强制执行中")
    assert reasons[Decimal(400)] == (None, "已自行纠正，待复查")
    assert reasons[Decimal(20)][0] is None and "2022年5月18日" in reasons[Decimal(20)][1]


def test_report_page_shows_the_figures(client, leader, report_campaign, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client.force_login(leader)
    html = client.get(f"/campaigns/{report_campaign.pk}/report/").content.decode()
    assert 'data-figure="found">10<' in html
    assert 'data-figure="handled">9<' in html
    assert 'data-figure="closed">3<' in html
    assert 'data-figure="demolished-area">270.00<' in html
    assert 'data-figure="restored-area">600.00<' in html
    assert 'data-figure="power-cuts">1<' in html
    assert 'data-figure="publicity-audience">500<' in html
    assert 'data-figure="meetings">3<' in html
    assert "因编制新农村规划导致农民建房停批" in html or "停批" in html


def test_excel_download_has_the_same_numbers(client, leader, report_campaign, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client.force_login(leader)
    response = client.get(f"/campaigns/{report_campaign.pk}/report.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(BytesIO(response.content))
    figures = selectors.campaign_figures(report_campaign, today=TODAY)
    summary = {row[0]: row[1] for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert summary["发现案件"] == figures["cases"]["found"] == 10
    assert summary["已处理案件"] == 9
    assert summary["已结案件"] == 3
    assert summary["拆除面积（平方米）"] == 270
    assert summary["恢复耕地面积（平方米）"] == 600
    assert summary["停止供电"] == 1
    assert summary["纪律处分：建议（尚未作出）"] == 1
    assert summary["纪律处分：已作出"] == 1
    assert summary["宣传受众人数"] == 500
    assert summary["会议"] == 3
    categories = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert categories[-1][1:5] == (10, 9, 3, 7)
    causes = {row[0]: row[1] for row in wb.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert sum(causes.values()) == 7 and len(causes) == 6
    outstanding = list(wb.worksheets[5].iter_rows(min_row=2, values_only=True))
    assert len(outstanding) == 7


def test_a_long_outstanding_list_is_cut_on_the_page_but_whole_in_excel(client, leader, report_campaign, monkeypatch):
    """At county scale a campaign has thousands of open cases: the page lists the first ones."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    monkeypatch.setattr("campaigns.views.REPORT_OUTSTANDING_ROWS", 3)
    client.force_login(leader)
    response = client.get(f"/campaigns/{report_campaign.pk}/report/")
    html = response.content.decode()
    table = html.split('data-table="outstanding"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 3  # the header and the first three of seven
    assert 'data-outstanding-more="4"' in html
    assert "另有 4 件未结案件未在此列出" in html
    assert f"/cases/?campaign={report_campaign.pk}&amp;status=open" in html
    workbook = openpyxl.load_workbook(BytesIO(client.get(f"/campaigns/{report_campaign.pk}/report.xlsx").content))
    assert len(list(workbook.worksheets[5].iter_rows(min_row=2, values_only=True))) == 7


def test_a_short_outstanding_list_says_nothing_more(client, leader, report_campaign, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client.force_login(leader)
    html = client.get(f"/campaigns/{report_campaign.pk}/report/").content.decode()
    assert "data-outstanding-more" not in html


def test_a_large_number_left_off_the_page_is_written_as_the_language_writes_numbers(
    client, leader, report_campaign, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    real = selectors.campaign_figures

    def twelve_thousand_more_open(*args, **kwargs):
        figures = real(*args, **kwargs)
        figures["cases"]["open"] += 12000
        return figures

    monkeypatch.setattr("campaigns.selectors.campaign_figures", twelve_thousand_more_open)
    client.force_login(leader)
    url = f"/campaigns/{report_campaign.pk}/report/"
    html = client.get(url).content.decode()
    assert 'data-outstanding-more="12000"' in html
    assert "另有 12000 件未结案件未在此列出" in html  # Chinese groups no thousands, as every figure here
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "12,000 more open cases are not listed here" in html


def test_the_discipline_figure_says_what_each_number_is(client, leader, report_campaign, monkeypatch):
    """Not "纪律处分（已作出） 2 (1)": each number is named, on the page as in the workbook."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client.force_login(leader)
    html = client.get(f"/campaigns/{report_campaign.pk}/report/").content.decode()
    assert "<th>纪律处分</th>" in html
    assert 'data-figure="discipline">建议 1 起，已作出 1 起<' in html
    wb = openpyxl.load_workbook(BytesIO(client.get(f"/campaigns/{report_campaign.pk}/report.xlsx").content))
    labels = [row[0] for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "纪律处分：建议（尚未作出）" in labels and "纪律处分：已作出" in labels and "纪律处分" not in labels


def test_a_proposal_decided_by_a_correcting_record_counts_once(report_campaign, office):
    """A proposal later decided is a new record correcting it (append-only): one action, decided."""
    proposal = DisciplinaryAction.objects.get(person_name="李四")
    DisciplinaryAction.objects.create(
        case=proposal.case, person_name="李四", measure="criticism", status="decided", decided_on=D(2022, 5, 9),
        supersedes=proposal, correction_reason="已作出决定", recorded_by=office,
    )
    f = selectors.campaign_figures(report_campaign, today=TODAY)
    assert f["discipline"] == {"actions": 2, "proposed": 0, "decided": 2, "cases": 1}

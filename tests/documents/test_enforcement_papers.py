"""The papers of enforcement and referral: the 涉嫌犯罪案件移送书 to the police (国务院令第310号 第六条、
第八条), the 强制执行申请书 to the court (行政强制法 第五十五条) and the 公告 before the township's own
demolition (行政强制法 第四十四条; 城乡规划法 第六十五条): drafted from their records, numbered by the
document system, printed, filed in the case file's order, and the 公告 the paper behind the demolition."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import enforcement, referrals
from cases.models import ApplicationMaterial, CaseStatus, CriminalReferral, EventKind, PenaltyMeasure
from deadlines.services import load_shipped
from documents import archive
from documents import services as doc_services
from documents.models import CaseDocument, DocumentKind, DocumentSequence, DocumentStatus
from tests.cases.conftest import case_in  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

D = datetime.date
ALL = list(ApplicationMaterial.values)


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def serve(case, kind, *, by, on, method="direct", **text):
    document = doc_services.create_document(case, by=by, kind=kind, **text)
    doc_services.issue_document(document, by=by, issued_on=on)
    doc_services.serve_document(document, by=by, method=method, served_on=on, recipient="张三")
    case.refresh_from_db()
    return document


@pytest.fixture
def decided(case_in, office):  # noqa: F811
    """限期拆除 decided by the township itself, served on Monday 1 September 2025; the 催告书 on 22 September."""
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None,
                   discovered_on=D(2025, 6, 2), registered_on=D(2025, 6, 3), filed_on=D(2025, 6, 4))
    serve(case, DocumentKind.PENALTY_DECISION, by=office, on=D(2025, 9, 1))
    serve(case, DocumentKind.DEMAND, by=office, on=D(2025, 9, 22))
    return case


@pytest.fixture
def flagged(case_in, township):  # noqa: F811
    """4000 m² of 永久基本农田 occupied: over the 5 亩 of 法释〔2000〕14号 第三条."""
    return case_in(CaseStatus.REGISTERED, discovered_on=ago(40), registered_on=ago(30), area_m2=Decimal(5000),
                   farmland_area_m2=Decimal(4500), basic_farmland_area_m2=Decimal(4000))


def refer(case, by):
    return referrals.record_referral(case, by=by, police_organ="测试县公安局", approved_on=ago(3), sent_on=ago(2),
                                     received_on=ago(2))


# --- (a) 涉嫌犯罪案件移送书 ----------------------------------------------------------------------


def test_a_referral_drafts_its_letter_and_keeps_the_number_the_document_system_allocates(flagged, office):
    referral = refer(flagged, office)
    letter = referral.letter
    assert letter.kind == DocumentKind.POLICE_REFERRAL and letter.status == DocumentStatus.ISSUED
    assert letter.sequence == 1 and letter.issued_on == ago(3) and letter.issued_by == office
    assert referral.document_number == letter.reference == f"甲土监〔{ago(3).year}〕涉刑移送第001号"
    # 第六条: what the letter carries.
    for words in ("测试县公安局", "涉嫌犯罪案件情况的调查报告", "涉案物品清单", "检验报告或者鉴定结论", "回执"):
        assert words in letter.requirements, words
    assert "第三条、第六条" in letter.legal_basis
    event = flagged.events.get(kind=EventKind.REFERRED_TO_POLICE)
    assert event.data["document_number"] == letter.reference
    # A second referral takes the next number.
    flagged.refresh_from_db()
    second = referrals.record_referral(flagged, by=office, police_organ="测试县公安局", approved_on=ago(1),
                                       sent_on=ago(1))
    assert second.letter.sequence == 2


def test_the_referral_letter_is_not_the_transfer_letter(flagged, office):
    letter = refer(flagged, office).letter
    assert letter.kind != DocumentKind.TRANSFER and "涉刑移送" in letter.reference
    assert not DocumentSequence.objects.filter(kind=DocumentKind.TRANSFER).exists()
    assert str(letter.get_kind_display()) == "涉嫌犯罪案件移送书"


def test_a_refused_referral_leaves_no_letter(flagged, office):
    with pytest.raises(referrals.CaseError):
        referrals.record_referral(flagged, by=office, police_organ="测试县公安局", approved_on=ago(5),
                                  sent_on=ago(2))
    assert not CaseDocument.objects.filter(kind=DocumentKind.POLICE_REFERRAL).exists()
    assert not DocumentSequence.objects.filter(kind=DocumentKind.POLICE_REFERRAL, last__gt=0).exists()


def test_the_referral_form_no_longer_asks_for_a_number(client, flagged, office):
    client.force_login(office)
    url = reverse("cases:referral-add", args=[flagged.pk])
    assert 'name="document_number"' not in client.get(url).content.decode()
    response = client.post(url, {"version": flagged.version, "police_organ": "测试县公安局",
                                 "approved_on": ago(3).isoformat(), "sent_on": ago(2).isoformat()})
    assert response.status_code == 302
    referral = CriminalReferral.objects.get(case=flagged)
    page = client.get(reverse("cases:detail", args=[flagged.pk])).content.decode()
    assert f'href="{reverse("documents:detail", args=[referral.letter_id])}" data-referral-letter' in page


def test_a_referral_recorded_before_keeps_its_typed_number(client, flagged, office):
    CriminalReferral.objects.create(case=flagged, police_organ="测试县公安局", document_number="甲移〔2025〕1号",
                                    approved_on=ago(3), sent_on=ago(2), recorded_by=office)
    client.force_login(office)
    page = client.get(reverse("cases:detail", args=[flagged.pk])).content.decode()
    assert "甲移〔2025〕1号" in page and "data-referral-letter" not in page


def test_the_referral_letter_prints_to_the_police_with_its_receipt(client, flagged, office):
    letter = refer(flagged, office).letter
    client.force_login(office)
    page = client.get(reverse("documents:print", args=[letter.pk])).content.decode()
    assert "测试县公安局：" in page and "公安机关签收" in page and letter.reference in page
    pdf = client.get(reverse("documents:pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_referral_letter_is_made_by_its_step_and_not_edited_or_served_by_hand(flagged, office):
    letter = refer(flagged, office).letter
    with pytest.raises(doc_services.DocumentLocked):
        doc_services.update_document(letter, by=office, requirements="改写")
    with pytest.raises(doc_services.DocumentLocked):
        doc_services.create_document(flagged, by=office, kind=DocumentKind.POLICE_REFERRAL)


# --- (b) 强制执行申请书 -------------------------------------------------------------------------


def test_an_application_to_the_court_drafts_its_letter_with_the_materials(decided, leader):
    application = enforcement.apply_to_court(decided, by=leader, court="测试县人民法院", filed_on=D(2025, 11, 3),
                                             materials=ALL)
    letter = application.letter
    assert letter.kind == DocumentKind.COURT_APPLICATION and letter.status == DocumentStatus.ISSUED
    assert letter.issued_on == D(2025, 11, 3) and letter.issued_by == leader and "强执申" in letter.reference
    decision = decided.documents.get(kind=DocumentKind.PENALTY_DECISION)
    demand = decided.documents.get(kind=DocumentKind.DEMAND)
    text = letter.requirements
    for words in ("测试县人民法院", decision.reference, demand.reference, "2025年9月1日", "2025年9月22日",
                  "限期拆除", "负责人（签名）"):
        assert words in text, words
    for material in ApplicationMaterial:
        assert str(material.label) in text
    assert "第五十三条、第五十四条、第五十五条" in letter.legal_basis
    event = decided.events.get(kind=EventKind.COURT_APPLIED)
    assert event.data["letter"] == letter.reference


def test_a_refused_application_leaves_no_letter(decided, leader):
    with pytest.raises(enforcement.EnforcementRefused):
        enforcement.apply_to_court(decided, by=leader, court="测试县人民法院", filed_on=D(2025, 10, 1), materials=ALL)
    assert not CaseDocument.objects.filter(kind=DocumentKind.COURT_APPLICATION).exists()


def test_the_application_prints_to_the_court_and_shows_on_the_panel_and_timeline(client, decided, leader):
    from tests.cases.test_timeline_rows import _rows

    letter = enforcement.apply_to_court(decided, by=leader, court="测试县人民法院", filed_on=D(2025, 11, 3),
                                        materials=ALL).letter
    client.force_login(leader)
    page = client.get(reverse("documents:print", args=[letter.pk])).content.decode()
    assert "测试县人民法院：" in page and "被申请人" in page
    assert client.get(reverse("documents:pdf", args=[letter.pk]))["Content-Type"] == "application/pdf"
    detail = client.get(reverse("cases:detail", args=[decided.pk])).content.decode()
    assert "data-application-letter" in detail and letter.reference in detail
    assert letter.reference in dict(_rows(client, decided))["court_applied"]


# --- (c) 公告 before the township's own demolition -------------------------------------------


def test_the_announcement_counts_its_days_from_publication_with_the_holiday_table(decided, office):
    # Published on Friday 26 September 2025 with ten days: the tenth, 6 October, falls in the National
    # Day holiday (1–8 October), so the time limit ends on the next working day, Thursday 9 October.
    # By announcement or by hand, the days run from the publication, not thirty days after it.
    for method in ("public", "direct"):
        notice = serve(decided, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26), method=method)
        assert notice.deadline == D(2025, 10, 9), method
        assert notice.deadline_basis["from"] == "published" and notice.deadline_basis["start"] == "2025-09-26"
        assert "自2025年9月26日公告之日起" in notice.deadline_counted.basis


def test_the_announcement_is_drafted_from_the_served_decision(decided, office):
    notice = doc_services.create_document(decided, by=office, kind=DocumentKind.DEMOLITION_ANNOUNCEMENT)
    decision = decided.documents.get(kind=DocumentKind.PENALTY_DECISION)
    assert decision.reference in notice.requirements and "2025年9月1日" in notice.requirements
    assert "第四十四条" in notice.requirements and notice.deadline_days == 10
    assert "第六十五条" in notice.legal_basis and "第四十四条" in notice.legal_basis


def test_the_announcement_is_refused_where_the_township_does_not_demolish_itself(decided, office,
                                                                                 county_departments):
    type(decided).objects.filter(pk=decided.pk).update(authority=county_departments.natural_resources)
    decided.refresh_from_db()
    with pytest.raises(doc_services.DocumentError, match="第六十五条"):
        doc_services.create_document(decided, by=office, kind=DocumentKind.DEMOLITION_ANNOUNCEMENT)


def test_the_announcement_is_refused_before_the_decision_is_served(case_in, office):  # noqa: F811
    case = case_in(CaseStatus.DECIDED, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None)
    with pytest.raises(doc_services.DocumentError, match="not been served|尚未送达"):
        doc_services.create_document(case, by=office, kind=DocumentKind.DEMOLITION_ANNOUNCEMENT)


def test_the_announcement_is_refused_before_the_decision(case_in, office):  # noqa: F811
    case = case_in(CaseStatus.INFORMED, penalty_measures=[PenaltyMeasure.DEMOLISH])
    with pytest.raises(doc_services.DocumentError, match="第四十四条"):
        doc_services.create_document(case, by=office, kind=DocumentKind.DEMOLITION_ANNOUNCEMENT)


def test_the_demolition_is_refused_without_a_published_announcement(decided, leader, office):
    with pytest.raises(enforcement.EnforcementRefused, match="第四十四条") as refused:
        enforcement.decide_demolition(decided, by=leader, decided_on=D(2025, 11, 10))
    assert "公告" in refused.value.message
    # A 公告 drafted and issued but not published is not one either.
    notice = doc_services.create_document(decided, by=office, kind=DocumentKind.DEMOLITION_ANNOUNCEMENT)
    doc_services.issue_document(notice, by=office, issued_on=D(2025, 10, 27))
    decided.refresh_from_db()
    with pytest.raises(enforcement.EnforcementRefused, match="第四十四条"):
        enforcement.decide_demolition(decided, by=leader, decided_on=D(2025, 11, 10))
    decided.refresh_from_db()
    assert decided.status == CaseStatus.DECIDED


def test_the_demolition_waits_for_the_announcements_time_limit(client, decided, leader, office):
    from tests.cases.test_timeline_rows import _rows

    # The remedy periods end on 31 October; the 公告 published on 28 October gives ten days, to
    # Friday 7 November: the township decides from Saturday 8 November on.
    notice = serve(decided, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 10, 28))
    assert notice.deadline == D(2025, 11, 7)
    with pytest.raises(enforcement.EnforcementRefused, match="2025年11月8日"):
        enforcement.decide_demolition(decided, by=leader, decided_on=D(2025, 11, 7))
    decided.refresh_from_db()
    enforcement.decide_demolition(decided, by=leader, decided_on=D(2025, 11, 10))
    decided.refresh_from_db()
    assert decided.status == CaseStatus.ENFORCING
    event = decided.events.get(kind=EventKind.DEMOLITION_DECIDED)
    assert event.data["announcement"] == notice.reference and event.data["announced_on"] == "2025-10-28"
    client.force_login(leader)
    row = dict(_rows(client, decided))["demolition_decided"]
    assert notice.reference in row and "2025年10月28日" in row


def test_the_panel_shows_the_announcement_and_its_time_limit(client, decided, office):
    client.force_login(office)
    url = reverse("cases:detail", args=[decided.pk])
    page = client.get(url).content.decode()
    assert 'data-action="draft-announcement"' in page
    notice = serve(decided, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26))
    row = client.get(url).content.decode().split("data-announcement>", 1)[1].split("</dd>", 1)[0]
    assert notice.reference in row and "2025年9月26日" in row and "2025年10月9日" in row


def test_the_announcement_prints_its_time_limit_from_publication(client, decided, office):
    notice = serve(decided, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26), method="public")
    client.force_login(office)
    page = client.get(reverse("documents:print", args=[notice.pk])).content.decode()
    assert "自本公告发布之日起" in page and "2025年10月9日" in page
    assert client.get(reverse("documents:pdf", args=[notice.pk]))["Content-Type"] == "application/pdf"


def test_the_announcement_is_recorded_as_posted_not_served(client, decided, office):
    """A 公告 is posted where the building stands, not handed to anyone (行政强制法 第四十四条): its form
    asks the day, the place and who posted it, never a recipient or a signature."""
    notice = doc_services.create_document(decided, by=office, kind=DocumentKind.DEMOLITION_ANNOUNCEMENT)
    doc_services.issue_document(notice, by=office, issued_on=D(2025, 9, 26))
    client.force_login(office)
    url = reverse("documents:serve", args=[notice.pk])
    assert "登记张贴" in client.get(reverse("documents:detail", args=[notice.pk])).content.decode()
    form = client.get(url).content.decode()
    assert "<h1 class=\"h4\">登记张贴</h1>" in form and "张贴日期" in form and "张贴地点" in form
    for asked in ('name="method"', 'name="recipient"', 'name="signer"'):
        assert asked not in form, asked
    # Where it was posted is required.
    refused = client.post(url, {"served_on": "2025-09-26", "server": "执法队员"}).content.decode()
    assert "请写明公告张贴的地点" in refused
    notice.refresh_from_db()
    assert notice.status == DocumentStatus.ISSUED
    response = client.post(url, {"served_on": "2025-09-26", "server": "执法队员",
                                 "note": "张贴于违法建筑所在地及村委会公告栏"})
    assert response.status_code == 302
    notice.refresh_from_db()
    record = notice.service
    assert notice.status == DocumentStatus.SERVED and notice.deadline == D(2025, 10, 9)
    assert record.method == "public" and record.recipient == "" and record.note.startswith("张贴于")
    page = client.get(reverse("documents:detail", args=[notice.pk])).content.decode()
    assert "张贴地点" in page and "受送达人" not in page and "签收人" not in page
    assert "已登记张贴。期限至 2025-10-09。" in page and ">已张贴</span>" in page and "已送达" not in page


def test_the_announcement_is_recorded_as_published_whatever_method_the_service_is_given(decided, office):
    notice = serve(decided, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26), method="direct")
    record = notice.service
    assert record.method == "public" and record.recipient == ""


# --- the case file --------------------------------------------------------------------------


def test_the_papers_join_the_case_file_in_the_procedures_order(decided, office, leader, monkeypatch):
    serve(decided, DocumentKind.DEMOLITION_ANNOUNCEMENT, by=office, on=D(2025, 9, 26))
    enforcement.apply_to_court(decided, by=leader, court="测试县人民法院", filed_on=D(2025, 11, 3), materials=ALL)
    decided.refresh_from_db()
    refer(decided, office)
    monkeypatch.setattr(archive, "render_pdf", lambda document: b"")
    monkeypatch.setattr(archive, "_html_pdf", lambda context: b"")
    titles = [part.title for part in archive._parts(decided)]
    order = [str(DocumentKind(k).label) for k in (
        DocumentKind.PENALTY_DECISION, DocumentKind.DEMAND, DocumentKind.DEMOLITION_ANNOUNCEMENT,
        DocumentKind.COURT_APPLICATION, DocumentKind.POLICE_REFERRAL)]
    assert [t for t in titles if t in order] == order

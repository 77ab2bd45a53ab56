"""A campaign in flight brought in by the survey import (issue #27, point 1).

The township's cases were surveyed, noticed and served on paper before the system: the same
workbook takes each case's registration date and its rectification notice (number as printed,
signing date, service date and method, deadline as a date or days). The rows are checked with
the services' own date rules, a bad value is the row's error on its column and nothing is
written; a good list lands every case "notified" with a served notice whose deadline runs from
the real service date, so a case whose deadline passed goes to enforcement today.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from cases.models import CaseEvent, CaseStatus, Disposition, EventKind, ViolationCase
from deadlines.clock import deadline
from documents import services
from documents.models import CaseDocument, DocumentKind, DocumentSequence, DocumentStatus, ServiceRecord
from documents.survey_import import SURVEY_COLUMNS, headers
from tests.fuzz import row_counts

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def row(party="李四", *, location="五组河边", category="一户多宅/建新不拆旧", discovered=None, registered=None,
        disposition="", number="", signed=None, served=None, method="直接送达", deadline="15", village="甲一村"):
    """One row of a case in flight; a notice signed 60 days ago, served 58 days ago, 15 days given."""
    discovered = discovered if discovered is not None else ago(80).isoformat()
    registered = registered if registered is not None else ago(70).isoformat()
    signed = signed if signed is not None else ago(60).isoformat()
    served = served if served is not None else ago(58).isoformat()
    return [party, "", "自然人", village, location, "96.5", "", category, discovered, "动态巡查", "", "",
            registered, disposition, number, signed, served, method, deadline]


def survey_only(party="王五", location="村口"):
    return row(party, location=location, registered="", signed="", served="", method="", deadline="")


def workbook(rows, header=None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(header if header is not None else headers())
    for values in rows:
        ws.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("在办案件.xlsx", buffer.getvalue(), content_type=XLSX)


def column(key: str) -> str:
    from documents.survey_import import COLUMNS

    return dict((k, str(v)) for k, v, _r in COLUMNS)[key]


@pytest.fixture
def clerk(client, office, territory, township):
    client.force_login(office)
    return client


def _refused(client, rows) -> set[tuple[int, str]]:
    before = row_counts()
    response = client.post(reverse("documents:import"), {"file": workbook(rows)})
    assert response.status_code == 200, "a list with errors comes back to the import page"
    assert row_counts() == before, "a refused list wrote rows"
    page = response.content.decode()
    errors = response.context["result"].errors
    for error in errors:
        assert str(error.message) in page
    return {(e.row, e.column) for e in errors}


def _import(client, rows):
    response = client.post(reverse("documents:import"), {"file": workbook(rows)})
    assert response.status_code == 302, response.context["result"].errors
    preview = client.get(reverse("documents:import-preview"))
    assert preview.status_code == 200
    confirmed = client.post(reverse("documents:import-confirm"), follow=True)
    assert confirmed.status_code == 200
    return preview, confirmed


# --- the happy path ------------------------------------------------------------------------------


def test_a_campaign_in_flight_lands_notified_with_its_paper_numbers_and_real_deadlines(clerk, office):
    rows = [
        row("李四", number="甲土监〔2026〕整改第007号", signed=ago(60).isoformat(), served=ago(58).isoformat(),
            method="留置送达", deadline="15"),
        row("钱塘物资有限公司", location="工业路北侧", category="经营性违法用地", number="甲土监[2026]整改第008号",
            signed=ago(10).isoformat(), served=ago(5).isoformat(), method="邮寄送达",
            deadline=(ago(5) + datetime.timedelta(days=30)).isoformat()),
        survey_only(),
    ]
    preview, confirmed = _import(clerk, rows)
    page = preview.content.decode()
    assert "甲土监〔2026〕整改第007号" in page and "留置送达" in page and "逾期" in page
    assert "已登记 3 件" in confirmed.content.decode()

    lisi = ViolationCase.objects.get(party__name="李四")
    assert lisi.status == CaseStatus.NOTIFIED and lisi.disposition == Disposition.DEMOLISH
    assert lisi.deadline == deadline("notice", ago(58), 15).date, "the deadline runs from the real service date"
    assert lisi.is_overdue
    assert lisi.registered_on == ago(70), "registered on the paper's date"
    notice = CaseDocument.objects.get(case=lisi)
    assert (notice.kind, notice.status, notice.reference) == (
        DocumentKind.RECTIFICATION, DocumentStatus.SERVED, "甲土监〔2026〕整改第007号")
    assert (notice.year, notice.sequence, notice.issued_on, notice.deadline_days) == (2026, 7, ago(60), 15)
    service = ServiceRecord.objects.get(document=notice)
    assert (service.method, service.served_on, service.recipient) == ("left", ago(58), "李四")
    notified = CaseEvent.objects.get(case=lisi, kind=EventKind.NOTIFIED)
    assert notified.data["served_on"] == ago(58).isoformat() and notice.source_event == notified
    registered = CaseEvent.objects.get(case=lisi, kind=EventKind.REGISTERED)
    assert registered.occurred_on == ago(70) and registered.actor == office

    company = ViolationCase.objects.get(party__name="钱塘物资有限公司")
    assert company.disposition == Disposition.PROSECUTE
    assert company.deadline == deadline("notice", ago(5), 30).date and not company.is_overdue
    assert CaseDocument.objects.get(case=company).reference == "甲土监[2026]整改第008号"

    plain = ViolationCase.objects.get(party__name="王五")
    assert plain.status == CaseStatus.REGISTERED and not plain.documents.exists()
    # A notice made on paper outside the penalty chain marks its case as predating it (issue 19).
    assert lisi.predates_chain and company.predates_chain and not plain.predates_chain
    assert CaseEvent.objects.filter(case=lisi, kind=EventKind.NOTE, note__contains="在办案件.xlsx").exists()
    # The next number the app allocates follows the paper ones.
    assert DocumentSequence.objects.get(kind=DocumentKind.RECTIFICATION, year=2026).last == 8


def test_a_notice_signed_but_not_yet_served_is_issued_and_the_case_waits_for_service(clerk):
    _import(clerk, [row(signed=ago(3).isoformat(), served="", method="", deadline="20")])
    case = ViolationCase.objects.get()
    assert case.status == CaseStatus.REGISTERED and case.disposition == Disposition.DEMOLISH
    notice = case.documents.get()
    assert notice.status == DocumentStatus.ISSUED and notice.deadline_days == 20 and notice.reference


def test_the_survey_template_of_before_is_still_read(clerk):
    old = survey_only()[:SURVEY_COLUMNS]
    response = clerk.post(reverse("documents:import"), {"file": workbook([old], header=headers()[:SURVEY_COLUMNS])})
    assert response.status_code == 302


def test_a_template_downloaded_when_areas_were_written_in_square_metre_signs_is_still_read(clerk):
    """Until 2026-12 the template's headers said 占地面积（㎡）; a clerk's filled copy of it still imports."""
    old_header = [h.replace("平方米", "㎡") for h in headers()[:SURVEY_COLUMNS]]
    assert "占地面积（㎡）" in old_header
    response = clerk.post(reverse("documents:import"),
                          {"file": workbook([survey_only()[:SURVEY_COLUMNS]], header=old_header)})
    assert response.status_code == 302


def test_the_template_has_the_in_flight_columns_and_their_accepted_values(clerk):
    response = clerk.get(reverse("documents:import-template"))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in wb.worksheets[0][1]] == headers()
    assert headers()[SURVEY_COLUMNS:] == ["登记日期", "处理方式", "整改通知书文号", "签发日期", "送达日期", "送达方式",
                                          "整改期限（日期或天数）", "其中永久基本农田（平方米）"]
    accepted = {c.value for r in wb.worksheets[1].iter_rows() for c in r if c.value}
    assert {"直接送达", "留置送达", "委托送达", "邮寄送达", "公告送达", "限期自行拆除", "限期恢复耕地原貌",
            "依法查处：通知、限期、强制措施", "依法查处"} <= accepted


# --- every new column's validation is a row error ----------------------------------------------


# Each row's changes are made when the test runs, not when it is collected: a run that crosses
# midnight would otherwise test "tomorrow" as today.
@pytest.mark.parametrize("changes, key", [
    (lambda: {"signed": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(), "served": "", "method": ""},
     "issued_on"),
    (lambda: {"served": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "served_on"),
    (lambda: {"signed": ago(10).isoformat(), "served": ago(12).isoformat()}, "served_on"),
    (lambda: {"signed": ago(75).isoformat()}, "issued_on"),  # before the case was registered (70 days ago)
    (lambda: {"registered": ago(90).isoformat()}, "registered_on"),  # before the discovery (80 days ago)
    (lambda: {"registered": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "registered_on"),
    (lambda: {"registered": "去年三月"}, "registered_on"),
    (lambda: {"method": "托人带话"}, "method"),
    (lambda: {"method": ""}, "method"),  # served, but not said how
    (lambda: {"served": "", "method": "直接送达", "deadline": "15"}, "served_on"),
    (lambda: {"deadline": ago(59).isoformat()}, "deadline"),  # before the service (58 days ago)
    (lambda: {"deadline": ago(58).isoformat()}, "deadline"),  # the service day itself
    (lambda: {"deadline": "0"}, "deadline"),
    (lambda: {"deadline": "400"}, "deadline"),
    (lambda: {"deadline": "下个月"}, "deadline"),
    (lambda: {"deadline": ""}, "deadline"),
    # A date with no service to run from:
    (lambda: {"served": "", "method": "", "deadline": ago(1).isoformat()}, "deadline"),
    (lambda: {"signed": ""}, "issued_on"),
    (lambda: {"number": "第七号"}, "notice_number"),
    (lambda: {"disposition": "罚款"}, "disposition"),
    (lambda: {"category": "其他"}, "disposition"),  # no usual disposition with a notice: say which
], ids=["signed-future", "served-future", "served-before-signed", "signed-before-registered",
        "registered-before-discovered", "registered-future", "registered-not-a-date", "unknown-method",
        "served-without-method", "method-without-service", "deadline-before-service", "deadline-on-service-day",
        "zero-days", "too-many-days", "deadline-not-a-date", "deadline-missing", "deadline-date-not-served",
        "signing-missing", "number-without-year", "unknown-disposition", "category-without-notice-disposition"])
def test_each_bad_in_flight_value_is_the_rows_error_on_its_column(clerk, changes, key):
    assert _refused(clerk, [survey_only(), row(**changes())]) == {(3, column(key))}


def test_a_paper_number_used_twice_in_the_list_or_already_in_the_township_is_a_row_error(clerk, issued, office):
    taken = issued.reference  # the township's own numbering: 甲土监〔year〕整改第001号
    rows = [row("甲", location="一号", number="甲土监〔2026〕整改第011号"),
            row("乙", location="二号", number="甲土监〔2026〕第011号"),  # same year and number, written otherwise
            row("丙", location="三号", number=taken)]
    assert _refused(clerk, rows) == {(3, column("notice_number")), (4, column("notice_number"))}


def test_one_bad_row_among_good_ones_saves_nothing(clerk):
    rows = [row("甲", location="一号"), row("乙", location="二号", method="飞鸽传书"), row("丙", location="三号")]
    assert _refused(clerk, rows) == {(3, column("method"))}
    assert ViolationCase.objects.count() == 0 and CaseDocument.objects.count() == 0


def test_a_number_taken_after_the_preview_is_the_rows_error_at_the_confirmation(clerk, make_case, office):
    rows = [row("甲", location="一号"), row("乙", location="二号", number="甲土监〔2026〕整改第042号")]
    assert clerk.post(reverse("documents:import"), {"file": workbook(rows)}).status_code == 302
    other = services.create_document(make_case(), by=office, kind="rectification")
    services.issue_document(other, by=office, reference="甲土监〔2026〕整改第042号")
    before = row_counts()
    response = clerk.post(reverse("documents:import-confirm"))
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(3, column("notice_number"))]
    assert "未保存任何数据" in response.content.decode()
    assert row_counts() == before, "a refused list wrote rows"


def test_what_the_services_refuse_while_registering_is_the_rows_error_and_nothing_is_saved(
        clerk, make_case, office, monkeypatch):
    """A refusal the check cannot foresee (here: the check of numbers is skipped, as if another clerk
    took the number between the check and the registration): the service's message, on its row;
    the whole list, cases of the rows before it included, is rolled back."""
    from documents import survey_import

    other = services.create_document(make_case(), by=office, kind="rectification")
    services.issue_document(other, by=office, reference="甲土监〔2026〕整改第042号")
    monkeypatch.setattr(survey_import, "_flag_notice_numbers", lambda result, names: None)
    rows = [row("甲", location="一号"), row("乙", location="二号", number="甲土监〔2026〕整改第042号")]
    assert clerk.post(reverse("documents:import"), {"file": workbook(rows)}).status_code == 302
    before = row_counts()
    response = clerk.post(reverse("documents:import-confirm"))
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [(e.row, "甲土监〔2026〕整改第042号" in e.message) for e in errors] == [(3, True)]
    assert "未保存任何数据" in response.content.decode()
    assert row_counts() == before, "a refused list wrote rows"


# --- the services keep the paper number, and refuse a taken one ----------------------------------


def test_issuing_under_a_paper_number_keeps_it_and_refuses_a_taken_one(make_case, office):
    first = services.create_document(make_case(discovered_on=datetime.date(2025, 11, 1)), by=office,
                                     kind="rectification")
    services.issue_document(first, by=office, issued_on=ago(5), reference="甲土监〔2025〕整改第030号")
    first.refresh_from_db()
    assert (first.reference, first.year, first.sequence) == ("甲土监〔2025〕整改第030号", 2025, 30)
    second = services.create_document(make_case(location_text="别处", discovered_on=datetime.date(2025, 11, 1)),
                                      by=office, kind="rectification")
    with pytest.raises(services.DocumentError):
        services.issue_document(second, by=office, reference="甲土监（2025）整改30号")
    second.refresh_from_db()
    assert second.status == DocumentStatus.DRAFT
    services.issue_document(second, by=office, issued_on=datetime.date(2025, 12, 1))
    second.refresh_from_db()
    assert (second.year, second.sequence) == (2025, 31), "the sequence follows the paper number"


# --- then go: enforcement on an imported case whose deadline passed -----------------------------


def test_an_imported_case_whose_deadline_passed_goes_to_enforcement_today(client, clerk, leader):
    _import(clerk, [row()])
    case = ViolationCase.objects.get()
    assert case.is_overdue
    client.force_login(leader)
    url = reverse("cases:approve-enforcement", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": case.version, "note": "逾期未拆除，同意强制拆除"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ENFORCING
    approved = CaseEvent.objects.get(case=case, kind=EventKind.ENFORCEMENT_APPROVED)
    assert approved.actor == leader and approved.data["deadline"] == case.deadline.isoformat()


def test_an_imported_case_still_in_time_cannot_go_to_enforcement(client, clerk, leader):
    _import(clerk, [row(served=ago(2).isoformat(), signed=ago(3).isoformat(), deadline="15")])
    case = ViolationCase.objects.get()
    client.force_login(leader)
    client.post(reverse("cases:approve-enforcement", args=[case.pk]), {"version": case.version, "note": "x"})
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED


# --- the check page's queries do not grow with the rows ----------------------------------------


def _preview_queries(client, rows) -> int:
    assert client.post(reverse("documents:import"), {"file": workbook(rows)}).status_code == 302
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("documents:import-preview"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_check_pages_queries_do_not_grow_with_the_rows(clerk):
    def rows(n):
        return [row(f"户主{i}", location=f"地块{i}", number=f"甲土监〔2026〕整改第{i + 1:03d}号") for i in range(n)]

    assert _preview_queries(clerk, rows(3)) == _preview_queries(clerk, rows(40))


def test_a_list_with_more_notices_than_one_request_registers_is_refused_with_a_message(clerk, monkeypatch):
    from documents import survey_import

    monkeypatch.setattr(survey_import, "MAX_NOTICE_ROWS", 2)
    rows = [row(f"户主{i}", location=f"地块{i}") for i in range(3)] + [survey_only()]
    response = clerk.post(reverse("documents:import"), {"file": workbook(rows)})
    assert [(e.row, e.message) for e in response.context["result"].errors] == [
        (4, "整改通知书的行超过 2 行，请拆分清单。")]
    assert ViolationCase.objects.count() == 0


# --- register_case takes the paper registration date ---------------------------------------------


def test_register_case_takes_a_paper_registration_date_not_in_the_future_nor_before_the_discovery(
        office, territory, party):
    from cases.services import ActDateError, register_case

    fields = dict(village=territory.village_a, title="纸面立案", party=party, location_text="四组", area_m2=10,
                  source="dynamic_patrol", discovered_on=datetime.date(2025, 11, 2))
    for bad in (datetime.date(2025, 11, 1), timezone.localdate() + datetime.timedelta(days=1)):
        with pytest.raises(ActDateError):
            register_case(by=office, registered_on=bad, **fields)
    assert ViolationCase.objects.count() == 0
    paper = register_case(by=office, registered_on=datetime.date(2025, 12, 20), **fields)
    assert paper.registered_on == datetime.date(2025, 12, 20)
    assert CaseEvent.objects.get(case=paper, kind=EventKind.REGISTERED).occurred_on == datetime.date(2025, 12, 20)
    assert paper.number == "2025-001", "numbered in the year it was registered"
    today = register_case(by=office, **{**fields, "location_text": "五组"})
    assert today.registered_on == timezone.localdate()

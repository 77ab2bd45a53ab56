"""The ledger export and the survey import: round trip, row report, nothing written on a bad file."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from cases.models import CaseEvent, EventKind, Party, ViolationCase
from deadlines.clock import deadline
from documents import services
from documents.survey_import import headers
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows, header=None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(header if header is not None else headers())
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("排摸清单.xlsx", buffer.getvalue(), content_type=XLSX)


def good_rows():
    return [
        ["钱塘物资有限公司", "91330400MA2B000001", "单位", "甲一村", "工业路北侧", 1200, 800, "经营性违法用地",
         datetime.datetime(2022, 3, 16), "双违整治", "", "堆放物资"],
        ["李四", "", "自然人", "甲二村", "五组河边", "96.5", "", "一户多宅/建新不拆旧", "2022-03-18", "动态巡查",
         "李四建新不拆旧案", ""],
    ]


def _ledger(client, query=""):
    response = client.get(reverse("documents:ledger") + query)
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(wb.active.iter_rows(values_only=True))


def test_import_then_export_round_trip(client, office, party, territory):
    client.force_login(office)
    response = client.post(reverse("documents:import"), {"file": workbook(good_rows())})
    assert response.status_code == 302 and response["Location"] == reverse("documents:import-preview")
    preview = client.get(response["Location"]).content.decode()
    assert "已有当事人" in preview and "新当事人" in preview
    assert ViolationCase.objects.count() == 0  # nothing before the confirmation
    response = client.post(reverse("documents:import-confirm"), follow=True)
    assert "已登记 2 件" in response.content.decode()
    qiantang, lisi = ViolationCase.objects.order_by("number")
    assert qiantang.party == party  # matched by the credit code
    assert lisi.party.name == "李四" and Party.objects.count() == 2
    assert lisi.title == "李四建新不拆旧案" and lisi.area_m2 == pytest.approx(96.5)
    assert lisi.discovered_on == datetime.date(2022, 3, 18) and lisi.category == "extra_homestead"
    assert CaseEvent.objects.filter(kind=EventKind.REGISTERED, note__contains="第 3 行").count() == 1

    rows = _ledger(client)
    assert rows[1][:4] == ("案件编号", "当事人", "所在村", "违法用地位置")
    assert "整改期限" in rows[1] and "整改通知书文号" in rows[1] and "结案日期" in rows[1]
    data = {row[0]: row for row in rows[2:]}
    assert data[qiantang.number][1:6] == ("钱塘物资有限公司", "甲一村", "工业路北侧", 1200, 800)
    assert data[lisi.number][6] == "一户多宅/建新不拆旧"


def test_ledger_has_notice_number_and_real_dates_and_follows_the_filters(client, office, case, make_case, issued):
    served_on = timezone.localdate()
    services.serve_document(issued, by=office, method="direct", served_on=served_on, recipient="x")
    closed = make_case(status="closed", closed_on=datetime.date(2026, 10, 1), location_text="另一处")
    client.force_login(office)
    rows = _ledger(client)
    by_number = {row[0]: row for row in rows[2:]}
    notice_row = by_number[case.number]
    assert notice_row[8] == issued.reference
    assert isinstance(notice_row[9], datetime.datetime)
    assert notice_row[9].date() == deadline("notice", served_on, 15).date
    assert by_number[closed.number][11].date() == datetime.date(2026, 10, 1)
    only_notified = _ledger(client, "?status=notified")
    assert [row[0] for row in only_notified[2:]] == [case.number]


def test_ledger_rows_follow_the_users_scope(client, coordinator_b, case):
    client.force_login(coordinator_b)
    assert _ledger(client)[2:] == []


@pytest.mark.parametrize(
    "upload, expected",
    [
        (lambda: workbook(good_rows(), header=["当事人", "村", "位置"]), "列与模板不一致"),
        (lambda: workbook([]), "没有数据行"),
        (lambda: workbook([], header=[]), "工作表是空的"),
        (lambda: workbook([good_rows()[0][:8] + ["2022-02-30"] + good_rows()[0][9:]]), "不是日期"),
        (lambda: workbook([good_rows()[0][:3] + ["不存在村"] + good_rows()[0][4:]]), "未知的村“不存在村”"),
        (lambda: workbook([good_rows()[0][:5] + ["=100*12"] + good_rows()[0][6:]]), "不接受公式"),
        (lambda: workbook([good_rows()[0], good_rows()[0]]), "重复：与第 2 行"),
    ],
    ids=["wrong-columns", "no-rows", "empty-sheet", "bad-date", "unknown-village", "formula", "duplicate"],
)
def test_a_bad_survey_list_gives_the_row_report_and_writes_nothing(client, office, territory, upload, expected):
    client.force_login(office)
    response = client.post(reverse("documents:import"), {"file": upload()})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert ViolationCase.objects.count() == 0 and Party.objects.count() == 0


def test_one_bad_row_among_good_ones_saves_nothing_and_names_row_and_column(client, office, territory):
    rows = good_rows() + [["王五", "", "自然人", "甲一村", "某处", "abc", "", "其他", "2022-03-20", "动态巡查", "", ""]]
    client.force_login(office)
    response = client.post(reverse("documents:import"), {"file": workbook(rows)})
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(4, "占地面积（平方米）")]
    assert ViolationCase.objects.count() == 0


def test_an_open_case_of_the_same_party_and_place_is_a_duplicate(client, office, case):
    row = ["钱塘物资有限公司", "91330400MA2B000001", "单位", "甲一村", case.location_text, 10, 0, "其他",
           "2022-03-20", "动态巡查", "", ""]
    client.force_login(office)
    response = client.post(reverse("documents:import"), {"file": workbook([row])})
    assert f"案件 {case.number}" in response.content.decode()


def test_a_party_without_id_is_matched_by_a_unique_name_in_the_township_only(client, office, territory):
    same = PartyFactory(township=territory.township, name="李四", id_number="")
    PartyFactory(township=territory.other_township, name="王五", id_number="")
    rows = good_rows()[1:] + [
        ["王五", "", "自然人", "甲一村", "三组路口", 50, "", "其他", "2022-03-19", "动态巡查", "", ""]]
    client.force_login(office)
    client.post(reverse("documents:import"), {"file": workbook(rows)})
    client.post(reverse("documents:import-confirm"))
    assert ViolationCase.objects.get(location_text="五组河边").party == same
    wangwu = ViolationCase.objects.get(location_text="三组路口").party
    assert wangwu.township == territory.township and Party.objects.filter(name="王五").count() == 2


def test_non_xlsx_files_are_refused(client, office, territory):
    client.force_login(office)
    fake = SimpleUploadedFile("list.xlsx", b"name,village\n", content_type=XLSX)
    response = client.post(reverse("documents:import"), {"file": fake})
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_the_template_downloads_with_the_headers(client, office, territory):
    client.force_login(office)
    response = client.get(reverse("documents:import-template"))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in wb.worksheets[0][1]] == headers()
    assert "甲一村" in [c.value for c in wb.worksheets[1]["C"]]


def test_only_the_office_imports(client, officer, leader, coordinator_a):
    for user in (officer, leader, coordinator_a):
        client.force_login(user)
        assert client.get(reverse("documents:import")).status_code == 403
        assert client.post(reverse("documents:import-confirm")).status_code == 403
        assert client.get(reverse("documents:import-template")).status_code == 403
    assert client.get(reverse("documents:import-confirm")).status_code == 405


def _many_rows(n: int, start: int = 0) -> list[list]:
    # Every third row belongs to one new company (one party, several plots); the rest are new villagers.
    rows = []
    for i in range(start, start + n):
        name, id_number = ("新建材有限公司", "91330400MA2B0000X9") if i % 3 == 0 else (f"村民{i}", "")
        rows.append([name, id_number, "单位" if i % 3 == 0 else "自然人", "甲一村", f"地块{i}", 100 + i, "",
                     "经营性违法用地", "2022-03-16", "动态巡查", "", ""])
    return rows


def _confirm_queries(client, rows) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.post(reverse("documents:import"), {"file": workbook(rows)}).status_code == 302
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("documents:import-confirm"))
    assert response.status_code == 302 and response["Location"] == reverse("documents:import")
    return len(ctx.captured_queries)


def test_registering_a_survey_list_does_not_cost_a_query_per_row(client, office, territory):
    """The import registers in bulk: a 10,000-row list must fit in one request."""
    client.force_login(office)
    small = _confirm_queries(client, _many_rows(10))
    assert ViolationCase.objects.count() == 10
    big = _confirm_queries(client, _many_rows(300, start=10))
    assert ViolationCase.objects.count() == 310
    # Bulk INSERTs: a few more batches for 290 more rows (SQLite's 999-variable limit makes its
    # batches small), never a query per row.
    assert big <= small + 20, (small, big)


def test_a_bulk_import_numbers_records_and_audits_every_case(client, office, territory):
    from landwatch.models import AuditEntry

    client.force_login(office)
    audit_before = AuditEntry.objects.filter(table_name="cases_violationcase").count()
    _confirm_queries(client, _many_rows(7))
    cases = list(ViolationCase.objects.order_by("number"))
    year = timezone.localdate().year
    assert [c.number for c in cases] == [f"{year}-{n:03d}" for n in range(1, 8)]
    assert Party.objects.filter(name="新建材有限公司").count() == 1  # rows 0, 3, 6 share the new company
    assert {c.party.name for c in cases if c.location_text in ("地块0", "地块3", "地块6")} == {"新建材有限公司"}
    events = CaseEvent.objects.filter(kind=EventKind.REGISTERED)
    assert sorted(e.case_id for e in events) == sorted(c.pk for c in cases)
    assert all(e.actor == office and e.data["number"] == e.case.number for e in events)
    assert AuditEntry.objects.filter(table_name="cases_violationcase").count() == audit_before + 7
    assert AuditEntry.objects.filter(table_name="cases_caseevent", action="I").count() >= 7


def test_a_party_saved_meanwhile_refuses_the_import_with_a_message(client, office, territory, monkeypatch):
    from django.db import IntegrityError

    from documents import survey_import

    def clash(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    client.force_login(office)
    assert client.post(reverse("documents:import"), {"file": workbook(_many_rows(3))}).status_code == 302
    monkeypatch.setattr(survey_import, "create_parties", clash)
    response = client.post(reverse("documents:import-confirm"), follow=True)
    assert response.status_code == 200
    assert "没有保存任何内容" in response.content.decode()
    assert ViolationCase.objects.count() == 0


def test_the_basic_farmland_column_is_imported_checked_and_exported(client, office, territory):
    """The 永久基本农田 column (the last of the template) reaches the case and the ledger; more of it than
    farmland is refused by row and column; a file of the older template (without it) is still read."""
    client.force_login(office)
    names = headers()
    row = ["王五", "", "自然人", "甲一村", "六组田间", 5000, 4000, "经营性违法用地", "2022-03-18", "动态巡查", "", "",
           "", "", "", "", "", "", "", 3500]
    bad = list(row)
    bad[-1] = 4500
    response = client.post(reverse("documents:import"), {"file": workbook([bad])}, follow=True)
    assert ViolationCase.objects.count() == 0
    assert names[-1] in response.content.decode()
    response = client.post(reverse("documents:import"), {"file": workbook([row])})
    assert response.status_code == 302
    client.post(reverse("documents:import-confirm"))
    case = ViolationCase.objects.get()
    assert (case.farmland_area_m2, case.basic_farmland_area_m2) == (4000, 3500)
    rows = _ledger(client)
    assert rows[1][-1] == "其中永久基本农田（平方米）" and rows[2][-1] == 3500

    older_row = list(row[:19])
    older_row[4] = "七组田间"  # not a duplicate of the case just registered
    older = workbook([older_row], header=names[:19])
    assert client.post(reverse("documents:import"), {"file": older}).status_code == 302

"""The survey import against broken and hostile files (issue 9, "Bad input").

Each file goes through the upload view as a clerk would send it; the answer is the import
page with a report (or the field's error), and nothing is written: no case, no party, no
event, no stored file. The hostile workbooks are built by rewriting the parts of a real
.xlsx, so the zip and the sheet XML say exactly what the test needs.
"""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cases.models import CaseEvent, Party, ViolationCase
from documents import survey_import
from documents.survey_import import headers
from tests.fuzz import row_counts

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _good_row():
    return ["李四", "", "自然人", "甲一村", "五组河边", "96.5", "", "一户多宅/建新不拆旧", "2022-03-18", "动态巡查",
            "", ""]


def _xlsx(rows=(), header=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header if header is not None else headers())
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rewrite(replace: dict[str, bytes | None], base: bytes | None = None, *, extra=None) -> bytes:
    """A copy of ``base`` (a real .xlsx) with some parts replaced (None removes one)."""
    source = zipfile.ZipFile(io.BytesIO(base or _xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    target.writestr(info.filename, replace[info.filename])
            else:
                target.writestr(info, source.read(info.filename))
        if extra:
            extra(target)
    return out.getvalue()


def _inline_row(number: int, values) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def _sheet(rows_xml: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{rows_xml}</sheetData></worksheet>' \
        .encode()


def _upload(content: bytes, name: str = "排摸清单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


@pytest.fixture
def importer(client, office, territory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(office)

    def post(content: bytes, name: str = "排摸清单.xlsx"):
        before = row_counts()
        response = client.post(reverse("documents:import"), {"file": _upload(content, name)})
        assert response.status_code == 200, "a refused file is answered on the import page, never a 500"
        assert row_counts() == before, "a refused file wrote rows"
        assert not (tmp_path / "media" / "documents" / "imports").exists(), "a refused file was stored"
        assert ViolationCase.objects.count() == 0 and Party.objects.count() == 0 and CaseEvent.objects.count() == 0
        return response

    return post


def _report(response) -> list[str]:
    result = response.context.get("result")
    assert result is not None and result.errors, "the page must carry the import report"
    page = response.content.decode()
    for error in result.errors:
        assert str(error.message) in page
    return [str(e.message) for e in result.errors]


# --- not a workbook ----------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b"name,village\n\xe5\xbc\xa0\xe4\xb8\x89,\xe7\x94\xb2\xe4\xb8\x80\xe6\x9d\x91\n",  # a CSV renamed .xlsx
    b"MZ\x90\x00\x03" + b"\x00" * 200,  # an executable renamed .xlsx
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",  # a PDF renamed .xlsx
    b"<html><script>alert(1)</script></html>",
], ids=["csv", "exe", "pdf", "html"])
def test_a_file_that_is_not_a_zip_is_refused_on_the_field(importer, content):
    response = importer(content)
    assert response.context["form"].errors["file"]
    assert "result" not in response.context or not response.context["result"]


def test_a_zip_that_is_not_a_workbook_gives_a_clear_report(importer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "这不是工作簿")
    assert _report(importer(buffer.getvalue())) == ["无法作为 Excel 工作簿（.xlsx）读取该文件。"]


@pytest.mark.parametrize("cut", [30, 200, -200, -22])
def test_a_truncated_or_corrupt_zip_gives_a_clear_report(importer, cut):
    content = _xlsx([_good_row()])
    broken = content[:cut] if cut > 0 else content[:cut]
    assert _report(importer(broken)) == ["无法作为 Excel 工作簿（.xlsx）读取该文件。"]


def test_garbage_after_a_zip_header_gives_a_clear_report(importer):
    assert _report(importer(b"PK\x03\x04" + bytes(range(256)) * 40)) == ["无法作为 Excel 工作簿（.xlsx）读取该文件。"]


def test_a_sheet_part_that_is_not_xml_gives_a_clear_report(importer):
    content = _rewrite({SHEET: b"\x00\x01\x02 not xml <<<"})
    assert _report(importer(content)) == ["无法作为 Excel 工作簿（.xlsx）读取该文件。"]


# --- zip bombs and huge sheets -------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_the_central_directory_before_openpyxl_opens_it(importer, monkeypatch):
    """A sheet of 200 MB of blanks compresses to a few hundred KB: the declared size refuses it."""

    def bomb(target):
        with target.open("xl/worksheets/padding.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1024 * 1024)
            for _ in range(200):
                fh.write(chunk)

    content = _rewrite({}, extra=bomb)
    assert len(content) < 2 * 1024 * 1024

    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl opened a zip bomb")

    monkeypatch.setattr(survey_import, "load_workbook", must_not_open)
    messages = _report(importer(content))
    assert len(messages) == 1 and "200" in messages[0] and str(survey_import.MAX_UNPACKED_MB) in messages[0]


def test_a_zip_with_thousands_of_parts_is_refused(importer, monkeypatch):
    def many(target):
        for i in range(survey_import.MAX_ZIP_MEMBERS + 1):
            target.writestr(f"xl/media/p{i}.txt", "")

    monkeypatch.setattr(survey_import, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    assert len(_report(importer(_rewrite({}, extra=many)))) == 1


def test_a_sheet_that_declares_too_many_rows_is_refused_before_reading_them(importer):
    content = _rewrite({SHEET: _sheet(_inline_row(1, headers()), dimension="A1:L900000")})
    assert _report(importer(content)) == ["该表有 899999 行，一次最多导入 2000 行。请拆分清单。"]


def test_a_sheet_without_dimension_stops_reading_at_the_cap(importer):
    """One data row far down: openpyxl yields a million empty rows before it; reading stops at the cap."""
    rows = _inline_row(1, headers()) + _inline_row(1_000_000, _good_row())
    messages = _report(importer(_rewrite({SHEET: _sheet(rows)})))
    assert messages == ["超过 2000 行，请拆分清单。"]


def test_more_data_rows_than_the_limit_are_refused(importer):
    rows = "".join(_inline_row(n, _good_row()) for n in range(2, 2003))
    messages = _report(importer(_rewrite({SHEET: _sheet(_inline_row(1, headers()) + rows)})))
    assert messages == ["超过 2000 行，请拆分清单。"]


def test_a_sheet_wider_than_the_cap_is_refused(importer):
    content = _rewrite({SHEET: _sheet(_inline_row(1, headers()), dimension="A1:XFD3")})
    messages = _report(importer(content))
    assert len(messages) == 1 and "16384" in messages[0]


def test_a_header_with_hundreds_of_columns_is_refused_as_wrong_columns(importer):
    wide = headers() + [f"列{i}" for i in range(300)]
    messages = _report(importer(_xlsx([_good_row()], header=wide)))
    # openpyxl records the sheet's dimension, so the column cap answers first.
    assert len(messages) == 1 and str(len(wide)) in messages[0]


# --- formulas, types, empty ----------------------------------------------------------------------


def test_formulas_are_refused_never_evaluated(importer):
    formula_rows = (
        _inline_row(1, headers())
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>王五</t></is></c>'
          '<c r="B2"><f>HYPERLINK("http://example.invalid","点我")</f><v>0</v></c>'
          '<c r="D2" t="inlineStr"><is><t>甲一村</t></is></c><c r="E2" t="inlineStr"><is><t>某处</t></is></c>'
          '<c r="F2"><f>10*10</f><v>100</v></c>'
          '<c r="H2" t="inlineStr"><is><t>其他</t></is></c><c r="I2" t="inlineStr"><is><t>2022-03-18</t></is></c>'
          '<c r="J2" t="inlineStr"><is><t>动态巡查</t></is></c></row>'
        + _inline_row(3, ["=cmd|' /C calc'!A0"] + _good_row()[1:])
    )
    messages = _report(importer(_rewrite({SHEET: _sheet(rows_xml=formula_rows)})))
    assert messages == ["不接受公式，请粘贴为数值。"] * 3


def test_wrong_cell_types_get_a_message_per_cell(importer):
    booleans = '<c r="F2" t="b"><v>1</v></c>'
    error = '<c r="G2" t="e"><v>#DIV/0!</v></c>'
    row = (_inline_row(2, _good_row()[:5]).removesuffix("</row>") + booleans + error
           + '<c r="H2" t="inlineStr"><is><t>其他</t></is></c><c r="I2"><v>44638</v></c>'
           + '<c r="J2" t="inlineStr"><is><t>动态巡查</t></is></c></row>')
    response = importer(_rewrite({SHEET: _sheet(_inline_row(1, headers()) + row)}))
    errors = response.context["result"].errors
    area, farmland, discovered = headers()[5], headers()[6], headers()[8]
    assert {e.column for e in errors} == {area, farmland, discovered}, errors


def test_dates_and_numbers_out_of_range_are_reported(importer):
    rows = [
        _good_row()[:5] + ["-5"] + _good_row()[6:],
        _good_row()[:5] + ["1e3x"] + _good_row()[6:8] + ["9999-99-99"] + _good_row()[9:],
        _good_row()[:5] + ["NaN"] + _good_row()[6:8] + [(datetime.date.today() + datetime.timedelta(days=9))
                                                          .isoformat()] + _good_row()[9:],
    ]
    rows[0][0], rows[1][0], rows[2][0] = "甲", "乙", "丙"
    response = importer(_xlsx(rows))
    area, discovered = headers()[5], headers()[8]
    assert {(e.row, e.column) for e in response.context["result"].errors} == {
        (2, area), (3, area), (3, discovered), (4, area), (4, discovered)}


# A number wider than the case's numeric(12, 2) columns, or one quantize() cannot round, is
# reported on its cell, not a 500 at upload nor a failure at registration.


@pytest.mark.parametrize("value", ["1e400", "1e30"])
def test_a_number_with_a_huge_exponent_is_reported(importer, value):
    row = _good_row()[:5] + [value] + _good_row()[6:]
    response = importer(_xlsx([row]))
    assert {e.column for e in response.context["result"].errors} == {headers()[5]}


def test_an_area_wider_than_the_column_is_reported(importer):
    row = _good_row()[:5] + ["123456789012"] + _good_row()[6:]
    response = importer(_xlsx([row]))
    assert {e.column for e in response.context["result"].errors} == {headers()[5]}


def test_an_empty_sheet_and_a_sheet_of_blank_rows_are_reported(importer):
    assert _report(importer(_rewrite({SHEET: _sheet("")}))) == ["工作表是空的。"]
    blanks = _inline_row(1, headers()) + "".join(_inline_row(n, ["", " "]) for n in range(2, 50))
    messages = _report(importer(_rewrite({SHEET: _sheet(blanks)})))
    assert len(messages) == 1 and "没有数据行" in messages[0]


def test_a_workbook_without_a_sheet_is_reported(importer):
    base = _xlsx()
    workbook_xml = zipfile.ZipFile(io.BytesIO(base)).read("xl/workbook.xml").decode()
    start, end = workbook_xml.index("<sheets>"), workbook_xml.index("</sheets>") + len("</sheets>")
    content = _rewrite({"xl/workbook.xml": (workbook_xml[:start] + "<sheets/>" + workbook_xml[end:]).encode(),
                        SHEET: None}, base)
    messages = _report(importer(content))
    assert messages == ["该工作簿没有工作表。"]


def test_a_valid_file_still_goes_to_the_preview(client, office, territory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(office)
    response = client.post(reverse("documents:import"), {"file": _upload(_xlsx([_good_row()]))})
    assert response.status_code == 302 and response["Location"] == reverse("documents:import-preview")


# --- the ledger never exports a live formula ------------------------------------------------------


def test_the_ledger_writes_formula_like_text_as_text(client, office, make_case, territory):
    from tests.factories import PartyFactory

    hostile = ['=HYPERLINK("http://example.invalid","点我")', "+86 138", "-1+1", "@SUM(A1)"]
    for name in hostile:
        make_case(party=PartyFactory(township=territory.township, name=name), location_text=name)
    client.force_login(office)
    response = client.get(reverse("documents:ledger"))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in wb.active.iter_rows() for c in row if c.value in hostile]
    assert len(cells) == 2 * len(hostile)
    assert all(c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells]
    with zipfile.ZipFile(io.BytesIO(b"".join(client.get(reverse("documents:ledger")).streaming_content))) as z:
        assert b"<f>" not in z.read(SHEET)


# --- hostile XML inside the workbook (issue #26, finding 5) --------------------------------------
# The sheet's XML is parsed while the rows are read, after the workbook opened: every failure
# there is the import's report too. XML is parsed by defusedxml (entities refused), and a part
# that declares a DTD is refused before openpyxl reads anything (Excel never writes one).

UNREADABLE = ["无法作为 Excel 工作簿（.xlsx）读取该文件。"]
PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>'
LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)


def _sheet_with_doctype(doctype: str, party: str = "李四") -> bytes:
    rows = _inline_row(1, headers()) + _inline_row(2, [party] + _good_row()[1:])
    return f"{PROLOGUE}{doctype}<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>".encode()


def test_openpyxl_parses_the_workbooks_xml_with_defusedxml():
    import openpyxl.xml
    import openpyxl.xml.functions
    from defusedxml import ElementTree as defused

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defused.iterparse


@pytest.mark.parametrize("doctype, party", [
    ('<!DOCTYPE worksheet [<!ELEMENT worksheet ANY>]>', "李四"),
    (LAUGHS, "&j;"),
    ('<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
    ('<!DOCTYPE worksheet SYSTEM "http://example.invalid/evil.dtd">', "李四"),
    ('<!-- a comment first -->\n<!DOCTYPE worksheet [<!ENTITY e "李四">]>', "&e;"),
], ids=["dtd", "billion-laughs", "external-entity", "external-dtd", "dtd-after-comment"])
def test_a_sheet_declaring_a_dtd_or_entities_gives_a_clear_report(importer, doctype, party):
    assert _report(importer(_rewrite({SHEET: _sheet_with_doctype(doctype, party)}))) == UNREADABLE


def test_a_dtd_in_another_part_of_the_workbook_gives_a_clear_report(importer):
    base = _xlsx([_good_row()])
    workbook_xml = zipfile.ZipFile(io.BytesIO(base)).read("xl/workbook.xml").decode()
    hostile = LAUGHS.replace("worksheet", "workbook", 1) + workbook_xml
    assert _report(importer(_rewrite({"xl/workbook.xml": hostile.encode()}, base))) == UNREADABLE


def test_a_dtd_in_a_sheet_part_named_otherwise_gives_a_clear_report(importer):
    """The workbook's relationships may point the sheet at any name: every part is checked."""
    base = _xlsx([_good_row()])
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = zipfile.ZipFile(io.BytesIO(base)).read(rels_name).decode()
    assert "worksheets/sheet1.xml" in rels

    def renamed(target):
        dtd = "<!DOCTYPE worksheet [<!ELEMENT worksheet ANY>]>"
        target.writestr("xl/worksheets/sheet1.dat", _sheet_with_doctype(dtd))

    rels = rels.replace("worksheets/sheet1.xml", "worksheets/sheet1.dat")
    content = _rewrite({SHEET: None, rels_name: rels.encode()}, base, extra=renamed)
    assert _report(importer(content)) == UNREADABLE


@pytest.mark.parametrize("doctype, party", [
    (LAUGHS, "&j;"),
    ('<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
], ids=["billion-laughs", "external-entity"])
def test_entities_are_refused_by_the_xml_parser_itself(importer, monkeypatch, doctype, party):
    """Without the DTD check in front, defusedxml still refuses the entities while the rows are read."""
    monkeypatch.setattr(survey_import, "_declares_a_dtd", lambda data: False)
    assert _report(importer(_rewrite({SHEET: _sheet_with_doctype(doctype, party)}))) == UNREADABLE


@pytest.mark.parametrize("cut", [0.5, 0.9, -12])
def test_a_truncated_sheet_xml_gives_a_clear_report(importer, cut):
    rows = _inline_row(1, headers()) + "".join(_inline_row(n, [f"户主{n}"] + _good_row()[1:]) for n in range(2, 40))
    sheet = _sheet(rows)
    broken = sheet[: int(len(sheet) * cut)] if cut > 0 else sheet[:cut]
    assert _report(importer(_rewrite({SHEET: broken}))) == UNREADABLE


def test_a_sheet_xml_broken_after_the_header_gives_a_clear_report(importer):
    rows = _inline_row(1, headers()) + _inline_row(2, _good_row()) + '<row r="3"><c r="A3" t="inlineStr"><is><t>x</is>'
    assert _report(importer(_rewrite({SHEET: _sheet(rows)}))) == UNREADABLE


def test_a_sheet_xml_in_utf16_without_a_mark_gives_a_clear_report(importer):
    sheet = _sheet(_inline_row(1, headers())).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert _report(importer(_rewrite({SHEET: sheet.encode("utf-16-le")}))) == UNREADABLE


@pytest.mark.parametrize("content", [b"", b"PK", b"\x00" * 4096], ids=["empty", "two-bytes", "zeros"])
def test_a_non_zip_file_named_xlsx_is_refused_with_a_message(importer, content):
    response = importer(content)
    assert response.context["form"].errors["file"]


# --- the columns of a campaign in flight (issue #27): formulas and markup ------------------------


def _in_flight(number="甲土监〔2026〕整改第005号", method="直接送达", deadline="15", registered=""):
    today = datetime.date.today()
    return _good_row() + [registered, "", number, (today - datetime.timedelta(days=30)).isoformat(),
                          (today - datetime.timedelta(days=28)).isoformat(), method, deadline]


@pytest.mark.parametrize("changes", [
    {"number": '=HYPERLINK("http://example.invalid","点我")'},
    {"method": "=A1"},
    {"deadline": "=TODAY()+15"},
    {"registered": "=DATE(2022,3,1)"},
], ids=["number", "method", "deadline", "registered-on"])
def test_a_formula_in_an_in_flight_column_is_refused(importer, changes):
    assert _report(importer(_xlsx([_in_flight(**changes)]))) == ["不接受公式，请粘贴为数值。"]


@pytest.mark.parametrize("changes, column", [
    ({"method": "<script>alert(1)</script>"}, 17),
    ({"deadline": "<img src=x onerror=alert(1)>"}, 18),
    ({"number": "<b>甲土监</b>整改第5号"}, 14),  # no year in brackets
], ids=["method", "deadline", "number"])
def test_markup_in_an_in_flight_column_is_reported_escaped(importer, changes, column):
    response = importer(_xlsx([_in_flight(**changes)]))
    assert {e.column for e in response.context["result"].errors} == {headers()[column]}
    page = response.content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>甲土监" not in page


def test_a_paper_number_with_markup_or_a_formula_sign_stays_text_on_the_page_and_in_the_ledger(client, office,
                                                                                                 territory):
    client.force_login(office)
    hostile = ['<img src=x onerror=alert(1)>甲〔2026〕第7号', '@SUM(A1)〔2026〕第8号', "+甲〔2026〕第9号"]
    rows = [_in_flight(number=n) for n in hostile]
    for i, values in enumerate(rows):
        values[0], values[4] = f"户主{i}", f"地块{i}"
    assert client.post(reverse("documents:import"), {"file": _upload(_xlsx(rows))}).status_code == 302
    preview = client.get(reverse("documents:import-preview")).content.decode()
    assert "<img src=x" not in preview and "&lt;img src=x onerror=alert(1)&gt;甲〔2026〕第7号" in preview
    assert client.post(reverse("documents:import-confirm")).status_code == 302
    from documents.models import CaseDocument

    assert sorted(CaseDocument.objects.values_list("reference", flat=True)) == sorted(hostile)
    document = CaseDocument.objects.get(reference=hostile[0])
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page
    response = client.get(reverse("documents:ledger"))
    content = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(content))
    cells = [c for row in wb.active.iter_rows() for c in row if c.value in hostile]
    assert len(cells) == len(hostile) and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert b"<f>" not in z.read(SHEET)

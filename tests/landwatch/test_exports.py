"""No export ever carries a live formula (issue #26, finding 2).

Every workbook the product offers is downloaded through its view, by a user allowed to,
after every free-text field that reaches it — township, village, party, location, case
title, remarks, campaign name — was given text starting with each formula trigger. The
downloaded file must hold no formula cell and no <f> element in any sheet's XML, and the
text must come back exactly as typed (as text, marked to stay text when edited).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell

from cases.models import CaseStatus
from landwatch.exports import ExcelWriter
from tests.factories import PartyFactory, ViolationCaseFactory
from tests.factories.campaigns import campaign_with_phases

pytestmark = pytest.mark.django_db

TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", " ="]
PAYLOAD = 'HYPERLINK("http://example.invalid","点我")'
HOSTILE = [trigger + PAYLOAD for trigger in TRIGGERS] + ["-1+1", "=1+1", "#N/A", "@SUM(A1:A9)"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hostile_world(territory, office):
    """Every free text an export shows, starting with a formula trigger."""
    territory.township.name = "=甲镇" + PAYLOAD
    territory.township.save(update_fields=["name"])
    territory.village_a.name = "+甲一村" + PAYLOAD
    territory.village_a.save(update_fields=["name"])
    territory.village_b.name = "@甲二村"
    territory.village_b.save(update_fields=["name"])
    campaign = campaign_with_phases(territory.township, name="=" + PAYLOAD)
    for index, text in enumerate(HOSTILE):
        ViolationCaseFactory(
            village=territory.village_a if index % 2 else territory.village_b,
            party=PartyFactory(township=territory.township, name=text),
            campaign=campaign,
            title=text,
            location_text=text,
            disposition_reason=text,
            status=CaseStatus.NOTIFIED,
            deadline=datetime.date(2022, 6, 1),
            area_m2=Decimal("120.50"),
            created_by=office,
        )
    return campaign


def _download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_no_formula(content: bytes) -> list:
    """Every cell of every sheet, after checking that none is (or holds) a formula."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >/]", archive.read(name)), f"a formula element in {name}"
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for ws in workbook.worksheets for row in ws.iter_rows() for cell in row]
    formulas = [(cell.coordinate, cell.value) for cell in cells if cell.data_type == "f"]
    assert not formulas, formulas
    return cells


def _hostile_cells(cells: list) -> set:
    """The formula-like texts found, each checked to be a text cell marked to stay text.

    XML turns a carriage return into a line feed when the file is read: "\\r=" comes back "\\n=".
    """
    found = [cell for cell in cells if isinstance(cell.value, str)
             and (cell.value.lstrip(" ").startswith(tuple(TRIGGERS) + ("\n",)) or cell.value == "#N/A")]
    for cell in found:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    return {cell.value.replace("\n", "\r") for cell in found}


def test_the_ledger_writes_every_formula_like_text_as_text(client, office, hostile_world):
    client.force_login(office)
    cells = _assert_no_formula(_download(client, reverse("documents:ledger")))
    values = _hostile_cells(cells)
    assert set(HOSTILE) <= values  # party, location and remarks, exactly as typed
    assert "+甲一村" + PAYLOAD in values and "@甲二村" in values
    areas = [cell for cell in cells if cell.value == 120.5]
    assert len(areas) == len(HOSTILE) and all(cell.data_type == "n" for cell in areas)


def test_the_campaign_report_writes_every_formula_like_text_as_text(client, leader, hostile_world):
    client.force_login(leader)
    cells = _assert_no_formula(_download(client, reverse("campaigns:report-xlsx", args=[hostile_world.pk])))
    values = _hostile_cells(cells)
    assert set(HOSTILE) <= values  # the outstanding cases' titles
    assert {"=" + PAYLOAD, "=甲镇" + PAYLOAD, "+甲一村" + PAYLOAD, "@甲二村"} <= values


def test_the_survey_template_writes_every_formula_like_village_name_as_text(client, office, hostile_world):
    client.force_login(office)
    cells = _assert_no_formula(_download(client, reverse("documents:import-template")))
    assert {"+甲一村" + PAYLOAD, "@甲二村"} <= _hostile_cells(cells)


def test_negative_numbers_stay_numbers_and_control_characters_do_not_break_the_file():
    writer = ExcelWriter()
    sheet = writer.sheet("测试")
    sheet.append([-12.5, Decimal("-3"), -7, "-7", "a\x00b\x1fc", datetime.date(2022, 3, 15)])
    row = next(load_workbook(io.BytesIO(writer.to_bytes())).active.iter_rows())
    assert [c.data_type for c in row] == ["n", "n", "n", "s", "s", "d"]
    assert [c.value for c in row[:4]] == [-12.5, -3, -7, "-7"]
    assert row[3].quotePrefix and not row[0].quotePrefix
    assert "\x00" not in row[4].value and row[4].value.startswith("a")


def test_the_writer_takes_plain_values_only():
    """A caller cannot slip an openpyxl cell (with its own data type) past the guard."""
    writer = ExcelWriter()
    sheet = writer.sheet("测试")
    cell = WriteOnlyCell(None, value="=1+1")
    assert cell.data_type == "f"
    with pytest.raises(TypeError):
        sheet.append([cell])


def _product_sources():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "bench", "scripts"} or "migrations" in relative.parts:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_every_workbook_and_download_goes_through_the_guarded_writers():
    """The class, not the instance: a new export cannot bypass the writer or the file-name rules."""
    offenders = []
    for relative, text in _product_sources():
        if str(relative) != "landwatch/exports.py" and re.search(
            r"\bWorkbook\(|WriteOnlyCell|\.cell\(|\bcsv\.writer|\bDictWriter", text
        ):
            offenders.append(f"{relative}: writes a workbook or CSV outside landwatch.exports")
        if str(relative) != "landwatch/downloads.py" and re.search(
            r"\bFileResponse\(|Content-Disposition|content_disposition_header", text
        ):
            offenders.append(f"{relative}: sends a file outside landwatch.downloads.download_response")
    assert not offenders, offenders

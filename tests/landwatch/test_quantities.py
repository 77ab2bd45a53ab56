"""Numbers and units are written one way everywhere (issue #27, point 3): ``landwatch.quantities``.

The pledge list's total row printed ``56.6000000000000 / 58`` (a SQLite sum); areas were
labelled m², 平方米 and ㎡ on different pages and exports. Each kind of number now has its
precision (areas 2 decimals, scores 1) and each unit one Chinese spelling, and the scans below
keep stray spellings and ad-hoc formatting out of the templates, the code and the catalogs.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from landwatch import quantities
from landwatch.exports import ExcelWriter, Quantity
from patrols.models import PledgeAssessment
from tests.factories import FarmlandPledgeFactory, ViolationCaseFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("landwatch", "patrols", "patches", "cases", "campaigns", "documents", "dashboards")
STRAY_UNITS = re.compile("m²|㎡|平方米")
# Text a user reads through gettext: the msgids are English, their Chinese is in the catalogs.
TEMPLATE_MSGIDS = re.compile(
    r"{%\s*(?:translate|trans)\s+(?:\"[^\"]*\"|'[^']*')[^%]*%}"
    r"|{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}",
    re.S,
)
PY_MSGIDS = re.compile(
    r"\b(?:_|gettext|gettext_lazy|pgettext|pgettext_lazy|ngettext)\(\s*(?:\"[^\"]*\"\s*,\s*)?(?:\"[^\"]*\"\s*)+"
)


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    for app in APPS:
        found += list((ROOT / app / "templates").rglob("*.html"))
    return found


def _python() -> list[Path]:
    found = []
    for app in (*APPS, "bench"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and path != ROOT / "landwatch" / "quantities.py":
                found.append(path)
    return found


def _catalogs() -> list[Path]:
    return [ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"] + [
        ROOT / app / "locale/zh_Hans/LC_MESSAGES/django.po" for app in APPS if app != "landwatch"
    ]


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (Decimal("56.6000000000000"), quantities.MU, "56.60"),  # the sum SQLite gave the pledge list
        (58, quantities.MU, "58.00"),
        (Decimal("1234.5"), quantities.M2, "1234.50"),  # Chinese groups no thousands
        (Decimal("0.005"), quantities.M2, "0.01"),  # half up, as by hand
        (Decimal("56.55"), quantities.SCORE, "56.6"),
        (90, quantities.SCORE, "90.0"),
        (5000, quantities.YUAN, "5000.00"),
        (12345, quantities.COUNT, "12345"),
        (None, quantities.M2, "—"),
        ("junk", quantities.M2, "—"),
    ],
)
def test_each_kind_is_written_at_its_precision(value, kind, text):
    assert quantities.number(value, kind) == text


def test_english_groups_thousands():
    with translation.override("en"):
        assert quantities.with_unit(Decimal("1234.5"), quantities.M2) == "1,234.50 m²"


def test_the_units_have_one_chinese_spelling():
    assert quantities.with_unit(Decimal("120"), quantities.M2) == "120.00 平方米"
    assert quantities.with_unit(Decimal("3.5"), quantities.MU) == "3.50 亩"
    assert quantities.with_unit(None, quantities.MU) == "—"
    html = Template('{% load quantities %}{{ a|quantity:"m2" }}|{{ a|number:"mu" }}|{% unit "mu" %}').render(
        Context({"a": Decimal("56.6000000000000")})
    )
    assert html == "56.60 平方米|56.60|亩"


def test_no_template_formats_a_number_by_hand_or_spells_a_unit():
    """Every number in a template goes through the quantities filters; units only through gettext."""
    stray = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for banned in ("floatformat", "intcomma"):
            if banned in text:
                stray.append(f"{path.relative_to(ROOT)}: {banned}")
        if STRAY_UNITS.search(TEMPLATE_MSGIDS.sub("", text)):
            stray.append(f"{path.relative_to(ROOT)}: a unit written outside a translation")
    assert stray == []


def test_no_code_spells_a_unit_outside_a_translation():
    """The unit of a figure comes from ``landwatch.quantities`` (``unit="m²"`` on a figure, a
    ``"… m²"`` f-string, a ``float()`` of an area for Excel are what this replaced)."""
    stray = []
    for path in _python():
        text = path.read_text(encoding="utf-8")
        code = re.sub(r'"""[\s\S]*?"""', "", PY_MSGIDS.sub("", text))
        code = "\n".join(line.split("#", 1)[0] for line in code.splitlines())
        if "m²" in code or "㎡" in code:  # 平方米 in Chinese demo prose is the chosen spelling
            stray.append(str(path.relative_to(ROOT)))
    assert stray == []


def test_every_catalog_spells_square_metres_the_same():
    """m² and ㎡ are English and typography; a Chinese page and export say 平方米."""
    stray = []
    for path in _catalogs():
        for entry in polib.pofile(str(path)):
            translations = [entry.msgstr, *entry.msgstr_plural.values()]
            if any("m²" in t or "㎡" in t for t in translations):
                stray.append(f"{path.relative_to(ROOT)}: {entry.msgid}")
            if "m²" in entry.msgid and not any("平方米" in t for t in translations):
                stray.append(f"{path.relative_to(ROOT)}: {entry.msgid} (no 平方米)")
    assert stray == []


@pytest.mark.django_db
def test_the_pledge_lists_total_row_is_written_in_mu(client, office, territory):
    for village, done, task in ((territory.village_a, "12.35", "20"), (territory.village_b, "44.25", "38")):
        FarmlandPledgeFactory(village=village, year=2026, protected_farmland_mu=Decimal("1234.5"),
                              basic_farmland_mu=Decimal("1000"),
                              reclamation_done_mu=Decimal(done), reclamation_task_mu=Decimal(task),
                              created_by=office)
    pledge = territory.village_a.farmland_pledges.get()
    PledgeAssessment.objects.create(
        pledge=pledge, assessed_on="2026-11-25", farmland_score=Decimal("28.5"), basic_farmland_score=20,
        reclamation_score=Decimal("8.1"), development_score=0, violation_control_score=0,
        total=Decimal("56.6"), result="fail", assessed_by=office,
    )
    client.force_login(office)
    body = client.get(reverse("patrols:pledge-list"), {"year": 2026}).content.decode()
    assert 'data-total="reclamation">56.60 / 58.00 亩<' in body
    assert 'data-total="protected">2469.00<' in body
    assert "1234.50" in body  # each village's row, written like the total
    assert '<span class="fw-semibold">56.6</span>' in body
    assert "56.6000" not in body


def test_an_export_writes_a_quantity_as_a_rounded_number_with_its_format():
    writer = ExcelWriter()
    sheet = writer.sheet("t")
    sheet.append([Quantity(Decimal("56.6000000000000"), quantities.MU), Quantity(None, quantities.M2),
                  Quantity(Decimal("56.55"), quantities.SCORE)])
    ws = load_workbook(io.BytesIO(writer.to_bytes())).active
    a, b, c = ws[1]
    assert (a.value, a.number_format) == (56.6, "0.00")
    assert b.value is None
    assert (c.value, c.number_format) == (56.6, "0.0")


@pytest.mark.django_db
def test_the_ledger_writes_areas_in_square_metres_with_two_decimals(client, office, territory):
    ViolationCaseFactory(village=territory.village_a, area_m2=Decimal("1234.5"), farmland_area_m2=Decimal("0"),
                         created_by=office)
    client.force_login(office)
    response = client.get(reverse("documents:ledger"))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                  else response.content)).active
    header = [c.value for c in ws[2]]
    area = header.index("占地面积（平方米）")
    assert header[area + 1] == "其中耕地（平方米）"
    cell = ws.cell(row=3, column=area + 1)
    assert (cell.value, cell.number_format) == (1234.5, "0.00")

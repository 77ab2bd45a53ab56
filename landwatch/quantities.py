"""How every number the system shows or exports is written: one precision and one unit per kind.

A figure is read against another one (a dashboard tile against the case list's total row, the
page against its Excel export), so each kind of quantity is rounded and labelled the same way
everywhere: pages go through the template filters of ``landwatch.templatetags.quantities``,
exports through ``landwatch.exports.Quantity``; both call this module.

The units are the ones the data is stored in (no page converts): a case's areas (occupied,
farmland, demolished, restored) are entered and kept in square metres — the survey list, the
entry forms and the notices (占用土地…平方米) use them; the pledges' and the project cards' in
亩 (mu), as the township signs them. The Chinese spelling of each unit is its translation
below, and nowhere else: 平方米 (never m² or ㎡ on a Chinese page), 亩, 元
(tests/landwatch/test_quantities.py scans the templates, exports and catalogs for strays).

Numbers are grouped as the page's language writes them (Django's formats: 1234.50 in Chinese,
which groups no thousands, 1,234.50 in English); the exports are Chinese and their cells say
``0.00``, so a workbook shows what the Chinese page shows. They are rounded half up, as a
clerk rounds by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    places: int
    unit: str | Promise = ""

    @property
    def excel_format(self) -> str:
        return "0" + ("." + "0" * self.places if self.places else "")


# A case's areas, and what enforcement demolished or restored (stored in m²).
M2 = Kind(2, _("m²"))
# Farmland pledges and project cards (stored in 亩).
MU = Kind(2, _("mu"))
# Assessment scores (out of 100).
SCORE = Kind(1)
# Fines and amounts.
YUAN = Kind(2, _("yuan"))
# Plot ratio (容积率), a bare ratio.
RATIO = Kind(2)
# Investment intensity, in 10,000 yuan per 亩.
INTENSITY = Kind(2, _("10k yuan/mu"))
# Cases, people, activities.
COUNT = Kind(0)

# 1 亩 = 10000/15 m² (市制): a layer's or a patch's area, measured in m², shown in 亩 too.
M2_PER_MU = Decimal(10000) / Decimal(15)


def square_metres_to_mu(value) -> Decimal:
    return Decimal(value or 0) / M2_PER_MU


KINDS = {"m2": M2, "mu": MU, "score": SCORE, "yuan": YUAN, "ratio": RATIO, "intensity": INTENSITY, "count": COUNT}


def rounded(value, kind: Kind) -> Decimal | None:
    """``value`` (Decimal, int, float or numeric text) at ``kind``'s precision; None if it is no number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        return number.quantize(Decimal(1).scaleb(-kind.places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return None


def number(value, kind: Kind) -> str:
    """``value`` written at ``kind``'s precision, grouped as the language groups: "1234.50"; "—" for none."""
    value = rounded(value, kind)
    if value is None:
        return "—"
    return number_format(value, decimal_pos=kind.places, use_l10n=True, force_grouping=True)


def with_unit(value, kind: Kind) -> str:
    """The number followed by its unit: "1,234.50 平方米" (no unit for a bare kind)."""
    text = number(value, kind)
    return f"{text} {kind.unit}" if kind.unit and text != "—" else text


def unit(kind: Kind) -> str:
    return str(kind.unit)


# How square metres were spelled before 平方米 was the one spelling (a survey template downloaded
# earlier says 占地面积（㎡）): read, never written.
_SQUARE_METRE_SPELLINGS = ("平方米", "㎡", "m²")


def unit_blind(text: str) -> str:
    """``text`` with every spelling of square metres made one, to compare a header of an older file."""
    for spelling in _SQUARE_METRE_SPELLINGS[1:]:
        text = text.replace(spelling, _SQUARE_METRE_SPELLINGS[0])
    return text

"""The batch's workbook, as the county reports a 卫片 batch upward: the figures the pages show, and the patches."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landwatch import quantities
from landwatch.exports import ExcelWriter, Quantity

FIGURE_COLUMNS = (
    ("total", gettext_lazy("Patches"), quantities.COUNT),
    ("verified", gettext_lazy("Verified in the field"), quantities.COUNT),
    ("legal", gettext_lazy("Legal"), quantities.COUNT),
    ("illegal", gettext_lazy("Illegal"), quantities.COUNT),
    ("other", gettext_lazy("Other"), quantities.COUNT),
    ("illegal_area_m2", gettext_lazy("Illegal area (m²)"), quantities.M2),
    ("illegal_farmland_m2", gettext_lazy("Of it farmland (m²)"), quantities.M2),
    ("illegal_basic_farmland_m2", gettext_lazy("Of it permanent basic farmland (m²)"), quantities.M2),
    ("illegal_farmland_share", gettext_lazy("Share of the farmland built on occupied illegally"), quantities.RATIO),
    ("with_case", gettext_lazy("Cases"), quantities.COUNT),
    ("closed", gettext_lazy("Closed out"), quantities.COUNT),
)


def _figures(row) -> list:
    return [Quantity(row[key], kind) if row[key] is not None else None for key, _label, kind in FIGURE_COLUMNS]


def write_batch(batch, total, townships, villages, patches):
    with translation.override(settings.LANGUAGE_CODE):
        headers = [str(label) for _key, label, _kind in FIGURE_COLUMNS]
        writer = ExcelWriter()
        ws = writer.sheet(_("Progress"), widths=[18, 14] + [12] * len(headers), freeze="C2")
        ws.append([_("Township"), _("Village"), *headers])
        for row in villages:
            ws.append([row["township__name"], row["village__name"] or _("Not in a village (township inbox)"),
                       *_figures(row)])
        for row in townships:
            ws.append([row["township__name"], _("Township total"), *_figures(row)])
        ws.append([batch.name, _("Total"), *_figures(total)])
        ws = writer.sheet(_("Patches"), widths=[16, 12, 12, 12, 12, 12, 12, 14, 14, 16, 40], freeze="A2")
        ws.append([_("Patch number"), _("Township"), _("Village"), _("Area measured (m²)"), _("Farmland (m²)"),
                   _("Permanent basic farmland (m²)"), _("Land type"), _("Status"), _("Judgement"), _("Case"),
                   _("Basis")])
        for p in patches:
            ws.append([p.number, p.township.name, p.village.name if p.village_id else "",
                       Quantity(p.area_m2, quantities.M2), Quantity(p.farmland_area_m2, quantities.M2),
                       Quantity(p.basic_farmland_area_m2, quantities.M2), p.land_type, p.get_status_display(),
                       p.get_judgement_display(), p.case.number if p.case_id else "", p.basis])
        return writer.save()

"""The form that loads a GIS layer (territory/services.load_layer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LayerKind


class LayerUploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Area covered"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=LayerKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("For example 2025年度永久基本农田 or 丰乐镇村界."))
    file = forms.FileField(
        label=_("File"),
        help_text=_("GeoJSON, a shapefile zipped with its .shx, .dbf, .prj (and .cpg), or a GeoPackage; "
                    "CGCS2000 or WGS-84. Every polygon must be good, or nothing is loaded."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")

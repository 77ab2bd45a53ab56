"""Forms of satellite patches: the batch upload, the field photo, the judgement and the office's steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landwatch import queue

from .models import Judgement, PatchStatus

DATE = "%Y-%m-%d"


class Styled:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            if not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class BatchUploadForm(Styled, forms.Form):
    unit = forms.ModelChoiceField(label=_("Area covered"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example 2026年第三季度卫片."))
    issued_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}, format=DATE))
    verify_by = forms.DateField(label=_("Field verification due"),
                                widget=forms.DateInput(attrs={"type": "date"}, format=DATE))
    close_by = forms.DateField(label=_("Closing out due"), widget=forms.DateInput(attrs={"type": "date"}, format=DATE))
    file = forms.FileField(
        label=_("Patch list"),
        help_text=_("GeoJSON, a zipped shapefile or a GeoPackage with the columns TBBH (patch number), XZQDM, MJ "
                    "and DLMC; CGCS2000 or WGS-84. Every row must be good, or nothing is loaded."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        issued, verify, close = data.get("issued_on"), data.get("verify_by"), data.get("close_by")
        if issued and verify and verify < issued:
            self.add_error("verify_by", _("The verification cannot be due before the batch is issued."))
        if verify and close and close < verify:
            self.add_error("close_by", _("Closing out cannot be due before the verification."))
        return data


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PhotoForm(Styled, queue.KeyedForm):
    photo = forms.FileField(label=_("Field photo"), widget=forms.ClearableFileInput(attrs={
        "accept": "image/jpeg,image/png", "capture": "environment"}),
        help_text=_("JPEG or PNG. Its own GPS position is used; without one, the phone's position below."))
    latitude = forms.DecimalField(widget=forms.HiddenInput, required=False, min_value=-90, max_value=90,
                                  max_digits=12, decimal_places=8)
    longitude = forms.DecimalField(widget=forms.HiddenInput, required=False, min_value=-180, max_value=180,
                                   max_digits=13, decimal_places=8)
    heading = forms.FloatField(widget=forms.HiddenInput, required=False, min_value=0, max_value=360)

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("The phone's position came incomplete; take the photo again."))
        return data


class JudgeForm(Styled, queue.KeyedForm, Versioned):
    judgement = forms.ChoiceField(label=_("Judgement"), choices=Judgement.choices, widget=forms.RadioSelect)
    basis = forms.CharField(label=_("Basis"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("What was seen and why: the approval, the use, the builder."))
    approval_number = forms.CharField(label=_("Approval number"), max_length=100, required=False,
                                      help_text=_("Required for a legal patch (用地批准文号)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The photo form on the same page has its own key.
        self.fields["draft_key"].widget.attrs["id"] = "id_judge_draft_key"

    def clean(self):
        data = super().clean()
        if data.get("judgement") == Judgement.LEGAL and not (data.get("approval_number") or "").strip():
            self.add_error("approval_number", _("A legal patch needs the number of its approval (用地批准文号)."))
        return data


class ReasonForm(Styled, Versioned):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(Styled, Versioned):
    village = forms.ModelChoiceField(label=_("Village"), queryset=None)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class CloseForm(Styled, Versioned):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PatchFilterForm(Styled, forms.Form):
    """The batch page's list: by status, judgement and village (or the township's inbox)."""

    INBOX = "none"

    status = forms.ChoiceField(label=_("Status"), required=False)
    judgement = forms.ChoiceField(label=_("Judgement"), required=False)
    village = forms.ChoiceField(label=_("Village"), required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + PatchStatus.choices
        self.fields["judgement"].choices = everything + Judgement.choices
        self.fields["village"].choices = everything + [(self.INBOX, _("Township inbox (in no village)"))] + [
            (str(pk), name) for pk, name in villages]

    def filter(self, patches):
        if not self.is_bound or not self.is_valid():
            return patches
        data = self.cleaned_data
        if data["status"]:
            patches = patches.filter(status=data["status"])
        if data["judgement"]:
            patches = patches.filter(judgement=data["judgement"])
        if data["village"] == self.INBOX:
            patches = patches.filter(village__isnull=True)
        elif data["village"]:
            patches = patches.filter(village_id=int(data["village"]))
        return patches

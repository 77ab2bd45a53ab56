"""Forms of public reports: the public page's form and the office's handling forms."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from landwatch.filtering import RowChoiceField
from landwatch.vocabulary import Category
from patrols.forms import Styled
from patrols.models import Urgency
from territory.models import ResponsibilityUnit

from .models import PublicReport
from .services import MAX_PHOTOS

PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``MAX_PHOTOS`` photos in one input; each is checked by the service (``check_upload``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Send at most %(n)d photos."), params={"n": MAX_PHOTOS})
        return [super(PhotosField, self).clean(f, initial) for f in files]


class PublicReportForm(Styled, forms.Form):
    """What anyone may send without an account. ``website`` is the honeypot: hidden from people,
    filled in by robots that fill in every field; a form that has it is refused."""

    township = RowChoiceField(label=_("Township"), queryset=ResponsibilityUnit.objects.none(),
                              empty_label=_("Choose the township"),
                              error_messages={"required": _("Choose the township.")})
    village = RowChoiceField(label=_("Village (if you know it)"), queryset=ResponsibilityUnit.objects.none(),
                             required=False, empty_label=_("Not sure"))
    what = forms.CharField(label=_("What did you see?"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("For example: a house being built on farmland, soil dug out, a new fence."),
                           error_messages={"required": _("Describe what you saw.")})
    place_text = forms.CharField(
        label=_("Where is it?"), max_length=200, required=False,
        help_text=_("A place name, a road, a landmark; or give your position with the button below."))
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, min_value=-180,
                                   max_value=180, widget=forms.HiddenInput)
    photos = PhotosField(label=_("Photos (optional)"), required=False,
                         help_text=_("Up to %(n)d JPEG or PNG photos.") % {"n": MAX_PHOTOS})
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=_("Your phone (optional)"), max_length=20, required=False,
                                     help_text=_("Only the township office sees your name and phone."))
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = ResponsibilityUnit.objects.active().select_related("township")
        self.fields["township"].queryset = units.townships().order_by("path")
        self.fields["village"].queryset = units.villages().order_by("path")
        self.fields["village"].label_from_instance = lambda v: f"{v.township.name} · {v.name}"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_what(self) -> str:
        what = self.cleaned_data["what"].strip()
        if not what:
            raise forms.ValidationError(_("Describe what you saw."))
        return what

    def clean_reporter_phone(self) -> str:
        phone = re.sub(r"[\s-]", "", self.cleaned_data["reporter_phone"])
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Write the phone number in digits, e.g. 13800138000."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("website"):
            # Said plainly: a person who somehow filled it in learns what to do.
            raise forms.ValidationError(_("The report was not sent: leave the last field empty."), code="honeypot")
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            self.add_error("place_text", _("The pin is incomplete; put it on the map again."))
        if not data.get("place_text", "").strip() and lat is None and not self.has_error("place_text"):
            self.add_error("place_text", _("Say where it is, or put a pin on the map."))
        township, village = data.get("township"), data.get("village")
        if township is not None and village is not None and village.township_id != township.pk:
            self.add_error("village", _("This village is not in the township chosen."))
        return data


class StatusLookupForm(Styled, forms.Form):
    receipt = forms.CharField(label=_("Receipt number"), max_length=20,
                              error_messages={"required": _("Enter the receipt number.")})
    code = forms.CharField(label=_("Check code"), max_length=20,
                           error_messages={"required": _("Enter the check code.")})

    def clean_receipt(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["receipt"])


class AcceptForm(Styled, forms.Form):
    """Accept a report as a finding of a village, or go straight on to register the case."""

    INTO_FINDING, INTO_CASE = "finding", "case"
    into = forms.ChoiceField(label=_("Accept as"), initial=INTO_FINDING,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             choices=[(INTO_FINDING, _("A finding to verify")),
                                      (INTO_CASE, _("A case, registered now"))])
    village = RowChoiceField(label=_("Village"), queryset=ResponsibilityUnit.objects.none(),
                             error_messages={"required": _("Choose the village the report is about.")})
    category = forms.ChoiceField(label=_("Suspected category"), choices=Category.choices, initial=Category.OTHER)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    # For a case: what a registration needs that a report cannot give.
    title = forms.CharField(label=_("Case title"), max_length=200, required=False)
    party_name = forms.CharField(label=_("Party name"), max_length=100, required=False)
    area_m2 = forms.DecimalField(label=_("Area occupied (m²)"), max_digits=12, decimal_places=2, min_value=0,
                                 required=False)

    def __init__(self, *args, report: PublicReport, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("village", report.village_id)
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = ResponsibilityUnit.objects.villages().active().filter(
            township_id=report.township_id).order_by("sort_order", "name")

    def clean(self):
        data = super().clean()
        if data.get("into") == self.INTO_CASE:
            for name, message in (("title", _("Give the case a title.")),
                                  ("party_name", _("Name the party (当事人) to register a case.")),
                                  ("area_m2", _("Give the area occupied."))):
                if data.get(name) in (None, "") and not self.has_error(name):
                    self.add_error(name, message)
        return data


class MergeForm(Styled, forms.Form):
    into = forms.CharField(label=_("Receipt number of the report to merge into"), max_length=20,
                           error_messages={"required": _("Enter the receipt number.")})

    def clean_into(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["into"])


class DismissForm(Styled, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Give the reason.")})

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason."))
        return reason


class ReplyForm(Styled, forms.Form):
    reply = forms.CharField(label=_("Reply the reporter reads"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Do not name the party or the officers: the reporter sees this text."),
                            error_messages={"required": _("Write the reply.")})

    def clean_reply(self) -> str:
        reply = self.cleaned_data["reply"].strip()
        if not reply:
            raise forms.ValidationError(_("Write the reply."))
        return reply

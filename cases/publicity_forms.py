"""The forms of the 公示 pages (cases/publicity_views.py): they clean input; the rules are cases/publicity.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE, TEXT, VersionedForm
from .models import PublicationChannel


class PublicationForm(VersionedForm):
    act_field = "published_on"

    channel = forms.ChoiceField(label=_("Published on"), choices=PublicationChannel.choices)
    location = forms.CharField(
        label=_("Address or place"), max_length=300,
        help_text=_("The web address of the published page, or where the notice board stands."))
    published_on = forms.DateField(label=_("Publication date"), widget=DATE)
    text = forms.CharField(
        label=_("Published text"), widget=forms.Textarea(attrs={"rows": 9}), max_length=5000,
        help_text=_("Drafted from the decision with the party's personal data masked: a person's name as 王某某, "
                    "no ID number, phone or address, the place only to the village."))

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["correction_reason"] = forms.CharField(
                label=_("Reason for the correction"), widget=TEXT, max_length=2000)


class WithdrawalForm(VersionedForm):
    act_field = "withdrawn_on"

    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason for the withdrawal"), widget=TEXT, max_length=2000,
        help_text=_("Published with the withdrawal (Administrative Penalty Law, Art. 48)."))

"""Forms of the enforcement track (``cases/enforcement.py``): they clean input; the services decide
and their refusals land on the form (``forms.add_refusal``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE, TEXT, VersionedForm
from .models import ApplicationMaterial, ChallengeKind, ChallengeOutcome, CourtRuling


class ChallengeForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChallengeKind.choices)
    body = forms.CharField(label=_("Reviewing body or court"), max_length=200)
    filed_on = forms.DateField(label=_("Date filed"), widget=DATE)
    act_field = "filed_on"


class ChallengeOutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ChallengeOutcome.choices)
    outcome_on = forms.DateField(label=_("Outcome date"), widget=DATE)
    act_field = "outcome_on"


class CourtApplicationForm(VersionedForm):
    court = forms.CharField(label=_("Court"), max_length=200)
    filed_on = forms.DateField(label=_("Date of the application"), widget=DATE)
    materials = forms.MultipleChoiceField(
        label=_("Materials sent with the application"), choices=ApplicationMaterial.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("All of them are required (行政强制法 第五十五条). The application itself is drafted, numbered "
                    "and sent with them by the system."))
    act_field = "filed_on"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The 强制执行申请书 (第五十五条(一)) is the paper the filing drafts (cases.enforcement.
        # apply_to_court): nothing for the clerk to tick. A form sent with it ticked still validates.
        self.fields["materials"].widget.choices = [
            choice for choice in ApplicationMaterial.choices if choice[0] != ApplicationMaterial.APPLICATION]


class CourtRulingForm(VersionedForm):
    ruling = forms.ChoiceField(label=_("Ruling"), choices=CourtRuling.choices)
    ruled_on = forms.DateField(label=_("Ruling date"), widget=DATE)
    note = forms.CharField(label=_("Reasons of the ruling"), widget=TEXT, required=False)
    act_field = "ruled_on"


class DemolitionDecisionForm(VersionedForm):
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    act_field = "decided_on"

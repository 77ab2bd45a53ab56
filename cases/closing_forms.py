"""Forms of 结案 and of the demand's 陈述申辩 (``cases/closing.py``): they clean input; the services
decide and their refusals land on the form (``forms.add_refusal``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE, TEXT, VersionedForm
from .models import ClosingGround, NoActionGround, StatementReview

NO_ACTION_GROUND_CHOICES = [("", "—"), *NoActionGround.choices]


class ClosingForm(VersionedForm):
    ground = forms.ChoiceField(label=_("Ground of closing"), choices=ClosingGround.choices, widget=forms.RadioSelect,
                               help_text=_("自然资源行政处罚办法 第四十六条"))
    no_action_ground = forms.ChoiceField(
        label=_("Ground for giving no penalty"), choices=NO_ACTION_GROUND_CHOICES, required=False,
        help_text=_("Only when closing because no penalty is imposed."))
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False,
                           help_text=_("Required for a terminated execution and for another circumstance."))
    occurred_on = forms.DateField(label=_("Approved on"), widget=DATE)
    act_field = "occurred_on"

    def clean(self):
        data = super().clean()
        if data.get("ground") == ClosingGround.NO_PENALTY and not data.get("no_action_ground"):
            self.add_error("no_action_ground", _("Choose the ground for giving no penalty."))
        return data


class DemandStatementForm(VersionedForm):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    content = forms.CharField(label=_("Facts, reasons and evidence stated"), widget=TEXT, max_length=5000)
    act_field = "received_on"


class StatementReviewForm(VersionedForm):
    review = forms.ChoiceField(label=_("Review"), widget=forms.RadioSelect,
                               choices=[(StatementReview.ACCEPTED, StatementReview.ACCEPTED.label),
                                        (StatementReview.NOT_ACCEPTED, StatementReview.NOT_ACCEPTED.label)])
    reasons = forms.CharField(label=_("Reasons of the review"), widget=TEXT, max_length=5000)
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    act_field = "reviewed_on"

"""Forms of the review, notice, hearing and decision (``cases/penalty.py``): they clean input;
the services decide and their refusals land on the form (``forms.add_refusal``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .fine_models import Circumstance
from .forms import DATE, DATETIME, TEXT, VersionedForm
from .models import PenaltyMeasure


class _PenaltyFields(VersionedForm):
    measures = forms.MultipleChoiceField(label=_("Penalty"), choices=PenaltyMeasure.choices,
                                         widget=forms.CheckboxSelectMultiple)
    fine_yuan = forms.DecimalField(label=_("Fine (yuan)"), max_digits=14, decimal_places=2, min_value=0,
                                   required=False)
    # The 裁量基准's tier and, for an amount outside its band, the reasons (cases/fines.py).
    fine_circumstance = forms.ChoiceField(label=_("Circumstances of the violation"), choices=Circumstance.choices,
                                          initial=Circumstance.GENERAL, required=False)
    fine_reason = forms.CharField(label=_("Reasons for the amount"), widget=TEXT, required=False,
                                  help_text=_("Required when the amount is outside the discretion band."))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["fine_yuan"].help_text = fine_help(case)

    def clean(self):
        data = super().clean()
        if PenaltyMeasure.FINE in (data.get("measures") or ()) and not data.get("fine_yuan"):
            self.add_error("fine_yuan", _("Give the amount of the fine."))
        data["fine_circumstance"] = data.get("fine_circumstance") or Circumstance.GENERAL
        return data


def fine_help(case) -> str:
    """The legal range and every band of the case's land, in yuan for its area (four queries at most)."""
    from .fines import assessment

    found = [assessment(case, c) for c in Circumstance.values]
    text = _("Legal range %(low)s to %(high)s yuan: 100 to 1000 yuan per m² of the %(area)s m² occupied "
             "(土地管理法实施条例 第五十七条).") % {"low": found[0].legal_low, "high": found[0].legal_high,
                                               "area": found[0].area_m2}
    bands = [_("%(circumstance)s: %(low)s to %(high)s yuan") % {
        "circumstance": Circumstance(a.circumstance).label, "low": a.band_low, "high": a.band_high}
        for a in found if a.band is not None]
    if bands:
        text += " " + _("Discretion bands: %(bands)s.") % {"bands": "；".join(bands)}
    return text


class LegalReviewForm(_PenaltyFields):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE, required=False)
    amount_large = forms.BooleanField(
        label=_("The fine or confiscation is a large amount under the province's rules"), required=False,
        help_text=_("自然资源行政处罚办法 第三十四条: a large amount gives the party a right to a hearing."))
    passed = forms.TypedChoiceField(label=_("Outcome"), coerce=lambda v: v == "true",
                                    choices=[("true", _("Passed")), ("false", _("Not passed"))])
    opinion = forms.CharField(label=_("Opinion"), widget=TEXT)
    act_field = "reviewed_on"
    field_order = ["measures", "fine_yuan", "fine_circumstance", "fine_reason", "amount_large", "passed", "opinion",
                   "reviewed_on"]


class CollectiveDiscussionForm(VersionedForm):
    held_on = forms.DateField(label=_("Held on"), widget=DATE, required=False)
    participants = forms.CharField(label=_("Participants"), max_length=500)
    conclusion = forms.CharField(label=_("Conclusion"), widget=TEXT)
    act_field = "held_on"


class StatementForm(VersionedForm):
    received_on = forms.DateField(label=_("Received on"), widget=DATE, required=False)
    statement = forms.CharField(label=_("What the party stated"), widget=TEXT, required=False)
    waived = forms.BooleanField(label=_("The party expressly waived the right to state and defend"), required=False)
    act_field = "received_on"

    def clean(self):
        data = super().clean()
        if not (data.get("statement") or "").strip() and not data.get("waived"):
            self.add_error("statement", _("Write what the party stated, or record the party's waiver."))
        return data


class HearingRequestForm(VersionedForm):
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    act_field = "requested_on"


class HearingForm(VersionedForm):
    held_on = forms.DateField(label=_("Held on"), widget=DATE, required=False)
    presiding = forms.ModelChoiceField(
        label=_("Presiding officer"), queryset=None,
        help_text=_("The officer the notice of the hearing named, not an investigator of the case "
                    "(行政处罚法 第六十四条)."))
    summary = forms.CharField(label=_("Summary of the hearing"), widget=TEXT)
    absent = forms.BooleanField(label=_("The party did not attend without a good reason"), required=False)
    act_field = "held_on"

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presiding"].queryset = hosts
        self.fields["presiding"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class HearingScheduleForm(VersionedForm):
    """The 听证通知书's time, place and presiding officer (行政处罚法 第六十四条(二)(四))."""

    hearing_at = forms.DateTimeField(
        label=_("Time of the hearing"), widget=DATETIME,
        help_text=_("At least seven working days after the notice is served (行政处罚法 第六十四条(二))."))
    place = forms.CharField(label=_("Place of the hearing"), max_length=200)
    presiding = forms.ModelChoiceField(label=_("Presiding officer"), queryset=None,
                                       help_text=_("Not an investigator of the case (行政处罚法 第六十四条)."))

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presiding"].queryset = hosts
        self.fields["presiding"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class RecheckForm(VersionedForm):
    rechecked_on = forms.DateField(label=_("Re-examined on"), widget=DATE, required=False)
    accepted = forms.BooleanField(label=_("The party's points are accepted"), required=False)
    conclusion = forms.CharField(label=_("Conclusion"), widget=TEXT)
    act_field = "rechecked_on"


class ExtendClockForm(VersionedForm):
    """办法 第三十八条: up to 30 days in all with the head's approval; more only for 案情特别复杂,
    by the heads' collective discussion (its date, participants and conclusion)."""

    days = forms.IntegerField(label=_("Days of extension"), min_value=1, max_value=365, initial=30)
    particularly_complex = forms.BooleanField(
        label=_("Particularly complex case: decided by the heads' collective discussion"), required=False,
        help_text=_("自然资源行政处罚办法 第三十八条: beyond 30 days in all only for a particularly complex case."))
    participants = forms.CharField(label=_("Participants in the discussion"), max_length=500, required=False)
    approved_on = forms.DateField(label=_("Approved or discussed on"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason, or the discussion's conclusion"), widget=TEXT)
    act_field = "approved_on"

    def clean(self):
        data = super().clean()
        if data.get("particularly_complex") and not (data.get("participants") or "").strip():
            self.add_error("participants", _("Name the heads who took part in the collective discussion."))
        return data


class ExcludedPeriodForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind of period"), choices=[])
    started_on = forms.DateField(label=_("Began on"), widget=DATE)
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE,
                               help_text=_("The day the clock runs again: the days from the first to this one are "
                                           "not counted."))
    note = forms.CharField(label=_("What it was"), widget=TEXT)
    act_field = "ended_on"

    def __init__(self, *args, **kwargs) -> None:
        from .models import ClockPauseKind
        from .penalty import EXCLUDED_KINDS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, ClockPauseKind(k).label) for k in EXCLUDED_KINDS]


class DecidePenaltyForm(_PenaltyFields):
    occurred_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    act_field = "occurred_on"

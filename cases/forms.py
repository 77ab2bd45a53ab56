"""Forms of the case pages: they clean input and carry the user-facing messages.

No form touches ``status`` or audit fields; transition forms carry the ``version`` the
page showed, which the service compares after locking the row.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deadlines import dates
from landwatch import queue
from landwatch.uploads import IMAGES_AND_PDF, check_upload
from landwatch.vocabulary import Category, Cause, DiscoverySource
from territory.models import ResponsibilityUnit

from . import acts
from .errors import ActDateError, CaseError
from .models import (
    BASIC_FARMLAND_TOO_LARGE,
    AttachmentKind,
    DisciplinaryMeasure,
    DisciplinaryStatus,
    Disposition,
    EnforcementKind,
    LandType,
    NoActionGround,
    Party,
    PartyKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
PLOUGH_CHOICES = [("", _("Unknown")), ("false", _("Intact")), ("true", _("Damaged"))]


def _plough(value):
    return {"true": True, "false": False}.get(value)


def limit_to_today(field: forms.Field) -> None:
    """The date picker of an act offers no day after today (the service refuses one anyway)."""
    field.widget.attrs["max"] = dates.today().isoformat()


def add_refusal(form: forms.BaseForm, exc: CaseError) -> None:
    """A service's refusal on its form: a refused act date (``cases.acts``) on the form's date
    field (its ``act_field``), anything else above the form."""
    field = getattr(form, "act_field", "") if isinstance(exc, ActDateError) else ""
    form.add_error(field if field in form.fields else None, exc.message)


BASIC_FARMLAND_HELP = _("Counts towards a criminal referral at 5 mu (3333.33 m²); other farmland at 10 mu.")


def _check_basic_farmland(form: forms.Form, data: dict) -> None:
    """永久基本农田 is part of the farmland (the case's three areas add up to the area occupied)."""
    farmland, basic = data.get("farmland_area_m2") or 0, data.get("basic_farmland_area_m2") or 0
    if basic > farmland and not form.has_error("farmland_area_m2"):
        form.add_error("basic_farmland_area_m2", BASIC_FARMLAND_TOO_LARGE)


class VersionedForm(forms.Form):
    """A transition form: ``version`` is the case version the page was rendered with.

    A form that records an act names its date field ``act_field`` (the day it happened,
    today by default, never after today; ``cases/acts.py``).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    act_field = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.act_field in self.fields:
            limit_to_today(self.fields[self.act_field])


class RegisterCaseForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Existing party"), queryset=Party.objects.none(), required=False,
        help_text=_("Choose a party already on record, or fill in a new one below."),
    )
    party_kind = forms.ChoiceField(label=_("Party kind"), choices=PartyKind.choices, initial=PartyKind.PERSON)
    party_name = forms.CharField(label=_("Party name"), max_length=100, required=False)
    party_id_number = forms.CharField(label=_("ID number or credit code"), max_length=30, required=False)
    party_phone = forms.CharField(label=_("Party phone"), max_length=30, required=False)
    party_address = forms.CharField(label=_("Party address"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    village = forms.ModelChoiceField(label=_("Village"), queryset=ResponsibilityUnit.objects.none())
    location_text = forms.CharField(label=_("Location"), max_length=200)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False,
                                   min_value=-180, max_value=180)
    land_type = forms.ChoiceField(label=_("Land type"), choices=LandType.choices, initial=LandType.FARMLAND)
    area_m2 = forms.DecimalField(label=_("Area occupied (m²)"), max_digits=12, decimal_places=2, min_value=0)
    farmland_area_m2 = forms.DecimalField(label=_("Of which farmland (m²)"), max_digits=12, decimal_places=2,
                                          min_value=0, required=False, initial=0)
    basic_farmland_area_m2 = forms.DecimalField(
        label=_("Of the farmland, permanent basic farmland (m²)"), max_digits=12, decimal_places=2, min_value=0,
        required=False, initial=0, help_text=BASIC_FARMLAND_HELP)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.OTHER)
    plough_layer_damaged = forms.TypedChoiceField(
        label=_("Plough layer"), choices=PLOUGH_CHOICES, coerce=_plough, required=False, empty_value=None,
        help_text=_("Only for farmland used for breeding."),
    )
    causes = forms.MultipleChoiceField(label=_("Causes"), choices=Cause.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    source = forms.ChoiceField(label=_("Discovery source"), choices=DiscoverySource.choices)
    discovered_on = forms.DateField(label=_("Discovered on"), widget=DATE)
    registered_on = forms.DateField(
        label=_("Registered on"), widget=DATE, required=False,
        help_text=_("The day the case was registered (立案); for a case registered on paper, that day."),
    )
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False)
    description = forms.CharField(label=_("Facts"), widget=TEXT, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Register anyway: this is a different violation"), required=False
    )

    act_field = "registered_on"

    def __init__(self, *args, villages, parties, officers, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_today(self.fields["registered_on"])
        limit_to_today(self.fields["discovered_on"])
        self.fields["village"].queryset = villages
        self.fields["party"].queryset = parties
        self.fields["assignee"].queryset = officers
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.duplicates = []
        # "Register anyway" answers the duplicate check: offered only once it found open cases
        # (``clean``); until then it travels hidden, so a tick already given is not lost while
        # another field is being corrected.
        self.fields["confirm_duplicate"].widget = forms.HiddenInput()

    def clean_discovered_on(self):
        value = self.cleaned_data["discovered_on"]
        if value > dates.today():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def clean_registered_on(self):
        try:
            return acts.check_act_date(None, self.cleaned_data["registered_on"],
                                       act=acts.ACTS["registered"], after=self.cleaned_data.get("discovered_on"),
                                       after_act=acts.ACTS["discovery"])
        except ActDateError as exc:
            raise ValidationError(exc.message) from None

    def clean(self):
        data = super().clean()
        party, village = data.get("party"), data.get("village")
        if party is None and not (data.get("party_name") or "").strip():
            self.add_error("party_name", _("Choose an existing party or enter the new party's name."))
        if party is not None and village is not None and party.township_id != village.township_id:
            self.add_error("party", _("The party belongs to another township."))
        area, farmland = data.get("area_m2"), data.get("farmland_area_m2") or 0
        if area is not None and farmland > area:
            self.add_error("farmland_area_m2", _("The farmland area cannot be larger than the area occupied."))
        _check_basic_farmland(self, data)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        if village is not None and not self.errors:
            from .selectors import open_cases_like

            self.duplicates = list(open_cases_like(
                township_id=village.township_id, party=party, party_name=(data.get("party_name") or "").strip(),
                id_number=(data.get("party_id_number") or "").strip().upper(),
                location_text=(data.get("location_text") or "").strip(),
            ))
            if self.duplicates:
                self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
            if self.duplicates and not data.get("confirm_duplicate"):
                raise ValidationError(
                    _("The same party or location already has an open case. Check the cases below; "
                      "tick “register anyway” if this is a different violation."),
                    code="duplicate",
                )
        return data


class CaseFactsForm(VersionedForm):
    """Correcting the facts of a registered case (the office); the service records old and new values."""

    act_field = "discovered_on"  # a discovery after the registration is refused on it

    title = forms.CharField(label=_("Title"), max_length=200)
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    location_text = forms.CharField(label=_("Location"), max_length=200)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False,
                                   min_value=-180, max_value=180, help_text=_("WGS-84 (GPS), not GCJ-02."))
    land_type = forms.ChoiceField(label=_("Land type"), choices=LandType.choices)
    area_m2 = forms.DecimalField(label=_("Area occupied (m²)"), max_digits=12, decimal_places=2, min_value=0)
    farmland_area_m2 = forms.DecimalField(label=_("Of which farmland (m²)"), max_digits=12, decimal_places=2,
                                          min_value=0)
    basic_farmland_area_m2 = forms.DecimalField(
        label=_("Of the farmland, permanent basic farmland (m²)"), max_digits=12, decimal_places=2, min_value=0,
        help_text=BASIC_FARMLAND_HELP)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    plough_layer_damaged = forms.TypedChoiceField(
        label=_("Plough layer"), choices=PLOUGH_CHOICES, coerce=_plough, required=False, empty_value=None,
        help_text=_("Only for farmland used for breeding."),
    )
    causes = forms.MultipleChoiceField(label=_("Causes"), choices=Cause.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    source = forms.ChoiceField(label=_("Discovery source"), choices=DiscoverySource.choices)
    discovered_on = forms.DateField(label=_("Discovered on"), widget=DATE)
    description = forms.CharField(label=_("Facts"), widget=TEXT, required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties

    @classmethod
    def initial_for(cls, case, causes) -> dict:
        initial = {name: getattr(case, name) for name in cls.base_fields if hasattr(case, name)}
        initial.update(version=case.version, causes=list(causes),
                       plough_layer_damaged={True: "true", False: "false"}.get(case.plough_layer_damaged, ""))
        return initial

    def clean_discovered_on(self):
        value = self.cleaned_data["discovered_on"]
        if value > dates.today():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        area, farmland = data.get("area_m2"), data.get("farmland_area_m2")
        if area is not None and farmland is not None and farmland > area:
            self.add_error("farmland_area_m2", _("The farmland area cannot be larger than the area occupied."))
        _check_basic_farmland(self, data)
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.has_error("latitude"):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data

    def facts(self) -> dict:
        """The service's keyword arguments (``causes`` apart)."""
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("version", "causes")}


class DecideForm(VersionedForm):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    plough_layer_damaged = forms.TypedChoiceField(
        label=_("Plough layer"), choices=PLOUGH_CHOICES, coerce=_plough, required=False, empty_value=None,
        help_text=_("Only for farmland used for breeding: intact means no action, damaged means restore; on "
                    "permanent basic farmland always restore."),
    )
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=TEXT, required=False,
        help_text=_("Required when the disposition differs from the category's default."),
    )
    # "No action" only on a ground the law lists (cases/closing.py).
    no_action_ground = forms.ChoiceField(
        label=_("Ground for giving no penalty"), required=False,
        choices=[("", "—"), *NoActionGround.choices],
        help_text=_("Required for “no action”: 行政处罚法 第三十三条、第三十六条; 自然资源行政处罚办法 第三十一条."))
    occurred_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)
    act_field = "occurred_on"

    def __init__(self, *args, land_type: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.land_type = land_type  # the case's: 永久基本农田 has its own default and no "no action"

    def clean(self):
        from .transitions import default_disposition, no_action_refusal

        data = super().clean()
        if "disposition" in data:
            refusal = no_action_refusal(data["disposition"], self.land_type)
            if refusal:
                self.add_error("disposition", refusal)
        if "category" in data and "disposition" in data:
            default = default_disposition(data["category"], data.get("plough_layer_damaged"), self.land_type)
            if data["disposition"] != default and not (data.get("reason") or "").strip():
                self.add_error("reason", _("A disposition other than the category's default needs a written reason."))
        if data.get("disposition") == Disposition.NO_ACTION and not data.get("no_action_ground") \
                and not self.has_error("disposition"):
            self.add_error("no_action_ground", _("Choose the ground for giving no penalty."))
        return data


# The act dates below are checked by the services (``cases.acts.check_act_date``: not after
# today, not before the registration nor the act they follow); a refusal lands on the field.
# The dates a form did not ask for before (``occurred_on``) may be left empty: today.


class SelfCorrectionForm(VersionedForm):
    corrected_on = forms.DateField(label=_("Corrected on"), widget=DATE)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    act_field = "corrected_on"


class ReinspectionPassedForm(VersionedForm):
    inspected_on = forms.DateField(label=_("Re-inspected on"), widget=DATE)
    note = forms.CharField(label=pgettext_lazy("re-inspection", "Findings"), widget=TEXT, required=False)
    act_field = "inspected_on"


class ReinspectionFailedForm(VersionedForm):
    inspected_on = forms.DateField(label=_("Re-inspected on"), widget=DATE)
    new_deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    note = forms.CharField(label=pgettext_lazy("re-inspection", "Findings"), widget=TEXT)
    act_field = "inspected_on"

    def clean(self):
        data = super().clean()
        inspected, deadline = data.get("inspected_on"), data.get("new_deadline")
        if inspected and deadline and deadline <= inspected:
            self.add_error("new_deadline", _("The new deadline must be after the re-inspection."))
        return data


class ApproveEnforcementForm(VersionedForm):
    occurred_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False,
                                  help_text=_("After the deadline: the deadline day itself is still the party's."))
    note = forms.CharField(label=_("Approval note"), widget=TEXT, required=False)
    act_field = "occurred_on"


class EnforcementDoneForm(VersionedForm):
    verified_on = forms.DateField(label=_("Verified on"), widget=DATE)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    act_field = "verified_on"


class ReasonForm(VersionedForm):
    occurred_on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason"), widget=TEXT)
    act_field = "occurred_on"


class HandOverForm(VersionedForm):
    """移送: the day the 案件移送书 and the evidence file go to the competent authority."""

    occurred_on = forms.DateField(label=_("Date of the hand-over"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False,
                           help_text=_("The transfer letter is generated, numbered and recorded as served on the "
                                       "authority; the evidence file goes with it."))
    act_field = "occurred_on"


class CampaignAttachForm(VersionedForm):
    """Count the case in a campaign on purpose (registered outside its period): which one, and why."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None)
    reason = forms.CharField(label=_("Reason"), widget=TEXT,
                             help_text=_("Why the campaign handled this case although it was registered "
                                         "outside the campaign's period."))

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class EnforcementActionForm(VersionedForm):
    # Fines and referrals are no longer chosen (cases/enforcement.py RETIRED_KINDS); old rows stay readable.
    kind = forms.ChoiceField(label=_("Measure"), choices=[
        (value, label) for value, label in EnforcementKind.choices
        if value not in (EnforcementKind.FINE, EnforcementKind.REFERRAL)])
    carried_out_on = forms.DateField(label=_("Date"), widget=DATE)
    started_at = forms.TimeField(label=_("Start time"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                 help_text=_("Not at night (22:00–06:00) nor on a public holiday "
                                             "(行政强制法 第四十三条)."))
    residence = forms.BooleanField(label=_("Against a residence"), required=False,
                                   help_text=_("Water, power, heating or gas are never cut off from a residence."))
    units = forms.ModelMultipleChoiceField(label=_("Units involved"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    area_m2 = forms.DecimalField(label=_("Area (m²)"), max_digits=12, decimal_places=2, min_value=0, required=False)
    amount_yuan = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2, min_value=0,
                                     required=False)
    result = forms.CharField(label=pgettext_lazy("enforcement", "Result"), widget=TEXT, required=False)
    act_field = "carried_out_on"

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = departments

    def clean(self):
        data = super().clean()
        if data.get("kind") in (EnforcementKind.DEMOLITION, EnforcementKind.FARMLAND_RESTORED) and not data.get(
            "area_m2"
        ):
            self.add_error("area_m2", _("Give the area demolished or restored."))
        if data.get("kind") == EnforcementKind.FINE and not data.get("amount_yuan"):
            self.add_error("amount_yuan", _("Give the amount of the fine."))
        return data


class DisciplinaryForm(VersionedForm):
    person_name = forms.CharField(label=_("Person"), max_length=50)
    post = forms.CharField(label=_("Post"), max_length=100, required=False)
    measure = forms.ChoiceField(label=_("Measure"), choices=DisciplinaryMeasure.choices)
    status = forms.ChoiceField(label=_("Status"), choices=DisciplinaryStatus.choices)
    proposed_by = forms.CharField(label=_("Proposed by"), max_length=100, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    act_field = "decided_on"

    def clean(self):
        data = super().clean()
        if data.get("status") == DisciplinaryStatus.DECIDED and not data.get("decided_on"):
            self.add_error("decided_on", _("A decided measure needs its date."))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("JPEG, PNG or PDF; the content is checked."))
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices, initial=AttachmentKind.PHOTO)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_type = check_upload(upload, allowed=IMAGES_AND_PDF)
        return upload


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=TEXT)
    # A call or a visit of an earlier day is noted with that day (cases.acts): empty means today.
    occurred_on = forms.DateField(label=_("Date (today if left empty)"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_today(self.fields["occurred_on"])


class BulkAssignForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(label=_("Cases"), queryset=None,
                                           error_messages={"required": _("Select at least one case.")})
    to = forms.ModelChoiceField(label=_("Assign to"), queryset=None,
                                error_messages={"required": _("Choose the officer.")})
    note = forms.CharField(label=_("Note"), required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, cases, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["to"].queryset = officers
        self.fields["to"].label_from_instance = lambda u: u.get_full_name() or u.username



# --- 立案 and the investigation (cases/procedure.py) ---------------------------------------

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _filing_conditions():
    from .procedure import FILING_CONDITIONS

    return FILING_CONDITIONS


class FilingForm(VersionedForm):
    conditions = forms.MultipleChoiceField(
        label=_("Conditions of filing (Measures on Administrative Penalties for Natural Resources, Article 16)"),
        choices=_filing_conditions, widget=forms.CheckboxSelectMultiple,
        help_text=_("All five must hold. The Measures set no day count: file promptly after discovery."))
    violation_started_on = forms.DateField(label=_("Violation began on"), widget=DATE)
    violation_continuing = forms.BooleanField(
        label=_("Continuing violation (the occupation or construction goes on)"), required=False,
        help_text=_("The limitation period then counts from the day the act ended (Administrative Penalty Law, "
                    "Article 36)."))
    violation_ended_on = forms.DateField(label=_("Violation ended on"), widget=DATE, required=False,
                                         help_text=_("Leave empty while a continuing act goes on."))
    note = forms.CharField(label=_("Approval note"), widget=TEXT, required=False)
    occurred_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)
    act_field = "occurred_on"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_to_today(self.fields["violation_started_on"])
        limit_to_today(self.fields["violation_ended_on"])

    def clean(self):
        data = super().clean()
        chosen = set(data.get("conditions") or ())
        if "conditions" in data and len(chosen) < len(_filing_conditions()):
            self.add_error("conditions", _("A case is filed only when all five conditions hold."))
        start, end = data.get("violation_started_on"), data.get("violation_ended_on")
        if end and not data.get("violation_continuing"):
            self.add_error("violation_ended_on", _("An end date is given only for a continuing violation."))
        elif start and end and end < start:
            self.add_error("violation_ended_on", _("A violation cannot end before it began."))
        return data


def _choices(name: str):
    def get():
        from . import models

        return getattr(models, name).choices

    return get


class SuspendForm(VersionedForm):
    ground = forms.ChoiceField(label=_("Ground (Measures on Administrative Penalties for Natural Resources, "
                                       "Article 27)"), choices=_choices("SuspensionGround"))
    reason = forms.CharField(label=_("Reason"), widget=TEXT)
    occurred_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False,
                                  help_text=_("Tell the party in writing within three working days."))
    act_field = "occurred_on"


class ResumeForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), widget=TEXT,
                             help_text=_("Tell the party in writing within three working days."))
    occurred_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)
    act_field = "occurred_on"


class TerminateForm(VersionedForm):
    ground = forms.ChoiceField(label=_("Ground (Measures on Administrative Penalties for Natural Resources, "
                                       "Article 28)"), choices=_choices("TerminationGround"))
    reason = forms.CharField(label=_("Reason"), widget=TEXT)
    occurred_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)
    act_field = "occurred_on"


class ReportForm(VersionedForm):
    facts = forms.CharField(label=_("Facts found"), widget=TEXT)
    evidence = forms.CharField(label=_("Evidence"), widget=TEXT,
                               help_text=_("One item a line: records, photos, surveys, documents."))
    proposal = forms.CharField(label=_("Proposed handling"), widget=TEXT,
                               help_text=_("Whether a penalty should be given and which (Measures on "
                                           "Administrative Penalties for Natural Resources, Article 29)."))
    occurred_on = forms.DateField(label=_("Submitted on"), widget=DATE, required=False)
    act_field = "occurred_on"


class InvestigationRecordForm(queue.KeyedForm, VersionedForm):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=[
        ("inquiry_record", pgettext_lazy("record", "Inquiry record (questions and answers)")),
        ("inspection_record", pgettext_lazy("record", "Site inspection record (findings)")),
    ])
    started_at = forms.DateTimeField(label=_("Began at"), widget=DATETIME)
    ended_at = forms.DateTimeField(label=_("Ended at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    persons_present = forms.CharField(label=_("Persons present"), widget=TEXT,
                                      help_text=_("The person questioned or the party, witnesses, recorder."))
    content = forms.CharField(label=_("Questions and answers, or findings"), widget=forms.Textarea(attrs={"rows": 8}))
    officer_1 = forms.ModelChoiceField(label=_("First officer"), queryset=None)
    officer_2 = forms.ModelChoiceField(label=_("Second officer"), queryset=None,
                                       help_text=_("Two officers, each with a law enforcement certificate valid "
                                                   "that day (Administrative Penalty Law, Article 42)."))
    scan = forms.FileField(label=_("Scan of the signed record"), required=False,
                           help_text=_("JPEG, PNG or PDF; it can also be attached later as evidence."))

    def __init__(self, *args, officers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("officer_1", "officer_2"):
            self.fields[name].queryset = officers
            self.fields[name].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            check_upload(upload, allowed=IMAGES_AND_PDF)
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("started_at"), data.get("ended_at")
        if start and end and end < start:
            self.add_error("ended_at", _("A record cannot end before it began."))
        if start and start.date() > dates.today():
            self.add_error("started_at", _("A record cannot be dated after today."))
        one, two = data.get("officer_1"), data.get("officer_2")
        if one and two and one == two:
            self.add_error("officer_2", _("Choose two different officers."))
        return data


class OutlineForm(forms.Form):
    """The case's polygon: drawn on the map (GeoJSON in a hidden field) or loaded from a GIS file."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    drawn = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200_000)
    file = forms.FileField(
        label=_("Or load it from a file"), required=False,
        help_text=_("GeoJSON, a zipped shapefile or a GeoPackage; its polygons are joined into one outline."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.setdefault("class", "form-control")

    def clean(self):
        import json

        import shapely

        from territory import geo

        data = super().clean()
        drawn, upload = (data.get("drawn") or "").strip(), data.get("file")
        if bool(drawn) == bool(upload):
            raise forms.ValidationError(_("Draw the outline on the map, or choose a file, not both."))
        if upload:
            try:
                features = geo.read_features(upload)
            except geo.GeoImportError as exc:
                self.add_error("file", " ".join([exc.message, *exc.errors[:5]]))
                return data
            data["geometry"], data["how"] = shapely.union_all([f.geometry for f in features]), upload.name or "file"
            return data
        try:
            geometry = shapely.geometry.shape(json.loads(drawn))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError, shapely.errors.GEOSException):
            raise forms.ValidationError(_("The drawn outline could not be read; draw it again.")) from None
        if geometry.geom_type != "Polygon" or not geometry.is_valid or geometry.area == 0:
            raise forms.ValidationError(_("The drawn outline crosses itself or encloses nothing; draw it again."))
        if not geo.within_china(geometry):
            raise forms.ValidationError(_("The drawn outline lies outside China; draw it again."))
        data["geometry"], data["how"] = geometry, "drawn"
        return data

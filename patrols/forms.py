"""Forms of the patrols app: they clean input and carry the user-facing messages; no status field ever."""

import datetime
import json

from django import forms
from django.utils.translation import gettext_lazy as _

from landwatch import queue
from landwatch.filtering import RowChoiceField
from landwatch.uploads import IMAGES_AND_PDF, check_upload
from territory.models import ResponsibilityUnit, UnitKind

from .models import (
    ConstructionStatus,
    FarmlandPledge,
    FindingStatus,
    LandProject,
    PatrolFinding,
    PatrolLog,
    PatrolPlan,
    PatrolResult,
    PledgeAssessment,
    ProjectInspection,
    Urgency,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_GPS_POINTS = 500


class Styled:
    """Give every widget its Bootstrap class, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "btn-check")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class PatrolLogForm(Styled, queue.KeyedForm, forms.ModelForm):
    gps_points = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PatrolLog
        fields = [
            "patrolled_on",
            "started_at",
            "duration_minutes",
            "route",
            "weather",
            "result",
            "departments",
            "other_villages",
            "other_patrollers",
            "notes",
        ]
        widgets = {
            "patrolled_on": DATE,
            "started_at": TIME,
            "weather": forms.RadioSelect,
            "result": forms.RadioSelect,
            "departments": forms.CheckboxSelectMultiple,
            "other_villages": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "duration_minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 1440}),
        }

    def __init__(self, *args, village: ResponsibilityUnit, may_cover_others: bool, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["weather"].choices = [c for c in self.fields["weather"].choices if c[0]]
        self.fields["weather"].required = False
        self.fields["departments"].queryset = ResponsibilityUnit.objects.filter(
            kind=UnitKind.DEPARTMENT, township_id=village.township_id, active=True
        ).order_by("sort_order", "name")
        if may_cover_others:
            self.fields["other_villages"].queryset = (
                ResponsibilityUnit.objects.villages()
                .active()
                .filter(township_id=village.township_id)
                .exclude(pk=village.pk)
                .order_by("sort_order", "name")
            )
        else:
            del self.fields["other_villages"]
        if not self.is_bound:
            # A ModelForm's initial already holds the instance's empty date: replace, not setdefault.
            self.initial["patrolled_on"] = self.initial.get("patrolled_on") or today

    def clean_patrolled_on(self) -> datetime.date:
        day = self.cleaned_data["patrolled_on"]
        if day > self.today:
            raise forms.ValidationError(_("A patrol cannot be logged for a future date."))
        if day < self.today - datetime.timedelta(days=60):
            raise forms.ValidationError(_("Patrols older than 60 days cannot be logged here; ask the office."))
        return day

    def clean_duration_minutes(self):
        minutes = self.cleaned_data.get("duration_minutes")
        if minutes is not None and not 1 <= minutes <= 1440:
            raise forms.ValidationError(_("The duration must be between 1 and 1440 minutes."))
        return minutes

    def clean_gps_points(self) -> list[dict]:
        raw = (self.cleaned_data.get("gps_points") or "").strip()
        if not raw:
            return []
        try:
            points = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: brackets nested deeper than the parser goes
            raise forms.ValidationError(_("The recorded positions could not be read; record them again.")) from None
        if not isinstance(points, list) or len(points) > MAX_GPS_POINTS:
            raise forms.ValidationError(_("The recorded positions could not be read; record them again."))
        cleaned = []
        for p in points:
            try:
                lat, lng = float(p["lat"]), float(p["lng"])
            except (KeyError, TypeError, ValueError):
                raise forms.ValidationError(_("The recorded positions could not be read; record them again.")) from None
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                raise forms.ValidationError(_("The recorded positions could not be read; record them again."))
            point = {"lat": round(lat, 6), "lng": round(lng, 6)}
            if isinstance(p.get("acc"), int | float):
                point["acc"] = round(float(p["acc"]), 1)
            if isinstance(p.get("t"), str):
                point["t"] = p["t"][:40]
            cleaned.append(point)
        return cleaned

    @property
    def reports_finding(self) -> bool:
        return self.data.get(self.add_prefix("result")) == PatrolResult.SUSPECTED_VIOLATION


class FindingForm(Styled, forms.ModelForm):
    """A lead: within a patrol form (prefix "finding") or on its own."""

    class Meta:
        model = PatrolFinding
        fields = ["location_text", "latitude", "longitude", "suspected_category", "urgency", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "urgency": forms.RadioSelect,
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
        }
        error_messages = {
            "location_text": {"required": _("Say where it is, e.g. the group and the nearest landmark.")},
            "description": {"required": _("Describe what you saw.")},
        }

    def clean(self):
        cleaned = super().clean()
        lat, lng = cleaned.get("latitude"), cleaned.get("longitude")
        if (lat is None) != (lng is None):
            raise forms.ValidationError(_("The position is incomplete; record it again."))
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise forms.ValidationError(_("The position is incomplete; record it again."))
        return cleaned


class StandaloneFindingForm(queue.KeyedForm, FindingForm):
    pass


class ReasonForm(Styled, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason."))
        return reason


MONTH_CHOICES = [(m, _("Month %(m)d") % {"m": m}) for m in range(1, 13)]


class PatrolPlanForm(Styled, forms.ModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Months"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the months for a seasonal plan; none for the whole year."),
    )

    class Meta:
        model = PatrolPlan
        fields = [
            "name",
            "kind",
            "responsible_unit",
            "villages",
            "departments",
            "times",
            "period",
            "months",
            "valid_from",
            "valid_to",
            "notes",
            "active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "villages": forms.CheckboxSelectMultiple,
            "departments": forms.CheckboxSelectMultiple,
            "valid_from": DATE,
            "valid_to": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, township: ResponsibilityUnit, **kwargs):
        super().__init__(*args, **kwargs)
        in_township = (
            ResponsibilityUnit.objects.active().filter(township=township).order_by("kind", "sort_order", "name")
        )
        self.fields["responsible_unit"].queryset = in_township.exclude(kind=UnitKind.LEADING_GROUP)
        self.fields["villages"].queryset = in_township.filter(kind=UnitKind.VILLAGE)
        self.fields["departments"].queryset = in_township.filter(kind=UnitKind.DEPARTMENT)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date cannot be before the start date."))
        return cleaned


class FarmlandPledgeForm(Styled, forms.ModelForm):
    scan_file = forms.FileField(
        label=_("Scanned letter (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    class Meta:
        model = FarmlandPledge
        fields = [
            "protected_farmland_mu",
            "basic_farmland_mu",
            "protected_area",
            "reclamation_task_mu",
            "reclamation_done_mu",
            "development_task_mu",
            "development_done_mu",
            "signed_on",
            "township_signatory",
            "village_signatory",
            "notes",
        ]
        widgets = {"signed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def clean_scan_file(self):
        # Checked here so that every refusal (a damaged image or PDF too) is shown on this field.
        scan = self.cleaned_data.get("scan_file")
        if scan:
            check_upload(scan, allowed=IMAGES_AND_PDF)
        return scan

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            value = cleaned.get(name)
            if name.endswith("_mu") and value is not None and value < 0:
                self.add_error(name, _("An area cannot be negative."))
        protected, basic = cleaned.get("protected_farmland_mu"), cleaned.get("basic_farmland_mu")
        if protected is not None and basic is not None and basic > protected:
            self.add_error("basic_farmland_mu", _("Basic farmland cannot exceed the protected farmland."))
        return cleaned


class PledgeAssessmentForm(Styled, forms.ModelForm):
    class Meta:
        model = PledgeAssessment
        fields = [
            "assessed_on",
            "farmland_score",
            "basic_farmland_score",
            "reclamation_score",
            "development_score",
            "violation_control_score",
            "notes",
        ]
        widgets = {"assessed_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    LIMITS = {
        "farmland_score": 30,
        "basic_farmland_score": 20,
        "reclamation_score": 15,
        "development_score": 15,
        "violation_control_score": 20,
    }

    def clean(self):
        cleaned = super().clean()
        for name, limit in self.LIMITS.items():
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= limit:
                self.add_error(name, _("The score must be between 0 and %(max)d.") % {"max": limit})
        return cleaned


class LandProjectForm(Styled, forms.ModelForm):
    class Meta:
        model = LandProject
        fields = [
            "card_no",
            "name",
            "company",
            "village",
            "parcel",
            "approval_no",
            "approved_area_mu",
            "approved_on",
            "agreed_start_on",
            "agreed_completion_on",
            "actual_start_on",
            "actual_completion_on",
            "required_plot_ratio",
            "actual_plot_ratio",
            "required_investment_intensity",
            "actual_investment_intensity",
            "construction_status",
            "signboard_posted",
            "contact_person",
            "contact_phone",
            "notes",
            "active",
        ]
        widgets = {
            name: DATE
            for name in (
                "approved_on",
                "agreed_start_on",
                "agreed_completion_on",
                "actual_start_on",
                "actual_completion_on",
            )
        } | {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("agreed_start_on"), cleaned.get("agreed_completion_on")
        if start and end and end < start:
            self.add_error("agreed_completion_on", _("The agreed completion cannot be before the agreed start."))
        approved = cleaned.get("approved_on")
        if approved and start and start < approved:
            self.add_error("agreed_start_on", _("The agreed start cannot be before the approval."))
        actual_start, actual_end = cleaned.get("actual_start_on"), cleaned.get("actual_completion_on")
        if actual_end and not actual_start:
            self.add_error("actual_start_on", _("Give the actual start date of a completed project."))
        if actual_start and actual_end and actual_end < actual_start:
            self.add_error("actual_completion_on", _("The completion cannot be before the start."))
        area = cleaned.get("approved_area_mu")
        if area is not None and area <= 0:
            self.add_error("approved_area_mu", _("The approved area must be more than zero."))
        return cleaned


class InspectionForm(Styled, queue.KeyedForm, forms.ModelForm):
    class Meta:
        model = ProjectInspection
        fields = ["inspected_on", "inspectors", "progress", "findings", "violation_found"]
        widgets = {"inspected_on": DATE, "findings": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if not self.is_bound:
            self.initial["inspected_on"] = self.initial.get("inspected_on") or today

    def clean_inspected_on(self) -> datetime.date:
        day = self.cleaned_data["inspected_on"]
        if day > self.today:
            raise forms.ValidationError(_("An inspection cannot be recorded for a future date."))
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("violation_found") and not (cleaned.get("findings") or "").strip():
            self.add_error("findings", _("Describe the violation found."))
        return cleaned


# --- The lists' filters: every GET parameter a list reads (landwatch.filtering) ----------------


class LogFilterForm(forms.Form):
    village = RowChoiceField(label=_("Village"), queryset=ResponsibilityUnit.objects.none(), required=False)
    result = forms.ChoiceField(label=_("Result"), choices=[("", ""), *PatrolResult.choices], required=False)
    withdrawn = forms.BooleanField(label=_("Include withdrawn logs"), required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class FindingFilterForm(forms.Form):
    # No status in the query: the office's queue of new findings; "all" (or empty): every state.
    status = forms.ChoiceField(label=_("Status"), choices=[("", ""), ("all", ""), *FindingStatus.choices],
                               required=False)
    village = RowChoiceField(label=_("Village"), queryset=ResponsibilityUnit.objects.none(), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=[("", ""), *Urgency.choices], required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Construction status"), choices=[("", ""), *ConstructionStatus.choices],
                               required=False)
    warning = forms.ChoiceField(label=_("Warning"), required=False)
    archived = forms.BooleanField(label=_("Include archived cards"), required=False)

    def __init__(self, *args, warnings: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warning"].choices = [("", ""), *((w, w) for w in warnings)]


class PledgeFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

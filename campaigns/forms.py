"""Forms of the campaign: they clean input and carry the user-facing messages; the writes
and the rules that span several fields of the database live in ``campaigns.services``."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landwatch.filtering import RowChoiceField
from territory.models import ResponsibilityUnit, UnitKind

from .models import (
    PHASE_ORDER,
    TASK_TRANSITIONS,
    AcceptanceReview,
    Campaign,
    JointTeamMember,
    LeadingGroupMember,
    Meeting,
    MeetingKind,
    Phase,
    PhaseKind,
    PublicityActivity,
    Task,
    TaskStatus,
)
from .services import PhaseDates, validate_phases

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def township_people(township: ResponsibilityUnit):
    """Users with an active seat in a unit of the township: the people tasks can be given to."""
    return (
        User.objects.filter(is_active=True, memberships__active=True, memberships__unit__township=township)
        .distinct()
        .order_by("first_name", "username")
    )


INTEGER_MAX = 2_147_483_647  # the database's integer column


class StyledMixin:
    """Bootstrap classes on every widget, so templates can render ``{{ field }}`` as is.

    Whole numbers get the column's upper bound: these forms skip the model's validation
    (the services build the rows), so 2147483648 attendees would reach the database.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(field, forms.IntegerField) and field.max_value is None:
                field.max_value = INTEGER_MAX
                field.validators.append(MaxValueValidator(INTEGER_MAX))
                widget.attrs["max"] = INTEGER_MAX
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class PersonChoiceField(RowChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class PhasesForm(StyledMixin, forms.Form):
    """The three phases' dates; the form refuses overlaps, gaps and a wrong order with a clear message."""

    mobilisation_start = forms.DateField(label=_("Mobilisation starts"), widget=DateInput())
    mobilisation_end = forms.DateField(label=_("Mobilisation ends"), widget=DateInput())
    correction_start = forms.DateField(label=_("Correction starts"), widget=DateInput())
    correction_end = forms.DateField(label=_("Correction ends"), widget=DateInput())
    improvement_start = forms.DateField(label=_("Improvement starts"), widget=DateInput())
    improvement_end = forms.DateField(label=_("Improvement ends"), widget=DateInput())

    @classmethod
    def initial_from(cls, campaign: Campaign) -> dict:
        initial = {}
        for phase in campaign.phases.all():
            initial[f"{phase.kind}_start"] = phase.start_date
            initial[f"{phase.kind}_end"] = phase.end_date
        return initial

    def phase_dates(self) -> list[PhaseDates]:
        return [
            PhaseDates(kind=k, start_date=self.cleaned_data[f"{k}_start"], end_date=self.cleaned_data[f"{k}_end"])
            for k in PHASE_ORDER
        ]

    def phase_field_names(self) -> list[tuple[str, str, str]]:
        return [(PhaseKind(k).label, f"{k}_start", f"{k}_end") for k in PHASE_ORDER]

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(f"{k}_{e}") for k in PHASE_ORDER for e in ("start", "end")):
            for message in validate_phases(self.phase_dates()):
                self.add_error(None, message)
        return cleaned


class CampaignForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "basis", "goals"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 2}), "goals": forms.Textarea(attrs={"rows": 5})}


class CampaignCreateForm(PhasesForm):
    township = forms.ModelChoiceField(label=_("Township"), queryset=ResponsibilityUnit.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    basis = forms.CharField(label=_("Basis document"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    goals = forms.CharField(label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ["township", "name", "basis", "goals"]

    def __init__(self, *args, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        if len(townships) == 1:
            self.fields["township"].initial = townships.first().pk


class TaskForm(StyledMixin, forms.ModelForm):
    owner = PersonChoiceField(label=_("Responsible person"), queryset=User.objects.none(), required=False)

    class Meta:
        model = Task
        fields = ["phase", "title", "description", "owner_unit", "owner", "due_date"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["phase"].queryset = campaign.phases.all()
        self.fields["owner_unit"].queryset = ResponsibilityUnit.objects.filter(
            township=campaign.township, kind__in=[UnitKind.DEPARTMENT, UnitKind.VILLAGE, UnitKind.OFFICE], active=True
        ).order_by("kind", "sort_order", "name")
        self.fields["owner"].queryset = township_people(campaign.township)
        today = timezone.localdate()
        if not self._keeps_past_due_date(today):
            self.fields["due_date"].widget.attrs["min"] = today.isoformat()

    def _keeps_past_due_date(self, today) -> bool:
        return self.instance.pk is not None and self.instance.due_date < today

    def clean_due_date(self):
        """A task is given a date still to come. Editing an overdue task keeps its passed date
        (the clerk corrects the title or the owner without hiding that it is late); a new
        date, on a new task or an old one, cannot already have passed."""
        value = self.cleaned_data["due_date"]
        today = timezone.localdate()
        if value < today and not (self._keeps_past_due_date(today) and value == self.instance.due_date):
            raise forms.ValidationError(_("The due date cannot be in the past."), code="past")
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("owner_unit") and not cleaned.get("owner"):
            raise forms.ValidationError(_("Give the responsible unit, the responsible person, or both."))
        return cleaned

    def _post_clean(self):
        # The instance is built by the service, not by ModelForm.save().
        pass


class TaskStatusForm(StyledMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, task: Task, **kwargs):
        # The task page shows this form under the progress form, whose field is also "note":
        # ids of their own keep each label on its field.
        kwargs.setdefault("auto_id", "id_status_%s")
        super().__init__(*args, **kwargs)
        allowed = TASK_TRANSITIONS.get(task.status, set())
        self.fields["to_status"].choices = [(v, label) for v, label in TaskStatus.choices if v in allowed]


class ProgressForm(StyledMixin, forms.Form):
    note = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what has been done.")},
    )


class MeetingForm(StyledMixin, forms.ModelForm):
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One decision per line; each can later become a task."),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "title", "date", "location", "chair", "attendees", "attendee_count", "minutes"]
        widgets = {
            "date": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = MeetingKind.JOINT

    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("decisions", "").splitlines() if line.strip()]

    def _post_clean(self):
        pass


class DecisionForm(StyledMixin, forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionTaskForm(TaskForm):
    class Meta(TaskForm.Meta):
        fields = ["phase", "title", "owner_unit", "owner", "due_date"]


class PublicityForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = PublicityActivity
        fields = ["date", "kind", "village", "description", "audience", "materials"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = ResponsibilityUnit.objects.filter(
            township=campaign.township, kind=UnitKind.VILLAGE
        ).order_by("sort_order", "name")

    def _post_clean(self):
        pass


class ReviewForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = AcceptanceReview
        fields = ["date", "authority", "reviewers", "result", "remarks"]
        widgets = {
            "date": DateInput(),
            "reviewers": forms.Textarea(attrs={"rows": 2}),
            "remarks": forms.Textarea(attrs={"rows": 4}),
        }

    def _post_clean(self):
        pass


class TaskFilterForm(StyledMixin, forms.Form):
    unit = RowChoiceField(label=_("Unit"), queryset=ResponsibilityUnit.objects.none(), required=False)
    person = PersonChoiceField(label=pgettext_lazy("task", "Person"), queryset=User.objects.none(), required=False)
    phase = RowChoiceField(label=_("Phase"), queryset=Phase.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", pgettext_lazy("task", "Open")), ("all", _("All")), *TaskStatus.choices],
        required=False,
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ResponsibilityUnit.objects.filter(
            township=campaign.township, kind__in=[UnitKind.DEPARTMENT, UnitKind.VILLAGE, UnitKind.OFFICE]
        ).order_by("kind", "sort_order", "name")
        self.fields["person"].queryset = township_people(campaign.township)
        self.fields["phase"].queryset = campaign.phases.all()


class GroupMemberForm(StyledMixin, forms.ModelForm):
    user = PersonChoiceField(label=_("User"), queryset=User.objects.none(), required=False)

    class Meta:
        model = LeadingGroupMember
        fields = ["role", "user", "name", "department"]

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = township_people(campaign.township)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("user") and not cleaned.get("name", "").strip():
            raise forms.ValidationError(_("Give a user or a name."))
        return cleaned

    def _post_clean(self):
        pass


class TeamMemberForm(StyledMixin, forms.ModelForm):
    user = PersonChoiceField(label=_("User"), queryset=User.objects.none(), required=False)

    class Meta:
        model = JointTeamMember
        fields = ["department", "user", "name", "post", "is_team_leader"]

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = township_people(campaign.township)
        self.fields["department"].queryset = ResponsibilityUnit.objects.filter(
            township=campaign.township, kind=UnitKind.DEPARTMENT
        ).order_by("sort_order", "name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("user") and not cleaned.get("name", "").strip():
            raise forms.ValidationError(_("Give a user or a name."))
        return cleaned

    def _post_clean(self):
        pass

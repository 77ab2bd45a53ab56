"""Admin data entry for cases, through the same services as the pages (issue #26, finding 10).

Adding a case is ``register_case`` (a number from the allocator, a "registered" event);
changing one is ``update_case_facts`` (the version lock, an "edited" event with old and new
values). Number, status, version, deadline, disposition, closing date, village and assignee
are read-only here: they change only through their own steps in the app. Cases are never
deleted (one registered in error is withdrawn in the app); a withdrawn or closed case is
read-only. Timeline events, enforcement and disciplinary actions and attachments are
append-only (``landwatch.appendonly``, finding 3): read-only here, never deleted, not even by a
superuser; a wrong record is amended (更正) by a new one written by ``correct_record``.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from landwatch.admin import AppendOnlyAdmin, AppendOnlyInline, ReadOnlyAdmin
from landwatch.uploads import IMAGES_AND_PDF, check_upload
from landwatch.vocabulary import Cause

from . import services
from .models import (
    CaseAttachment,
    CaseEvent,
    CaseNumberSequence,
    CourtApplication,
    CriminalReferral,
    DisciplinaryAction,
    EnforcementAction,
    LegalChallenge,
    Party,
    ViolationCase,
)
from .services import AMENDABLE_FIELDS, correct_record


class CaseEventInline(AppendOnlyInline, admin.TabularInline):
    model = CaseEvent
    fields = ["occurred_on", "at", "kind", "from_status", "to_status", "actor", "note", "data"]
    readonly_fields = fields
    ordering = ["at", "id"]


class ServiceErrors:
    """A refusal of a service (stale version, wrong township, frozen case) is a message on the
    page it came from, never a 500; the transaction the admin wraps around the save rolls back."""

    errors: tuple = (services.CaseError,)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.errors as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:  # a model check the form did not run
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(request.get_full_path())


@admin.register(Party)
class PartyAdmin(ServiceErrors, admin.ModelAdmin):
    show_full_result_count = False
    list_display = ["name", "kind", "id_number", "phone", "township"]
    list_select_related = ["township"]
    list_filter = ["kind", "township"]
    search_fields = ["name", "id_number", "phone"]

    def get_readonly_fields(self, request, obj=None):
        # A party's cases lie in its township: moving it would put them out of step.
        return ["township", "created_at"] if obj is not None else ["created_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # parties carry cases (PROTECT) and are history

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # As the registration page does: the township's party with this ID number, else a new one.
        party = services.find_or_create_party(
            by=request.user, township=obj.township, name=obj.name, kind=obj.kind, id_number=obj.id_number,
            phone=obj.phone, address=obj.address, legal_representative=obj.legal_representative,
        )
        _become(obj, party)


def _become(obj, saved) -> None:
    """The admin's unsaved object takes the row a service saved, so the admin goes on with it."""
    for field in type(saved)._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


# What the admin never writes on a case: the lifecycle and what only its own step changes.
LIFECYCLE_FIELDS = ["number", "status", "version", "deadline", "disposition", "disposition_reason", "closed_on",
                    "source_finding", "registered_on", "created_by", "created_at", "updated_at", "campaign"]
# Given when the case is registered, then changed only by assignment in the app (never a fact).
REGISTRATION_ONLY = ["village", "assignee"]


class ViolationCaseAdminForm(forms.ModelForm):
    causes = forms.MultipleChoiceField(label=_("Causes"), choices=Cause.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    # The version the form showed: a change made meanwhile is refused, not overwritten.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ViolationCase
        fields = [*services.FACT_FIELDS, *REGISTRATION_ONLY]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["causes"].initial = list(self.instance.causes.values_list("cause", flat=True))
            self.fields["seen_version"].initial = self.instance.version


@admin.register(ViolationCase)
class ViolationCaseAdmin(ServiceErrors, admin.ModelAdmin):
    form = ViolationCaseAdminForm
    list_display = ["number", "title", "party", "village", "category", "status", "deadline", "assignee"]
    list_filter = ["status", "category", "source", "village__township"]
    search_fields = ["number", "title", "party__name", "location_text"]
    # A county holds 100,000 cases: no second COUNT(*) of the whole table on every page,
    # the row's relations in the same query, and search boxes instead of 10,000-entry selects.
    show_full_result_count = False
    autocomplete_fields = ["party", "village", "assignee"]
    inlines = [CaseEventInline]
    list_select_related = ["party", "village", "assignee"]
    # The page reads as the case page does: who and where first, the lifecycle (read-only) last.
    # The campaign is read-only: the day of registration decides it, the case page changes it with a reason.
    fields = ["number", "status", "title", "party", "village", "assignee", "campaign",
              *(f for f in services.FACT_FIELDS if f not in ("title", "party")), "causes", "seen_version",
              "deadline", "disposition", "disposition_reason", "closed_on", "source_finding", "version",
              "registered_on", "created_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return LIFECYCLE_FIELDS if obj is None else [*LIFECYCLE_FIELDS, *REGISTRATION_ONLY]

    def has_change_permission(self, request, obj=None) -> bool:
        # What the case's status still takes is the services' one guard's to say.
        if obj is not None and not services.is_writable(obj, write="facts"):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # never deleted: a case registered in error is withdrawn in the app, with a reason

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        causes = data.get("causes", [])
        if not change:
            spec = {name: data[name] for name in services.REGISTRATION_FIELDS if name in data}
            case = services.register_case(by=request.user, causes=causes, **spec)
            _become(obj, case)
            return
        facts = {name: data[name] for name in services.FACT_FIELDS if name in data}
        current = ViolationCase.objects.get(pk=obj.pk)
        seen = data.get("seen_version")
        services.update_case_facts(current, by=request.user, expected_version=seen if seen is not None else None,
                                   causes=causes, **facts)
        _become(obj, ViolationCase.objects.get(pk=obj.pk))

    def save_related(self, request, form, formsets, change) -> None:
        # The causes went to the service and the case has no many-to-many of its own; the only
        # inline, the timeline, is read-only (its formset saves nothing).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(CaseEvent)
class CaseEventAdmin(AppendOnlyAdmin):
    list_display = ["case", "occurred_on", "at", "kind", "from_status", "to_status", "actor"]
    list_filter = ["kind"]
    search_fields = ["case__number", "note"]
    list_select_related = ["case", "actor"]
    show_full_result_count = False


class AmendmentForm(forms.ModelForm):
    """The admin's add form of an append-only record: an amendment of a record not amended yet, with its reason."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supersedes"].required = True
        self.fields["correction_reason"].required = True

    def clean_supersedes(self):
        original = self.cleaned_data["supersedes"]
        if original is not None and type(original).objects.filter(supersedes=original).exists():
            raise forms.ValidationError(_("This record was already amended; amend its latest version."))
        return original


class AttachmentAmendmentForm(AmendmentForm):
    """An attachment's amendment: its kind or description given anew, and a new file if the file was wrong."""

    upload = forms.FileField(label=_("New file"), required=False,
                             help_text=_("Leave empty to keep the file of the amended attachment."))

    class Meta:
        model = CaseAttachment
        fields = ["supersedes", "correction_reason", "kind", "description"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            check_upload(upload, allowed=IMAGES_AND_PDF)
        return upload


class AmendmentAdmin(AppendOnlyAdmin):
    """Read-only after creation; "add" is an amendment (更正) written by ``correct_record``.

    The add form names the record it supersedes and the reason, with the fields to give anew
    (``?supersedes=<id>`` fills them from that record); the superseded record stays.
    """

    amend_fields: list[str] = []
    amendment_form: type[forms.ModelForm] = AmendmentForm

    def has_add_permission(self, request) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["supersedes", "correction_reason", *self.amend_fields]
        return super().get_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.amendment_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        pk = str(initial.get("supersedes", ""))
        original = self.model.objects.filter(pk=pk).first() if pk.isdigit() else None
        if original is not None:
            for name in self.amend_fields:
                if name == "units":
                    initial.setdefault(name, original.units.all())
                elif name in AMENDABLE_FIELDS[self.model]:
                    initial.setdefault(name, getattr(original, name))
        return initial

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        data = {name: form.cleaned_data[name] for name in self.amend_fields if name in AMENDABLE_FIELDS[self.model]}
        extra = {"units": form.cleaned_data["units"]} if "units" in self.amend_fields else {}
        upload = form.cleaned_data.get("upload")
        if isinstance(upload, UploadedFile):
            extra["upload"] = upload
        amendment = correct_record(form.cleaned_data["supersedes"], by=request.user,
                                   reason=form.cleaned_data["correction_reason"], **data, **extra)
        obj.pk = amendment.pk  # the admin's message and log name the new record

    def save_related(self, request, form, formsets, change) -> None:
        pass  # the service wrote everything, units included


@admin.register(EnforcementAction)
class EnforcementActionAdmin(AmendmentAdmin):
    list_display = ["case", "kind", "carried_out_on", "area_m2", "amount_yuan", "recorded_by", "supersedes"]
    list_select_related = ["case", "recorded_by", "supersedes__case"]
    list_filter = ["kind"]
    raw_id_fields = ["case", "recorded_by", "supersedes"]
    filter_horizontal = ["units"]
    amend_fields = ["kind", "carried_out_on", "area_m2", "amount_yuan", "result", "units"]


@admin.register(DisciplinaryAction)
class DisciplinaryActionAdmin(AmendmentAdmin):
    list_display = ["case", "person_name", "post", "measure", "status", "decided_on", "supersedes"]
    list_select_related = ["case", "supersedes"]
    list_filter = ["measure", "status"]
    raw_id_fields = ["case", "recorded_by", "supersedes"]
    amend_fields = ["person_name", "post", "measure", "status", "proposed_by", "decided_on", "note"]


@admin.register(CaseAttachment)
class CaseAttachmentAdmin(AmendmentAdmin):
    show_full_result_count = False
    list_display = ["case", "kind", "original_name", "file_type", "sha256", "uploaded_by", "uploaded_at",
                    "supersedes"]
    list_select_related = ["case", "uploaded_by", "supersedes"]
    list_filter = ["kind", "file_type"]
    raw_id_fields = ["case", "event", "uploaded_by", "supersedes"]
    amend_fields = ["kind", "description", "upload"]
    amendment_form = AttachmentAmendmentForm


@admin.register(CaseNumberSequence)
class CaseNumberSequenceAdmin(ReadOnlyAdmin):
    """Read-only: numbers are allocated by ``services.allocate_case_numbers`` alone."""

    list_display = ["year", "last"]


# --- fines, payment and confiscation (cases/fines.py) ------------------------------------------

from .fine_models import ConfiscationHandover, Fine, FineArrangement, FineBand, FinePayment  # noqa: E402


@admin.register(FineBand)
class FineBandAdmin(admin.ModelAdmin):
    """The 裁量基准 (行政处罚法 第三十四条), kept by the administrator: each band inside the legal range
    (``FineBand.clean``). Never deleted: a fine keeps the figures it was computed with, and a band
    is changed by editing it."""

    list_display = ["land_group", "circumstance", "min_per_m2", "max_per_m2", "basis", "source", "updated_at"]
    list_filter = ["basis", "land_group", "circumstance"]
    list_editable = ["min_per_m2", "max_per_m2"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Fine)
class FineAdmin(ReadOnlyAdmin):
    """Fines are written by the decision and the payments (cases/fines.py) alone."""

    list_display = ["case", "amount_yuan", "decided_on", "due_on", "paid_yuan", "settled_on"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
    show_full_result_count = False


@admin.register(FinePayment)
class FinePaymentAdmin(AppendOnlyAdmin):
    list_display = ["fine", "paid_on", "amount_yuan", "bank", "receipt_number", "recorded_by"]
    list_select_related = ["fine", "recorded_by"]
    raw_id_fields = ["fine", "scan"]


@admin.register(FineArrangement)
class FineArrangementAdmin(AppendOnlyAdmin):
    list_display = ["fine", "kind", "applied_on", "approved_on", "approved_by"]
    list_select_related = ["fine", "approved_by"]
    raw_id_fields = ["fine"]


@admin.register(ConfiscationHandover)
class ConfiscationHandoverAdmin(AppendOnlyAdmin):
    list_display = ["case", "handed_to", "handed_over_on", "document"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]


# Referrals and the court's track (cases/referrals.py, cases/enforcement.py): read here, written in the app.
@admin.register(CriminalReferral)
class CriminalReferralAdmin(AppendOnlyAdmin):
    list_display = ["case", "police_organ", "document_number", "sent_on", "received_on", "outcome", "outcome_on"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
    search_fields = ["case__number", "document_number", "police_organ"]


@admin.register(LegalChallenge)
class LegalChallengeAdmin(AppendOnlyAdmin):
    list_display = ["case", "kind", "body", "filed_on", "outcome", "outcome_on"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
    search_fields = ["case__number", "body"]


@admin.register(CourtApplication)
class CourtApplicationAdmin(AppendOnlyAdmin):
    list_display = ["case", "court", "filed_on", "ruling", "ruling_on"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
    search_fields = ["case__number", "court"]
# --- 公示 of penalty decisions (cases/publicity.py) ---------------------------------------------

from .publicity_models import DecisionPublication  # noqa: E402


@admin.register(DecisionPublication)
class DecisionPublicationAdmin(AppendOnlyAdmin):
    list_display = ["case", "channel", "location", "published_on", "withdrawn_on"]
    list_select_related = ["case"]
    raw_id_fields = ["case", "decision"]

"""Admin data entry for cases. Status, deadline and disposition are read-only here: they
change only through the transition services. Timeline events, enforcement and disciplinary
actions and attachments are append-only (``landwatch.appendonly``): read-only here, never
deleted, not even by a superuser; a wrong record is amended (更正) by a new one."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from landwatch.admin import AppendOnlyAdmin, AppendOnlyInline
from landwatch.uploads import IMAGES_AND_PDF, check_upload

from .models import (
    CaseAttachment,
    CaseCause,
    CaseEvent,
    CaseNumberSequence,
    CaseStatus,
    DisciplinaryAction,
    EnforcementAction,
    EventKind,
    Party,
    ViolationCase,
)
from .services import AMENDABLE_FIELDS, correct_record, next_case_number


class CaseCauseInline(admin.TabularInline):
    model = CaseCause
    extra = 0


class CaseEventInline(AppendOnlyInline, admin.TabularInline):
    model = CaseEvent
    fields = ["at", "kind", "from_status", "to_status", "actor", "note", "data"]
    readonly_fields = fields
    ordering = ["at", "id"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_display = ["name", "kind", "id_number", "phone", "township"]
    list_filter = ["kind", "township"]
    search_fields = ["name", "id_number", "phone"]


@admin.register(ViolationCase)
class ViolationCaseAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "party", "village", "category", "status", "deadline", "assignee"]
    list_filter = ["status", "category", "source", "village__township"]
    search_fields = ["number", "title", "party__name", "location_text"]
    readonly_fields = ["number", "status", "deadline", "disposition", "disposition_reason", "closed_on",
                       "created_by", "created_at", "version"]
    # A county holds 100,000 cases: no second COUNT(*) of the whole table on every page,
    # the row's relations in the same query, and search boxes instead of 10,000-entry selects.
    show_full_result_count = False
    autocomplete_fields = ["party", "village", "assignee", "campaign"]
    inlines = [CaseCauseInline, CaseEventInline]
    list_select_related = ["party", "village", "assignee"]

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        # Data entry by the administrator: a new case still gets its number from the
        # sequence and a "registered" event; a change is written on the timeline.
        if not change:
            obj.number = next_case_number(timezone.localdate().year)
            obj.created_by = request.user
            obj.status = CaseStatus.REGISTERED
            super().save_model(request, obj, form, change)
            CaseEvent.objects.create(case=obj, kind=EventKind.REGISTERED, to_status=CaseStatus.REGISTERED,
                                     actor=request.user, note="admin", data={"number": obj.number})
            return
        obj.version += 1
        super().save_model(request, obj, form, change)
        if form.changed_data:
            CaseEvent.objects.create(case=obj, kind=EventKind.EDITED, actor=request.user, note="admin",
                                     data={"fields": form.changed_data})


@admin.register(CaseEvent)
class CaseEventAdmin(AppendOnlyAdmin):
    list_display = ["case", "at", "kind", "from_status", "to_status", "actor"]
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
    list_filter = ["kind"]
    raw_id_fields = ["case", "recorded_by", "supersedes"]
    filter_horizontal = ["units"]
    amend_fields = ["kind", "carried_out_on", "area_m2", "amount_yuan", "result", "units"]


@admin.register(DisciplinaryAction)
class DisciplinaryActionAdmin(AmendmentAdmin):
    list_display = ["case", "person_name", "post", "measure", "status", "decided_on", "supersedes"]
    list_filter = ["measure", "status"]
    raw_id_fields = ["case", "recorded_by", "supersedes"]
    amend_fields = ["person_name", "post", "measure", "status", "proposed_by", "decided_on", "note"]


@admin.register(CaseAttachment)
class CaseAttachmentAdmin(AmendmentAdmin):
    show_full_result_count = False
    list_display = ["case", "kind", "original_name", "file_type", "sha256", "uploaded_by", "uploaded_at",
                    "supersedes"]
    list_filter = ["kind", "file_type"]
    raw_id_fields = ["case", "event", "uploaded_by", "supersedes"]
    amend_fields = ["kind", "description", "upload"]
    amendment_form = AttachmentAmendmentForm


@admin.register(CaseNumberSequence)
class CaseNumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["year", "last"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

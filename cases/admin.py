"""Admin data entry for cases, through the same services as the pages (issue #26, finding 10).

Adding a case is ``register_case`` (a number from the allocator, a "registered" event);
changing one is ``update_case_facts`` (the version lock, an "edited" event with old and new
values). Number, status, version, deadline, disposition, closing date, village and assignee
are read-only here: they change only through their own steps in the app. Cases are never
deleted (one registered in error is withdrawn in the app); a withdrawn or closed case is
read-only. Timeline events cannot be added, changed or deleted, not even by a superuser.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from landwatch.vocabulary import Cause

from . import services
from .models import (
    CaseAttachment,
    CaseEvent,
    CaseNumberSequence,
    DisciplinaryAction,
    EnforcementAction,
    Party,
    ViolationCase,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "kind", "from_status", "to_status", "actor", "note", "data"]
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
                    "source_finding", "created_by", "created_at", "updated_at"]
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
    autocomplete_fields = ["party", "village", "assignee", "campaign"]
    inlines = [CaseEventInline]
    list_select_related = ["party", "village", "assignee"]
    # The page reads as the case page does: who and where first, the lifecycle (read-only) last.
    fields = ["number", "status", "title", "party", "village", "assignee",
              *(f for f in services.FACT_FIELDS if f not in ("title", "party")), "causes", "seen_version",
              "deadline", "disposition", "disposition_reason", "closed_on", "source_finding", "version",
              "created_by", "created_at", "updated_at"]

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
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "at", "kind", "from_status", "to_status", "actor"]
    list_filter = ["kind"]
    search_fields = ["case__number", "note"]
    list_select_related = ["case", "actor"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EnforcementAction)
class EnforcementActionAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "carried_out_on", "area_m2", "amount_yuan", "recorded_by"]
    list_filter = ["kind"]
    raw_id_fields = ["case", "recorded_by"]
    filter_horizontal = ["units"]


@admin.register(DisciplinaryAction)
class DisciplinaryActionAdmin(admin.ModelAdmin):
    list_display = ["case", "person_name", "post", "measure", "status", "decided_on"]
    list_filter = ["measure", "status"]
    raw_id_fields = ["case", "recorded_by"]


@admin.register(CaseAttachment)
class CaseAttachmentAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_display = ["case", "kind", "original_name", "file_type", "sha256", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "file_type"]
    raw_id_fields = ["case", "event", "uploaded_by"]
    readonly_fields = ["file", "file_type", "size", "sha256"]

    def has_add_permission(self, request) -> bool:
        # Files come in through the upload form, where their content is checked and hashed.
        return False


@admin.register(CaseNumberSequence)
class CaseNumberSequenceAdmin(admin.ModelAdmin):
    """Read-only: numbers are allocated by ``services.allocate_case_numbers`` alone."""

    list_display = ["year", "last"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

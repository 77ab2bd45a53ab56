"""Admin data entry for cases. Status, deadline and disposition are read-only here: they
change only through the transition services. Timeline events cannot be added, changed or
deleted, not even by a superuser."""

from django.contrib import admin
from django.db import transaction
from django.utils import timezone

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
from .services import next_case_number


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CaseCauseInline(admin.TabularInline):
    model = CaseCause
    extra = 0


class CaseEventInline(ReadOnlyInline):
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
    list_display = ["year", "last"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

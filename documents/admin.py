"""Admin for documents: read-only history. Text is editable only while the document is a
draft or issued-but-not-served, and only through ``services.update_document`` (the same
checks and guard as the edit page); status, numbers and service are never edited here and
nothing is deleted (a wrong document is withdrawn with a reason in the app)."""

from django.contrib import admin

from cases import services as case_services
from cases.admin import ServiceErrors
from landwatch.admin import AppendOnlyAdmin, AppendOnlyInline

from . import services
from .models import EDITABLE_STATUSES, CaseArchive, CaseDocument, DocumentSequence, ServiceRecord


class ServiceInline(AppendOnlyInline, admin.StackedInline):
    model = ServiceRecord
    readonly_fields = ["method", "served_on", "recipient", "signer", "server", "note", "proof", "proof_type",
                       "proof_name", "proof_size", "proof_sha256", "recorded_by", "recorded_at"]
    fields = readonly_fields


@admin.register(CaseDocument)
class CaseDocumentAdmin(ServiceErrors, admin.ModelAdmin):
    errors = (case_services.CaseError, services.DocumentError)
    show_full_result_count = False
    list_display = ["reference", "kind", "case", "status", "issued_on", "deadline"]
    list_filter = ["kind", "status", "township"]
    search_fields = ["reference", "case__number", "party_name"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
    readonly_fields = ["case", "township", "kind", "status", "year", "sequence", "reference", "deadline",
                       "supersedes", "source_event", "issued_by", "issued_on", "withdrawn_reason", "withdrawn_by",
                       "withdrawn_at", "created_by", "created_at"]
    fields = ["case", "township", "kind", "status", "reference", "party_name", "party_address", "location_text",
              "facts", "legal_basis", "requirements", "deadline_days", "deadline", "supersedes", "source_event",
              "issued_by", "issued_on", "withdrawn_reason", "withdrawn_by", "withdrawn_at", "created_by",
              "created_at", "year", "sequence"]
    inlines = [ServiceInline]

    def has_add_permission(self, request) -> bool:
        # Documents are drafted from their case in the app (text generated, numbered on issue).
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status not in EDITABLE_STATUSES:
            return False  # served, superseded or withdrawn: locked
        if obj is not None and not case_services.is_writable(obj.case, write=services.write_of(obj.kind)):
            return False  # its case is withdrawn, or closed (the guard of every write of a case)
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        text = {name: form.cleaned_data[name] for name in services.TEXT_FIELDS if name in form.cleaned_data}
        services.update_document(CaseDocument.objects.get(pk=obj.pk), by=request.user, **text)
        obj.refresh_from_db()


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(admin.ModelAdmin):
    list_display = ["township", "year", "kind", "last"]
    list_select_related = ["township"]
    readonly_fields = ["township", "year", "kind", "last"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseArchive)
class CaseArchiveAdmin(AppendOnlyAdmin):
    """The case files made at closing (documents/archive.py): read, downloaded, never changed."""

    list_display = ["case", "made_at", "made_by", "pdf_pages", "pdf_sha256"]
    list_select_related = ["case", "made_by"]
    raw_id_fields = ["case"]
    search_fields = ["case__number"]

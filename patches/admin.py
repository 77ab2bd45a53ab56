"""The administrator reads batches, patches, photos and their history; every change goes through the pages' services."""

from django.contrib import admin

from landwatch.admin import AppendOnlyAdmin, ReadOnlyAdmin

from .models import Patch, PatchBatch, PatchEvent, PatchPhoto


@admin.register(PatchBatch)
class PatchBatchAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "issued_on", "verify_by", "close_by", "patch_count", "loaded_by"]
    list_select_related = ["unit", "loaded_by"]


@admin.register(Patch)
class PatchAdmin(ReadOnlyAdmin):
    show_full_result_count = False
    list_display = ["number", "batch", "township", "village", "area_m2", "status", "judgement", "case"]
    list_filter = ["status", "judgement"]
    search_fields = ["number", "region_code"]
    list_select_related = ["batch", "township", "village", "case"]
    exclude = ["geometry"]


@admin.register(PatchPhoto)
class PatchPhotoAdmin(AppendOnlyAdmin):
    show_full_result_count = False
    list_display = ["pk", "patch", "original_name", "distance_m", "taken_at", "uploaded_by", "uploaded_at"]
    list_select_related = ["patch", "uploaded_by"]
    search_fields = ["patch__number", "sha256"]


@admin.register(PatchEvent)
class PatchEventAdmin(AppendOnlyAdmin):
    show_full_result_count = False
    list_display = ["at", "patch", "kind", "by", "note"]
    list_filter = ["kind"]
    list_select_related = ["patch", "by"]

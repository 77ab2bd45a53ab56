"""Public reports in the admin: read-only. A report comes from the public page and is handled on
the office's pages (``reports.services``); its photos and its trail are append-only."""

from django.contrib import admin

from landwatch.admin import AppendOnlyAdmin, AppendOnlyInline, ReadOnlyAdmin

from .models import PublicReport, ReportAction, ReportPhoto


class PhotoInline(AppendOnlyInline, admin.TabularInline):
    model = ReportPhoto
    fields = ["file", "kind", "sha256", "uploaded_at"]
    readonly_fields = fields


class ActionInline(AppendOnlyInline, admin.TabularInline):
    model = ReportAction
    fields = ["at", "kind", "actor", "note"]
    readonly_fields = fields


@admin.register(PublicReport)
class PublicReportAdmin(ReadOnlyAdmin):
    show_full_result_count = False
    list_display = ["receipt", "submitted_at", "township", "village", "status"]
    list_filter = ["status", "township"]
    search_fields = ["receipt", "place_text", "what"]
    list_select_related = ["township", "village"]
    ordering = ["-submitted_at"]
    exclude = ["sender_hash", "check_hash"]
    inlines = [PhotoInline, ActionInline]


@admin.register(ReportPhoto)
class ReportPhotoAdmin(AppendOnlyAdmin):
    list_display = ["report", "kind", "sha256", "uploaded_at"]
    list_select_related = ["report"]


@admin.register(ReportAction)
class ReportActionAdmin(AppendOnlyAdmin):
    list_display = ["report", "kind", "actor", "at"]
    list_select_related = ["report", "actor"]

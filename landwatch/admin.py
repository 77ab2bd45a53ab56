from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only for everyone: it is evidence of who changed what."""

    list_display = ["at", "action", "table_name", "row_id", "actor", "context"]
    list_filter = ["action", "table_name"]
    search_fields = ["table_name", "row_id", "context"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

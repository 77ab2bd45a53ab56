"""Admin: the escalation ladder per kind (N and M), the users' SMS numbers, and the sent reminders (read-only)."""

from django.contrib import admin

from .models import Contact, EscalationRule, InboxItem, Reminder


@admin.register(EscalationRule)
class EscalationRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "office_after", "leader_after"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["user", "mobile", "email_wanted", "sms_wanted"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


class InboxItemInline(admin.TabularInline):
    model = InboxItem
    extra = 0
    can_delete = False
    readonly_fields = ["recipient", "read_at", "emailed_at", "email_error", "texted_at", "sms_error"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What was sent is a record: read-only, never deleted (its rows are what keep it from being sent twice)."""

    list_display = ["title", "kind", "stage", "level", "due_on", "sent_at"]
    list_filter = ["kind", "stage", "level"]
    date_hierarchy = "sent_at"
    inlines = [InboxItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

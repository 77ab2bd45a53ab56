"""Admin for the campaign: data entry by the system administrator.

Task status is changed through ``campaigns.services`` (it writes the history), so it is
read-only here; task events are never edited.
"""

from django.contrib import admin

from landwatch.admin import AppendOnlyInline

from .models import (
    AcceptanceReview,
    Campaign,
    JointTeamMember,
    LeadingGroupMember,
    Meeting,
    MeetingDecision,
    Phase,
    PublicityActivity,
    Task,
    TaskEvent,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class LeadingGroupInline(admin.TabularInline):
    model = LeadingGroupMember
    extra = 0
    autocomplete_fields = ["user"]


class JointTeamInline(admin.TabularInline):
    model = JointTeamMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "township", "start_date", "end_date"]
    list_select_related = ["township"]
    list_filter = ["township"]
    search_fields = ["name", "basis"]
    inlines = [PhaseInline, LeadingGroupInline, JointTeamInline]


@admin.register(LeadingGroupMember)
class LeadingGroupMemberAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role", "department", "campaign"]
    list_select_related = ["campaign", "user"]  # the display name is the user's when no name is given
    list_filter = ["role", "campaign"]
    search_fields = ["name", "user__username", "user__first_name"]
    autocomplete_fields = ["user"]


@admin.register(JointTeamMember)
class JointTeamMemberAdmin(admin.ModelAdmin):
    list_display = ["display_name", "department", "post", "is_team_leader", "campaign"]
    list_select_related = ["department", "campaign", "user"]
    list_filter = ["campaign", "department"]
    search_fields = ["name", "user__username", "user__first_name"]
    autocomplete_fields = ["user"]


class TaskEventInline(AppendOnlyInline, admin.TabularInline):
    model = TaskEvent
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "phase", "owner_unit", "owner", "due_date", "status"]
    list_select_related = ["campaign", "phase__campaign", "owner_unit", "owner"]
    list_filter = ["campaign", "status", "phase__kind", "owner_unit"]
    search_fields = ["title", "description"]
    readonly_fields = ["status", "completed_on", "created_by", "created_at", "updated_at"]
    autocomplete_fields = ["owner"]
    inlines = [TaskEventInline]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class DecisionInline(admin.TabularInline):
    model = MeetingDecision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "campaign"]
    list_select_related = ["campaign"]
    list_filter = ["campaign", "kind"]
    search_fields = ["title", "minutes"]
    readonly_fields = ["recorded_by", "created_at"]
    inlines = [DecisionInline]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PublicityActivity)
class PublicityActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "village", "audience", "materials", "campaign"]
    list_select_related = ["village", "campaign"]
    list_filter = ["campaign", "kind", "village"]
    readonly_fields = ["recorded_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AcceptanceReview)
class AcceptanceReviewAdmin(admin.ModelAdmin):
    list_display = ["date", "authority", "result", "campaign"]
    list_select_related = ["campaign"]
    list_filter = ["campaign", "result"]
    readonly_fields = ["recorded_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

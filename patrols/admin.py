from django.contrib import admin

from landwatch.admin import AppendOnlyAdmin, AppendOnlyInline

from .models import (
    FarmlandPledge,
    LandProject,
    PatrolEvent,
    PatrolFinding,
    PatrolLog,
    PatrolPhoto,
    PatrolPlan,
    PledgeAssessment,
    ProjectInspection,
)


@admin.register(PatrolPlan)
class PatrolPlanAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "township",
        "responsible_unit",
        "times",
        "period",
        "valid_from",
        "valid_to",
        "active",
    ]
    list_filter = ["kind", "period", "active", "township"]
    search_fields = ["name", "notes", "responsible_unit__name"]
    list_select_related = ["township", "responsible_unit"]
    autocomplete_fields = ["township", "responsible_unit", "villages", "departments"]
    ordering = ["township__path", "kind", "name"]
    date_hierarchy = "valid_from"


class PhotoInline(AppendOnlyInline, admin.TabularInline):
    model = PatrolPhoto
    fields = ["file", "kind", "sha256", "original_name", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    fk_name = "log"


@admin.register(PatrolLog)
class PatrolLogAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_display = ["patrolled_on", "village", "result", "duration_minutes", "weather", "created_by", "withdrawn_at"]
    list_filter = ["result", "weather", "village__township", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["village__name", "route", "notes", "other_patrollers", "created_by__username"]
    list_select_related = ["village", "created_by"]
    autocomplete_fields = ["village", "other_villages", "departments", "patrollers", "plan"]
    readonly_fields = ["created_by", "created_at", "withdrawn_at", "withdrawn_by", "withdraw_reason"]
    ordering = ["-patrolled_on", "-pk"]
    date_hierarchy = "patrolled_on"
    inlines = [PhotoInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # logs are withdrawn with a reason, never deleted


@admin.register(PatrolFinding)
class PatrolFindingAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_display = ["reported_at", "village", "location_text", "suspected_category", "urgency", "status", "reported_by"]
    list_filter = ["status", "urgency", "suspected_category", "village__township"]
    search_fields = ["location_text", "description", "village__name", "reported_by__username"]
    list_select_related = ["village", "reported_by"]
    autocomplete_fields = ["village", "log"]
    readonly_fields = ["status", "reported_by", "reported_at", "handled_by", "handled_at", "dismiss_reason"]
    ordering = ["-reported_at"]
    date_hierarchy = "reported_at"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PatrolPhoto)
class PatrolPhotoAdmin(AppendOnlyAdmin):
    show_full_result_count = False
    list_display = ["pk", "original_name", "kind", "log", "finding", "inspection", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "staged_for"]
    search_fields = ["original_name", "sha256", "uploaded_by__username"]
    list_select_related = ["log", "log__village", "finding", "finding__village", "inspection", "uploaded_by"]
    ordering = ["-uploaded_at"]


@admin.register(PatrolEvent)
class PatrolEventAdmin(AppendOnlyAdmin):
    show_full_result_count = False
    list_display = ["at", "kind", "actor", "log", "finding", "plan", "pledge", "project"]
    list_filter = ["kind"]
    search_fields = ["note", "actor__username"]
    list_select_related = [
        "actor",
        "log",
        "log__village",
        "finding",
        "finding__village",
        "plan",
        "pledge",
        "pledge__village",
        "project",
    ]
    ordering = ["-at"]


class AssessmentInline(admin.StackedInline):
    model = PledgeAssessment
    extra = 0
    readonly_fields = ["total", "result", "assessed_by"]
    can_delete = False


@admin.register(FarmlandPledge)
class FarmlandPledgeAdmin(admin.ModelAdmin):
    list_display = [
        "village",
        "year",
        "protected_farmland_mu",
        "basic_farmland_mu",
        "reclamation_task_mu",
        "reclamation_done_mu",
        "development_task_mu",
        "development_done_mu",
        "signed_on",
    ]
    list_filter = ["year", "village__township"]
    search_fields = ["village__name", "township_signatory", "village_signatory", "protected_area"]
    list_select_related = ["village"]
    autocomplete_fields = ["village"]
    readonly_fields = ["scan_sha256", "created_by", "created_at", "updated_at"]
    ordering = ["-year", "village__sort_order"]
    inlines = [AssessmentInline]


@admin.register(PledgeAssessment)
class PledgeAssessmentAdmin(admin.ModelAdmin):
    list_display = ["pledge", "assessed_on", "total", "result", "assessed_by"]
    list_filter = ["result", "pledge__year"]
    search_fields = ["pledge__village__name", "notes"]
    list_select_related = ["pledge", "pledge__village", "assessed_by"]
    readonly_fields = ["total", "result", "assessed_by"]
    ordering = ["-pledge__year", "pledge__village__sort_order"]


class InspectionInline(AppendOnlyInline, admin.TabularInline):
    model = ProjectInspection
    fields = ["inspected_on", "inspectors", "progress", "violation_found", "finding", "created_by"]
    readonly_fields = fields


@admin.register(LandProject)
class LandProjectAdmin(admin.ModelAdmin):
    list_display = [
        "card_no",
        "name",
        "company",
        "village",
        "approved_area_mu",
        "agreed_start_on",
        "agreed_completion_on",
        "construction_status",
        "signboard_posted",
        "active",
    ]
    list_filter = ["construction_status", "signboard_posted", "active", "village__township"]
    search_fields = ["card_no", "name", "company", "parcel", "approval_no"]
    list_select_related = ["village"]
    autocomplete_fields = ["village"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    ordering = ["card_no"]
    inlines = [InspectionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # archive a card (active = False) instead


@admin.register(ProjectInspection)
class ProjectInspectionAdmin(AppendOnlyAdmin):
    list_display = ["project", "inspected_on", "inspectors", "violation_found", "finding", "created_by"]
    list_filter = ["violation_found"]
    search_fields = ["project__card_no", "project__name", "inspectors", "findings"]
    list_select_related = ["project", "finding", "created_by"]
    ordering = ["-inspected_on"]
    date_hierarchy = "inspected_on"

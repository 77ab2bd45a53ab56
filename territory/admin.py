from django.contrib import admin

from .models import ResponsibilityUnit, UnitMembership


class MembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ResponsibilityUnit)
class ResponsibilityUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "township", "contact_person", "phone", "active", "is_demo"]
    list_filter = ["kind", "active", "is_demo", "township"]
    search_fields = ["name", "code", "contact_person"]
    list_select_related = ["parent", "township"]
    autocomplete_fields = ["parent"]
    ordering = ["path"]
    readonly_fields = ["path", "township"]
    inlines = [MembershipInline]


@admin.register(UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "post", "active", "since"]
    list_filter = ["role", "active", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "post"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]
    ordering = ["unit__path", "role"]

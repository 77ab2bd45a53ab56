from django.contrib import admin

from .models import Credential, Delegation, DelegationScope, ResponsibilityUnit, UnitMembership
from .services import grant_role_group


class MembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ResponsibilityUnit)
class ResponsibilityUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "competence", "code", "parent", "township", "contact_person", "phone", "active",
                    "is_demo"]
    list_filter = ["kind", "active", "is_demo", "township"]
    search_fields = ["name", "code", "contact_person"]
    list_select_related = ["parent", "township"]
    autocomplete_fields = ["parent"]
    ordering = ["path"]
    readonly_fields = ["path", "township"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            if isinstance(membership, UnitMembership):
                grant_role_group(membership, by=request.user)


@admin.register(UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "post", "active", "since"]
    list_filter = ["role", "active", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "post"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]
    ordering = ["unit__path", "role"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        grant_role_group(obj, by=request.user)


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "number", "issued_by", "valid_from", "valid_until", "revoked"]
    list_filter = ["kind", "revoked"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "number"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


class DelegationScopeInline(admin.TabularInline):
    model = DelegationScope
    extra = 1
    min_num = 1
    verbose_name = DelegationScope._meta.verbose_name


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """The delegation register (行政处罚法 第二十四条): entered and withdrawn here, never deleted,
    so the competence a case was given under a delegation can always be traced back to it."""

    list_display = ["township", "issuing_body", "document_number", "issued_on", "valid_from", "valid_until",
                    "withdrawn_on"]
    list_filter = ["township"]
    search_fields = ["issuing_body", "document_number", "township__name"]
    list_select_related = ["township"]
    autocomplete_fields = ["township"]
    inlines = [DelegationScopeInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

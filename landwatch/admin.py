"""The audit trail's admin, and the one admin shape of every append-only model.

A model marked ``landwatch.appendonly.AppendOnly`` is shown read-only in the admin and never
deleted there: its admin must be an ``AppendOnlyAdmin`` and every inline of it an
``AppendOnlyInline`` (the system check ``landwatch.E001`` below refuses to start otherwise).
An admin whose list shows a related object names what the list joins (``landwatch.E002``).
"""

from django.contrib import admin
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ManyToOneRel

from .appendonly import AppendOnly
from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows are viewed, never added, changed nor deleted here (no delete action either)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AppendOnlyAdmin(ReadOnlyAdmin):
    """The admin of an append-only model: read-only; adding is refused unless a subclass allows
    it for an amendment written through its service."""


class AppendOnlyInline:
    """Mixin for an inline (tabular or stacked) of append-only rows: shown, never added, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@checks.register(checks.Tags.admin)
def check_append_only_admins(app_configs=None, **kwargs) -> list[checks.Error]:
    """Every admin and inline of an append-only model has the read-only shape above."""
    errors = []
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, AppendOnly) and not isinstance(model_admin, AppendOnlyAdmin):
            errors.append(checks.Error(f"{type(model_admin).__name__} of the append-only {model._meta.label} "
                                       "must be an AppendOnlyAdmin", obj=model_admin, id="landwatch.E001"))
        for inline in model_admin.inlines:
            if issubclass(inline.model, AppendOnly) and not issubclass(inline, AppendOnlyInline):
                errors.append(checks.Error(f"{inline.__name__} of the append-only {inline.model._meta.label} "
                                           "must be an AppendOnlyInline", obj=inline, id="landwatch.E001"))
    return errors


@checks.register(checks.Tags.admin)
def check_changelist_joins(app_configs=None, **kwargs) -> list[checks.Error]:
    """Every admin whose list shows a related object names the relations its list joins.

    Left at ``list_select_related = False``, Django's changelist then calls ``select_related()``
    with no fields: every non-null foreign key of the model, and of theirs, five deep. A
    decision's 公示 joined sixteen tables that way. On tables whose statistics say "one row" (a
    test's transaction, a county's first day) PostgreSQL planned nested loops filtered row by
    row, and the list ran for over ten minutes on 122 cases (tests/landwatch/
    test_admin_changelists.py).
    """
    errors = []
    for model, model_admin in admin.site._registry.items():
        if model_admin.list_select_related not in (False, True):
            continue
        related = [name for name in model_admin.list_display if isinstance(name, str) and _is_foreign_key(model, name)]
        if related or model_admin.list_select_related is True:
            errors.append(checks.Error(
                f"{type(model_admin).__name__} lists {', '.join(related) or 'related objects'}: name them in "
                "list_select_related", obj=model_admin, id="landwatch.E002"))
    return errors


def _is_foreign_key(model, name: str) -> bool:
    """Whether the changelist joins for ``name``, as Django's ``ChangeList.has_related_field_in_list_display``
    decides it: a foreign key or one-to-one field named by itself (its ``_id`` column needs no join)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field.remote_field, ManyToOneRel) and name != field.attname


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    """The audit trail, read-only for everyone: it is evidence of who changed what."""

    list_display = ["at", "action", "table_name", "row_id", "actor", "context"]
    list_filter = ["action", "table_name"]
    search_fields = ["table_name", "row_id", "context"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
    show_full_result_count = False


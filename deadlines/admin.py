from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import dates
from .clock import forget_table, missing_years
from .models import Holiday, HolidayYear
from .services import MAX_FILE_BYTES, HolidayFileError, load_holidays


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0
    fields = ["day", "kind", "name"]


class HolidayUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Holiday file (CSV or JSON)"),
        help_text=gettext_lazy("Columns date, kind (holiday or workday), name; one row per day. "
                               "Nothing is loaded when any row is wrong."),
    )
    replace = forms.BooleanField(label=gettext_lazy("Replace years already loaded"), required=False)


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    """The holiday table per year: entered day by day here, or uploaded as a file (``upload_view``)."""

    list_display = ["year", "day_count", "source", "loaded_by", "loaded_at"]
    list_select_related = ["loaded_by"]
    readonly_fields = ["loaded_by", "loaded_at"]
    inlines = [HolidayInline]
    change_list_template = "admin/deadlines/holidayyear/change_list.html"

    @admin.display(description=gettext_lazy("days listed"))
    def day_count(self, obj: HolidayYear) -> int:
        return obj.days.count()

    def get_urls(self):
        return [path("upload/", self.admin_site.admin_view(self.upload_view), name="deadlines_holidayyear_upload"),
                *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "missing_years": missing_years(dates.today())}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.loaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        forget_table()

    def upload_view(self, request):
        """Load a CSV/JSON file: all its rows or none, each bad row named in the form's errors."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = HolidayUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if form.cleaned_data["replace"] and not self.has_change_permission(request):
                raise PermissionDenied
            try:
                if upload.size > MAX_FILE_BYTES:
                    raise HolidayFileError([_("The file is larger than %(kb)d KB: not a holiday table.")
                                            % {"kb": MAX_FILE_BYTES // 1000}])
                years = load_holidays(upload.read(), name=upload.name or "", by=request.user,
                                      replace=form.cleaned_data["replace"])
            except HolidayFileError as exc:
                for error in exc.errors[:50]:
                    form.add_error("file", error)
                if len(exc.errors) > 50:
                    form.add_error("file", _("… and %(count)d more problems.") % {"count": len(exc.errors) - 50})
            else:
                self.message_user(request, _("Loaded the holiday arrangement of %(years)s.")
                                  % {"years": "、".join(map(str, years))}, messages.SUCCESS)
                return redirect("admin:deadlines_holidayyear_changelist")
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": _("Upload a holiday arrangement")}
        return TemplateResponse(request, "admin/deadlines/holidayyear/upload.html", context)

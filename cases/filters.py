"""The case list's filters, search and sorting: every choice is in the GET URL (bookmarkable)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from landwatch.vocabulary import Category, DiscoverySource
from patrols.selectors import townships_visible_to, villages_visible_to

from .models import CaseStatus, ViolationCase
from .selectors import officers_visible_to

DATE = forms.DateInput(attrs={"type": "date"})


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("Number, title, party, location")}))
    village = django_filters.ModelChoiceFilter(label=_("Village"), queryset=None)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=[("open", _("Open")), *CaseStatus.choices],
                                         method="filter_status")
    assignee = django_filters.ModelChoiceFilter(label=_("Assignee"), queryset=None)
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=None)
    source = django_filters.ChoiceFilter(label=_("Discovery source"), choices=DiscoverySource.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue",
                                           widget=forms.CheckboxInput)
    due_soon = django_filters.BooleanFilter(label=_("Due within 3 days"), method="filter_due_soon",
                                            widget=forms.CheckboxInput)
    discovered_after = django_filters.DateFilter(label=_("Discovered from"), field_name="discovered_on",
                                                 lookup_expr="gte", widget=DATE)
    discovered_before = django_filters.DateFilter(label=_("Discovered until"), field_name="discovered_on",
                                                  lookup_expr="lte", widget=DATE)
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("number", "number"), ("discovered_on", "discovered_on"), ("deadline", "deadline"),
                ("status", "status"), ("village__sort_order", "village"), ("area_m2", "area")),
        field_labels={"number": _("Number"), "discovered_on": _("Discovered on"), "deadline": _("Deadline"),
                      "status": _("Status"), "village__sort_order": _("Village"), "area_m2": _("Area")},
    )

    class Meta:
        model = ViolationCase
        fields: list[str] = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["village"].queryset = villages_visible_to(user).order_by("township__path", "sort_order")
        self.filters["assignee"].queryset = officers_visible_to(user)
        self.filters["assignee"].field.label_from_instance = lambda u: u.get_full_name() or u.username
        self.filters["campaign"].queryset = Campaign.objects.filter(township__in=townships_visible_to(user))

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(party__name__icontains=value)
            | Q(location_text__icontains=value)
        )

    def filter_status(self, qs, name, value):
        if value == "open":
            return qs.open()
        return qs.filter(status=value) if value else qs

    def filter_overdue(self, qs, name, value):
        return qs.overdue(timezone.localdate()) if value else qs

    def filter_due_soon(self, qs, name, value):
        return qs.due_soon(timezone.localdate()) if value else qs

"""The case list's filters, search and sorting: every choice is in the GET URL (bookmarkable)."""

from functools import partial

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from landwatch import dataversion
from landwatch.filtering import RowChoiceFilter, drawn_row_choices
from landwatch.vocabulary import Category, Cause, DiscoverySource
from territory.models import Competence
from territory.selectors import data_scope, scope_key, townships_visible_to, villages_visible_to

from .models import OPEN_STATUSES, CaseCause, CaseStatus, ViolationCase
from .selectors import LIST_TOPICS, officers_visible_to, summaries_visible_to
from .summary import AssigneeSummary, CaseSummary

DATE = forms.DateInput(attrs={"type": "date"})
# "All" rather than django-filter's "---------" on every select.
ALL = pgettext_lazy("case filter", "All")
# Filters the list form folds under "More filters" (open whenever one of them is in use);
# search and the checkboxes are drawn by the template itself.
MORE_FILTERS = ("cause", "campaign", "source", "authority", "discovered_after", "discovered_before", "closed_from",
                "closed_to", "procedure", "fine", "sort")
NOT_IN_GRID = ("q", "overdue", "due_soon")
# The status choice for every case but those withdrawn (registered in error).
NOT_WITHDRAWN = "not_withdrawn"
AWAITING_HAND_OVER = "awaiting_hand_over"
# The "procedure" filter's values.
PRE_CHAIN, IN_CHAIN = "pre_chain", "chain"
# The filters whose choices are rows in scope (cached by CaseFilter).
# Places are units (county-wide data); campaigns and assignees are a township's rows.
PLACE_FILTERS = ("township", "village")
ROW_FILTERS = ("assignee", "campaign")


def _person(first_name: str, last_name: str, username: str) -> str:
    """``get_full_name() or username``, from the three columns."""
    return f"{first_name} {last_name}".strip() or username


# Each row filter's label, from its columns (``drawn_row_choices``).
CHOICE_LABELS = {"township": (("name",), None), "village": (("name",), None), "campaign": (("name",), None),
                 "assignee": (("first_name", "last_name", "username"), _person)}


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("Number, title, party, location")}))
    # Shown only to a user who sees more than one township (the county); hidden otherwise, so a
    # bookmarked county URL still validates against the townships this user may see.
    township = RowChoiceFilter(label=_("Township"), field_name="village__township", queryset=None,
                                                empty_label=ALL)
    village = RowChoiceFilter(label=_("Village"), queryset=None, empty_label=ALL)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices, empty_label=ALL)
    # "Open" and "all but withdrawn" are the dashboard's figures (dashboards.links): a case
    # registered in error (withdrawn) is no case, so the dashboard's total leaves it out.
    status = django_filters.ChoiceFilter(label=_("Status"),
                                         choices=[("open", _("Open")), (NOT_WITHDRAWN, _("All but withdrawn")),
                                                  *CaseStatus.choices],
                                         method="filter_status", empty_label=ALL)
    # "null" (django-filter's null_value) lists the cases nobody is assigned to yet.
    assignee = RowChoiceFilter(
        label=_("Assignee"), queryset=None, empty_label=ALL,
        null_label=pgettext_lazy("case filter", "(Unassigned)"),
    )
    # A case carries several causes: an EXISTS keeps each case once in the list and its count.
    cause = django_filters.ChoiceFilter(label=_("Cause"), choices=Cause.choices, method="filter_cause",
                                        empty_label=ALL)
    campaign = RowChoiceFilter(label=_("Campaign"), queryset=None, empty_label=ALL)
    source = django_filters.ChoiceFilter(label=_("Discovery source"), choices=DiscoverySource.choices,
                                         empty_label=ALL)
    # 办案机关 (territory/competence.py): whose case it is, and those the township still has to hand over.
    authority = django_filters.ChoiceFilter(
        label=_("Competent authority"), method="filter_authority", empty_label=ALL,
        choices=[("township", _("The township")), *Competence.choices,
                 (AWAITING_HAND_OVER, _("To be handed over")), ("none", _("Not on record"))],
    )
    overdue = django_filters.BooleanFilter(label=pgettext_lazy("case filter", "Overdue"), method="filter_overdue",
                                           widget=forms.CheckboxInput)
    due_soon = django_filters.BooleanFilter(label=_("Due within 3 working days"), method="filter_due_soon",
                                            widget=forms.CheckboxInput)
    discovered_after = django_filters.DateFilter(label=_("Discovered from"), field_name="discovered_on",
                                                 lookup_expr="gte", widget=DATE)
    discovered_before = django_filters.DateFilter(label=_("Discovered until"), field_name="discovered_on",
                                                  lookup_expr="lte", widget=DATE)
    closed_from = django_filters.DateFilter(label=_("Closed from"), field_name="closed_on", lookup_expr="gte",
                                            widget=DATE)
    closed_to = django_filters.DateFilter(label=_("Closed until"), field_name="closed_on", lookup_expr="lte",
                                          widget=DATE)
    # The cases that held a served rectification notice when the penalty chain came in (cases
    # migration 0011, or a notice brought in from paper), and the others.
    procedure = django_filters.ChoiceFilter(
        label=_("Procedure"), method="filter_procedure", empty_label=ALL,
        choices=[(PRE_CHAIN, _("Predates the penalty procedure")), (IN_CHAIN, _("Since the penalty procedure"))],
    )
    # The dashboard's and the campaign report's fine figures (cases/fines.py ``fine_figures``).
    fine = django_filters.ChoiceFilter(
        label=_("Fine"), method="filter_fine", empty_label=ALL,
        choices=[("decided", _("Fine decided")), ("paid", _("Fine paid in full")),
                 ("outstanding", _("Fine outstanding"))],
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        empty_label=pgettext_lazy("case filter", "Newest first"),
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
        self.filters["township"].queryset = townships_visible_to(user).order_by("path")
        self.filters["village"].queryset = villages_visible_to(user).order_by("township__path", "sort_order")
        # The joint team's officers, and whoever still holds a case this user sees (a former
        # officer's cases must stay findable, and the dashboard links to them). The second is
        # read from the assignee summary (cases/summary.py, exact), not from the cases: asked of
        # the cases per user (EXISTS), the planner guessed 7,500 cases for each user, scanned the
        # whole table for every user who holds none, and the county's list took 1.9 s at three
        # times the county instead of 50 ms (docs/PERFORMANCE.md). Per township where the scope
        # allows (``per_village=False``): the bench county's 290 rows instead of 5,655, the query
        # answered in 1.3 ms instead of 3.1 (docs/PERFORMANCE.md, thirty-third session).
        holders = summaries_visible_to(user, AssigneeSummary, per_village=False).filter(
            assignee__isnull=False, n__gt=0)
        assignees = Q(pk__in=officers_visible_to(user).values("pk")) | Q(pk__in=holders.values("assignee"))
        self.filters["assignee"].queryset = get_user_model().objects.filter(assignees).order_by(
            "first_name", "username"
        )
        self.filters["assignee"].field.label_from_instance = lambda u: u.get_full_name() or u.username
        self.filters["campaign"].queryset = Campaign.objects.filter(township__in=townships_visible_to(user))
        self._scope = scope_key(user)
        self._versions = data_scope(user, topics=LIST_TOPICS)

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """The form's choice lists of rows in scope: places, assignees, campaigns.

        Filtering needs none of this (a chosen value is checked against its queryset); only the
        form's HTML does. The lists are read once per committed change of the data they show
        (landwatch.dataversion), per scope and language, not on every page.
        """
        # The places are units, county-wide data: a case written in a township leaves them
        # kept (200 villages drawn into choices, ~15% of the county list right after a write).
        language = get_language()
        return {
            **dataversion.cached(f"case-filter-places:{self._scope}:{language}",
                                 partial(self._model_choices, PLACE_FILTERS), scope=dataversion.COUNTY_WIDE_DATA),
            **dataversion.cached(f"case-filter-choices:{self._scope}:{language}",
                                 partial(self._model_choices, ROW_FILTERS), scope=self._versions),
        }

    def for_display(self, choices: dict[str, list[tuple[str, str]]] | None = None) -> "CaseFilter":
        """The filter ready to be drawn: its choice lists (``choices()`` unless given), and the
        township hidden unless there are several."""
        choices = self.choices() if choices is None else choices
        fields = self.form.fields
        for name, values in choices.items():
            forms.ChoiceField.choices.fset(fields[name], values)
        if len(choices["township"]) <= 2:  # "All" and one township: nothing to choose
            fields["township"].widget = forms.HiddenInput()
        return self

    def _model_choices(self, names: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
        return {name: drawn_row_choices(self.filters[name].field, *CHOICE_LABELS[name]) for name in names}

    @property
    def main_fields(self) -> list:
        return [f for f in self.form.visible_fields() if f.name not in MORE_FILTERS and f.name not in NOT_IN_GRID]

    @property
    def more_fields(self) -> list:
        return [self.form[name] for name in MORE_FILTERS]

    @property
    def more_in_use(self) -> bool:
        return any(self.data.get(name) for name in MORE_FILTERS) if self.data else False

    def summary_lookups(self, summary=CaseSummary) -> Q | None:
        """The filter as a condition on the rows of a case summary (``cases/summary.py``; ``summary``:
        its model, per village or its twin per township), or None when a filter in use is not
        among the summary's columns (township, village, status, category).

        The list's total row then sums the summary instead of counting the cases it keeps.
        """
        if not self.is_bound:
            return Q()
        if not self.is_valid():
            return Q()  # an invalid filter is not applied (``case_list``)
        lookups = Q()
        for name, value in self.form.cleaned_data.items():
            if not value or name == "sort":  # no filter of the list applies a falsy value
                continue
            if name == "township":
                lookups &= Q(**{summary.TOWNSHIP: value})
            elif name == "category" or name == "village" == summary.PLACE:
                lookups &= Q(**{name: value})
            elif name == "status":
                lookups &= self.status_lookup(value)
            else:
                return None
        return lookups

    @staticmethod
    def status_lookup(value: str) -> Q:
        """``filter_status`` as a condition on a ``status`` column."""
        if value == "open":
            return Q(status__in=OPEN_STATUSES)
        if value == NOT_WITHDRAWN:
            return ~Q(status=CaseStatus.WITHDRAWN)
        return Q(status=value)

    def search(self, qs, name, value):
        return qs.search(value)

    def filter_cause(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(Exists(CaseCause.objects.filter(case=OuterRef("pk"), cause=value)))

    def filter_status(self, qs, name, value):
        return qs.filter(self.status_lookup(value)) if value else qs

    def filter_authority(self, qs, name, value):
        if value == "township":
            return qs.filter(authority_id=F("village__township_id"))
        if value == "none":
            return qs.filter(authority__isnull=True)
        if value == AWAITING_HAND_OVER:
            return qs.filter(handed_over_on__isnull=True).exclude(authority__competence="").exclude(
                authority__isnull=True)
        return qs.filter(authority__competence=value) if value else qs

    def filter_overdue(self, qs, name, value):
        return qs.overdue(timezone.localdate()) if value else qs

    def filter_due_soon(self, qs, name, value):
        return qs.due_soon(timezone.localdate()) if value else qs

    def filter_procedure(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(predates_chain=value == PRE_CHAIN)

    def filter_fine(self, qs, name, value):
        from .fines import cases_with_fine

        return cases_with_fine(qs, value) if value else qs

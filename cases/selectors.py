"""Reads of cases, scoped by who is asking."""

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property

from landwatch import dataversion
from landwatch.roles import Role
from territory.models import ResponsibilityUnit, UnitKind, UnitMembership
from territory.selectors import scope_roots, sees_everything, unit_scope_q

from .closing_models import DemandStatement
from .events import details
from .models import (
    CaseAttachment,
    CaseEvent,
    CaseShape,
    CourtApplication,
    CriminalReferral,
    DisciplinaryAction,
    EnforcementAction,
    LegalChallenge,
    Party,
    ViolationCase,
)
from .summary import TOWNSHIP_GRAIN, CaseSummary

User = get_user_model()


def cases_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ViolationCase]:
    """Every case whose village lies in the user's scope.

    Officers see all cases of their township (they act only on those assigned to them);
    coordinators read their own village's; county users every township below them; a county
    department's people the cases handed over to it.
    """
    if not user.is_authenticated:
        return ViolationCase.objects.none()
    return ViolationCase.objects.filter(unit_scope_q(user, "village") | handed_over_q(user))


def handed_over_q(user: AbstractBaseUser | AnonymousUser, field: str = "") -> Q:
    """The cases (reached through ``field``, e.g. ``"case"`` on a document) handed over (移送) to a
    county department the user works in: its people see them (the same answer as
    ``cases.rules.can_see_case``). Empty for everyone else, so their queries do not change."""
    prefix = f"{field}__" if field else ""
    departments = _departments_of(user)
    if not departments:
        return Q()
    return Q(**{f"{prefix}handed_over_on__isnull": False, f"{prefix}authority_id__in": departments})


def _departments_of(user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """The county departments whose handed-over cases the user sees (none for a superuser: they see all)."""
    if sees_everything(user):
        return []  # ORed with the scope's empty Q, a filter would narrow everything down to it
    return [root.pk for root in scope_roots(user) if root.township_id is None and root.kind == "department"]


def summaries_visible_to(user: AbstractBaseUser | AnonymousUser, model: type[Model], *,
                         per_village: bool = True) -> QuerySet:
    """The rows of a case summary (``cases/summary.py``) that sum up the cases ``cases_visible_to`` gives.

    A summary row carries the village and the department its cases were handed over to, so
    the same scope applies to it as to the cases themselves.

    ``per_village=False``, for figures that need no village: the rows of the summary's twin per
    township (``summary.TOWNSHIP_GRAIN``) where they give the same sums, that is on PostgreSQL
    and for a scope of whole townships (no scope root is a village: a coordinator's is, and the
    township's rows would hold the other villages' cases too). A row's township is then
    ``township``, else ``village__township``: ``queryset.model.TOWNSHIP`` names it.
    """
    if not per_village and connection.vendor == "postgresql" and (
        sees_everything(user) or all(root.kind != UnitKind.VILLAGE for root in scope_roots(user))
    ):
        model = TOWNSHIP_GRAIN[model]
    if not user.is_authenticated:
        return model.objects.none()
    departments = _departments_of(user)
    handed_over = Q(handed_to__in=departments) if departments else Q()
    return model.objects.filter(unit_scope_q(user, model.PLACE) | handed_over)


# What the case list reads besides the county-wide data (users, units, holidays): the cases
# app's rows and the campaigns its filter offers. Kept under those apps' versions only
# (``landwatch.dataversion.TOPICS``), it outlives a patrol log or a document drafted
# (tests/landwatch/test_dataversion_topics.py checks that it reads no other app's tables).
LIST_TOPICS = frozenset({"cases", "campaigns"})


# What a row of cases/_case_rows.html and cases/_home_mine.html shows; a column left out would be
# read row by row (tests/cases/test_list_and_queries.py counts the queries of each page drawing them).
ROW_FIELDS = ("number", "title", "location_text", "category", "status", "deadline", "deadline_basis", "area_m2",
              "predates_chain", "party__name", "village__name", "assignee__first_name", "assignee__last_name",
              "assignee__username")


def case_list(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ViolationCase]:
    """The rows of the case list with what each row shows (party, village, assignee), in a fixed number of queries.

    Only what a row shows is joined: PostgreSQL plans a join of six tables in 3.3 ms and of four
    in under 1 ms, several times the 0.5 ms the page itself takes to read. Only the columns the
    rows show are read (``ROW_FIELDS``; the case has 42): 50 rows in 4.4 ms instead of 6.0.
    """
    return cases_visible_to(user).select_related("party", "village", "assignee").only(*ROW_FIELDS)


def case_list_totals(qs: QuerySet[ViolationCase], *, key: str, scope: dataversion.Scope, user=None,
                     summary: Callable[[type[Model]], Q | None] | None = None) -> dict:
    """The count and area of the cases ``qs`` keeps: the list's total row, also its pager's count.

    Where ``summary`` (``CaseFilter.summary_lookups``) gives the filter as a condition on a case
    summary's columns, the sum of the summary rows in the ``user``'s scope: the database keeps
    them exact in the transaction of every write, so nothing is counted or kept (the county's
    unfiltered list: ~19 ms counting 100,000 cases, ~3 ms summing 8,000 rows per village, under
    1 ms summing 480 per township; the rows per township unless the filter names a village,
    ``summaries_visible_to``). Otherwise:

    ``scope`` is the townships the user sees (``data_scope``); ``key`` names what ``qs``
    depends on besides the data (the user's scope, the filters, the day). For one township,
    one aggregate. For several (the county), the sum of a part per township, each kept under
    that township's version (``landwatch.dataversion.cached_parts``): after a write in one
    township only its cases are counted again, not the county's 100,000 (the county list's
    total after a write: ~15-22 ms -> ~2 ms on the bench county), in one grouped query
    whatever the number of townships. The parts are the townships of every unit, none
    (NULL) included, so every case is counted once whatever its village.
    """
    for per_village in (False, True) if summary is not None else ():
        rows = summaries_visible_to(user, CaseSummary, per_village=per_village)
        lookups = summary(rows.model)
        if lookups is not None:
            return rows.filter(lookups).aggregate(count=Coalesce(Sum("n"), 0),
                                                  area=Coalesce(Sum("area_m2"), Decimal(0)))
    with dataversion.pinned() as versions:
        if versions is None or (scope.townships is not None and len(scope.townships) <= 1):
            return _totals(qs)  # nothing is kept (SQLite, a transaction that has written): one query
        townships = dataversion.cached("unit-townships", _unit_townships, scope=dataversion.COUNTY_WIDE_DATA)
        parts = {f"{key}:{pk}": pk for pk in townships}
        kept = dataversion.cached_parts(
            {name: dataversion.township(pk, topics=scope.topics) for name, pk in parts.items()},
            lambda names: _totals_by_township(qs, {name: parts[name] for name in names}),
        )
    return {"count": sum(part["count"] for part in kept.values()),
            "area": sum((part["area"] for part in kept.values()), Decimal(0))}


def _totals(qs: QuerySet[ViolationCase]) -> dict:
    # COUNT(*) rather than of the id, so that the village index (area_m2 included) answers alone.
    return qs.order_by().aggregate(count=Count("*"), area=Coalesce(Sum("area_m2"), Decimal(0)))


def _totals_by_township(qs: QuerySet[ViolationCase], parts: dict[str, int | None]) -> dict[str, dict]:
    """``_totals`` of each part's township (``parts``: name -> township id or None), in one query."""
    pks = [pk for pk in parts.values() if pk is not None]
    where = Q(village__township_id__in=pks) | (Q(village__township_id__isnull=True) if None in parts.values() else Q(
        pk__in=[]))
    rows = {
        row["village__township_id"]: row
        for row in qs.order_by().filter(where).values("village__township_id").annotate(
            count=Count("*"), area=Coalesce(Sum("area_m2"), Decimal(0)))
    }
    empty = {"count": 0, "area": Decimal(0)}
    return {name: {k: rows.get(pk, empty)[k] for k in ("count", "area")} for name, pk in parts.items()}


def _unit_townships() -> list[int | None]:
    return sorted(
        ResponsibilityUnit.objects.order_by().values_list("township_id", flat=True).distinct(),
        key=lambda pk: (pk is None, pk or 0),
    )


# What the permissions read of a case (its village and township, its 办案机关), and the rest its facts show.
SCOPE_RELATIONS = ("village", "village__township", "authority")
FACT_RELATIONS = ("party", "assignee", "campaign", "created_by")


def get_case_for_user(
    user: AbstractBaseUser | AnonymousUser, pk: int, *, write: bool = False, facts: bool = True, lists: bool = False
) -> ViolationCase:
    """The case, 404 when the user may not see it, PermissionDenied when ``write`` and they may only read.

    ``write`` means "may act on it" (``cases.act``); transitions check their own
    permission again in the service. With ``facts`` the party, township, assignee,
    campaign and author come in the same query; without, only the village, its township and
    the 办案机关 (``SCOPE_RELATIONS``: what the permissions read), for a page that keeps the
    facts drawn. With ``lists``, which of the
    ``SPARSE_LISTS`` the case holds (``holding``).
    """
    related = (*FACT_RELATIONS, *SCOPE_RELATIONS) if facts else SCOPE_RELATIONS
    cases = cases_visible_to(user).select_related(*related)
    case = get_object_or_404(holding(cases) if lists else cases, pk=pk)
    if write and not user.has_perm("cases.act", case):
        raise PermissionDenied
    return case


def case_timeline(case: ViolationCase, *, events: list[CaseEvent] | None = None,
                  attachments: list[CaseAttachment] | None = None) -> list[CaseEvent]:
    """The case's events in order, each with the ``details`` lines its row shows (``cases/events.py``)
    and the ``files`` it brought (two queries; none for the case's ``events``, with their actor,
    and its ``attachments`` already read). Every attachment hangs on an event of its own case
    (``services.add_attachment``)."""
    if events is None:
        events = list(case.events.select_related("actor"))
    if attachments is None:
        attachments = list(case.attachments.order_by("uploaded_at", "id"))
    files = defaultdict(list)
    for attachment in attachments:
        files[attachment.event_id].append(attachment)
    for event in events:
        event.details = details(event)
        # An act done on paper and entered on a later day: the row shows both dates.
        event.recorded_later = event.occurred_on != timezone.localdate(event.at)
        event.files = files.get(event.pk, [])
    return events


class CaseRecord:
    """The case's own rows that several parts of its page read, each read once a request, when
    first asked for: the case in full with the sparse lists it holds (the facts, the enforcement
    panel), its events in order (the timeline, the penalty panel) and its documents with their
    service (the documents panel, the penalty, enforcement and 公示 panels). The parts are kept
    apart (``cases.views.case_detail``); after a write in the township the page draws them again
    together, from one read of each.
    """

    def __init__(self, case: ViolationCase, user) -> None:
        self.case, self.user = case, user

    @cached_property
    def in_full(self) -> ViolationCase:
        """The case again, with the relations its facts show and the ``SPARSE_LISTS`` it holds
        (``holding``). Its village, township and 办案机关 are those of the page's first read,
        which found it in the user's scope: PostgreSQL planned the case joined to all seven
        relations in 2.4 ms, for a row it then read in 0.2 ms (with four: 0.9 ms)."""
        case = get_object_or_404(holding(ViolationCase.objects.select_related(*FACT_RELATIONS)), pk=self.case.pk)
        case.village, case.authority = self.case.village, self.case.authority
        return case

    @cached_property
    def events(self) -> list[CaseEvent]:
        return list(self.case.events.select_related("actor"))

    @cached_property
    def documents(self) -> list:
        from documents.selectors import case_documents

        return case_documents(self.case)


# The lists under a case's facts, and in its enforcement panel, that most cases hold none of: the
# case page's read of the case asks which it holds (``holding``: an EXISTS each, answered from the
# list's index on the case), and the page reads only those.
SPARSE_LISTS = {
    "enforcement_actions": EnforcementAction,
    "disciplinary_actions": DisciplinaryAction,
    "criminal_referrals": CriminalReferral,
    "outline": CaseShape,
    "challenges": LegalChallenge,
    "court_applications": CourtApplication,
    "demand_statements": DemandStatement,
}


def holding(cases: QuerySet[ViolationCase]) -> QuerySet[ViolationCase]:
    return cases.annotate(**{f"holds_{name}": Exists(model.objects.filter(case=OuterRef("pk")))
                             for name, model in SPARSE_LISTS.items()})


def holds(case: ViolationCase, name: str) -> bool:
    """Whether ``case`` holds rows of the list ``name``: as its read said (``holding``), or maybe."""
    return getattr(case, f"holds_{name}", True)


def case_detail_extras(case: ViolationCase, *, events: list[CaseEvent] | None = None) -> dict:
    """Everything the detail page lists under the facts, each in one query (the timeline none
    more, given the case's ``events`` with their actor; none for a list the case's read says it
    holds none of, ``holding``).

    ``amended`` holds the ids of the records an amendment (更正) supersedes, by list: the page
    shows them beside their amendment, marked, never hidden.
    """
    attachments = list(case.attachments.select_related("uploaded_by").order_by("uploaded_at", "id"))
    extras = {
        "causes": list(case.causes.all()),
        "events": case_timeline(case, events=events, attachments=attachments),
        "attachments": attachments,
        "enforcement_actions": list(
            case.enforcement_actions.select_related("recorded_by").prefetch_related("units")
        ) if holds(case, "enforcement_actions") else [],
        "disciplinary_actions": list(case.disciplinary_actions.select_related("recorded_by"))
        if holds(case, "disciplinary_actions") else [],
        "criminal_referrals": list(case.criminal_referrals.all()) if holds(case, "criminal_referrals") else [],
    }
    extras["amended"] = {
        name: {row.supersedes_id for row in extras[name] if row.supersedes_id}
        for name in ("attachments", "enforcement_actions", "disciplinary_actions")
    }
    return extras


def my_cases(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ViolationCase]:
    """The officer's worklist: open cases assigned to them, most urgent first."""
    return case_list(user).open().assigned_to(user).by_urgency()


def cases_needing_action(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ViolationCase]:
    """For the office: unassigned or undecided cases, overdue notices, corrected ones awaiting re-inspection."""

    today = timezone.localdate()
    return (
        case_list(user)
        .open()
        .filter(
            Q(assignee__isnull=True)
            | Q(status="registered", disposition="")
            | Q(status="notified", deadline__lt=today)
            | Q(status="corrected")
        )
        .by_urgency(today)
    )


def assignable_officers(township_ids) -> QuerySet:
    """Joint-team officers of these townships (who a case may be assigned to)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__active=True,
            memberships__role=Role.OFFICER,
            memberships__unit__township_id__in=list(township_ids),
        )
        .distinct()
        .order_by("first_name", "username")
    )


def officers_visible_to(user) -> QuerySet:
    """Officers a user may pick in a filter or an assignment form."""
    from territory.selectors import townships_visible_to

    return assignable_officers(townships_visible_to(user).values_list("pk", flat=True))


def is_officer_of_township(user, township_id: int | None) -> bool:
    return UnitMembership.objects.filter(
        user=user, active=True, role=Role.OFFICER, unit__township_id=township_id
    ).exists()


def parties_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Party]:
    """Parties of the user's townships, plus any party of a case they can see."""
    if not user.is_authenticated:
        return Party.objects.none()
    return Party.objects.filter(
        unit_scope_q(user, "township") | Q(pk__in=cases_visible_to(user).values("party_id"))
    )


def get_party_for_user(user: AbstractBaseUser | AnonymousUser, pk: int) -> Party:
    return get_object_or_404(parties_visible_to(user).select_related("township"), pk=pk)


def open_cases_like(*, township_id: int, party: Party | None, party_name: str, id_number: str,
                    location_text: str, exclude_pk: int | None = None) -> QuerySet[ViolationCase]:
    """Open cases of the same party (by record, ID number or name) or at the same location.

    Used to warn at registration: one party, one place, one open case is the usual rule.
    """
    q = Q(pk__in=[])
    if party is not None:
        q |= Q(party=party)
    if id_number:
        q |= Q(party__id_number=id_number)
    if party_name:
        q |= Q(party__name=party_name)
    if location_text:
        q |= Q(location_text=location_text)
    qs = ViolationCase.objects.open().filter(village__township_id=township_id).filter(q)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("party", "village").order_by("number")[:10]


def status_counts(qs: QuerySet[ViolationCase]) -> dict[str, int]:
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")))


def certified_officers(case) -> QuerySet:
    """Who may sign a 笔录 of ``case``: active users holding a 执法证 (any; the service checks it is
    valid on the record's day) with an active membership in the case's township or a unit above it
    (the county's staff, once the case is theirs)."""
    from territory.models import CredentialKind

    township = case.village.township
    above = [int(pk) for pk in township.path.strip("/").split("/") if pk]
    return (
        User.objects.filter(is_active=True, credentials__kind=CredentialKind.ENFORCEMENT, memberships__active=True)
        .filter(Q(memberships__unit__township_id=township.pk) | Q(memberships__unit_id__in=above))
        .distinct()
        .order_by("first_name", "username")
    )

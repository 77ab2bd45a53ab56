"""Violation cases (违法用地案件) and everything that happens to them.

State changes never happen here: ``cases/services.py`` owns them (the transition table is
``cases/transitions.py``). Models hold fields, constraints, indexes for the list filters,
and properties that do not query.

Cause tags (成因) live in a small ``CaseCause`` table (one row per case and cause) rather
than a JSON list: ``causes__cause="housing_freeze"`` filters and
``CaseCause.objects.values("cause").annotate(Count("id"))`` counts the same way on
PostgreSQL and on SQLite (SQLite has no JSON ``contains`` lookup), and a unique
constraint keeps a cause from being tagged twice. It is a plain FK table, not a
ManyToManyField, so no extra join model or choices table is involved.
"""

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deadlines import clock, dates
from deadlines.clock import Deadline
from landwatch import links
from landwatch.appendonly import AppendOnly, Correctable, correction_has_reason
from landwatch.places import place_name
from landwatch.uploads import UploadTo
from landwatch.vocabulary import Category, Cause, ChoiceLabels, DiscoverySource
from territory.models import Shaped


def has_search_grams(*columns: str, word: str) -> models.Func:
    """True where ``columns`` hold every piece of ``word`` (1 or 2 characters) that a LIKE of it needs.

    ``case_search_grams(columns) @> case_search_word_grams(word)``: the expression the GIN
    indexes of cases migration 0019 are built on, so that PostgreSQL looks the pieces up.
    """
    return models.Func(
        models.Func(*columns, function="case_search_grams"),
        models.Func(models.Value(word), function="case_search_word_grams"),
        arg_joiner=" @> ", template="(%(expressions)s)", output_field=models.BooleanField(),
    )


# A short search word's matching parties are given to the cases' query as a list up to this many
# (``ViolationCaseQuerySet.search``), else as a subquery. On ten times the bench county (a
# million parties), a word of 9,000 to 24,000 parties took 235-370 ms listed against 395-950 ms
# as a subquery; one of 106,000 took 11 s listed.
MAX_LISTED_PARTIES = 30_000

def _scans_whole_tables(word: str) -> tuple[bool, bool]:
    """Whether PostgreSQL would read every case, and every party, to find the rows holding the
    n-grams of ``word`` (one or two characters), rather than look them up in their indexes.

    It does so for a word most rows hold, from the statistics of the n-gram indexes; it is asked
    with one EXPLAIN, which plans without running anything (under a millisecond).
    """
    cases = ViolationCase.objects.filter(has_search_grams("number", "title", "location_text", word=word))
    parties = Party.objects.filter(has_search_grams("name", word=word))
    plan = json.loads(cases.values("pk").union(parties.values("pk"), all=True).explain(format="json"))
    scans: dict[str, bool] = {}

    def visit(node: dict) -> None:
        if "Relation Name" in node:
            scans[node["Relation Name"]] = node["Node Type"].endswith("Seq Scan")
        for child in node.get("Plans", []):
            visit(child)

    visit(plan[0]["Plan"])
    return scans.get(ViolationCase._meta.db_table, False), scans.get(Party._meta.db_table, False)


# "Due soon": the deadline falls within this many working days (deadlines.clock.due_soon_until).
DUE_SOON_DAYS = 3


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    # The penalty chain (docs/PROCEDURE.md): 立案 → 调查 → 审理 → 告知 → 决定.
    FILED = "filed", _("Filed, under investigation")
    SUSPENDED = "suspended", _("Investigation suspended")
    REVIEWING = "reviewing", _("Under review")
    INFORMED = "informed", _("Party informed")
    DECIDED = "decided", _("Penalty decided")
    NOTIFIED = "notified", _("Notified")
    CORRECTED = "corrected", _("Self-corrected")
    ENFORCING = "enforcing", _("Enforcing")
    DEFERRED = "deferred", _("Deferred to planning")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (
    CaseStatus.REGISTERED,
    CaseStatus.FILED,
    CaseStatus.SUSPENDED,
    CaseStatus.REVIEWING,
    CaseStatus.INFORMED,
    CaseStatus.DECIDED,
    CaseStatus.NOTIFIED,
    CaseStatus.CORRECTED,
    CaseStatus.ENFORCING,
    CaseStatus.DEFERRED,
)
# Statuses in which the case's deadline is the party's and can run out: a served
# rectification notice, or a served penalty decision (its days to comply).
RUNNING_STATUSES = (CaseStatus.NOTIFIED, CaseStatus.DECIDED)


class Disposition(models.TextChoices):
    """分类处理: what the township decided to do with a case."""

    PROSECUTE = "prosecute", _("Prosecute: notice, deadline, enforcement")
    PLANNING = "planning", _("Rectify within the village plan (no prosecution)")
    NO_ACTION = "no_action", _("No action")
    RESTORE_FARMLAND = "restore_farmland", _("Restore the farmland by a deadline")
    DEMOLISH = "demolish", _("Demolish by a deadline")


class PenaltyMeasure(models.TextChoices):
    """The kinds of 自然资源行政处罚 a decision may impose (自然资源行政处罚办法 第四条)."""

    WARNING = "warning", pgettext_lazy("penalty", "Warning")
    FINE = "fine", _("Fine")
    CONFISCATE_INCOME = "confiscate_income", _("Confiscation of illegal income")
    CONFISCATE_BUILDINGS = "confiscate_buildings", _("Confiscation of the new buildings and facilities on the land")
    DEMOLISH = "demolish", _("Demolition within a time limit of the new buildings and facilities on the land")


class LandType(models.TextChoices):
    FARMLAND = "farmland", _("Farmland")
    BASIC_FARMLAND = "basic_farmland", pgettext_lazy("land type", "Basic farmland")
    GARDEN = "garden", _("Garden land")
    FOREST = "forest", _("Forest land")
    CONSTRUCTION = "construction", _("Construction land")
    HOMESTEAD = "homestead", _("Homestead")
    UNUSED = "unused", _("Unused land")
    OTHER = "other", _("Other")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class Party(ChoiceLabels, models.Model):
    """当事人: a person or a company; one party can have several cases."""

    township = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "township"},
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField(_("name"), max_length=100)
    id_number = models.CharField(
        _("ID number or credit code"),
        max_length=30,
        blank=True,
        help_text=_("Resident ID number of a person, unified social credit code of a company."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]
        indexes = [models.Index(fields=["township", "name"], name="party_township_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "id_number"],
                condition=~models.Q(id_number=""),
                name="party_unique_id_number_per_township",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.pk_url("cases:party-detail", self.pk)


class ActDateField(models.DateField):
    """The day an act happened; left empty, the local day of the row's ``recorded`` moment.

    Filled in ``pre_save``, which Django calls for ``save`` and ``bulk_create`` alike, so a
    writer that gives only the recording moment (the demo's history, written with past
    times) still stores the day it meant. The services always give it (cases/acts.py).
    """

    def __init__(self, *args, recorded: str = "at", **kwargs) -> None:
        self.recorded = recorded
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.recorded != "at":
            kwargs["recorded"] = self.recorded
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None and add:
            value = timezone.localdate(getattr(model_instance, self.recorded))
            setattr(model_instance, self.attname, value)
        return value


class CaseNumberSequence(models.Model):
    """The last case number used in a year; locked with select_for_update to allocate the next."""

    # Written only with the case it numbers, whose own row raises its township's data version
    # (landwatch.dataversion): the counter itself shows on no page.
    data_version_untracked = True

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ViolationCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.filter(status=CaseStatus.CLOSED)

    def with_open_notice(self):
        """Cases whose rectification notice, or served penalty decision, is running: only these
        can be overdue (``RUNNING_STATUSES``)."""
        return self.filter(status__in=RUNNING_STATUSES, deadline__isnull=False)

    def overdue(self, today: datetime.date | None = None):
        """The notice's deadline has passed (the deadline day itself is still in time)."""
        today = today or dates.today()
        return self.with_open_notice().filter(deadline__lt=today)

    def due_soon(self, today: datetime.date | None = None, days: int = DUE_SOON_DAYS):
        """The deadline is today or within ``days`` working days (``clock.due_soon_until``)."""
        today = today or dates.today()
        return self.with_open_notice().filter(deadline__gte=today, deadline__lte=clock.due_soon_until(today, days))

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def search(self, text: str):
        """Cases whose number, title, location or party name contains ``text``.

        The case's own columns and the party's name are searched apart (one OR across the
        join would make PostgreSQL scan both tables). From three characters on, each
        column's trigram index (migration 0003) finds the matches. A word of one or two
        characters has no trigram: it is looked up among the characters and pairs of
        characters of each row (migration 0019, PostgreSQL only), instead of reading every
        case in scope; on the bench county the count of a rare two-character word went from
        ~55 ms to a few. The LIKE on each column stays, so the cases found are exactly those
        of the LIKE alone, which is what SQLite (``make run``) runs.

        On PostgreSQL a short word runs two queries before the cases are read: an EXPLAIN (is
        the word so common that the n-gram indexes do not serve?) and the matching parties' ids.
        """
        text = text.strip()
        if not text:
            return self
        short = len(text) < 3
        # The indexes are on UPPER(column), so longer words keep icontains; a short word
        # without letter case (Chinese characters, digits) is a plain LIKE, which spares
        # PostgreSQL an UPPER() of four columns on every row it matches.
        lookup = "contains" if short and text.lower() == text.upper() else "icontains"
        own = (models.Q(**{f"number__{lookup}": text}) | models.Q(**{f"title__{lookup}": text})
               | models.Q(**{f"location_text__{lookup}": text}))
        parties = Party.objects.filter(**{f"name__{lookup}": text})
        if short and connection.vendor == "postgresql":
            # The parties are looked up first, in a query of their own, and their ids given as
            # a list: PostgreSQL then knows how many cases they have (a common surname has
            # hundreds) and joins the matches to their villages by index. Asked inside the
            # cases' query, their number was a guess of ten, and the join read every village
            # in scope again for each match (26 ms instead of 7 for "王" on the bench county).
            # Either way PostgreSQL ORs the party's index with the n-gram index into one bitmap.
            # The n-gram test is only a necessary condition of the LIKEs, in a clause of its
            # own: it picks the rows to read, and is not evaluated again on each row (it costs
            # more than the LIKEs).
            # A word so common that PostgreSQL reads the whole table for it (村 is in most
            # locations) is looked for by its LIKEs alone: with the n-gram test, PostgreSQL
            # would compute every row's n-grams on the way (2.7 s instead of 41 ms for the
            # county's total of 村 on the bench county).
            whole_cases, whole_parties = _scans_whole_tables(text)
            if not whole_parties:
                parties = parties.filter(has_search_grams("name", word=text))
            from django.contrib.postgres.expressions import ArraySubquery
            from django.contrib.postgres.fields import ArrayField
            from django.db.models.functions import Cast

            party_ids = parties.order_by().values("pk")
            listed = list(party_ids.values_list("pk", flat=True)[:MAX_LISTED_PARTIES + 1])
            if len(listed) <= MAX_LISTED_PARTIES:
                # One array literal, not IN (…): PostgreSQL parses hundreds of ids 2 ms faster.
                literal = "{" + ",".join(map(str, listed)) + "}"
                ids = Cast(models.Value(literal), ArrayField(models.BigIntegerField()))
            else:  # a list this long is left inside the cases' query
                ids = ArraySubquery(party_ids)
            party = models.Q(models.Func(
                models.F("party"), ids, arg_joiner=" = ANY(", template="(%(expressions)s))",
                output_field=models.BooleanField(),
            ))
            if whole_cases:
                return self.filter(own | party)
            grams = models.Q(has_search_grams("number", "title", "location_text", word=text))
            return self.filter(grams | party).filter(own | party)
        if short:
            return self.filter(own | models.Q(party__in=parties))
        matches = ViolationCase.objects.filter(own).order_by().values("pk").union(
            ViolationCase.objects.filter(party__in=parties).order_by().values("pk")
        )
        return self.filter(pk__in=matches)

    def by_urgency(self, today: datetime.date | None = None):
        """Overdue first (oldest deadline first), then running notices by deadline, then the rest."""
        today = today or dates.today()
        return self.annotate(
            urgency=models.Case(
                models.When(status__in=RUNNING_STATUSES, deadline__lt=today, then=models.Value(0)),
                models.When(status__in=RUNNING_STATUSES, deadline__isnull=False, then=models.Value(1)),
                models.When(status=CaseStatus.ENFORCING, then=models.Value(2)),
                models.When(status=CaseStatus.CORRECTED, then=models.Value(3)),
                models.When(status=CaseStatus.REGISTERED, then=models.Value(4)),
                default=models.Value(5),
                output_field=models.IntegerField(),
            )
        ).order_by("urgency", models.F("deadline").asc(nulls_last=True), "number")


BASIC_FARMLAND_TOO_LARGE = _("The permanent basic farmland cannot be larger than the farmland occupied.")


class ViolationCase(ChoiceLabels, models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="cases")
    village = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="violation_cases",
        limit_choices_to={"kind": "village"},
    )
    location_text = models.CharField(_("location"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("WGS-84 (GPS), not GCJ-02."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("WGS-84 (GPS), not GCJ-02."),
    )
    land_type = models.CharField(_("land type"), max_length=20, choices=LandType.choices, default=LandType.FARMLAND)
    area_m2 = models.DecimalField(
        _("area occupied (m²)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    farmland_area_m2 = models.DecimalField(
        _("farmland occupied (m²)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    # Of ``farmland_area_m2``, the part in 永久基本农田: the threshold of a criminal referral is
    # 5 亩 of it against 10 亩 of other 耕地 (法释〔2000〕14号 第三条; cases/referrals.py). The three
    # areas of a case are this, the other farmland (farmland − this) and the other land
    # (area − farmland): they add up to ``area_m2`` by construction.
    basic_farmland_area_m2 = models.DecimalField(
        _("permanent basic farmland occupied (m²)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        db_default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, default=Category.OTHER)
    plough_layer_damaged = models.BooleanField(
        _("plough layer damaged"),
        null=True,
        blank=True,
        help_text=_("For farmland used for breeding: decides between no action and restoring the farmland."),
    )
    source = models.CharField(_("discovery source"), max_length=30, choices=DiscoverySource.choices)
    discovered_on = models.DateField(_("discovered on"))
    # 立案: the day the case was registered, on paper or here; no act on the case is dated
    # before it (cases/acts.py). ``created_at`` is the moment it was entered.
    registered_on = ActDateField(_("registered on"), recorded="created_at", blank=True, editable=False)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        # No index of its own: ``case_campaign_status_idx`` leads with the campaign. With both,
        # PostgreSQL read a campaign's cases through this one and then the table, and the
        # summary report's queries took 35.0 ms instead of 24.9 (docs/PERFORMANCE.md).
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED, editable=False
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True, editable=False)
    # How ``deadline`` was counted (deadlines.clock.Deadline.as_json), copied from the document
    # whose service set it; empty for a date set by hand (a failed re-inspection's new deadline).
    deadline_basis = models.JSONField(_("deadline basis"), default=dict, db_default={}, blank=True, editable=False)
    # 办案机关: the authority competent to penalise (territory/competence.py decides it;
    # 行政处罚法 第二十二条、第二十四条). Empty until it is determined.
    authority = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("competent authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_in_charge",
        editable=False,
    )
    # 移送: the day the township handed the case to its 办案机关 (自然资源行政处罚办法 第十一条);
    # from then on the authority's people see and work it (cases/rules.py).
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True, editable=False)
    # 立案: the day the authority's head approved the filing (自然资源行政处罚办法 第十六条);
    # the 90-day decision clock runs from it (行政处罚法 第六十条).
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False)
    # Cases that already held a served rectification notice when the penalty chain came in:
    # kept as they were, marked, never silently made "lawful" (migration 0011).
    predates_chain = models.BooleanField(_("predates the penalty procedure"), default=False, editable=False)
    # The penalty proposed at the legal review (法制审核) and then decided: the kinds of
    # ``PenaltyMeasure``, the fine, and whether the amounts are 较大数额 under the province's
    # rules (自然资源行政处罚办法 第三十四条 leaves the figure to them). Written only by
    # ``cases/penalty.py``.
    penalty_measures = models.JSONField(_("penalty"), default=list, blank=True, editable=False)
    fine_yuan = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
                                    editable=False)
    penalty_amount_large = models.BooleanField(_("large amount under the province's rules"), default=False,
                                               editable=False)
    # When the violation began and, for a continuing act (an occupation that goes on), when it
    # ended: the 追诉时效 counts from the end of a continuing act (行政处罚法 第三十六条).
    # Recorded at 立案 (cases/procedure.py ``file_case``).
    violation_started_on = models.DateField(_("violation began on"), null=True, blank=True, editable=False)
    violation_continuing = models.BooleanField(_("continuing violation"), default=False, editable=False)
    violation_ended_on = models.DateField(_("violation ended on"), null=True, blank=True, editable=False)
    disposition = models.CharField(
        _("disposition"), max_length=20, choices=Disposition.choices, blank=True, editable=False
    )
    disposition_reason = models.TextField(_("reason for the disposition"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    description = models.TextField(_("facts"), blank=True)
    # The patrol lead (线索) this case was registered from; the finding reaches its case
    # as ``finding.case``.
    source_finding = models.OneToOneField(
        "patrols.PatrolFinding",
        verbose_name=_("source finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped by every service write; forms post the version they showed so that the
    # second of two simultaneous clicks is refused instead of applied twice.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # 立卷归档 (documents/archive.py): when the closed case's file was stored, and the SHA-256 of
    # its PDF. While set, the case is locked (``services.check_writable``) until a head reopens it.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    archive_sha256 = models.CharField(_("SHA-256 of the case file"), max_length=64, blank=True, editable=False)

    objects = ViolationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("violation case")
        verbose_name_plural = _("violation cases")
        ordering = ["-number"]
        indexes = [
            # The dashboard's dated figures (overdue, due soon per township and assignee; closed
            # per day and this week per township) read from these alone on PostgreSQL (INCLUDE).
            models.Index(fields=["status", "deadline"], name="case_status_deadline_idx",
                         include=["village", "assignee"]),
            models.Index(fields=["status", "closed_on"], name="case_status_closed_idx", include=["village"]),
            # One township's closed cases (the county dashboard's share of a township computed again
            # after a write there, dashboards/shares.py): its villages' ranges, not every closed case.
            models.Index(fields=["status", "village", "closed_on"], name="case_closed_village_idx"),
            # A village's cases by status. The case list's total row once read count and area from
            # it alone (area_m2 in INCLUDE); it now sums CaseSummary (cases.selectors.case_list_totals).
            models.Index(fields=["village", "status"], name="case_village_status_area_idx", include=["area_m2"]),
            models.Index(fields=["assignee", "status"], name="case_assignee_status_idx"),
            # "Does this user hold a case in scope?" (the list's assignee choices) without the heap.
            models.Index(fields=["assignee", "village"], name="case_assignee_village_idx"),
            models.Index(fields=["category", "status"], name="case_category_status_idx"),
            # A campaign's cases by status, with what its summary report counts of them (the
            # categories and areas, and the ids its causes, enforcement and discipline are
            # matched on) read from the index alone on PostgreSQL: 9 → 4 ms a report at county scale.
            models.Index(fields=["campaign", "status"], name="case_campaign_status_idx",
                         include=["id", "category", "area_m2", "farmland_area_m2"]),
            models.Index(fields=["source"], name="case_source_idx"),
            models.Index(fields=["authority", "status"], name="case_authority_status_idx"),
            models.Index(fields=["discovered_on"], name="case_discovered_idx"),
            models.Index(fields=["location_text"], name="case_location_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(area_m2__gte=0), name="case_area_not_negative"),
            models.CheckConstraint(
                condition=models.Q(farmland_area_m2__gte=0) & models.Q(farmland_area_m2__lte=models.F("area_m2")),
                name="case_farmland_within_area",
            ),
            models.CheckConstraint(
                condition=models.Q(basic_farmland_area_m2__gte=0)
                & models.Q(basic_farmland_area_m2__lte=models.F("farmland_area_m2")),
                name="case_basic_farmland_within_farmland",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in CaseStatus]), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=CaseStatus.CLOSED) | models.Q(closed_on__isnull=False),
                name="case_closed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="case_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="case_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return links.pk_url("cases:detail", self.pk)

    def clean(self) -> None:
        if self.area_m2 is not None and self.farmland_area_m2 is not None and self.farmland_area_m2 > self.area_m2:
            raise ValidationError(
                {"farmland_area_m2": _("The farmland area cannot be larger than the area occupied.")}
            )
        if (self.farmland_area_m2 is not None and self.basic_farmland_area_m2 is not None
                and self.basic_farmland_area_m2 > self.farmland_area_m2):
            raise ValidationError({"basic_farmland_area_m2": BASIC_FARMLAND_TOO_LARGE})

    @property
    def other_farmland_area_m2(self) -> Decimal:
        """耕地 outside 永久基本农田."""
        return (self.farmland_area_m2 or Decimal(0)) - (self.basic_farmland_area_m2 or Decimal(0))

    @property
    def decisive_land_type(self) -> str:
        """The land type the decision's rules read (``transitions.default_disposition``,
        ``no_action_refusal``): 永久基本农田 as soon as any of it is occupied, whatever the
        case's main land type — "no action" is never possible on it (实施条例 2021 第五十一条)."""
        return LandType.BASIC_FARMLAND if self.basic_farmland_area_m2 else self.land_type

    @property
    def other_land_area_m2(self) -> Decimal:
        """The area that is not 耕地."""
        return (self.area_m2 or Decimal(0)) - (self.farmland_area_m2 or Decimal(0))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_running_deadline(self) -> bool:
        """The party's deadline is running: a served notice or a served penalty decision."""
        return self.status in RUNNING_STATUSES and self.deadline is not None

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in RUNNING_STATUSES
            and self.deadline is not None
            and self.deadline < dates.today()
        )

    @property
    def is_due_soon(self) -> bool:
        if self.status not in RUNNING_STATUSES or self.deadline is None:
            return False
        today = dates.today()
        return today <= self.deadline <= clock.due_soon_until(today, DUE_SOON_DAYS)

    @property
    def deadline_counted(self):
        """The deadline with its basis (``deadlines.clock.Deadline``); None when set by hand or not running."""
        return Deadline.from_json(self.deadline, self.deadline_basis)

    @property
    def days_left(self) -> int | None:
        if self.status not in RUNNING_STATUSES or self.deadline is None:
            return None
        return (self.deadline - dates.today()).days

    @property
    def days_overdue(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def place(self) -> str:
        """The village and the location as documents and pages write them (needs ``village`` loaded)."""
        return place_name(self.village.name, self.location_text)


class CaseCause(ChoiceLabels, models.Model):
    """One cause tag (成因) of a case; see the module docstring for why a table."""

    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="causes")
    cause = models.CharField(_("cause"), max_length=30, choices=Cause.choices)

    class Meta:
        verbose_name = _("case cause")
        verbose_name_plural = _("case causes")
        ordering = ["case", "cause"]
        constraints = [models.UniqueConstraint(fields=["case", "cause"], name="case_cause_unique")]
        indexes = [models.Index(fields=["cause"], name="case_cause_cause_idx")]

    def __str__(self) -> str:
        return self.get_cause_display()


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    DECIDED = "decided", _("Disposition decided")
    DEFERRED = "deferred", _("Deferred to planning rectification")
    CLOSED_NO_ACTION = "closed_no_action", _("Closed without action")
    NOTIFIED = "notified", _("Rectification notice served")
    SELF_CORRECTED = "self_corrected", _("Self-corrected")
    REINSPECTION_PASSED = "reinspection_passed", _("Re-inspection passed")
    REINSPECTION_FAILED = "reinspection_failed", _("Re-inspection failed, new deadline")
    ENFORCEMENT_APPROVED = "enforcement_approved", _("Enforcement approved")
    ENFORCEMENT_RECORDED = "enforcement_recorded", _("Enforcement recorded")
    ENFORCEMENT_DONE = "enforcement_done", _("Enforcement done and verified")
    RESOLVED = "resolved", _("Resolved in planning")
    WITHDRAWN = "withdrawn", _("Withdrawn (registered in error)")
    REOPENED = "reopened", _("Reopened")
    DISCIPLINARY_RECORDED = "disciplinary_recorded", _("Disciplinary action recorded")
    ATTACHMENT_ADDED = "attachment_added", _("Evidence added")
    NOTE = "note", _("Note")
    EDITED = "edited", _("Facts corrected")
    # The case's polygon (CaseShape), drawn on the map or loaded from a GIS file (docs/GIS.md).
    OUTLINE_SET = "outline_set", _("Outline drawn or loaded")
    RECORD_CORRECTED = "record_corrected", _("Record amended")
    CAMPAIGN_ATTACHED = "campaign_attached", _("Counted in a campaign")
    CAMPAIGN_DETACHED = "campaign_detached", _("No longer counted in the campaign")
    # The penalty chain (docs/PROCEDURE.md), each with the article behind it there.
    FILING_APPROVED = "filing_approved", _("Filing approved")
    HANDED_OVER = "handed_over", _("Handed over to the competent authority")
    INVESTIGATION_SUSPENDED = "investigation_suspended", _("Investigation suspended")
    INVESTIGATION_RESUMED = "investigation_resumed", _("Investigation resumed")
    INVESTIGATION_TERMINATED = "investigation_terminated", _("Investigation terminated")
    REPORT_SUBMITTED = "report_submitted", _("Investigation report submitted")
    INVESTIGATION_RECORDED = "investigation_recorded", _("Investigation record made")
    LEGAL_REVIEWED = "legal_reviewed", _("Legal review recorded")
    COLLECTIVE_DISCUSSION = "collective_discussion", _("Collective discussion recorded")
    PARTY_INFORMED = "party_informed", _("Notice of intended penalty served")
    STATEMENT_RECEIVED = "statement_received", _("Statement and defence received")
    HEARING_REQUESTED = "hearing_requested", _("Hearing requested")
    HEARING_HELD = "hearing_held", _("Hearing held")
    RECHECKED = "rechecked", _("Statement re-examined")
    DECISION_CLOCK_EXTENDED = "decision_clock_extended", _("Time limit for the decision extended")
    PENALTY_DECIDED = "penalty_decided", _("Penalty decision made")
    DECISION_SERVED = "decision_served", _("Penalty decision served")
    CLOCK_PAUSE_RECORDED = "clock_pause_recorded", _("Period not counted in the time limit recorded")
    # A reminder sent by ``send_reminders`` (reminders/services.py), written once per reminder.
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    # 立卷归档: the closed case's file assembled and stored (documents/archive.py).
    ARCHIVED = "archived", _("Case file archived")
    # Fines, payment and confiscation (cases/fines.py; issue 20, part e2).
    FINE_PAID = "fine_paid", _("Fine payment recorded")
    FINE_ARRANGED = "fine_arranged", _("Deferral or instalments of the fine approved")
    CONFISCATION_HANDED_OVER = "confiscation_handed_over", _("Confiscated buildings handed over")
    # 移送公安 (cases/referrals.py).
    REFERRED_TO_POLICE = "referred_to_police", _("Referred to the public security organ")
    REFERRAL_ANSWERED = "referral_answered", _("Police's answer to the referral recorded")
    # Enforcement through the court (cases/enforcement.py).
    CHALLENGE_FILED = "challenge_filed", _("Reconsideration or lawsuit recorded")
    CHALLENGE_ENDED = "challenge_ended", _("Outcome of the reconsideration or lawsuit recorded")
    COURT_APPLIED = "court_applied", _("Enforcement applied for at the court")
    COURT_RULED = "court_ruled", _("Court's ruling on enforcement recorded")
    DEMOLITION_DECIDED = "demolition_decided", _("Forced demolition decided")
    # 公示 of the penalty decision (cases/publicity.py).
    DECISION_PUBLISHED = "decision_published", _("Penalty decision published")
    PUBLICATION_WITHDRAWN = "publication_withdrawn", _("Published penalty decision withdrawn")
    # 结案 with the head's approval and the party's 陈述申辩 on the 催告书 (cases/closing.py).
    CASE_CLOSED = "case_closed", _("Closing approved")
    DEMAND_STATEMENT = "demand_statement", _("Statement on the demand received")
    DEMAND_STATEMENT_REVIEWED = "demand_statement_reviewed", _("Statement on the demand reviewed")


class CaseEvent(ChoiceLabels, AppendOnly):
    """One entry of a case's timeline (append-only: no edit, no delete, admin included).

    ``occurred_on`` is the day the act happened (service, re-inspection …), ``at`` the moment
    it was recorded; they differ when an act done on paper is entered later (cases/acts.py).
    """

    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=CaseStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    occurred_on = ActDateField(_("date of the act"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # Structured details: deadline and service date of a notice, the leader's approval,
    # the old and new assignee, the previous deadline of a failed re-inspection …
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        # The timeline reads in the order things happened; acts of one day in recording order.
        ordering = ["occurred_on", "at", "id"]
        indexes = [
            models.Index(fields=["case", "at"], name="case_event_case_at_idx"),
            models.Index(fields=["kind", "at"], name="case_event_kind_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.get_kind_display()}"


class EnforcementKind(models.TextChoices):
    DEMOLITION = "demolition", _("Forced demolition")
    FARMLAND_RESTORED = "farmland_restored", _("Farmland restored")
    POWER_CUT = "power_cut", _("Power supply cut off")
    LICENCE_REFUSED = "licence_refused", _("Business licence refused")
    FINE = "fine", _("Fine")
    REFERRAL = "referral", _("Referred to police or court")


class EnforcementAction(ChoiceLabels, Correctable):
    """强制执行: one measure carried out on a case (demolition, restoring farmland, power cut …); append-only."""

    case = models.ForeignKey(
        ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="enforcement_actions"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EnforcementKind.choices)
    units = models.ManyToManyField(
        "territory.ResponsibilityUnit",
        verbose_name=_("units involved"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "department"},
    )
    carried_out_on = models.DateField(_("date"))
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount_yuan = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    result = models.TextField(pgettext_lazy("enforcement", "result"), blank=True)
    # When the execution began (行政强制法 第四十三条: never at night, cases/enforcement.py), and
    # whether the measure reaches a residence (no 停水、停电、停热、停气 against 居民生活, 第四十三条第二款).
    # Empty on the rows recorded before part 2 of the procedure.
    started_at = models.TimeField(_("start time"), null=True, blank=True)
    residence = models.BooleanField(_("against a residence"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")
        ordering = ["carried_out_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_m2__isnull=True) | models.Q(area_m2__gte=0),
                name="enforcement_area_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_yuan__isnull=True) | models.Q(amount_yuan__gte=0),
                name="enforcement_amount_not_negative",
            ),
            correction_has_reason("enforcement_correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"


class DisciplinaryMeasure(models.TextChoices):
    ADMONISHMENT = "admonishment", _("Admonishment talk")
    CRITICISM = "criticism", _("Circulated criticism")
    WARNING = "warning", pgettext_lazy("discipline", "Warning")
    DEMERIT = "demerit", _("Demerit")
    MAJOR_DEMERIT = "major_demerit", _("Major demerit")
    DEMOTION = "demotion", _("Demotion")
    DISMISSAL = "dismissal", _("Dismissal from post")
    OTHER = "other", _("Other")


class DisciplinaryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")


class DisciplinaryAction(ChoiceLabels, Correctable):
    """纪律处分 of a person responsible for a case (a party or a cadre); append-only.

    A proposal that is later decided is a new record correcting the proposal.
    """

    case = models.ForeignKey(
        ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="disciplinary_actions"
    )
    person_name = models.CharField(_("person"), max_length=50)
    post = models.CharField(_("post"), max_length=100, blank=True)
    measure = models.CharField(_("measure"), max_length=20, choices=DisciplinaryMeasure.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DisciplinaryStatus.choices, default=DisciplinaryStatus.PROPOSED
    )
    proposed_by = models.CharField(
        _("proposed by"), max_length=100, blank=True, help_text=_("For example the city land bureau's suggestion.")
    )
    decided_on = models.DateField(_("date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("disciplinary action")
        verbose_name_plural = _("disciplinary actions")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="decided") | models.Q(decided_on__isnull=False),
                name="disciplinary_decided_has_date",
            ),
            correction_has_reason("disciplinary_correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.get_measure_display()}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record")
    SURVEY_RECORD = "survey_record", _("Site survey record")
    OTHER = "other", _("Other")


class CaseAttachment(ChoiceLabels, Correctable):
    """Evidence: a photo or scan, hashed at upload, served only through an access-checked view; append-only."""

    case = models.ForeignKey(
        ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="attachments"
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO)
    file = models.FileField(_("file"), upload_to=UploadTo("cases/evidence"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=10, editable=False)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="case_attachment_case_idx")]
        constraints = [correction_has_reason("attachment_correction_has_reason")]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    @property
    def is_image(self) -> bool:
        return self.file_type in ("jpeg", "png")

    @property
    def download_name(self) -> str:
        ext = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf"}.get(self.file_type, "")
        return f"{self.case.number}-{self.pk}{ext}"


class SuspensionGround(models.TextChoices):
    """Why an investigation is suspended (中止调查, 自然资源行政处罚办法 第二十七条)."""

    FORCE_MAJEURE = "force_majeure", _("Force majeure")
    ACCIDENT = "accident", _("Unforeseen event")
    OTHER = "other", _("Other circumstance making investigation temporarily impossible")


class TerminationGround(models.TextChoices):
    """Why an investigation is terminated (终止调查, 自然资源行政处罚办法 第二十八条)."""

    NOT_ESTABLISHED = "not_established", _("The facts of the violation are not established")
    TIME_BARRED = "time_barred", _("The limitation period for a penalty has run")
    NOT_COMPETENT = "not_competent", _("Not within this authority's competence; to be transferred")
    OTHER = "other", _("Other ground for terminating the investigation")


class ClockPauseKind(models.TextChoices):
    # 中止调查 (办法 第二十七条) and 听证, request to holding (办法 第三十八条第二款).
    SUSPENSION = "suspension", _("Investigation suspended")
    HEARING = "hearing", _("Hearing")
    # The other periods 办法 第三十八条第二款 does not count, recorded once they have ended
    # (``cases.penalty.record_excluded_period``).
    APPRAISAL = "appraisal", _("Appraisal (鉴定)")
    ANNOUNCEMENT = "announcement", _("Public announcement (公告)")
    POSTAL = "postal", _("Time in the post (邮递在途)")
    REFERRAL = "referral", _("Waiting for the public security organ or the procuratorate")


class ClockPause(ChoiceLabels, AppendOnly):
    """A stretch of days the decision clock does not count (``cases.procedure.decision_clock``).

    Opened by the step that stops the clock, closed once (``ended_on``) by the step that
    restarts it; append-only like the timeline, whose events say who and why.
    """

    fill_once = ("ended_on",)

    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="clock_pauses")
    kind = models.CharField(_("kind"), max_length=20, choices=ClockPauseKind.choices)
    ground = models.CharField(_("ground"), max_length=30, blank=True)
    started_on = models.DateField(_("paused from"))
    ended_on = models.DateField(_("paused until"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision clock pause")
        verbose_name_plural = _("decision clock pauses")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="clock_pause_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.started_on}–{self.ended_on or ''}"



# --- 移送公安: referral of a suspected crime (cases/referrals.py) ---------------------------


class ReferralOutcome(models.TextChoices):
    PENDING = "", _("Awaiting the police's decision")
    FILED = "filed", _("Filed as a criminal case by the police")
    NOT_FILED = "not_filed", _("Not filed by the police")


class CriminalReferral(ChoiceLabels, AppendOnly):
    """移送: a case suspected of 非法占用农用地罪 (刑法 第三百四十二条) sent to the public security
    organ under 行政执法机关移送涉嫌犯罪案件的规定 (国务院令第310号); append-only.

    The receipt (回执) and the police's decision are filled in once when they come back
    (``fill_once``); a wrong record is not edited but stays beside a new one.
    """

    fill_once = ("received_on", "outcome", "outcome_on")

    case = models.ForeignKey(
        ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="criminal_referrals"
    )
    police_organ = models.CharField(_("public security organ"), max_length=100)
    # 第五条: the head approves within 3 days of the report; the case goes within 24 hours.
    approved_on = models.DateField(_("referral approved on"))
    sent_on = models.DateField(_("referred on"))
    document_number = models.CharField(_("number of the referral letter"), max_length=50)
    # The 涉嫌犯罪案件移送书 the referral made (documents kind ``police_referral``, 国务院令第310号 第六条):
    # ``document_number`` is its number. Empty on referrals recorded before the letter was drafted here,
    # whose number was typed in.
    letter = models.OneToOneField("documents.CaseDocument", verbose_name=_("referral letter"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="criminal_referral", editable=False)
    received_on = models.DateField(_("receipt signed on"), null=True, blank=True)
    outcome = models.CharField(_("police's decision"), max_length=10, choices=ReferralOutcome.choices, blank=True,
                               default=ReferralOutcome.PENDING)
    outcome_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("criminal referral")
        verbose_name_plural = _("criminal referrals")
        ordering = ["sent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(sent_on__gte=models.F("approved_on")),
                                   name="referral_sent_after_approval"),
            models.CheckConstraint(condition=models.Q(outcome="") | models.Q(outcome_on__isnull=False),
                                   name="referral_outcome_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.police_organ}"


# --- enforcement through the court (行政强制法; cases/enforcement.py, docs/PROCEDURE.md) -----------


class ChallengeKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
    LAWSUIT = "lawsuit", _("Administrative lawsuit")


class ChallengeOutcome(models.TextChoices):
    UPHELD = "upheld", _("Decision upheld")
    REVOKED = "revoked", _("Decision revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn by the party")


class LegalChallenge(ChoiceLabels, AppendOnly):
    """A 复议 or 诉讼 the party brought against the decision: it holds enforcement until its
    outcome is recorded (once); a revoked decision ends the enforcement track."""

    fill_once = ("outcome", "outcome_on", "outcome_by")

    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="challenges")
    kind = models.CharField(_("kind"), max_length=20, choices=ChallengeKind.choices)
    body = models.CharField(_("reviewing body or court"), max_length=200)
    filed_on = models.DateField(_("date filed"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ChallengeOutcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("outcome recorded by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("reconsideration or lawsuit")
        verbose_name_plural = _("reconsiderations and lawsuits")
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(outcome="", outcome_on__isnull=True)
                           | (~models.Q(outcome="") & models.Q(outcome_on__isnull=False))),
                name="challenge_outcome_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def pending(self) -> bool:
        return not self.outcome


class CourtRuling(models.TextChoices):
    ACCEPTED = "accepted", _("Enforcement ordered by the court")
    REFUSED = "refused", _("Enforcement refused by the court")


# The materials of 行政强制法 第五十五条 an application to the court carries, each checked by the
# clerk when the application is filed; (五) "其他材料" only where a law asks for them.
class ApplicationMaterial(models.TextChoices):
    APPLICATION = "application", _("The application for enforcement, signed by the head and sealed")
    DECISION = "decision", _("The decision with the facts, reasons and legal basis it rests on")
    PARTY_AND_DEMAND = "party_and_demand", _("The party's statement and the demand served on the party")
    OBJECT = "object", _("What is to be enforced")


class CourtApplication(ChoiceLabels, AppendOnly):
    """强制执行申请 to the people's court (行政强制法 第五十三条–第五十五条) and the court's ruling
    (第五十七条、第五十八条), recorded once."""

    fill_once = ("ruling", "ruling_on", "ruling_note", "ruling_by")

    case = models.ForeignKey(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="court_applications")
    court = models.CharField(_("court"), max_length=200)
    filed_on = models.DateField(_("date filed"))
    materials = models.JSONField(_("materials"), default=list)
    # The 强制执行申请书 made with the application (documents kind ``court_application``, 行政强制法
    # 第五十五条(一)); empty on applications recorded before it was drafted here.
    letter = models.OneToOneField("documents.CaseDocument", verbose_name=_("application letter"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="court_application",
                                  editable=False)
    ruling = models.CharField(_("ruling"), max_length=20, choices=CourtRuling.choices, blank=True)
    ruling_on = models.DateField(_("ruling date"), null=True, blank=True)
    ruling_note = models.TextField(_("reasons of the ruling"), blank=True)
    ruling_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ruling recorded by"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("application for enforcement by the court")
        verbose_name_plural = _("applications for enforcement by the court")
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.court}"


from .closing_models import (  # noqa: E402, F401  (结案, no-action grounds, 催告书陈述申辩: cases/closing.py)
    ClosingGround,
    DemandStatement,
    NoActionGround,
    StatementReview,
)
from .fine_models import (  # noqa: E402, F401  (fines, payments, confiscation: cases/fines.py)
    ConfiscationHandover,
    Fine,
    FineArrangement,
    FineBand,
    FineInstalment,
    FinePayment,
)
from .publicity_models import DecisionPublication, PublicationChannel  # noqa: E402, F401  (公示: cases/publicity.py)
from .summary import AssigneeSummary, CaseSummary, CauseSummary, ClosureSummary, DeadlineSummary  # noqa: E402, F401  (models of this app, kept by triggers)


class CaseShape(Shaped):
    """The polygon of a case: its 卫片 patches' outlines (joined), kept with the case (issue 22)."""

    case = models.OneToOneField(ViolationCase, verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="outline")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case outline")
        verbose_name_plural = _("case outlines")

    def __str__(self) -> str:
        return str(self.case)

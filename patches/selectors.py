"""Which patches and batches a user sees, and the figures of a batch (卫片 progress)."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from landwatch.filtering import get_row_or_404
from territory.selectors import reach_q, unit_scope_q

from .models import Judgement, Patch, PatchBatch, PatchStatus


def patches_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Patch]:
    """A coordinator's village's patches; a township's staff their township's, its inbox included."""
    return Patch.objects.filter(unit_scope_q(user, "village") | unit_scope_q(user, "township"))


def batches_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[PatchBatch]:
    """Batches of units in the user's scope and of the units above it (a county's batch is each township's)."""
    return PatchBatch.objects.select_related("unit").filter(batch_reached_q(user))


def batch_reached_q(user: AbstractBaseUser | AnonymousUser, field: str = "") -> Q:
    """A Q keeping rows whose batch (reached through ``field``, e.g. ``"batch"`` on a patch; empty on
    a batch) is one of ``batches_visible_to``. On the patches themselves it joins their batch's
    unit instead of a subquery of batches: the dashboard's patch counts planned in 0.41 ms
    instead of 0.57 (docs/PERFORMANCE.md, thirty-second session)."""
    return reach_q(user, f"{field}__unit" if field else "unit")


def get_patch_for_user(user, pk) -> Patch:
    return get_row_or_404(
        patches_visible_to(user).select_related("batch", "township", "village", "case", "judged_by", "confirmed_by"),
        pk,
    )


# Each grouping's columns and order: a township's villages in their order, the inbox (no village) last.
GROUPS = {
    "batch": (("batch_id",), ("batch_id",)),
    "township": (("township_id", "township__name", "township__path"), ("township__path",)),
    "village": (("township_id", "township__name", "township__path", "village_id", "village__name",
                 "village__sort_order"),
                ("township__path", F("village__sort_order").asc(nulls_last=True), "village__name",
                 F("village_id").asc(nulls_last=True))),
}
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def figures(patches: QuerySet[Patch], *, by: str | None = None) -> list[dict]:
    """The 卫片 figures of ``patches``, in total (``by`` None) or per ``"township"`` or ``"village"``.

    The same numbers on the page, in the dashboard and in the county's export: patches, verified
    (judged in the field), 合法/违法/其他 as confirmed or judged, the illegal area and its farmland
    and 永久基本农田 parts, cases made, closed out.
    """
    illegal = Q(judgement=Judgement.ILLEGAL)
    aggregates = {
        "total": Count("pk"),
        "verified": Count("pk", filter=~Q(status=PatchStatus.PENDING)),
        "confirmed": Count("pk", filter=Q(status__in=[PatchStatus.CONFIRMED, PatchStatus.CLOSED])),
        "legal": Count("pk", filter=Q(judgement=Judgement.LEGAL)),
        "illegal": Count("pk", filter=illegal),
        "other": Count("pk", filter=Q(judgement=Judgement.OTHER)),
        "illegal_area_m2": Coalesce(Sum("area_m2", filter=illegal), ZERO),
        "illegal_farmland_m2": Coalesce(Sum("farmland_area_m2", filter=illegal), ZERO),
        "illegal_basic_farmland_m2": Coalesce(Sum("basic_farmland_area_m2", filter=illegal), ZERO),
        "farmland_m2": Coalesce(Sum("farmland_area_m2"), ZERO),
        "with_case": Count("pk", filter=Q(case__isnull=False)),
        "closed": Count("pk", filter=Q(status=PatchStatus.CLOSED)),
        "area_m2": Coalesce(Sum("area_m2"), ZERO),
    }
    if by is None:
        rows = [patches.order_by().aggregate(**aggregates)]
    else:
        fields, order = GROUPS[by]
        rows = list(patches.order_by().values(*fields).annotate(**aggregates).order_by(*order))
    for row in rows:
        # 违法占用耕地面积比例: of the farmland newly built on (the patches are changes to construction),
        # the share occupied illegally.
        row["illegal_farmland_share"] = (row["illegal_farmland_m2"] / row["farmland_m2"]
                                         if row["farmland_m2"] else None)
    return rows

"""Reads of public reports: who sees which, the neighbours of a place, the reports left untouched."""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from deadlines import clock
from landwatch.roles import Role, roles_of
from territory.selectors import unit_scope_q

from .models import PublicReport, ReportStatus

# A report closer than this to an open case, an open finding or another open report is
# probably the same site: the office is warned before it accepts a second lead (issue 23).
DUPLICATE_RADIUS_M = 100
# An open report nobody acted on for this many working days escalates (issue 23; a design rule,
# not a statutory period, so it is not in deadlines/periods.py).
UNTOUCHED_WORKING_DAYS = 3
_EARTH_RADIUS_M = 6_371_000


def may_read_reports(user) -> bool:
    """The office, the leading group and the county read reports (where their scope reaches)."""
    return user.is_authenticated and (user.is_superuser or bool(roles_of(user) & {Role.OFFICE, Role.LEADER,
                                                                                   Role.COUNTY}))


def reports_visible_to(user) -> QuerySet[PublicReport]:
    """The reports of the townships where ``user`` is the office, the leading group or the county."""
    if not may_read_reports(user):
        return PublicReport.objects.none()
    return PublicReport.objects.filter(unit_scope_q(user, "township"))


def distance_m(lat1, lng1, lat2, lng2) -> float:
    """The great-circle distance in metres between two WGS-84 points (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _box(lat: Decimal, lng: Decimal, radius_m: float, prefix: str = "") -> Q:
    """A latitude/longitude box around the point that holds the circle (the index's part of the search)."""
    dlat = radius_m / 111_320
    dlng = radius_m / (111_320 * max(math.cos(math.radians(float(lat))), 0.01))
    return Q(**{f"{prefix}latitude__range": (float(lat) - dlat, float(lat) + dlat),
                f"{prefix}longitude__range": (float(lng) - dlng, float(lng) + dlng)})


@dataclass(frozen=True)
class Neighbour:
    kind: str  # "case", "finding" or "report"
    obj: object
    distance_m: float


def neighbours(report: PublicReport, *, radius_m: float = DUPLICATE_RADIUS_M) -> list[Neighbour]:
    """Open cases, open findings and other open reports of the township within ``radius_m`` of the pin.

    Nothing without a pin: a place typed as text cannot be measured. Three queries.
    """
    from cases.models import ViolationCase
    from patrols.models import PatrolFinding

    if report.latitude is None or report.longitude is None:
        return []
    lat, lng = report.latitude, report.longitude
    found: list[Neighbour] = []
    candidates = (
        ("case", ViolationCase.objects.open().filter(village__township_id=report.township_id)),
        ("finding", PatrolFinding.objects.reported().filter(village__township_id=report.township_id)),
        ("report", PublicReport.objects.open().filter(township_id=report.township_id).exclude(pk=report.pk)),
    )
    for kind, queryset in candidates:
        for obj in queryset.filter(_box(lat, lng, radius_m)).order_by("pk")[:20]:
            metres = distance_m(lat, lng, obj.latitude, obj.longitude)
            if metres <= radius_m:
                found.append(Neighbour(kind, obj, metres))
    return sorted(found, key=lambda n: n.distance_m)


def untouched_since(as_of: datetime.date) -> datetime.date:
    """The last day whose report, left alone, counts as untouched on ``as_of``.

    A report received (or last handled) on day D is untouched once ``UNTOUCHED_WORKING_DAYS``
    working days after D have come (``clock.add_working_days``); the latest such D.
    """
    day = as_of
    while clock.add_working_days(day, UNTOUCHED_WORKING_DAYS) > as_of:
        day -= datetime.timedelta(days=1)
    return day


def leads_untouched(as_of: datetime.date) -> QuerySet[PublicReport]:
    """Open reports with no action for ``UNTOUCHED_WORKING_DAYS`` working days on ``as_of`` (for reminders).

    A report received (or last handled) on day D is untouched from the third working day after D:
    received on a Friday before a holiday Monday, it escalates on Thursday. Counted on the
    working-day clock (``deadlines.clock``) and the holiday table.
    """
    last_day = untouched_since(as_of)
    tz = timezone.get_current_timezone()
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return (PublicReport.objects.open()
            .filter(Q(last_action_at__lt=end) | Q(last_action_at__isnull=True, submitted_at__lt=end))
            .select_related("township", "village"))


def get_report_for_user(user, pk, *, write: bool = False) -> PublicReport:
    """The report, 404 when ``user`` may not see it, ``PermissionDenied`` when they may read but not handle it."""
    from django.core.exceptions import PermissionDenied

    from landwatch.filtering import get_row_or_404

    report = get_row_or_404(reports_visible_to(user).select_related("township", "village", "merged_into"), pk)
    if write and not user.has_perm("reports.handle_report", report.township):
        raise PermissionDenied
    return report


def village_at(township, latitude, longitude, *, within_m: float = 3000):
    """The village of ``township`` whose registered point is nearest the pin, if one is within ``within_m``.

    Villages are kept as points (``ResponsibilityUnit.latitude/longitude``), not outlines: the
    nearest one close enough is the best guess, and the office corrects it when it accepts.
    """
    from territory.models import ResponsibilityUnit

    if latitude is None or longitude is None:
        return None
    best = None
    villages = ResponsibilityUnit.objects.villages().active().filter(
        township=township, latitude__isnull=False, longitude__isnull=False)
    for village in villages:
        metres = distance_m(latitude, longitude, village.latitude, village.longitude)
        if metres <= within_m and (best is None or metres < best[0]):
            best = (metres, village)
    return best[1] if best else None


def public_progress(report: PublicReport) -> str:
    """What the reporter may know of the report's progress: a stage, never a name.

    A merged report shows the progress of the report it was merged into; an accepted one the
    stage of its finding and of the case registered from it (registered, closed), read on the
    finding and the case without their parties or officers.
    """
    from django.utils.translation import gettext as _

    seen = set()
    while report.status == ReportStatus.MERGED and report.merged_into_id and report.pk not in seen:
        seen.add(report.pk)
        report = report.merged_into
    if report.status == ReportStatus.NEW:
        return _("Received; the township office will look into it.")
    if report.status == ReportStatus.DISMISSED:
        return _("Looked into; no case was opened.")
    finding = report.finding
    case = getattr(finding, "case", None) if finding is not None else None
    if case is None:
        if finding is not None and finding.status == "dismissed":
            return _("Verified on site; no case was opened.")
        return _("Accepted; being verified on site.")
    if case.status in ("closed",):
        return _("A case was opened and has been closed.")
    if case.status == "withdrawn":
        return _("Verified; no case was opened.")
    return _("A case was opened and is being handled.")

"""Writes of satellite patches: loading a batch, field verification, confirmation, closing out.

Every writer takes the acting user as ``by`` (keyword-only), checks their right inside its
transaction with the ``patches.*`` rule the views ask, locks the patch, checks its status and
records a ``PatchEvent`` in the same transaction. A case is registered from a patch by
``cases.services.register_case_from_patch``, which calls ``mark_patch_in_case`` here.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from landwatch.uploads import IMAGES, check_upload, discard_files_on_error, sha256_of
from territory import geo
from territory.models import LayerKind, ResponsibilityUnit
from territory.selectors import village_index, zone_index

from .models import Judgement, Patch, PatchBatch, PatchEvent, PatchPhoto, PatchStatus
from .photos import photo_position


class PatchError(Exception):
    """A step refused for a reason the user can act on (the message says it)."""


# The columns of the ministry's patch lists (图斑编号 TBBH/JCBH, 行政区代码 XZQDM, 面积 MJ/JCMJ in m²,
# 地类 DLMC), and plain words.
NUMBER_COLUMNS = ("TBBH", "JCBH", "TBYBH", "BH", "图斑编号", "编号")
REGION_COLUMNS = ("XZQDM", "行政区代码", "XZQHDM")
AREA_COLUMNS = ("MJ", "JCMJ", "TBMJ", "面积")
LAND_TYPE_COLUMNS = ("DLMC", "地类", "DLBM", "TDYT")
# A patch outside every village boundary but this close to one goes to that village's township inbox.
INBOX_DISTANCE_M = 2000
CENT = Decimal("0.01")


def _metres(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _first(properties: dict, columns) -> str:
    for column in columns:
        value = properties.get(column)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _check(user, perm: str, obj) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this here."))


def load_batch(*, unit: ResponsibilityUnit, name: str, issued_on: datetime.date, verify_by: datetime.date,
               close_by: datetime.date, upload, by) -> PatchBatch:
    """Load a batch of patches for a county or a township, all or nothing.

    Each patch is assigned to the village whose boundary holds most of it, or, outside every
    boundary, to the township whose code starts its administrative code or whose villages lie
    within 2 km (its office's inbox). Its area is measured, and so are its parts inside the
    永久基本农田 and 耕地 layers in force. Raises ``geo.GeoImportError`` naming every bad row.
    """
    _check(by, "territory.load_layer", unit)
    features = geo.read_features(upload)
    villages = village_index([unit])
    townships = {t.code: t for t in ResponsibilityUnit.objects.under(unit).townships()}
    if unit.kind == "township":
        townships[unit.code] = unit
    bounds = _total_bounds(features)
    basic = zone_index(LayerKind.BASIC_FARMLAND, near=bounds)
    farmland = zone_index(LayerKind.FARMLAND, near=bounds)
    patches, errors, numbers = [], [], {}
    for feature in features:
        props = feature.properties
        number = _first(props, NUMBER_COLUMNS)
        problem = ""
        if not number:
            problem = _("it has no patch number (a TBBH or 图斑编号 column).")
        elif number in numbers:
            problem = _("patch %(number)s is also in row %(row)d.") % {"number": number, "row": numbers[number]}
        village = villages.holder(feature.geometry) if not problem else None
        region = _first(props, REGION_COLUMNS)
        township = village.township if village else _township_for(feature.geometry, region, unit, townships, villages)
        if not problem and township is None:
            problem = _("it lies outside every village of %(unit)s.") % {"unit": unit.name}
        reported = _reported_area(props)
        if not problem and reported == "bad":
            problem = _("its area is not a number.")
        if problem:
            errors.append(_("Row %(row)d: %(problem)s") % {"row": feature.row, "problem": problem})
            continue
        numbers[number] = feature.row
        patches.append(_patch(feature, number=number, region=region, reported=reported, village=village,
                              township=township, basic=basic, farmland=farmland))
    if errors:
        raise geo.GeoImportError(geo.rows_refused(len(errors)), errors)
    with transaction.atomic():
        batch = PatchBatch(unit=unit, name=name, issued_on=issued_on, verify_by=verify_by, close_by=close_by,
                           source_name=(getattr(upload, "name", "") or "")[:200], patch_count=len(patches),
                           loaded_by=by)
        batch.full_clean()
        batch.save()
        for patch in patches:
            patch.batch = batch
        Patch.objects.bulk_create(patches, batch_size=500)
        now = timezone.now()
        PatchEvent.objects.bulk_create(
            [PatchEvent(patch=p, kind=PatchEvent.Kind.LOADED, by=by, at=now) for p in patches], batch_size=1000)
    return batch


def _total_bounds(features) -> tuple[float, float, float, float]:
    boxes = [f.geometry.bounds for f in features]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _township_for(geom, region: str, unit, townships: dict, villages: geo.Index):
    """The township of a patch in no village: by its administrative code, else the nearest village's within
    2 km; a township's batch before any boundary is loaded is the township's. None: it lies far off."""
    for code, township in townships.items():
        if region and code and region.startswith(code):
            return township
    if not len(villages):  # no boundaries loaded yet: a township's batch is all its own
        return unit if unit.kind == "township" else None
    nearest = villages.nearest(geom)
    boundary = villages.shapes[villages.keys.index(nearest)]
    point = geom.representative_point()
    if geo.distance_m(point.x, point.y, boundary) <= INBOX_DISTANCE_M:
        return nearest.township
    return None


def _reported_area(props: dict):
    text = _first(props, AREA_COLUMNS)
    if not text:
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        return "bad"
    return value.quantize(CENT) if value.is_finite() and value >= 0 else "bad"


def _patch(feature, *, number, region, reported, village, township, basic, farmland) -> Patch:
    geom = feature.geometry
    area = geo.area_m2(geom)
    basic_m2 = basic.area_inside_m2(geom) if len(basic) else 0.0
    # 永久基本农田 is 耕地 (土地管理法 第三十三条): the farmland part holds the basic farmland part.
    farmland_m2 = max(farmland.area_inside_m2(geom) if len(farmland) else 0.0, basic_m2)
    point = geom.representative_point()
    patch = Patch(number=number[:50], region_code=region[:20], land_type=_first(feature.properties,
                                                                                  LAND_TYPE_COLUMNS)[:50],
                  reported_area_m2=reported, area_m2=_metres(area), farmland_area_m2=_metres(min(farmland_m2, area)),
                  basic_farmland_area_m2=_metres(min(basic_m2, area)), township=township, village=village,
                  latitude=Decimal(f"{point.y:.6f}"), longitude=Decimal(f"{point.x:.6f}"),
                  properties=feature.properties)
    patch.set_shape(geom)
    return patch


def _received(locked: Patch, *, by, client_key: str, kind: str) -> PatchEvent | None:
    """The event of ``kind`` a step sent before under this form key by this user recorded (checked
    under the patch's lock, so a twin sent at the same moment waited for the first); None if it is
    new. A key its user spent on another patch or another step refuses this one."""
    if not client_key:
        return None
    event = PatchEvent.objects.filter(by=by, client_key=client_key).select_related("photo").first()
    if event is not None and (event.patch_id != locked.pk or event.kind != kind):
        raise PatchError(_("This form's key is already used: open the patch's page again."))
    return event


@contextmanager
def _changing(patch: Patch, *, by, perm: str, expected_version: int | None, statuses, client_key: str = "",
              kind: str = ""):
    """The patch locked in a transaction, once the right, the version and the status are checked.

    With ``client_key``, a step of ``kind`` received before under that key yields the patch marked
    ``replayed``, unchecked: the caller returns it and writes nothing."""
    with transaction.atomic():
        locked = Patch.objects.select_for_update(of=("self",)).select_related("township", "village", "case").get(
            pk=patch.pk)
        _check(by, perm, locked)
        locked.replayed = _received(locked, by=by, client_key=client_key, kind=kind) is not None
        if locked.replayed:
            yield locked
            return
        if expected_version is not None and locked.version != expected_version:
            raise PatchError(_("Someone else changed this patch meanwhile; look at it again."))
        if locked.status not in statuses:
            raise PatchError(_("This patch is %(status)s; this step is not open.") % {
                "status": locked.get_status_display()})
        yield locked


def _save(patch: Patch, fields: list[str], *, by, kind: str, note: str = "", client_key: str = "") -> Patch:
    patch.version = F("version") + 1
    patch.save(update_fields=[*fields, "version"])
    patch.refresh_from_db(fields=["version"])
    PatchEvent.objects.create(patch=patch, kind=kind, by=by, note=note, client_key=client_key)
    return patch


def add_photo(patch: Patch, upload, *, by, latitude=None, longitude=None, heading=None,
              taken_at: datetime.datetime | None = None, client_key: str = "") -> PatchPhoto:
    """A field photo of a patch, where and when it was taken: from the photo's own EXIF GPS when it
    has one, else from the phone's position sent with it (or, for a photo filed without a signal,
    the moment the phone says it was taken); flagged when more than 50 m outside.

    ``client_key``: the key of the form it came from. The same photo sent again by the same user (the
    phone's queue after a lost answer, two sends at once) is the photo already kept, marked
    ``replayed``, and nothing is written."""
    _check(by, "patches.verify_patch", patch)
    kind = check_upload(upload, allowed=IMAGES)
    position = photo_position(upload)
    if position.latitude is not None:
        latitude, longitude, source = position.latitude, position.longitude, "exif"
    else:
        source = "device" if latitude is not None and longitude is not None else ""
    heading = position.heading if position.heading is not None else heading
    taken_at = position.taken_at or taken_at
    distance = None
    if latitude is not None and longitude is not None:
        distance = round(geo.distance_m(float(longitude), float(latitude), patch.shape), 1)
    photo = PatchPhoto(patch=patch, kind=kind, sha256=sha256_of(upload), original_name=(upload.name or "")[:200],
                       latitude=_six(latitude), longitude=_six(longitude), heading=heading, position_source=source,
                       taken_at=taken_at, distance_m=distance, uploaded_by=by)
    with discard_files_on_error() as stored, transaction.atomic():
        locked = Patch.objects.select_for_update().get(pk=patch.pk)
        if (event := _received(locked, by=by, client_key=client_key, kind=PatchEvent.Kind.PHOTO)) is not None:
            event.photo.replayed = True
            return event.photo
        if locked.status != PatchStatus.PENDING:
            raise PatchError(_("This patch is %(status)s; photos are added while it is being verified.") % {
                "status": locked.get_status_display()})
        photo.file.save(upload.name or "photo", upload, save=False)
        stored(photo.file)
        photo.save()
        PatchEvent.objects.create(patch=locked, kind=PatchEvent.Kind.PHOTO, by=by, photo=photo, client_key=client_key,
                                  note=_("%(distance).0f m outside the patch") % {"distance": distance}
                                  if photo.outside else "")
    return photo


def _six(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def judge(patch: Patch, *, by, judgement: str, basis: str, approval_number: str = "",
          expected_version: int | None = None, client_key: str = "",
          judged_at: datetime.datetime | None = None) -> Patch:
    """Record the field judgement (合法 / 违法 / 其他) with its basis; it waits for the office's confirmation.

    A field judgement needs at least one photo of the patch (外业举证); 合法 needs the approval's number.
    ``client_key`` as for ``add_photo``: a judgement sent again is the one recorded (``replayed``). One
    filed without a signal keeps the version its page showed: a patch changed meanwhile (judged by
    someone else, sent back) refuses it, for the user to look again. ``judged_at``: when it was judged
    in the field, for one filed on the phone (``landwatch.queue.filed_at``), not before the patch last
    changed; its event keeps when it was recorded.
    """
    with _changing(patch, by=by, perm="patches.verify_patch", expected_version=expected_version,
                   statuses=[PatchStatus.PENDING], client_key=client_key, kind=PatchEvent.Kind.JUDGED) as locked:
        if locked.replayed:
            return locked
        if judgement not in Judgement.values:
            raise ValidationError(_("Choose 合法, 违法 or 其他."))
        if not basis.strip():
            raise PatchError(_("Give the basis of the judgement."))
        if judgement == Judgement.LEGAL and not approval_number.strip():
            raise PatchError(_("A legal patch needs the number of its approval (用地批准文号)."))
        if not locked.photos.exists():
            raise PatchError(_("Add at least one field photo before judging the patch."))
        locked.status, locked.judgement = PatchStatus.JUDGED, judgement
        locked.basis, locked.approval_number = basis.strip(), approval_number.strip()
        # Not before the patch last changed (loaded, sent back): the judged page was seen after it.
        if judged_at is not None:
            changed = locked.events.exclude(kind=PatchEvent.Kind.PHOTO).order_by("-at").values_list("at", flat=True)
            if (last := changed.first()) is None or judged_at < last:
                judged_at = None
        locked.judged_by, locked.judged_at = by, judged_at or timezone.now()
        return _save(locked, ["status", "judgement", "basis", "approval_number", "judged_by", "judged_at"], by=by,
                     kind=PatchEvent.Kind.JUDGED, note=f"{locked.get_judgement_display()}：{locked.basis}",
                     client_key=client_key)


def confirm(patch: Patch, *, by, expected_version: int | None = None) -> Patch:
    """The office confirms the field judgement. A legal or other patch is then done; an illegal one
    waits for its case."""
    with _changing(patch, by=by, perm="patches.handle_patch", expected_version=expected_version,
                   statuses=[PatchStatus.JUDGED]) as locked:
        locked.status, locked.confirmed_by, locked.confirmed_at = PatchStatus.CONFIRMED, by, timezone.now()
        return _save(locked, ["status", "confirmed_by", "confirmed_at"], by=by, kind=PatchEvent.Kind.CONFIRMED)


def return_for_verification(patch: Patch, *, by, reason: str, expected_version: int | None = None) -> Patch:
    """The office sends a judgement back to the field with its reason; the photos stay."""
    if not reason.strip():
        raise PatchError(_("Say why the judgement goes back."))
    with _changing(patch, by=by, perm="patches.handle_patch", expected_version=expected_version,
                   statuses=[PatchStatus.JUDGED]) as locked:
        locked.status, locked.judgement, locked.judged_by, locked.judged_at = PatchStatus.PENDING, "", None, None
        return _save(locked, ["status", "judgement", "judged_by", "judged_at"], by=by,
                     kind=PatchEvent.Kind.RETURNED, note=reason.strip())


def assign_village(patch: Patch, *, village: ResponsibilityUnit, by, expected_version: int | None = None) -> Patch:
    """The township office puts a patch from its inbox (in no village's boundary) in one of its villages."""
    with _changing(patch, by=by, perm="patches.handle_patch", expected_version=expected_version,
                   statuses=[PatchStatus.PENDING, PatchStatus.JUDGED, PatchStatus.CONFIRMED]) as locked:
        if village.kind != "village" or village.township_id != locked.township_id:
            raise PatchError(_("Choose a village of the patch's township."))
        locked.village = village
        return _save(locked, ["village"], by=by, kind=PatchEvent.Kind.ASSIGNED, note=village.name)


def mark_patch_in_case(patch: Patch, case, *, by, joined: bool) -> Patch:
    """Record the case a confirmed illegal patch became or joined (called by ``cases.services``)."""
    with _changing(patch, by=by, perm="patches.handle_patch", expected_version=None,
                   statuses=[PatchStatus.CONFIRMED]) as locked:
        if locked.judgement != Judgement.ILLEGAL:
            raise PatchError(_("Only a patch confirmed illegal becomes a case."))
        if locked.case_id:
            raise PatchError(_("This patch is already in case %(number)s.") % {"number": locked.case.number})
        locked.case = case
        kind = PatchEvent.Kind.JOINED if joined else PatchEvent.Kind.REGISTERED
        return _save(locked, ["case"], by=by, kind=kind, note=case.number)


def close_out(patch: Patch, *, by, note: str = "", expected_version: int | None = None) -> Patch:
    """销号: an illegal patch whose case is closed (rectified, penalised and carried out) is closed out."""
    with _changing(patch, by=by, perm="patches.handle_patch", expected_version=expected_version,
                   statuses=[PatchStatus.CONFIRMED]) as locked:
        if locked.judgement != Judgement.ILLEGAL or locked.case_id is None:
            raise PatchError(_("Only an illegal patch with its case is closed out."))
        if locked.case.status != "closed":
            raise PatchError(_("Case %(number)s is not closed yet; the patch is closed out with it.") % {
                "number": locked.case.number})
        locked.status, locked.closed_at = PatchStatus.CLOSED, timezone.now()
        return _save(locked, ["status", "closed_at"], by=by, kind=PatchEvent.Kind.CLOSED, note=note.strip())

"""Writes of the territory: who sits in which unit.

Every writer takes the acting user as ``by`` (keyword-only) and checks their right itself, inside
its transaction, with the ``territory.*`` rule the views ask; a refusal raises
``PermissionDenied`` and writes nothing.
"""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import geo
from .models import Layer, LayerKind, ResponsibilityUnit, UnitMembership, Zone


@transaction.atomic
def add_member(*, user, unit: ResponsibilityUnit, role: str, post: str = "", by) -> UnitMembership:
    """Put ``user`` in ``unit`` with ``role`` and into the role's auth group.

    Idempotent: an existing membership is reactivated and its post updated. Only whoever
    manages the unit (its township's office, the administrator) may.
    """
    if by is None or not by.has_perm("territory.manage_unit", unit):
        raise PermissionDenied(_("You may not do this here."))
    membership, _created = UnitMembership.objects.get_or_create(user=user, unit=unit, role=role)
    membership.post = post
    membership.active = True
    membership.full_clean()
    membership.save()
    _grant(membership)
    return membership


def grant_role_group(membership: UnitMembership, *, by) -> None:
    """Put the member of a membership written elsewhere (the admin's forms) into the auth group of
    its role, which the permissions read (roles are groups): without it, a member entered in the
    admin would hold the role and none of its rights."""
    if by is None or not by.has_perm("territory.manage_unit", membership.unit):
        raise PermissionDenied(_("You may not do this here."))
    _grant(membership)


def _grant(membership: UnitMembership) -> None:
    membership.user.groups.add(Group.objects.get_or_create(name=membership.role)[0])


# ---- map layers (territory/geo.py) --------------------------------------------------------------

# Column names a village boundary file may use for the village's code and name (国土调查's XZQDM/
# ZLDWDM and XZQMC/ZLDWMC, or plain words).
VILLAGE_CODE_COLUMNS = ("XZQDM", "ZLDWDM", "CODE", "村代码", "代码")
VILLAGE_NAME_COLUMNS = ("XZQMC", "ZLDWMC", "NAME", "村名", "名称")
LABEL_COLUMNS = ("NAME", "MC", "名称", "DLMC", "TBBH", "BSM")


def _may_load_layers(user, unit: ResponsibilityUnit) -> bool:
    """The administrator anywhere; the county bureau for its county; a township office for its township."""
    return bool(user is not None and user.has_perm("territory.load_layer", unit))


def load_layer(*, unit: ResponsibilityUnit, kind: str, name: str, upload, by) -> Layer:
    """Load a GIS file as the ``kind`` layer of ``unit``; the layer it replaces stays, marked replaced.

    All or nothing: a file with one bad row (no shape, not a polygon, outside China, a village
    boundary naming no village of the unit) raises ``geo.GeoImportError`` listing every bad row.
    """
    if not _may_load_layers(by, unit):
        raise PermissionDenied(_("You may not do this here."))
    features = geo.read_features(upload)
    villages = {}
    if kind == LayerKind.VILLAGE_BOUNDARY:
        villages = _villages_of_features(unit, features)
    zones = []
    for feature in features:
        zone = Zone(village=villages.get(feature.row), label=_label(feature.properties),
                    area_m2=Decimal(str(round(geo.area_m2(feature.geometry), 2))),
                    properties=feature.properties)
        zone.set_shape(feature.geometry)
        zones.append(zone)
    now = timezone.now()
    with transaction.atomic():
        for old in _layers_in_force_locked(unit, kind):
            old.replaced_at = now
            old.save(update_fields=["replaced_at"])
        layer = Layer.objects.create(
            unit=unit, kind=kind, name=name, source_name=getattr(upload, "name", "")[:200],
            zone_count=len(zones), area_m2=sum((z.area_m2 for z in zones), Decimal(0)), loaded_by=by, loaded_at=now,
        )
        for zone in zones:
            zone.layer = layer
        Zone.objects.bulk_create(zones, batch_size=500)
        _place_villages(zones)
    return layer


def _layers_in_force_locked(unit: ResponsibilityUnit, kind: str) -> list[Layer]:
    """The unit's layer of ``kind`` in force, read after taking the unit's row: one load of a
    layer at a time per unit, whether or not one is in force yet.

    Locking the layer in force alone let two first loads of a kind both pass (nothing to lock)
    and the second broke the one-in-force constraint (a 500 in the soak); a second load that
    waited on the layer found it replaced and none in force, the same. The unit's row is taken
    FOR NO KEY UPDATE, as a report's submission takes its township's
    (``reports.services.one_submission_at_a_time``): every write that references the unit (a
    document, a case's record) checks that row with FOR KEY SHARE at commit, which a plain
    FOR UPDATE blocked: the soak found a layer's load and a document being served deadlocked on
    it (docs/RELIABILITY.md).
    """
    ResponsibilityUnit.objects.select_for_update(no_key=True).filter(pk=unit.pk).first()
    return list(Layer.objects.filter(unit=unit, kind=kind).in_force())


def _place_villages(zones) -> None:
    """A village with no position takes a point inside its boundary (the map's label, the patrol form's default)."""
    for zone in zones:
        village = zone.village
        if village is None or village.latitude is not None:
            continue
        point = zone.shape.representative_point()
        village.latitude, village.longitude = Decimal(f"{point.y:.6f}"), Decimal(f"{point.x:.6f}")
        village.save(update_fields=["latitude", "longitude"])


def _label(properties: dict) -> str:
    for column in LABEL_COLUMNS:
        value = properties.get(column)
        if value not in (None, ""):
            return str(value)[:100]
    return ""


def _villages_of_features(unit: ResponsibilityUnit, features) -> dict[int, ResponsibilityUnit]:
    """Each boundary's village under ``unit``, by code then by name; every row names one, once."""
    villages = list(ResponsibilityUnit.objects.under(unit).villages())
    by_code = {v.code: v for v in villages}
    by_name = {}
    for v in villages:
        by_name.setdefault(v.name, []).append(v)
    found, errors, seen = {}, [], {}
    for feature in features:
        props = feature.properties
        village = None
        for column in VILLAGE_CODE_COLUMNS:
            if props.get(column) not in (None, "") and str(props[column]) in by_code:
                village = by_code[str(props[column])]
                break
        if village is None:
            for column in VILLAGE_NAME_COLUMNS:
                named = by_name.get(str(props.get(column) or "").strip(), [])
                if len(named) == 1:
                    village = named[0]
                    break
        if village is None:
            errors.append(_("Row %(row)d: it names no village of %(unit)s (a code or name column is needed).")
                          % {"row": feature.row, "unit": unit.name})
        elif village.pk in seen:
            errors.append(_("Row %(row)d: %(village)s already has its boundary in row %(first)d.")
                          % {"row": feature.row, "village": village.name, "first": seen[village.pk]})
        else:
            found[feature.row] = village
            seen[village.pk] = feature.row
    if errors:
        raise geo.GeoImportError(geo.rows_refused(len(errors)),
                                 errors)
    return found
